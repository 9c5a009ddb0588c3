/*
 * The file tree the guest sees: a host directory (--root, default the
 * current directory) as "/". A guest path is first made relative to the
 * root lexically ("." dropped, ".." removes the previous name and stops at
 * the root, as in a chroot), then resolved by the host kernel with openat2
 * and RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS against the root's
 * descriptor, so no symlink can lead out either. Where openat2 is missing
 * the path is walked one name at a time with O_NOFOLLOW: symlinks are then
 * refused altogether. Calls that name the last component (mkdir, unlink,
 * link) open its parent that way and act on a plain name inside it.
 */
#define _GNU_SOURCE /* O_PATH, openat2 */
#include "elf.h"
#include "sysdefs.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int resolve_path(const char *cwd, const char *in, char *out, size_t outlen)
{
	char buf[2 * GUEST_PATH_MAX + 2];
	if (snprintf(buf, sizeof(buf), "%s/%s", in[0] == '/' ? "" : cwd, in) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	size_t len = 0;
	out[0] = 0;
	char *save = NULL;
	for (char *t = strtok_r(buf, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (strcmp(t, ".") == 0)
			continue;
		if (strcmp(t, "..") == 0) {
			char *slash = strrchr(out, '/');
			len = slash ? (size_t)(slash - out) : 0;
			out[len] = 0;
			continue;
		}
		size_t tl = strlen(t);
		if (len + 1 + tl + 1 > outlen || len + 1 + tl + 1 > GUEST_PATH_MAX)
			return -ENAMETOOLONG;
		if (len)
			out[len++] = '/';
		memcpy(out + len, t, tl + 1);
		len += tl;
	}
	if (!len)
		snprintf(out, outlen, ".");
	return 0;
}

/* The guest's path argument at `upath`, relative to the root. */
static int guest_path(struct kernel *k, uint32_t upath, char *out)
{
	char in[GUEST_PATH_MAX];
	int n = copyinstr(k, in, upath, sizeof(in));
	if (n < 0)
		return n;
	if (n == 0)
		return -ENOENT;
	return resolve_path(k->cur->cwd, in, out, GUEST_PATH_MAX);
}

/* Why a walking openat of `name` in `dfd` failed with errno `e`: a symlink
 * (which the walk never follows; O_NOFOLLOW gives ELOOP, and ENOTDIR with
 * O_DIRECTORY) is -EACCES, as openat2's RESOLVE_BENEATH answers for one
 * leading out, so both paths give the guest the same errno. */
static int walk_errno(int dfd, const char *name, int e)
{
	struct stat st;
	if ((e == ELOOP || e == ENOTDIR) && fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		return -EACCES;
	return host_errno(e);
}

/* Without openat2: one name at a time, never following a symlink. */
static int walk_open(struct kernel *k, const char *rel, int flags, mode_t mode)
{
	char tmp[GUEST_PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%s", rel);
	char *name = tmp;
	int dfd = k->root_fd;
	for (char *slash; (slash = strchr(name, '/')) != NULL; name = slash + 1) {
		*slash = 0;
		int nfd = openat(dfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int r = nfd < 0 ? walk_errno(dfd, name, errno) : nfd;
		if (dfd != k->root_fd)
			close(dfd);
		if (nfd < 0)
			return r;
		dfd = nfd;
	}
	int fd = openat(dfd, name, flags | O_NOFOLLOW | O_CLOEXEC, mode);
	int r = fd < 0 ? walk_errno(dfd, name, errno) : fd;
	if (dfd != k->root_fd)
		close(dfd);
	return r;
}

/* A host descriptor for the root-relative path `rel`, or -errno. An
 * attempt to leave the tree is -EACCES. */
int sandbox_open(struct kernel *k, const char *rel, int flags, mode_t mode)
{
	if (!k->no_openat2) {
		struct open_how how;
		memset(&how, 0, sizeof(how));
		how.flags = (uint64_t)(flags | O_CLOEXEC);
		how.mode = (flags & O_CREAT) ? mode : 0;
		how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
		long fd = syscall(SYS_openat2, k->root_fd, rel, &how, sizeof(how));
		if (fd >= 0)
			return (int)fd;
		if (errno != ENOSYS)
			return errno == EXDEV ? -EACCES : host_errno(errno);
		k->no_openat2 = true; /* an old host kernel: walk from now on */
	}
	return walk_open(k, rel, flags, mode);
}

/* Opens the parent of `rel` (a modifiable root-relative path) as an O_PATH
 * directory and points *last at the final name. -EBUSY for the root. */
static int open_parent(struct kernel *k, char *rel, const char **last)
{
	if (strcmp(rel, ".") == 0)
		return -EBUSY;
	char *slash = strrchr(rel, '/');
	const char *parent = ".";
	*last = rel;
	if (slash) {
		*slash = 0;
		parent = rel;
		*last = slash + 1;
	}
	return sandbox_open(k, parent, O_PATH | O_DIRECTORY, 0);
}

static int32_t open_flags(uint32_t fl, int *hfl)
{
	if (fl & ~(3u | XV6_O_CREATE | XV6_O_TRUNC | XV6_O_APPEND) || (fl & 3) == 3)
		return -EINVAL;
	static const int acc[3] = {O_RDONLY, O_WRONLY, O_RDWR};
	/* O_NONBLOCK: opening a FIFO must not block the emulator; such files
	 * are refused right after. */
	*hfl = acc[fl & 3] | O_NONBLOCK | O_NOCTTY;
	if (fl & XV6_O_CREATE)
		*hfl |= O_CREAT;
	if (fl & XV6_O_TRUNC)
		*hfl |= O_TRUNC;
	if (fl & XV6_O_APPEND)
		*hfl |= O_APPEND;
	return 0;
}

/* The type decided before any open that has effects: opening a FIFO
 * (even O_NONBLOCK) releases a host process blocked on its other end, and
 * opening a device can act on hardware. An O_PATH descriptor opens
 * nothing (open(2)), so its fstat is safe. 0 when `rel` is absent, a
 * regular file, a directory or a symlink (the real open then refuses the
 * last two as it must); -EACCES for a FIFO, socket or device. */
static int refuse_special(struct kernel *k, const char *rel)
{
	int pfd = sandbox_open(k, rel, O_PATH, 0);
	if (pfd < 0)
		return 0; /* absent (O_CREAT may make it) or refused: the open says */
	struct stat st;
	int r = fstat(pfd, &st) < 0 ? -EACCES : 0;
	if (r == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || S_ISCHR(st.st_mode) ||
		       S_ISBLK(st.st_mode)))
		r = -EACCES;
	close(pfd);
	return r;
}

/* open(path, flags): regular files and directories of the tree only. */
int32_t sys_open(struct kernel *k, const uint32_t *a)
{
	char rel[GUEST_PATH_MAX];
	int hfl;
	int32_t r = guest_path(k, a[0], rel);
	if (r < 0 || (r = open_flags(a[1], &hfl)) < 0)
		return r;
	if (k->read_only && ((a[1] & 3) != XV6_O_RDONLY || (a[1] & (XV6_O_CREATE | XV6_O_TRUNC))))
		return -EROFS;
	struct file *f = file_alloc(k);
	if (!f)
		return -ENFILE;
	int fd = fd_alloc(k, f); /* before the host open: no file created for nothing */
	if (fd < 0) {
		f->ref = 0;
		return fd;
	}
	int hfd = refuse_special(k, rel);
	if (hfd == 0)
		hfd = sandbox_open(k, rel, hfl, 0666);
	struct stat st;
	if (hfd >= 0 && (fstat(hfd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))) {
		close(hfd);
		hfd = -EACCES;
	}
	if (hfd < 0) {
		k->cur->ofile[fd] = NULL;
		f->ref = 0;
		return hfd;
	}
	fcntl(hfd, F_SETFL, fcntl(hfd, F_GETFL) & ~O_NONBLOCK);
	f->type = FD_HOST;
	f->own_fd = true;
	f->host_fd = hfd;
	f->is_dir = S_ISDIR(st.st_mode);
	f->readable = (a[1] & 3) != XV6_O_WRONLY;
	f->writable = (a[1] & 3) != XV6_O_RDONLY;
	return fd;
}

int32_t sys_mkdir(struct kernel *k, const uint32_t *a)
{
	char rel[GUEST_PATH_MAX];
	const char *last;
	int32_t r = guest_path(k, a[0], rel);
	if (r < 0)
		return r;
	if (k->read_only)
		return -EROFS;
	int pfd = open_parent(k, rel, &last);
	if (pfd < 0)
		return pfd == -EBUSY ? -EEXIST : pfd;
	r = mkdirat(pfd, last, 0777) < 0 ? host_errno(errno) : 0;
	close(pfd);
	return r;
}

/* unlink(path): a file, or (as in xv6) an empty directory. */
int32_t sys_unlink(struct kernel *k, const uint32_t *a)
{
	char rel[GUEST_PATH_MAX];
	const char *last;
	int32_t r = guest_path(k, a[0], rel);
	if (r < 0)
		return r;
	if (k->read_only)
		return -EROFS;
	int pfd = open_parent(k, rel, &last);
	if (pfd < 0)
		return pfd;
	r = unlinkat(pfd, last, 0);
	if (r < 0 && errno == EISDIR)
		r = unlinkat(pfd, last, AT_REMOVEDIR);
	r = r < 0 ? host_errno(errno) : 0;
	close(pfd);
	return r;
}

int32_t sys_link(struct kernel *k, const uint32_t *a)
{
	char orel[GUEST_PATH_MAX], nrel[GUEST_PATH_MAX];
	const char *olast, *nlast;
	int32_t r = guest_path(k, a[0], orel);
	if (r < 0 || (r = guest_path(k, a[1], nrel)) < 0)
		return r;
	if (k->read_only)
		return -EROFS;
	int ofd = open_parent(k, orel, &olast);
	if (ofd < 0)
		return ofd == -EBUSY ? -EPERM : ofd;
	int nfd = open_parent(k, nrel, &nlast);
	if (nfd < 0) {
		close(ofd);
		return nfd == -EBUSY ? -EEXIST : nfd;
	}
	/* No AT_SYMLINK_FOLLOW: a symlink is linked as itself, never read. */
	r = linkat(ofd, olast, nfd, nlast, 0) < 0 ? host_errno(errno) : 0;
	close(ofd);
	close(nfd);
	return r;
}

int32_t sys_chdir(struct kernel *k, const uint32_t *a)
{
	char rel[GUEST_PATH_MAX];
	int32_t r = guest_path(k, a[0], rel);
	if (r < 0)
		return r;
	int fd = sandbox_open(k, rel, O_PATH | O_DIRECTORY, 0);
	if (fd < 0)
		return fd;
	close(fd);
	snprintf(k->cur->cwd, sizeof(k->cur->cwd), "%s", strcmp(rel, ".") == 0 ? "" : rel);
	return 0;
}

/* mknod: the tree is the host's and the guest has no devices of its own. */
int32_t sys_mknod(struct kernel *k, const uint32_t *a)
{
	(void)k;
	(void)a;
	return -ENOSYS;
}

/* The whole of a regular file of the tree (exec), in malloc'd memory. */
int32_t fs_read_file(struct kernel *k, uint32_t upath, uint8_t **data, size_t *size)
{
	char rel[GUEST_PATH_MAX];
	int32_t r = guest_path(k, upath, rel);
	if (r < 0)
		return r;
	int fd = refuse_special(k, rel);
	if (fd == 0)
		fd = sandbox_open(k, rel, O_RDONLY | O_NONBLOCK, 0);
	if (fd < 0)
		return fd;
	struct stat st;
	uint8_t *buf = NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		r = -EACCES;
	else if (st.st_size > ELF_MAX_FILE || st.st_size < 1)
		r = -ENOEXEC;
	else if (!(buf = malloc((size_t)st.st_size)))
		r = -ENOMEM;
	size_t got = 0;
	while (r == 0 && got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			r = -EIO;
		else
			got += (size_t)n;
	}
	close(fd);
	if (r < 0) {
		free(buf);
		return r;
	}
	*data = buf;
	*size = got;
	return 0;
}
