/*
 * The file tree the guest sees: a host directory (--root, default the
 * current directory) as "/". A guest path is resolved one component at a
 * time against the process's cwd: a name is appended, "." and ".." are
 * looked up in the directory before them, which must exist and be a
 * directory ("file/.." is ENOTDIR, as in Linux and xv6), and ".." removes
 * the previous name and stops at the root, as in a chroot. The result, a
 * root-relative path, is then opened by the host kernel with openat2 and
 * RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS against the root's descriptor,
 * so no symlink can lead out either (".." after a symlink to a directory
 * therefore goes back to where the link is, like a shell's `cd -L`).
 * Where openat2 is missing the path is walked one name at a time with
 * O_NOFOLLOW: symlinks are then refused altogether. Calls that name the
 * last component (mkdir, unlink, link) refuse ".", ".." and the root, open
 * the parent that way and act on a plain name inside it.
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

/* Appends the name t (cut to name_max bytes when name_max is not 0) to
 * the resolved path out of length *len. */
static int push_name(char *out, size_t *len, size_t outlen, const char *t, unsigned name_max)
{
	size_t tl = strlen(t);
	if (name_max && tl > name_max)
		tl = name_max; /* xv6's DIRSIZ: a longer name means its first name_max bytes */
	if (*len + 1 + tl + 1 > outlen || *len + 1 + tl + 1 > GUEST_PATH_MAX)
		return -ENAMETOOLONG;
	if (*len)
		out[(*len)++] = '/';
	memcpy(out + *len, t, tl);
	*len += tl;
	out[*len] = 0;
	return 0;
}

int resolve_path(const struct path_rules *pr, const char *cwd, const char *in,
		 struct resolved_path *rp)
{
	char buf[GUEST_PATH_MAX];
	if (snprintf(buf, sizeof(buf), "%s", in) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	char *out = rp->rel;
	/* The cwd is resolved already (and a directory, as chdir checked). */
	size_t len = in[0] == '/' ? 0 : strlen(cwd), inlen = strlen(in);
	if (len >= sizeof(rp->rel) || len >= GUEST_PATH_MAX)
		return -ENAMETOOLONG;
	bool is_dir = true; /* the root and the cwd are directories */
	memcpy(out, cwd, len);
	out[len] = 0;
	rp->last = PATH_LAST_ROOT;
	char *save = NULL;
	for (char *t = strtok_r(buf, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		bool dot = strcmp(t, ".") == 0, dotdot = strcmp(t, "..") == 0;
		if (dot || dotdot) {
			/* "." and ".." are looked up in what precedes them, which
			 * must exist and be a directory: "file/.." is ENOTDIR. */
			if (!is_dir && pr && pr->check_dir) {
				int r = pr->check_dir(pr->ctx, len ? out : ".");
				if (r < 0)
					return r;
			}
			is_dir = true;
			rp->last = dot ? PATH_LAST_DOT : PATH_LAST_DOTDOT;
			if (dotdot) { /* the parent; the root's ".." is the root */
				char *slash = strrchr(out, '/');
				len = slash ? (size_t)(slash - out) : 0;
				out[len] = 0;
			}
			continue;
		}
		int r = push_name(out, &len, sizeof(rp->rel), t, pr ? pr->name_max : 0);
		if (r < 0)
			return r;
		is_dir = false;
		rp->last = PATH_LAST_NAME;
	}
	if (!len)
		snprintf(out, sizeof(rp->rel), ".");
	/* "name/" names a directory (POSIX: a trailing slash resolves as "name/."). */
	rp->must_dir = rp->last == PATH_LAST_NAME && inlen && in[inlen - 1] == '/';
	return 0;
}

/* The directory check of resolve_path: `rel` exists and is a directory of
 * the tree (symlinks followed only beneath the root, as every open). */
static int tree_check_dir(void *ctx, const char *rel)
{
	struct kernel *k = ctx;
	int fd = sandbox_open(k, rel, O_PATH | O_DIRECTORY, 0);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

/* A path of the guest's, resolved against the root (and the current
 * process's cwd; before the first process, the root). */
static int path_in_tree(struct kernel *k, const char *in, struct resolved_path *rp)
{
	if (!in[0])
		return -ENOENT;
	const struct proc *p = k->cur;
	struct path_rules pr = {tree_check_dir, k, p && p->abi ? p->abi->name_max : 0};
	return resolve_path(&pr, p ? p->cwd : "", in, rp);
}

/* The guest's path argument at `upath`, resolved against the root. */
static int guest_path(struct kernel *k, uint32_t upath, struct resolved_path *rp)
{
	char in[GUEST_PATH_MAX];
	int n = copyinstr(k, in, upath, sizeof(in));
	if (n < 0)
		return n;
	return path_in_tree(k, in, rp);
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

/* A path argument of an *at call: relative to the directory open as
 * `dirfd` (its root-relative path, kept by open), to the cwd for
 * AT_FDCWD (-100) or when absolute. -EBADF, -ENOTDIR as Linux. */
int fs_at_path(struct kernel *k, int32_t dirfd, uint32_t upath, struct resolved_path *rp)
{
	char in[GUEST_PATH_MAX];
	int n = copyinstr(k, in, upath, sizeof(in));
	if (n < 0)
		return n;
	if (n == 0)
		return -ENOENT;
	const char *base = k->cur->cwd;
	if (in[0] != '/' && dirfd != -100) {
		struct file *f = dirfd >= 0 && dirfd < NOFILE ? k->cur->ofile[dirfd] : NULL;
		if (!f)
			return -EBADF;
		if (f->type != FD_HOST || !f->is_dir || !f->rel[0])
			return -ENOTDIR;
		base = strcmp(f->rel, ".") == 0 ? "" : f->rel;
	}
	struct path_rules pr = {tree_check_dir, k, 0};
	return resolve_path(&pr, base, in, rp);
}

/* Opens the parent of `rp` (a path whose last component is a name) as an
 * O_PATH directory and points *last at the final name. */
int fs_open_parent(struct kernel *k, struct resolved_path *rp, const char **last)
{
	char *slash = strrchr(rp->rel, '/');
	const char *parent = ".";
	*last = rp->rel;
	if (slash) {
		*slash = 0;
		parent = rp->rel;
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
	struct resolved_path rp;
	int32_t r = guest_path(k, a[0], &rp);
	return r < 0 ? r : fs_open_resolved(k, &rp, a[1]);
}

/* open of a resolved path with xv6's flags (a[1] of open). */
int32_t fs_open_resolved(struct kernel *k, const struct resolved_path *rpp, uint32_t flags)
{
	const struct resolved_path rp = *rpp;
	const uint32_t a[2] = {0, flags};
	const char *rel = rp.rel;
	int hfl;
	int32_t r = open_flags(a[1], &hfl);
	if (r < 0)
		return r;
	if (rp.must_dir) { /* "name/": a directory or nothing (Linux's EISDIR to create it) */
		if (a[1] & XV6_O_CREATE)
			return -EISDIR;
		hfl |= O_DIRECTORY;
	}
	/* The kernel's own two devices, whatever the tree holds there: a
	 * program's `> /dev/null` must work in a root with no /dev (and
	 * --read-only is about the tree, not them). The host's device is
	 * the implementation: writes vanish, reads give EOF or zeros. */
	const char *dev = strcmp(rel, "dev/null") == 0	 ? "/dev/null"
			  : strcmp(rel, "dev/zero") == 0 ? "/dev/zero"
							 : NULL;
	if (dev && rp.must_dir)
		return -ENOTDIR;
	if (!dev && k->read_only &&
	    ((a[1] & 3) != XV6_O_RDONLY || (a[1] & (XV6_O_CREATE | XV6_O_TRUNC))))
		return -EROFS;
	struct file *f = file_alloc(k);
	if (!f)
		return -ENFILE;
	int fd = fd_alloc(k, f); /* before the host open: no file created for nothing */
	if (fd < 0) {
		f->ref = 0;
		return fd;
	}
	int hfd = dev ? 0 : refuse_special(k, rel);
	if (dev) {
		hfd = open(dev, (hfl & O_ACCMODE) | O_CLOEXEC | O_NOCTTY);
		hfd = hfd < 0 ? -EACCES : hfd;
	} else if (hfd == 0) {
		hfd = sandbox_open(k, rel, hfl, 0666);
	}
	struct stat st;
	if (hfd >= 0 && (fstat(hfd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) ||
						  (dev && S_ISCHR(st.st_mode))))) {
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
	f->kernel_dev = dev != NULL;
	f->host_fd = hfd;
	f->is_dir = S_ISDIR(st.st_mode);
	f->readable = (a[1] & 3) != XV6_O_WRONLY;
	f->writable = (a[1] & 3) != XV6_O_RDONLY;
	snprintf(f->rel, sizeof(f->rel), "%s", rel);
	return fd;
}

int32_t sys_mkdir(struct kernel *k, const uint32_t *a)
{
	struct resolved_path rp;
	const char *last;
	int32_t r = guest_path(k, a[0], &rp);
	if (r < 0)
		return r;
	if (k->read_only)
		return -EROFS;
	if (rp.last != PATH_LAST_NAME)
		return -EEXIST; /* ".", ".." and "/" exist */
	int pfd = fs_open_parent(k, &rp, &last);
	if (pfd < 0)
		return pfd;
	r = mkdirat(pfd, last, 0777) < 0 ? host_errno(errno) : 0;
	close(pfd);
	return r;
}

/* unlink(path): a file, or (as in xv6) an empty directory. Never ".",
 * ".." or the root, which xv6 refuses too (the errors are rmdir's). */
int32_t sys_unlink(struct kernel *k, const uint32_t *a)
{
	struct resolved_path rp;
	const char *last;
	int32_t r = guest_path(k, a[0], &rp);
	if (r < 0)
		return r;
	if (k->read_only)
		return -EROFS;
	if (rp.last != PATH_LAST_NAME)
		return rp.last == PATH_LAST_DOT	     ? -EINVAL
		       : rp.last == PATH_LAST_DOTDOT ? -ENOTEMPTY
						     : -EBUSY;
	int pfd = fs_open_parent(k, &rp, &last);
	if (pfd < 0)
		return pfd;
	r = rp.must_dir ? -1 : unlinkat(pfd, last, 0); /* "name/" is a directory's */
	if (rp.must_dir || (r < 0 && errno == EISDIR))
		r = unlinkat(pfd, last, AT_REMOVEDIR);
	r = r < 0 ? host_errno(errno) : 0;
	close(pfd);
	return r;
}

int32_t sys_link(struct kernel *k, const uint32_t *a)
{
	struct resolved_path orp, nrp;
	const char *olast, *nlast;
	int32_t r = guest_path(k, a[0], &orp);
	if (r < 0 || (r = guest_path(k, a[1], &nrp)) < 0)
		return r;
	if (k->read_only)
		return -EROFS;
	if (orp.last != PATH_LAST_NAME)
		return -EPERM; /* a directory */
	if (nrp.last != PATH_LAST_NAME)
		return -EEXIST;
	int ofd = fs_open_parent(k, &orp, &olast);
	if (ofd < 0)
		return ofd;
	int nfd = fs_open_parent(k, &nrp, &nlast);
	if (nfd < 0) {
		close(ofd);
		return nfd;
	}
	/* No AT_SYMLINK_FOLLOW: a symlink is linked as itself, never read. */
	r = linkat(ofd, olast, nfd, nlast, 0) < 0 ? host_errno(errno) : 0;
	close(ofd);
	close(nfd);
	return r;
}

int32_t sys_chdir(struct kernel *k, const uint32_t *a)
{
	struct resolved_path rp;
	int32_t r = guest_path(k, a[0], &rp);
	if (r < 0)
		return r;
	int fd = sandbox_open(k, rp.rel, O_PATH | O_DIRECTORY, 0);
	if (fd < 0)
		return fd;
	close(fd);
	snprintf(k->cur->cwd, sizeof(k->cur->cwd), "%s", strcmp(rp.rel, ".") == 0 ? "" : rp.rel);
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
	char in[GUEST_PATH_MAX];
	int n = copyinstr(k, in, upath, sizeof(in));
	if (n < 0)
		return n;
	return fs_read_path(k, in, data, size);
}

int32_t fs_read_path(struct kernel *k, const char *path, uint8_t **data, size_t *size)
{
	struct resolved_path rp;
	int32_t r = path_in_tree(k, path, &rp);
	if (r < 0)
		return r;
	int fd = refuse_special(k, rp.rel);
	if (fd == 0)
		fd = sandbox_open(k, rp.rel,
				  O_RDONLY | O_NONBLOCK | (rp.must_dir ? O_DIRECTORY : 0), 0);
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
