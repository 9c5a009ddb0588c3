/* Path calls: mkdir, open O_CREAT|O_EXCL, stat/lstat/fstatat, access,
 * getcwd, readlink (and /proc/self/exe), rename, link, symlink, rmdir,
 * unlink, the *at forms with a directory descriptor, fchdir, and their
 * errors (ENOENT, ENOTDIR, EEXIST, EISDIR, ENOTEMPTY, EBUSY, EPERM,
 * EFAULT through raw system calls). */
#define _GNU_SOURCE
#include "common.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void st(const char *what, const char *path, int follow)
{
	struct stat s;
	int r = follow ? stat(path, &s) : lstat(path, &s);
	if (r < 0) {
		printf("%s %s: -1 errno %d\n", what, path, errno);
		return;
	}
	printf("%s %s: %s mode %o size %lld nlink %u\n", what, path,
	       S_ISDIR(s.st_mode)   ? "dir"
	       : S_ISREG(s.st_mode) ? "file"
	       : S_ISLNK(s.st_mode) ? "symlink"
				    : "other",
	       (unsigned)(s.st_mode & 07777), (long long)(S_ISDIR(s.st_mode) ? 0 : s.st_size),
	       (unsigned)s.st_nlink);
}

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

int main(void)
{
	char buf[256];
	umask(022);
	T(mkdir("d", 0755));
	T(mkdir("d", 0755));
	T(mkdir("nonexist/x", 0755));
	st("stat", "d", 1);
	int fd = T(open("d/f", O_CREAT | O_WRONLY | O_EXCL, 0640));
	T(write(fd, "hello", 5));
	T(close(fd));
	T(open("d/f", O_CREAT | O_WRONLY | O_EXCL, 0640));
	T(open("d/f", O_RDONLY | O_DIRECTORY));
	T(open("d", O_WRONLY));
	T(open("nonexist", O_RDONLY));
	st("stat", "d/f", 1);
	st("stat", "nonexist", 1);
	st("stat", "d/f/x", 1);
	st("stat", "d/f/", 1);
	T(syscall(SYS_stat64, "d", (void *)1));
	T(syscall(SYS_stat64, (void *)1, buf));
	T(syscall(SYS_lstat64, "d", (void *)0xc0000000u));
	/* symlinks */
	T(symlink("f", "d/l"));
	T(symlink("f", "d/l"));
	st("lstat", "d/l", 0);
	st("stat", "d/l", 1);
	memset(buf, 0, sizeof(buf));
	T(readlink("d/l", buf, sizeof(buf)));
	printf("link: %s\n", buf);
	T(readlink("d/f", buf, sizeof(buf)));
	T(readlink("nonexist", buf, sizeof(buf)));
	T(syscall(SYS_readlink, "d/l", (void *)1, 10));
	memset(buf, 0, sizeof(buf));
	long n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	printf("/proc/self/exe ends with /prog: %s\n",
	       n >= 5 && strcmp(buf + n - 5, "/prog") == 0 ? "yes" : "no");
	/* statx, raw: struct statx's stx_mode @28, stx_size @40 */
	unsigned char sx[256];
	unsigned short sxm = 0;
	long long sxs = 0;
	T(syscall(SYS_statx, AT_FDCWD, "d/l", 0, 0x7ff, sx));
	memcpy(&sxm, sx + 28, 2);
	memcpy(&sxs, sx + 40, 8);
	printf("statx d/l: mode %o size %lld\n", sxm, sxs);
	T(syscall(SYS_statx, AT_FDCWD, "d/l", AT_SYMLINK_NOFOLLOW, 0x7ff, sx));
	memcpy(&sxm, sx + 28, 2);
	printf("statx nofollow: symlink %d\n", S_ISLNK(sxm));
	T(syscall(SYS_statx, AT_FDCWD, "nonexist", 0, 0x7ff, sx));
	T(syscall(SYS_statx, AT_FDCWD, "d/f/x", 0, 0x7ff, sx));
	T(syscall(SYS_statx, AT_FDCWD, "d", 0, 0x7ff, (void *)1));
	T(syscall(SYS_statx, 1, "", AT_EMPTY_PATH, 0x7ff, sx));
	T(syscall(SYS_statx, 99, "", AT_EMPTY_PATH, 0x7ff, sx));
	/* access */
	T(access("d/f", F_OK));
	T(access("d/f", R_OK | W_OK));
	T(access("d/f", X_OK));
	T(access("d", X_OK));
	T(access("nonexist", F_OK));
	T(access("d/f/x", F_OK));
	/* getcwd, chdir, fchdir */
	T(chdir("d"));
	printf("cwd base: %s\n", getcwd(buf, sizeof(buf)) ? base(buf) : "?");
	T(chdir(".."));
	T(syscall(SYS_getcwd, buf, 1));
	T(syscall(SYS_getcwd, (void *)1, 256));
	int dfd = T(open("d", O_RDONLY | O_DIRECTORY));
	T(fchdir(dfd));
	printf("cwd base: %s\n", getcwd(buf, sizeof(buf)) ? base(buf) : "?");
	T(chdir(".."));
	/* rename, link */
	T(rename("d/f", "d/g"));
	st("stat", "d/f", 1);
	st("stat", "d/g", 1);
	T(rename("nonexist", "d/x"));
	T(rename("d/g", "d/g/x"));
	T(rename(".", "x"));
	T(link("d/g", "d/h"));
	st("stat", "d/g", 1);
	T(link("d/g", "d/h"));
	T(link("d", "d2"));
	T(link("nonexist", "d/y"));
	/* rmdir, unlink */
	T(rmdir("d"));
	T(unlink("d"));
	T(rmdir("d/g"));
	T(rmdir("nonexist"));
	T(rmdir("."));
	T(unlinkat(AT_FDCWD, "d/h", 0));
	T(unlinkat(AT_FDCWD, "d/g", AT_REMOVEDIR));
	st("stat", "d/h", 1);
	/* the *at calls relative to a directory descriptor */
	fd = T(openat(dfd, "g", O_RDONLY));
	memset(buf, 0, sizeof(buf));
	T(read(fd, buf, sizeof(buf)));
	printf("read: %s\n", buf);
	T(openat(fd, "x", O_RDONLY));
	T(close(fd));
	T(openat(99, "x", O_RDONLY));
	T(mkdirat(dfd, "sub", 0700));
	T(mkdirat(dfd, "sub", 0700));
	struct stat s;
	T(fstatat(dfd, "sub", &s, 0));
	printf("sub: dir %d mode %o\n", S_ISDIR(s.st_mode), (unsigned)(s.st_mode & 0777));
	T(fstatat(dfd, "l", &s, AT_SYMLINK_NOFOLLOW));
	printf("l: symlink %d\n", S_ISLNK(s.st_mode));
	T(fstatat(dfd, "nope", &s, 0));
	T(renameat(dfd, "sub", dfd, "sub2"));
	T(faccessat(dfd, "sub2", F_OK, 0));
	T(faccessat(dfd, "sub", F_OK, 0));
	memset(buf, 0, sizeof(buf));
	T(readlinkat(dfd, "l", buf, sizeof(buf)));
	printf("linkat: %s\n", buf);
	T(symlinkat("g", dfd, "l2"));
	T(linkat(dfd, "g", dfd, "g2", 0));
	st("stat", "d/g2", 1);
	T(unlinkat(dfd, "sub2", 0));
	T(unlinkat(dfd, "sub2", AT_REMOVEDIR));
	T(unlinkat(dfd, "g2", 0));
	T(unlinkat(dfd, "l2", 0));
	/* chmod, fchmod, utimensat */
	T(chmod("d/g", 0600));
	st("stat", "d/g", 1);
	T(chmod("nonexist", 0600));
	T(chmod("d/g/x", 0600));
	fd = T(open("d/g", O_RDONLY));
	T(fchmod(fd, 0644));
	st("stat", "d/g", 1);
	struct timespec tm[2] = {{1000000000, 5}, {1234567890, 0}};
	T(utimensat(AT_FDCWD, "d/g", tm, 0));
	T(stat("d/g", &s));
	printf("mtime %lld atime %lld\n", (long long)s.st_mtime, (long long)s.st_atime);
	struct timespec omit[2] = {{0, UTIME_OMIT}, {42, 0}};
	T(utimensat(dfd, "g", omit, 0));
	T(stat("d/g", &s));
	printf("mtime %lld atime %lld\n", (long long)s.st_mtime, (long long)s.st_atime);
	T(futimens(fd, tm));
	T(fstat(fd, &s));
	printf("mtime %lld\n", (long long)s.st_mtime);
	struct timespec bad[2] = {{0, 2000000000}, {0, 0}};
	T(utimensat(AT_FDCWD, "d/g", bad, 0));
	T(utimensat(AT_FDCWD, "nonexist", tm, 0));
	T(syscall(SYS_utimensat, AT_FDCWD, "d/g", (void *)1, 0));
	T(close(fd));
	/* clean up */
	T(unlink("d/l"));
	T(unlink("d/g"));
	T(close(dfd));
	T(rmdir("d"));
	st("stat", "d", 1);
	return 0;
}
