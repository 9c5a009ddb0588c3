/* Descriptor calls: fcntl (F_GETFD/F_SETFD, FD_CLOEXEC across execve,
 * F_GETFL/F_SETFL with O_APPEND and O_NONBLOCK, F_DUPFD, F_DUPFD_CLOEXEC),
 * getdents64 and getdents (a small buffer, rewinding), poll and select on
 * pipes and files (ready, timeout, hang-up, a writer in another process),
 * nanosleep and clock_nanosleep on the clock; EBADF, EINVAL, ENOTDIR,
 * EFAULT. */
#define _GNU_SOURCE
#include "common.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in d, through the raw getdents64 (or getdents) with a buffer
 * of `size` bytes, sorted. */
static void list_raw(int fd, long nr, size_t size)
{
	char *names[64];
	int n = 0;
	char buf[512];
	for (;;) {
		long got = syscall(nr, fd, buf, size);
		if (got <= 0) {
			if (got < 0)
				printf("getdents: errno %d\n", errno);
			break;
		}
		for (long off = 0; off < got;) {
			unsigned short rl;
			const char *name;
			if (nr == SYS_getdents64) {
				memcpy(&rl, buf + off + 16, 2);
				name = buf + off + 19;
			} else {
				memcpy(&rl, buf + off + 8, 2);
				name = buf + off + 10;
			}
			if (n < 64)
				names[n++] = strdup(name);
			off += rl;
		}
	}
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	printf("%s(%zu):", nr == SYS_getdents64 ? "getdents64" : "getdents", size);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static void readdir_all(DIR *d)
{
	char *names[64];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < 64)
		names[n++] = strdup(e->d_name);
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	printf("readdir:");
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static void dirs(void)
{
	T(mkdir("dd", 0755));
	const char *files[] = {"dd/alpha", "dd/beta", "dd/a-rather-long-name-for-one-record", "dd/c"};
	for (unsigned i = 0; i < 4; i++)
		close(open(files[i], O_CREAT | O_WRONLY, 0644));
	T(mkdir("dd/sub", 0755));
	DIR *d = opendir("dd");
	readdir_all(d);
	rewinddir(d);
	readdir_all(d);
	closedir(d);
	int fd = T(open("dd", O_RDONLY | O_DIRECTORY));
	list_raw(fd, SYS_getdents64, 512);
	T(lseek(fd, 0, SEEK_SET));
	list_raw(fd, SYS_getdents64, 64);
	T(lseek(fd, 0, SEEK_SET));
	list_raw(fd, SYS_getdents, 48);
	T(lseek(fd, 0, SEEK_SET));
	char buf[64];
	T(syscall(SYS_getdents64, fd, buf, 8));
	T(syscall(SYS_getdents64, fd, (void *)1, 64));
	T(close(fd));
	fd = T(open("dd/c", O_RDONLY));
	T(syscall(SYS_getdents64, fd, buf, sizeof(buf)));
	T(close(fd));
	T(syscall(SYS_getdents64, 99, buf, sizeof(buf)));
	for (unsigned i = 0; i < 4; i++)
		unlink(files[i]);
	rmdir("dd/sub");
	T(rmdir("dd"));
}

static void fcntls(char *self)
{
	int fd = T(open("x", O_CREAT | O_RDWR | O_TRUNC | O_CLOEXEC, 0644));
	T(fcntl(fd, F_GETFD));
	T(fcntl(fd, F_SETFD, 0));
	T(fcntl(fd, F_GETFD));
	T(fcntl(fd, F_GETFL) & O_ACCMODE);
	T(fcntl(fd, F_GETFL) & O_APPEND);
	T(write(fd, "abc", 3));
	T(lseek(fd, 0, SEEK_SET));
	T(fcntl(fd, F_SETFL, O_APPEND));
	T(fcntl(fd, F_GETFL) & O_APPEND);
	T(write(fd, "d", 1));
	T(lseek(fd, 0, SEEK_CUR));
	T(fcntl(fd, F_DUPFD, 10));
	T(fcntl(fd, F_GETFD));
	int c = T(fcntl(fd, F_DUPFD_CLOEXEC, 0));
	T(fcntl(c, F_GETFD));
	T(dup2(c, 12));
	T(fcntl(12, F_GETFD));
	T(dup3(c, 13, O_CLOEXEC));
	T(fcntl(13, F_GETFD));
	T(fcntl(99, F_GETFD));
	T(fcntl(fd, 9999));
	int w = T(open("x", O_RDONLY));
	T(fcntl(w, F_GETFL) & O_ACCMODE);
	close(w);
	/* FD_CLOEXEC across execve: 13 closes, 12 stays */
	pid_t pid = fork();
	if (pid == 0) {
		char *args[] = {self, "cloexec", NULL};
		execve(self, args, (char *[]){NULL});
		_exit(99);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("exec child: %d\n", WEXITSTATUS(st));
	for (int i = 3; i < 14; i++)
		close(i);
	unlink("x");
	int p[2];
	T(pipe2(p, O_NONBLOCK | O_CLOEXEC));
	T(fcntl(p[0], F_GETFD));
	T((fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
	T(read(p[0], &st, 1));
	T(fcntl(p[0], F_SETFL, 0));
	T((fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
	close(p[0]);
	close(p[1]);
	/* A count of 0 on a pipe: 0 at once, even empty with a writer (no
	 * sleep), and a null write without a reader has no SIGPIPE. */
	T(pipe(p));
	T(read(p[0], &st, 0));
	T(write(p[1], &st, 0));
	close(p[0]);
	T(write(p[1], &st, 0));
	close(p[1]);
}

static void polls(void)
{
	int p[2];
	T(pipe(p));
	struct pollfd f[3] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}, {99, POLLIN, 0}};
	T(poll(f, 1, 0));
	printf("revents %#x\n", f[0].revents);
	T(poll(f, 3, 0));
	printf("revents %#x %#x %#x\n", f[0].revents, f[1].revents, f[2].revents);
	long long t0 = now_ms();
	T(poll(f, 1, 30));
	printf("poll waited 30 ms: %s\n", now_ms() - t0 >= 30 ? "yes" : "no");
	T(write(p[1], "z", 1));
	T(poll(f, 1, -1));
	printf("revents %#x\n", f[0].revents);
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	T(select(p[1] + 1, &r, &w, NULL, NULL));
	printf("select: r %d w %d\n", FD_ISSET(p[0], &r), FD_ISSET(p[1], &w));
	char c;
	T(read(p[0], &c, 1));
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	struct timeval tv = {0, 20000};
	t0 = now_ms();
	T(select(p[0] + 1, &r, NULL, NULL, &tv));
	printf("select waited 20 ms: %s, r %d\n", now_ms() - t0 >= 20 ? "yes" : "no",
	       FD_ISSET(p[0], &r));
	T(syscall(SYS_poll, (void *)1, 1, 0));
	/* a writer in another process wakes a poll without timeout */
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec ts = {0, 50000000};
		nanosleep(&ts, NULL);
		write(p[1], "late", 4);
		_exit(0);
	}
	f[0].revents = 0;
	T(poll(f, 1, -1));
	printf("revents %#x\n", f[0].revents);
	char buf[8] = "";
	T(read(p[0], buf, sizeof(buf) - 1));
	printf("read: %s\n", buf);
	waitpid(pid, NULL, 0);
	close(p[1]);
	T(poll(f, 1, 0));
	printf("hang-up revents %#x\n", f[0].revents);
	close(p[0]);
	int fd = open("y", O_CREAT | O_RDWR, 0644);
	struct pollfd g = {fd, POLLIN | POLLOUT, 0};
	T(poll(&g, 1, 0));
	printf("file revents %#x\n", g.revents);
	close(fd);
	unlink("y");
}

static void sleeps(void)
{
	long long t0 = now_ms();
	struct timespec ts = {0, 20000000};
	T(nanosleep(&ts, NULL));
	printf("nanosleep 20 ms: %s\n", now_ms() - t0 >= 20 ? "yes" : "no");
	struct timespec bad = {0, 2000000000};
	T(nanosleep(&bad, NULL));
	T(syscall(SYS_nanosleep, (void *)1, NULL));
	struct timespec abs;
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 15000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	printf("clock_nanosleep abstime: %d\n",
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL));
	struct timespec after;
	clock_gettime(CLOCK_MONOTONIC, &after);
	printf("reached: %s\n",
	       after.tv_sec > abs.tv_sec || (after.tv_sec == abs.tv_sec && after.tv_nsec >= abs.tv_nsec)
		   ? "yes"
		   : "no");
	printf("clock_nanosleep thread cpu clock: %d\n",
	       clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ts, NULL));
	printf("clock_nanosleep bad nsec: %d\n", clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL));
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "cloexec") == 0) {
		setvbuf(stdout, NULL, _IONBF, 0);
		T(fcntl(13, F_GETFD));
		T(fcntl(12, F_GETFD));
		T(fcntl(3, F_GETFD));
		return 4;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 3; i < 20; i++)
		close(i); /* whatever the native run inherited */
	dirs();
	fcntls(argv[0]);
	polls();
	sleeps();
	return 0;
}
