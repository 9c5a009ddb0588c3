/* The kernel's /dev/null and /dev/zero are the host's devices (kernel/fs.c),
 * outside the guest's root: a guest may read and write them but never
 * change their inodes. Each line is what Linux answers its unprivileged
 * user (uid 1000) for root's mode-0666 devices; tests/e2e/t_kdev.sh
 * checks the lines and that the host's devices kept their mode and ctime.
 * fchmod asks for 0666, the devices' usual mode, so that even a broken
 * build leaves the host's devices usable. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *what, int r)
{
	printf("%s: %d %s\n", what, r, r < 0 ? (errno == EPERM ? "EPERM" : "other") : "ok");
}

static void probe(const char *dev)
{
	printf("%s\n", dev);
	/* fopen's "w" is O_CREAT|O_TRUNC with mode 0666: in a root without
	 * /dev nothing is created, and the device keeps its mode. */
	FILE *f = fopen(dev, "w");
	show("  fopen w", f ? 0 : -1);
	if (f)
		fclose(f);
	int fd = open(dev, O_RDWR | O_CREAT, 0600);
	show("  open O_CREAT 0600", fd < 0 ? -1 : 0);
	show("  fchmod 0666", fchmod(fd, 0666));
	show("  futimens now", futimens(fd, NULL));
	struct timespec omit[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
	show("  futimens omit, now", futimens(fd, omit));
	struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
	show("  futimens 2001", futimens(fd, old));
	show("  flock exclusive", flock(fd, LOCK_EX | LOCK_NB));
	show("  flock unlock", flock(fd, LOCK_UN));
	char link[32];
	snprintf(link, sizeof(link), "/dev/fd/%d", fd);
	int again = open(link, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	show("  reopen by /dev/fd", again < 0 ? -1 : 0);
	show("  fchmod of the reopened", fchmod(again, 0666));
	show("  futimens 2001 of the reopened", futimens(again, old));
	struct stat st;
	if (fstat(fd, &st) == 0)
		printf("  a character device: %d\n", S_ISCHR(st.st_mode));
	close(again);
	close(fd);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	probe("/dev/null");
	probe("/dev/zero");
	return 0;
}
