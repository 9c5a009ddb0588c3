/* chown and its kin: to one's own ids (or -1) succeeds, another owner is
 * what the user may do (root: yes; anyone else: EPERM), a missing file is
 * ENOENT, a bad descriptor EBADF, a bad path pointer EFAULT, whoever runs
 * it; printed so native and ia32emu runs compare. */
#include "common.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	uid_t u = getuid();
	gid_t g = getgid();
	int fd = open("f", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	symlink("f", "l");
	T(chown("f", u, g));
	T(chown("f", (uid_t)-1, (gid_t)-1));
	T(lchown("l", u, (gid_t)-1));
	T(fchown(fd, (uid_t)-1, g));
	T(fchownat(AT_FDCWD, "l", u, g, AT_SYMLINK_NOFOLLOW));
	T(chown("nonexistent", u, g));
	T(chown("f/x", u, g));
	T(fchown(99, u, g));
	T(fchownat(AT_FDCWD, "f", u, g, 0x4000000));
	T(syscall(SYS_chown32, (void *)0xc0000000, u, g));
	int r = chown("f", u + 1, (gid_t)-1);
	printf("another owner as the user may: %d\n", u == 0 ? r == 0 : r == -1 && errno == EPERM);
	close(fd);
	return 0;
}
