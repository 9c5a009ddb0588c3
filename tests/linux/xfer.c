/* pread64/pwrite64 (ESPIPE, EINVAL, EFAULT, EBADF), sendfile and sendfile64 (file to pipe, file to file, with and without
 * an offset; EBADF, EINVAL from a pipe, EFAULT) and prctl's
 * PR_SET_NAME/PR_GET_NAME (a long name cut to 15 bytes). */
#define _GNU_SOURCE
#include "common.h"

#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	int fd = open("src", O_CREAT | O_RDWR | O_TRUNC, 0644);
	T(write(fd, "0123456789abcdef", 16));
	T(lseek(fd, 0, SEEK_SET));
	int p[2];
	T(pipe(p));
	T(sendfile(p[1], fd, NULL, 10));
	T(lseek(fd, 0, SEEK_CUR));
	char buf[32] = "";
	T(read(p[0], buf, sizeof(buf) - 1));
	printf("pipe got: %s\n", buf);
	off_t off = 4;
	int out = open("dst", O_CREAT | O_RDWR | O_TRUNC, 0644);
	T(sendfile(out, fd, &off, 100));
	printf("offset now %lld, file offset %lld\n", (long long)off,
	       (long long)lseek(fd, 0, SEEK_CUR));
	memset(buf, 0, sizeof(buf));
	T(pread(out, buf, sizeof(buf) - 1, 0));
	printf("dst: %s\n", buf);
	T(sendfile(out, fd, NULL, 100));
	T(pwrite(out, "XY", 2, 1));
	T(lseek(out, 0, SEEK_CUR));
	memset(buf, 0, sizeof(buf));
	T(pread(out, buf, 5, 0));
	printf("dst: %s\n", buf);
	T(pread(p[0], buf, 1, 0));
	T(pread(out, buf, 1, -1));
	T(syscall(SYS_pread64, out, (void *)1, 4, 0, 0));
	T(pread(99, buf, 1, 0));
	T(sendfile(out, 99, NULL, 1));
	T(sendfile(out, p[0], NULL, 1));
	T(syscall(SYS_sendfile64, out, fd, (void *)1, 4));
	T(prctl(PR_SET_NAME, "a-very-long-process-name", 0, 0, 0));
	char name[17] = "";
	T(prctl(PR_GET_NAME, name, 0, 0, 0));
	printf("name: %s\n", name);
	T(prctl(PR_GET_NAME, (void *)1, 0, 0, 0));
	T(prctl(12345, 0, 0, 0, 0));
	close(fd);
	close(out);
	unlink("src");
	unlink("dst");
	return 0;
}
