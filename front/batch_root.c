/*
 * A program's own file tree: `ia32emu test` gives each program a fresh
 * scratch directory as its root; when a directory NAME.root lies beside the
 * program, its contents are copied there first, so that a program may read
 * and change its files without touching the originals or another run's.
 * Only directories and regular files are copied (a symbolic link could
 * lead out of the tree, a FIFO or a device could block).
 */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 32

static int copy_file(const char *src, const char *dst, mode_t mode)
{
	int in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0)
		return -1;
	int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 0777);
	if (out < 0) {
		close(in);
		return -1;
	}
	char buf[65536];
	int rc = 0;
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -1 : 0;
			break;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				rc = -1;
				break;
			}
			off += w;
		}
		if (rc < 0)
			break;
	}
	close(in);
	if (close(out) < 0)
		rc = -1;
	return rc;
}

static int copy_dir(const char *src, const char *dst, int depth, char *err, size_t errlen)
{
	DIR *d = opendir(src);
	if (!d) {
		snprintf(err, errlen, "%s: %s", src, strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *s = bt_strf("%s/%s", src, e->d_name), *t = bt_strf("%s/%s", dst, e->d_name);
		struct stat st;
		if (lstat(s, &st) < 0) {
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (depth >= MAX_DEPTH) {
				errno = ELOOP;
				rc = -1;
			} else if (mkdir(t, 0755) < 0) {
				rc = -1;
			} else {
				rc = copy_dir(s, t, depth + 1, err, errlen);
				chmod(t, st.st_mode & 0777);
				free(s);
				free(t);
				continue;
			}
		} else if (S_ISREG(st.st_mode)) {
			rc = copy_file(s, t, st.st_mode);
		}
		if (rc < 0)
			snprintf(err, errlen, "%s: %s", s, strerror(errno));
		free(s);
		free(t);
	}
	closedir(d);
	return rc;
}

int batch_copy_tree(const char *src, const char *dst, char *err, size_t errlen)
{
	return copy_dir(src, dst, 0, err, errlen);
}
