/* /dev/fd/N and /dev/stdin, /dev/stdout, /dev/stderr, which the kernel
 * provides whatever the tree holds: a file opened again has an offset of
 * its own and this open's flags; a pipe's end is the same pipe. */
#include "common.h"

#include <fcntl.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	T(write(fd, "hello world", 11));
	char path[32], buf[32];
	snprintf(path, sizeof(path), "/dev/fd/%d", fd);
	int again = open(path, O_RDONLY);
	T(again >= 0);
	memset(buf, 0, sizeof(buf));
	T(read(again, buf, 5)); /* its own offset: from the start */
	printf("read through %s: %s\n", path + 5, buf);
	T(lseek(fd, 0, SEEK_CUR));		/* the first keeps its own */
	int w = open(path, O_WRONLY | O_TRUNC); /* another open's flags */
	T(w >= 0);
	T(lseek(fd, 0, SEEK_END));
	close(w);
	close(again);
	int p[2];
	T(pipe(p));
	snprintf(path, sizeof(path), "/dev/fd/%d", p[1]);
	int pw = open(path, O_WRONLY);
	T(write(pw, "through", 7));
	memset(buf, 0, sizeof(buf));
	T(read(p[0], buf, sizeof(buf)));
	printf("the pipe: %s\n", buf);
	/* A pipe is one inode for both ends, another for another pipe, as
	 * diff tells <(...) apart; stat of /dev/fd/N is fstat of N. */
	int q[2];
	T(pipe(q));
	struct stat s0, s1, s2, s3;
	fstat(p[0], &s0);
	fstat(p[1], &s1);
	fstat(q[0], &s2);
	snprintf(path, sizeof(path), "/dev/fd/%d", q[1]);
	T(stat(path, &s3));
	printf("one pipe's ends: %s; two pipes: %s; stat of /dev/fd: %s\n",
	       s0.st_ino == s1.st_ino && s0.st_dev == s1.st_dev ? "one inode" : "two",
	       s0.st_ino != s2.st_ino ? "two inodes" : "one",
	       S_ISFIFO(s3.st_mode) && s3.st_ino == s2.st_ino ? "the pipe" : "?");
	T(open("/dev/fd/99", O_RDONLY)); /* not open: ENOENT */
	T(open("/dev/fd/x", O_RDONLY));
	int e = open("/dev/stderr", O_WRONLY);
	T(e >= 0);
	T(open("/dev/stdin", O_WRONLY) >= 0 || errno == EACCES || errno == EBADF);
	/* More than xv6's 16 descriptors, and bash's fd 63. */
	int opened = 0;
	for (int i = 0; i < 40; i++)
		opened += open("f", O_RDONLY) >= 0;
	printf("40 more opens: %d\n", opened);
	T(dup2(1, 63));
	/* select past 32 descriptors (fd_set words beyond the first). */
	fd_set ws;
	FD_ZERO(&ws);
	FD_SET(63, &ws);
	struct timeval tv0 = {0, 0};
	T(select(64, NULL, &ws, NULL, &tv0));
	printf("fd 63 writable: %d\n", FD_ISSET(63, &ws) != 0);
	T(dup2(1, 9));
	int o = open("/dev/fd/9", O_WRONLY | O_APPEND);
	T(write(o, "via /dev/fd/9\n", 14));
	T(close(o));
	return 0;
}
