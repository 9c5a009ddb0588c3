/* What GNU coreutils ask of the file system besides stat: statfs and
 * fstatfs (a pipe's is pipefs's), posix_fadvise, the extended-attribute
 * calls (none here: a file system without them; natively perhaps none
 * set), sched_getaffinity. Printed so that native and ia32emu runs
 * compare: agreements and errno values, not the host's figures. */
#define _GNU_SOURCE
#include "common.h"

#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

static void no_attr(const char *what, long r)
{
	if (r >= 0 || errno == ENODATA || errno == EOPNOTSUPP)
		printf("%s: none\n", what);
	else
		printf("%s: -1 errno %d\n", what, errno);
}

int main(void)
{
	struct statfs s;
	memset(&s, 0, sizeof(s));
	T(statfs("/", &s));
	printf("statfs: block size %s\n", s.f_bsize > 0 ? "set" : "0");
	T(statfs("/nonexistent/x", &s));
	int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	T(fstatfs(fd, &s));
	T(fstatfs(99, &s));
	int p[2];
	T(pipe(p));
	T(fstatfs(p[0], &s));
	printf("pipe's file system: %#lx\n", (unsigned long)s.f_type);
	uint8_t raw[128];
	T(syscall(SYS_statfs64, "/", 80, raw)); /* not the structure's size */
	printf("posix_fadvise: %d\n", posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL));
	printf("posix_fadvise of a pipe: %d\n", posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL));
	printf("posix_fadvise, bad advice: %d\n", posix_fadvise(fd, 0, 0, 99));
	printf("posix_fadvise, bad fd: %d\n", posix_fadvise(99, 0, 0, POSIX_FADV_NORMAL));
	char buf[256];
	no_attr("getxattr", getxattr("f", "user.x", buf, sizeof(buf)));
	T(getxattr("nonexistent", "user.x", buf, sizeof(buf)));
	symlink("f", "l");
	no_attr("lgetxattr", lgetxattr("l", "user.x", buf, sizeof(buf)));
	no_attr("fgetxattr", fgetxattr(fd, "user.x", buf, sizeof(buf)));
	T(fgetxattr(99, "user.x", buf, sizeof(buf)));
	no_attr("listxattr", listxattr("f", buf, sizeof(buf)));
	T(listxattr("nonexistent", buf, sizeof(buf)));
	cpu_set_t set;
	CPU_ZERO(&set);
	T(sched_getaffinity(0, sizeof(set), &set));
	printf("affinity: %s\n", CPU_COUNT(&set) >= 1 ? "at least one CPU" : "none");
	T(sched_getaffinity(999999, sizeof(set), &set));
	T(syscall(SYS_sched_getaffinity, 0, 2, &set)); /* shorter than the mask */
	printf("nproc: %s\n", sysconf(_SC_NPROCESSORS_ONLN) >= 1 ? "at least one" : "none");
	return 0;
}
