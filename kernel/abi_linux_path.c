/*
 * Path calls of the Linux personality: stat64/lstat64/fstatat64, access,
 * getcwd, readlink, rename, link, symlink, rmdir, unlink, mkdir and their
 * *at forms, fchdir. Every path goes through the shared resolver (fs.c):
 * component by component against the cwd or the directory fd, then opened
 * beneath the root, so no call reaches outside --root.
 */
#define _GNU_SOURCE
#include "abi_linux.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define AT_FDCWD_L	      (-100)
#define L_AT_SYMLINK_NOFOLLOW 0x100
#define L_AT_REMOVEDIR	      0x200
#define L_AT_SYMLINK_FOLLOW   0x400
#define L_AT_EMPTY_PATH	      0x1000

/* stat of a resolved path; `follow`: the last symlink is followed (stat),
 * else described (lstat). */
static int32_t stat_resolved(struct kernel *k, struct resolved_path *rp, bool follow,
			     struct stat *st)
{
	/* /dev/fd/N and /dev/std*: the kernel's (abi_linux_files.c), what
	 * fd N is once the link is followed. */
	int devfd = follow && !rp->must_dir ? linux_dev_fd_number(rp->rel) : -1;
	if (devfd >= 0)
		return devfd < NOFILE ? linux_fd_stat(k, (uint32_t)devfd, st) : -ENOENT;
	if (follow || rp->last != PATH_LAST_NAME) {
		int fd = sandbox_open(k, rp->rel, O_PATH | (rp->must_dir ? O_DIRECTORY : 0), 0);
		if (fd < 0)
			return fd;
		int r = fstat(fd, st) < 0 ? host_errno(errno) : 0;
		close(fd);
		return r;
	}
	const char *last;
	bool dir = rp->must_dir;
	int pfd = fs_open_parent(k, rp, &last);
	if (pfd < 0)
		return pfd;
	int r = fstatat(pfd, last, st, AT_SYMLINK_NOFOLLOW) < 0 ? host_errno(errno) : 0;
	if (r == 0 && dir && !S_ISDIR(st->st_mode))
		r = S_ISLNK(st->st_mode) ? -EACCES : -ENOTDIR;
	close(pfd);
	return r;
}

int32_t linux_path_open(struct kernel *k, uint32_t upath, bool follow)
{
	struct resolved_path rp;
	int32_t r = fs_at_path(k, AT_FDCWD_L, upath, &rp);
	if (r < 0)
		return r;
	if (!follow && rp.last == PATH_LAST_NAME) {
		struct stat st;
		if ((r = stat_resolved(k, &rp, false, &st)) < 0)
			return r;
		if (S_ISLNK(st.st_mode))
			return -ELOOP; /* a symlink itself: the caller describes none */
	}
	return sandbox_open(k, rp.rel, O_PATH | (rp.must_dir ? O_DIRECTORY : 0), 0);
}

static int32_t stat_out(struct kernel *k, int32_t dirfd, uint32_t upath, uint32_t ubuf, bool follow)
{
	if (user_range_ok(k, ubuf, 96, true) < 0)
		return -EFAULT;
	struct resolved_path rp;
	struct stat st;
	int32_t r = fs_at_path(k, dirfd, upath, &rp);
	if (r < 0 || (r = stat_resolved(k, &rp, follow, &st)) < 0)
		return r;
	uint8_t b[96];
	linux_put_stat64(b, &st);
	return copyout(k, ubuf, b, sizeof(b)) < 0 ? -EFAULT : 0;
}

int32_t linux_stat64(struct kernel *k, const uint32_t *a)
{
	return stat_out(k, AT_FDCWD_L, a[0], a[1], true);
}

int32_t linux_lstat64(struct kernel *k, const uint32_t *a)
{
	return stat_out(k, AT_FDCWD_L, a[0], a[1], false);
}

/* fstatat64(dirfd, path, buf, flags): AT_EMPTY_PATH with "" is fstat64. */
int32_t linux_fstatat64(struct kernel *k, const uint32_t *a)
{
	if (a[3] & ~(uint32_t)(L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH | 0x800 /* NO_AUTOMOUNT */))
		return -EINVAL;
	char c = 1;
	if ((a[3] & L_AT_EMPTY_PATH) && copyin(k, &c, a[1], 1) == 0 && c == 0) {
		uint32_t x[2] = {a[0], a[2]};
		return linux_fstat64(k, x);
	}
	return stat_out(k, (int32_t)a[0], a[1], a[2], !(a[3] & L_AT_SYMLINK_NOFOLLOW));
}

/* access: the program is the owner of every file (stat64 says uid 1000),
 * so the owner's bits decide; W_OK under --read-only is EROFS. */
static int32_t access_at(struct kernel *k, int32_t dirfd, uint32_t upath, uint32_t mode,
			 uint32_t flags)
{
	if (mode & ~7u)
		return -EINVAL;
	if (flags & ~(uint32_t)(0x200 /* AT_EACCESS */ | L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH))
		return -EINVAL;
	struct resolved_path rp;
	struct stat st;
	int32_t r = fs_at_path(k, dirfd, upath, &rp);
	if (r < 0 || (r = stat_resolved(k, &rp, !(flags & L_AT_SYMLINK_NOFOLLOW), &st)) < 0)
		return r;
	if ((mode & 2) && k->read_only)
		return -EROFS;
	if (((mode & 4) && !(st.st_mode & 0400)) || ((mode & 2) && !(st.st_mode & 0200)) ||
	    ((mode & 1) && !(st.st_mode & 0100)))
		return -EACCES;
	return 0;
}

int32_t linux_access(struct kernel *k, const uint32_t *a)
{
	return access_at(k, AT_FDCWD_L, a[0], a[1], 0);
}

/* faccessat(dirfd, path, mode): the system call has no flags argument. */
int32_t linux_faccessat(struct kernel *k, const uint32_t *a)
{
	return access_at(k, (int32_t)a[0], a[1], a[2], 0);
}

int32_t linux_faccessat2(struct kernel *k, const uint32_t *a)
{
	return access_at(k, (int32_t)a[0], a[1], a[2], a[3]);
}

/* getcwd(buf, size): "/" and the cwd; the length with its NUL. */
int32_t linux_getcwd(struct kernel *k, const uint32_t *a)
{
	char p[GUEST_PATH_MAX + 2];
	int n = snprintf(p, sizeof(p), "/%s", k->cur->cwd);
	if ((uint32_t)n + 1 > a[1])
		return -ERANGE;
	return copyout(k, a[0], p, (uint32_t)n + 1) < 0 ? -EFAULT : n + 1;
}

/* readlink: a symlink's contents, which are data (following them is the
 * resolver's business). /proc is not mounted in the tree, but
 * /proc/self/exe answers what Linux would: the running program's path
 * (as exec named it, made absolute against the cwd of the time). */
static int32_t readlink_at(struct kernel *k, int32_t dirfd, uint32_t upath, uint32_t ubuf,
			   int32_t size)
{
	if (size <= 0)
		return -EINVAL;
	char in[16];
	char out[GUEST_PATH_MAX];
	int32_t n;
	if (copyinstr(k, in, upath, sizeof(in)) >= 0 && strcmp(in, "/proc/self/exe") == 0) {
		if (!k->cur->exe[0])
			return -ENOENT;
		n = (int32_t)strlen(k->cur->exe);
		memcpy(out, k->cur->exe, (size_t)n);
	} else {
		struct resolved_path rp;
		const char *last;
		int32_t r = fs_at_path(k, dirfd, upath, &rp);
		if (r < 0)
			return r;
		if (rp.last != PATH_LAST_NAME || rp.must_dir)
			return -EINVAL; /* a directory, not a symlink */
		int pfd = fs_open_parent(k, &rp, &last);
		if (pfd < 0)
			return pfd;
		ssize_t got = readlinkat(pfd, last, out, sizeof(out));
		n = got < 0 ? host_errno(errno) : (int32_t)got;
		close(pfd);
		if (n < 0)
			return n;
	}
	if (n > size)
		n = size;
	return copyout(k, ubuf, out, (uint32_t)n) < 0 ? -EFAULT : n;
}

int32_t linux_readlink(struct kernel *k, const uint32_t *a)
{
	return readlink_at(k, AT_FDCWD_L, a[0], a[1], (int32_t)a[2]);
}

int32_t linux_readlinkat(struct kernel *k, const uint32_t *a)
{
	return readlink_at(k, (int32_t)a[0], a[1], a[2], (int32_t)a[3]);
}

/* Whether `name` exists in the directory `dfd` (a symlink counts). */
static bool name_exists(int dfd, const char *name)
{
	struct stat st;
	return fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* Two names (rename, link): both resolved, both parents opened. */
struct two {
	struct resolved_path o, n;
	const char *olast, *nlast;
	int ofd, nfd;
};

static void two_close(struct two *t)
{
	close(t->ofd);
	close(t->nfd);
}

static int32_t two_open(struct kernel *k, struct two *t, int32_t odir, uint32_t op, int32_t ndir,
			uint32_t np, int32_t not_name)
{
	t->ofd = t->nfd = -1;
	int32_t r = fs_at_path(k, odir, op, &t->o);
	if (r < 0 || (r = fs_at_path(k, ndir, np, &t->n)) < 0)
		return r;
	if (t->o.last != PATH_LAST_NAME || t->n.last != PATH_LAST_NAME)
		return not_name;
	if ((t->ofd = fs_open_parent(k, &t->o, &t->olast)) < 0)
		return t->ofd;
	if ((t->nfd = fs_open_parent(k, &t->n, &t->nlast)) < 0) {
		close(t->ofd);
		return t->nfd;
	}
	if (k->read_only) { /* as Linux: after the parents' lookup */
		two_close(t);
		return -EROFS;
	}
	return 0;
}

/* renameat2(olddir, old, newdir, new, flags): RENAME_NOREPLACE (1) only. */
static int32_t rename_at(struct kernel *k, int32_t od, uint32_t op, int32_t nd, uint32_t np,
			 uint32_t flags)
{
	if (flags & ~1u)
		return -EINVAL;
	struct two t;
	int32_t r = two_open(k, &t, od, op, nd, np, -EBUSY); /* ".", ".." or "/" */
	if (r < 0)
		return r;
	struct stat st;
	if ((flags & 1) && fstatat(t.nfd, t.nlast, &st, AT_SYMLINK_NOFOLLOW) == 0)
		r = -EEXIST;
	else if (renameat(t.ofd, t.olast, t.nfd, t.nlast) < 0)
		r = errno == EXDEV ? -EXDEV : host_errno(errno);
	two_close(&t);
	return r;
}

int32_t linux_rename(struct kernel *k, const uint32_t *a)
{
	return rename_at(k, AT_FDCWD_L, a[0], AT_FDCWD_L, a[1], 0);
}

int32_t linux_renameat(struct kernel *k, const uint32_t *a)
{
	return rename_at(k, (int32_t)a[0], a[1], (int32_t)a[2], a[3], 0);
}

int32_t linux_renameat2(struct kernel *k, const uint32_t *a)
{
	return rename_at(k, (int32_t)a[0], a[1], (int32_t)a[2], a[3], a[4]);
}

/* linkat(olddir, old, newdir, new, flags): a symlink is linked as itself
 * (AT_SYMLINK_FOLLOW would read it on the host: refused). */
static int32_t link_at(struct kernel *k, int32_t od, uint32_t op, int32_t nd, uint32_t np,
		       uint32_t flags)
{
	if (flags & ~(uint32_t)(L_AT_SYMLINK_FOLLOW | L_AT_EMPTY_PATH))
		return -EINVAL;
	if (flags)
		return -EINVAL;
	struct two t;
	int32_t r = two_open(k, &t, od, op, nd, np, -EEXIST);
	if (r == -EEXIST && t.o.last != PATH_LAST_NAME)
		return -EPERM; /* linking a directory */
	if (r < 0)
		return r;
	r = linkat(t.ofd, t.olast, t.nfd, t.nlast, 0) < 0 ? host_errno(errno) : 0;
	two_close(&t);
	return r;
}

int32_t linux_link(struct kernel *k, const uint32_t *a)
{
	return link_at(k, AT_FDCWD_L, a[0], AT_FDCWD_L, a[1], 0);
}

int32_t linux_linkat(struct kernel *k, const uint32_t *a)
{
	return link_at(k, (int32_t)a[0], a[1], (int32_t)a[2], a[3], a[4]);
}

/* symlinkat(target, newdir, linkpath): the target is stored as given;
 * any later lookup through the link stays beneath the root. */
static int32_t symlink_at(struct kernel *k, uint32_t utarget, int32_t nd, uint32_t np)
{
	char target[GUEST_PATH_MAX];
	int n = copyinstr(k, target, utarget, sizeof(target));
	if (n < 0)
		return n;
	if (n == 0)
		return -ENOENT;
	struct resolved_path rp;
	const char *last;
	int32_t r = fs_at_path(k, nd, np, &rp);
	if (r < 0)
		return r;
	if (rp.last != PATH_LAST_NAME)
		return -EEXIST;
	int pfd = fs_open_parent(k, &rp, &last);
	if (pfd < 0)
		return pfd;
	if (k->read_only) { /* as Linux's filename_create: EEXIST, else EROFS */
		r = name_exists(pfd, last) ? -EEXIST : -EROFS;
		close(pfd);
		return r;
	}
	r = symlinkat(target, pfd, last) < 0 ? host_errno(errno) : 0;
	close(pfd);
	return r;
}

int32_t linux_symlink(struct kernel *k, const uint32_t *a)
{
	return symlink_at(k, a[0], AT_FDCWD_L, a[1]);
}

int32_t linux_symlinkat(struct kernel *k, const uint32_t *a)
{
	return symlink_at(k, a[0], (int32_t)a[1], a[2]);
}

/* unlinkat(dirfd, path, flags): a file, or with AT_REMOVEDIR an empty
 * directory (rmdir); Linux's errors for ".", ".." and "/". */
static int32_t unlink_at(struct kernel *k, int32_t dirfd, uint32_t upath, uint32_t flags)
{
	if (flags & ~(uint32_t)L_AT_REMOVEDIR)
		return -EINVAL;
	bool dir = flags & L_AT_REMOVEDIR;
	struct resolved_path rp;
	const char *last;
	int32_t r = fs_at_path(k, dirfd, upath, &rp);
	if (r < 0)
		return r;
	if (rp.last != PATH_LAST_NAME)
		return !dir			   ? -EISDIR
		       : rp.last == PATH_LAST_DOT  ? -EINVAL
		       : rp.last == PATH_LAST_ROOT ? -EBUSY
						   : -ENOTEMPTY;
	bool must_dir = rp.must_dir;
	int pfd = fs_open_parent(k, &rp, &last);
	if (pfd < 0)
		return pfd;
	if (k->read_only) { /* as Linux: after the parent's lookup */
		close(pfd);
		return -EROFS;
	}
	struct stat st;
	if (!dir && must_dir)
		r = fstatat(pfd, last, &st, AT_SYMLINK_NOFOLLOW) < 0 ? host_errno(errno)
		    : S_ISDIR(st.st_mode)			     ? -EISDIR
								     : -ENOTDIR;
	else
		r = unlinkat(pfd, last, dir ? AT_REMOVEDIR : 0) < 0 ? host_errno(errno) : 0;
	close(pfd);
	return r;
}

int32_t linux_unlink(struct kernel *k, const uint32_t *a)
{
	return unlink_at(k, AT_FDCWD_L, a[0], 0);
}

int32_t linux_rmdir(struct kernel *k, const uint32_t *a)
{
	return unlink_at(k, AT_FDCWD_L, a[0], L_AT_REMOVEDIR);
}

int32_t linux_unlinkat(struct kernel *k, const uint32_t *a)
{
	return unlink_at(k, (int32_t)a[0], a[1], a[2]);
}

/* mkdirat(dirfd, path, mode): the mode less the process's umask. */
static int32_t mkdir_at(struct kernel *k, int32_t dirfd, uint32_t upath, uint32_t mode)
{
	struct resolved_path rp;
	const char *last;
	int32_t r = fs_at_path(k, dirfd, upath, &rp);
	if (r < 0)
		return r;
	if (rp.last != PATH_LAST_NAME)
		return -EEXIST;
	int pfd = fs_open_parent(k, &rp, &last);
	if (pfd < 0)
		return pfd;
	if (k->read_only) { /* as Linux's filename_create: EEXIST, else EROFS */
		r = name_exists(pfd, last) ? -EEXIST : -EROFS;
		close(pfd);
		return r;
	}
	mode_t m = (mode_t)(mode & 07777 & ~linux_umask_of(k->cur));
	r = mkdirat(pfd, last, m) < 0 ? host_errno(errno) : 0;
	if (r == 0)
		(void)fchmodat(pfd, last, m, 0); /* the host's own umask must not apply */
	close(pfd);
	return r;
}

int32_t linux_mkdir(struct kernel *k, const uint32_t *a)
{
	return mkdir_at(k, AT_FDCWD_L, a[0], a[1]);
}

int32_t linux_mkdirat(struct kernel *k, const uint32_t *a)
{
	return mkdir_at(k, (int32_t)a[0], a[1], a[2]);
}

/* fchdir(fd): a directory open by path becomes the cwd. */
int32_t linux_fchdir(struct kernel *k, const uint32_t *a)
{
	struct file *f = a[0] < NOFILE ? k->cur->ofile[a[0]] : NULL;
	if (!f)
		return -EBADF;
	if (f->type != FD_HOST || !f->is_dir || !f->rel[0])
		return -ENOTDIR;
	snprintf(k->cur->cwd, sizeof(k->cur->cwd), "%s", strcmp(f->rel, ".") == 0 ? "" : f->rel);
	return 0;
}

/* The path being exec'd, made absolute against the cwd, for
 * /proc/self/exe (linux_on_exec copies it to the process). */
void linux_note_exec_path(struct kernel *k, const char *path)
{
	struct resolved_path rp;
	const char *cwd = k->cur && k->cur->state != P_UNUSED ? k->cur->cwd : "";
	if (resolve_path(NULL, cwd, path, &rp) < 0) {
		k->exec_path[0] = 0;
		return;
	}
	snprintf(k->exec_path, sizeof(k->exec_path), "/%s", strcmp(rp.rel, ".") == 0 ? "" : rp.rel);
}

/* struct statx (include/uapi/linux/stat.h), 256 bytes, STATX_BASIC_STATS. */
static void put_statx(uint8_t *b, const struct stat *st)
{
	memset(b, 0, 256);
	uint32_t w[8] = {0x7ffu /* STATX_BASIC_STATS */,
			 (uint32_t)st->st_blksize,
			 0,
			 0,
			 (uint32_t)st->st_nlink,
			 LINUX_UID,
			 LINUX_GID,
			 0};
	memcpy(b, w, sizeof(w));
	uint16_t mode = (uint16_t)st->st_mode;
	memcpy(b + 28, &mode, 2);
	uint64_t q[3] = {st->st_ino, (uint64_t)st->st_size, (uint64_t)st->st_blocks};
	memcpy(b + 32, q, sizeof(q));
	const struct timespec *ts[4] = {&st->st_atim, NULL, &st->st_ctim, &st->st_mtim};
	for (int i = 0; i < 4; i++) {
		if (!ts[i])
			continue; /* btime: not in the mask */
		int64_t sec = ts[i]->tv_sec;
		uint32_t ns = (uint32_t)ts[i]->tv_nsec;
		memcpy(b + 64 + 16 * i, &sec, 8);
		memcpy(b + 72 + 16 * i, &ns, 4);
	}
	uint32_t dv[4] = {major(st->st_rdev), minor(st->st_rdev), major(st->st_dev),
			  minor(st->st_dev)};
	memcpy(b + 128, dv, sizeof(dv));
}

/* statx(dirfd, path, flags, mask, buf): the basic fields whatever the
 * mask asks (Linux may return more than asked). */
int32_t linux_statx(struct kernel *k, const uint32_t *a)
{
	if (a[2] & ~(uint32_t)(L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH | 0x800 | 0x6000))
		return -EINVAL;
	if ((a[2] & 0x6000) == 0x6000 || (a[3] & 0x80000000u)) /* sync type 3, STATX__RESERVED */
		return -EINVAL;
	if (user_range_ok(k, a[4], 256, true) < 0)
		return -EFAULT;
	struct stat st;
	memset(&st, 0, sizeof(st));
	char c = 1;
	int32_t r;
	if ((a[2] & L_AT_EMPTY_PATH) && copyin(k, &c, a[1], 1) == 0 && c == 0) {
		struct file *f = a[0] < NOFILE ? k->cur->ofile[a[0]] : NULL;
		if ((int32_t)a[0] == AT_FDCWD_L) {
			struct resolved_path rp;
			snprintf(rp.rel, sizeof(rp.rel), "%s", k->cur->cwd[0] ? k->cur->cwd : ".");
			rp.last = PATH_LAST_ROOT;
			rp.must_dir = false;
			r = stat_resolved(k, &rp, true, &st);
		} else if (!f) {
			r = -EBADF;
		} else {
			r = linux_file_stat(k, f, &st);
		}
	} else {
		struct resolved_path rp;
		r = fs_at_path(k, (int32_t)a[0], a[1], &rp);
		if (r == 0)
			r = stat_resolved(k, &rp, !(a[2] & L_AT_SYMLINK_NOFOLLOW), &st);
	}
	if (r < 0)
		return r;
	uint8_t b[256];
	put_statx(b, &st);
	return copyout(k, a[4], b, sizeof(b)) < 0 ? -EFAULT : 0;
}

/* chmod/fchmodat(dirfd, path, mode) and fchmod(fd, mode): the permission
 * bits of a file of the tree (the program owns them all). The host file
 * is reached through an O_PATH descriptor beneath the root, never by a
 * host path. */
static int32_t chmod_resolved(struct kernel *k, struct resolved_path *rp, uint32_t mode)
{
	int fd = sandbox_open(k, rp->rel, O_PATH | (rp->must_dir ? O_DIRECTORY : 0), 0);
	if (fd < 0)
		return fd;
	if (k->read_only) { /* as Linux: the file is looked up first */
		close(fd);
		return -EROFS;
	}
	char proc[64];
	/* fchmod refuses O_PATH descriptors: the host's /proc/self/fd link
	 * names exactly the file that was opened beneath the root. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	int r = chmod(proc, (mode_t)(mode & 07777)) < 0 ? host_errno(errno) : 0;
	close(fd);
	return r;
}

int32_t linux_fchmodat(struct kernel *k, const uint32_t *a)
{
	struct resolved_path rp;
	int32_t r = fs_at_path(k, (int32_t)a[0], a[1], &rp);
	return r < 0 ? r : chmod_resolved(k, &rp, a[2]);
}

int32_t linux_chmod(struct kernel *k, const uint32_t *a)
{
	uint32_t x[3] = {(uint32_t)AT_FDCWD_L, a[0], a[1]};
	return linux_fchmodat(k, x);
}

int32_t linux_fchmod(struct kernel *k, const uint32_t *a)
{
	struct file *f = a[0] < NOFILE ? k->cur->ofile[a[0]] : NULL;
	if (!f)
		return -EBADF;
	if (f->kernel_dev)
		return -EPERM; /* root's device, as Linux answers its user 1000 */
	if (k->read_only)
		return -EROFS;
	if (f->type != FD_HOST || !f->own_fd)
		return -EPERM; /* a pipe or the host's own terminal: not ours to change */
	return fchmod(f->host_fd, (mode_t)(a[1] & 07777)) < 0 ? host_errno(errno) : 0;
}

/* chown and its kin. The program is one unprivileged user (uid and gid
 * 1000, docs/linux.md) who owns every file of its tree, so, as Linux
 * answers such a user, "change" to its own ids (or -1: unchanged)
 * succeeds with nothing to do, and any other owner or group is -EPERM.
 * The file is looked up first (-ENOENT, -ENOTDIR; -EROFS under
 * --read-only). `id16`: the old 16-bit calls, where 0xffff is -1. */
static bool own_id(uint32_t id, bool id16)
{
	return id == LINUX_UID || id == 0xffffffffu || (id16 && id == 0xffffu);
}

static int32_t chown_ids(const uint32_t *ids, bool id16)
{
	return own_id(ids[0], id16) && own_id(ids[1], id16) ? 0 : -EPERM;
}

static int32_t chown_at(struct kernel *k, int32_t dirfd, uint32_t upath, const uint32_t *ids,
			bool nofollow, bool id16)
{
	struct resolved_path rp;
	int32_t r = fs_at_path(k, dirfd, upath, &rp);
	if (r < 0)
		return r;
	int fd = sandbox_open(
	    k, rp.rel, O_PATH | (nofollow ? O_NOFOLLOW : 0) | (rp.must_dir ? O_DIRECTORY : 0), 0);
	if (fd < 0)
		return fd;
	close(fd);
	if (k->read_only)
		return -EROFS;
	return chown_ids(ids, id16);
}

int32_t linux_chown32(struct kernel *k, const uint32_t *a)
{
	return chown_at(k, AT_FDCWD_L, a[0], a + 1, false, false);
}

int32_t linux_lchown32(struct kernel *k, const uint32_t *a)
{
	return chown_at(k, AT_FDCWD_L, a[0], a + 1, true, false);
}

int32_t linux_chown16(struct kernel *k, const uint32_t *a)
{
	return chown_at(k, AT_FDCWD_L, a[0], a + 1, false, true);
}

int32_t linux_lchown16(struct kernel *k, const uint32_t *a)
{
	return chown_at(k, AT_FDCWD_L, a[0], a + 1, true, true);
}

/* fchownat(dirfd, path, owner, group, flags) */
int32_t linux_fchownat(struct kernel *k, const uint32_t *a)
{
	if (a[4] & ~(uint32_t)(L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH))
		return -EINVAL;
	return chown_at(k, (int32_t)a[0], a[1], a + 2, (a[4] & L_AT_SYMLINK_NOFOLLOW) != 0, false);
}

static int32_t fchown_fd(struct kernel *k, const uint32_t *a, bool id16)
{
	struct file *f = a[0] < NOFILE ? k->cur->ofile[a[0]] : NULL;
	if (!f)
		return -EBADF;
	if (k->read_only && f->type == FD_HOST && f->own_fd)
		return -EROFS;
	return chown_ids(a + 1, id16);
}

int32_t linux_fchown32(struct kernel *k, const uint32_t *a)
{
	return fchown_fd(k, a, false);
}

int32_t linux_fchown16(struct kernel *k, const uint32_t *a)
{
	return fchown_fd(k, a, true);
}

/* utimensat(dirfd, path, times[2], flags): 32-bit timespecs; NULL or
 * UTIME_NOW is the virtual CLOCK_REALTIME, UTIME_OMIT leaves one alone. */
int32_t linux_utimensat(struct kernel *k, const uint32_t *a)
{
	if (a[3] & ~(uint32_t)(L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH))
		return -EINVAL;
	struct timespec ts[2];
	int32_t t[4];
	bool explicit_time = false; /* not UTIME_NOW or UTIME_OMIT */
	uint64_t now = linux_now_ns(k, 0);
	if (a[2] && copyin(k, t, a[2], sizeof(t)) < 0)
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		int32_t ns = a[2] ? t[2 * i + 1] : 0x3fffffff;
		if (ns == 0x3ffffffe) { /* UTIME_OMIT */
			ts[i].tv_sec = 0;
			ts[i].tv_nsec = UTIME_OMIT;
		} else if (ns == 0x3fffffff) { /* UTIME_NOW */
			ts[i].tv_sec = (time_t)(now / 1000000000u);
			ts[i].tv_nsec = (long)(now % 1000000000u);
		} else if (ns < 0 || ns >= 1000000000) {
			return -EINVAL;
		} else {
			ts[i].tv_sec = t[2 * i];
			ts[i].tv_nsec = ns;
			explicit_time = true;
		}
	}
	if (!a[1]) { /* futimens: the descriptor itself */
		struct file *f = a[0] < NOFILE ? k->cur->ofile[a[0]] : NULL;
		if (!f)
			return -EBADF;
		/* The kernel's /dev/null or /dev/zero, root's mode-0666 devices:
		 * Linux lets its user 1000 (write access, not the owner) set
		 * the times to now or leave them, and refuses an explicit time
		 * (utimensat(2), "Permissions requirements"). The host's device
		 * itself is never touched. */
		if (f->kernel_dev)
			return explicit_time ? -EPERM : 0;
		if (k->read_only)
			return -EROFS;
		if (f->type != FD_HOST || !f->own_fd)
			return -EPERM;
		return futimens(f->host_fd, ts) < 0 ? host_errno(errno) : 0;
	}
	struct resolved_path rp;
	const char *last;
	int32_t r = fs_at_path(k, (int32_t)a[0], a[1], &rp);
	if (r < 0)
		return r;
	if (k->read_only)
		return -EROFS;
	if (rp.last != PATH_LAST_NAME) {
		int fd = sandbox_open(k, rp.rel, O_RDONLY | O_DIRECTORY, 0);
		if (fd < 0)
			return fd;
		r = futimens(fd, ts) < 0 ? host_errno(errno) : 0;
		close(fd);
		return r;
	}
	int pfd = fs_open_parent(k, &rp, &last);
	if (pfd < 0)
		return pfd;
	/* A symlink is followed only beneath the root: resolve it through
	 * sandbox_open, then change the file it names. */
	if (!(a[3] & L_AT_SYMLINK_NOFOLLOW)) {
		struct stat st;
		if (fstatat(pfd, last, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
			close(pfd);
			int fd = fs_at_path(k, (int32_t)a[0], a[1], &rp);
			if (fd < 0)
				return fd;
			fd = sandbox_open(k, rp.rel, O_PATH, 0);
			if (fd < 0)
				return fd;
			char proc[64];
			snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
			r = utimensat(AT_FDCWD, proc, ts, 0) < 0 ? host_errno(errno) : 0;
			close(fd);
			return r;
		}
	}
	r = utimensat(pfd, last, ts, AT_SYMLINK_NOFOLLOW) < 0 ? host_errno(errno) : 0;
	close(pfd);
	return r;
}
