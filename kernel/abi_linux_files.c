/*
 * File calls of the Linux personality that differ from the shared ones:
 * Linux's open flags, vectored I/O, struct stat64, ioctl on terminals,
 * 64-bit seeks. Paths go through the shared sandboxed resolver (fs.c).
 */
#define _GNU_SOURCE
#include "abi_linux.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define L_O_CREAT  0x40
#define L_O_TRUNC  0x200
#define L_O_APPEND 0x400
#define L_AT_FDCWD (-100)

static struct file *fd_file(struct kernel *k, uint32_t fd)
{
	return fd < NOFILE ? k->cur->ofile[fd] : NULL;
}

/* Linux's open flags as the shared open's (xv6 values): access mode,
 * create, truncate, append; the others (O_CLOEXEC, O_LARGEFILE, O_NOCTTY,
 * O_DIRECTORY ...) change nothing here. */
static uint32_t xv6_flags(uint32_t f)
{
	return (f & 3) | ((f & L_O_CREAT) ? XV6_O_CREATE : 0) |
	       ((f & L_O_TRUNC) ? XV6_O_TRUNC : 0) | ((f & L_O_APPEND) ? XV6_O_APPEND : 0);
}

/* O_CLOEXEC, O_APPEND, O_NONBLOCK, O_LARGEFILE, O_EXCL, O_DIRECTORY,
 * O_NOFOLLOW (Linux's values). */
#define L_O_EXCL      0x80
#define L_O_NONBLOCK  0x800
#define L_O_DIRECTORY 0x10000
#define L_O_NOFOLLOW  0x20000
#define L_O_CLOEXEC   0x80000
#define L_O_STATUS    (L_O_APPEND | L_O_NONBLOCK | 0x8000u /* O_LARGEFILE */)

/* A new descriptor's FD_CLOEXEC. */
void linux_set_cloexec(struct kernel *k, int32_t fd, bool on)
{
	if (fd < 0 || fd >= NOFILE)
		return;
	uint32_t bit = 1u << (fd & 31);
	if (on)
		k->cur->cloexec[fd >> 5] |= bit;
	else
		k->cur->cloexec[fd >> 5] &= ~bit;
}

int linux_dev_fd_number(const char *rel)
{
	static const char *const std[] = {"dev/stdin", "dev/stdout", "dev/stderr"};
	for (int i = 0; i < 3; i++)
		if (strcmp(rel, std[i]) == 0)
			return i;
	if (strncmp(rel, "dev/fd/", 7) != 0 || !rel[7] || strlen(rel + 7) > 4)
		return -1;
	int n = 0;
	for (const char *p = rel + 7; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		n = 10 * n + (*p - '0');
	}
	return n;
}

/*
 * /dev/fd/N and /dev/stdin, stdout, stderr, which Linux makes symlinks to
 * /proc/self/fd/N and which the kernel provides here whatever the tree
 * holds, as /dev/null (bash's <(...) passes /dev/fd/63): a new descriptor
 * for what fd N is. A regular file or directory is opened again, as Linux
 * reopens the inode: an offset of its own, this open's flags. One of the
 * tree's may be opened for any access; one of the host's descriptors 0-2
 * (outside the tree) only for what N allows. Anything else (a pipe, a
 * device) shares N's open file, as dup does. An access N lacks there is
 * -EACCES (Linux would open a pipe's other end). -ENOENT when N is not
 * open.
 */
static int32_t open_fd_link(struct kernel *k, int n, uint32_t fl)
{
	struct file *old = n < NOFILE ? fd_file(k, (uint32_t)n) : NULL;
	if (!old)
		return -ENOENT;
	uint32_t acc = fl & 3;
	struct stat st;
	bool reopen = old->type == FD_HOST && fstat(old->host_fd, &st) == 0 &&
		      (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode));
	bool within = (acc == 1 || old->readable) && (acc == 0 || old->writable);
	if ((fl & L_O_DIRECTORY) && !old->is_dir)
		return -ENOTDIR;
	if (!within && (!reopen || !old->own_fd))
		return -EACCES;
	if (!reopen) {
		int32_t fd = fd_alloc(k, file_dup(old));
		if (fd < 0)
			old->ref--;
		else
			linux_set_cloexec(k, fd, fl & L_O_CLOEXEC);
		return fd;
	}
	if (S_ISDIR(st.st_mode) && acc)
		return -EISDIR;
	if (k->read_only && old->own_fd && (acc || (fl & L_O_TRUNC)))
		return -EROFS; /* the tree's */
	struct file *f = file_alloc(k);
	if (!f)
		return -ENFILE;
	int32_t fd = fd_alloc(k, f);
	if (fd < 0) {
		f->ref = 0;
		return fd;
	}
	char self[40];
	snprintf(self, sizeof(self), "/proc/self/fd/%d", old->host_fd);
	int hfl = (acc == 2   ? O_RDWR
		   : acc == 1 ? O_WRONLY
			      : O_RDONLY) |
		  ((fl & L_O_TRUNC) ? O_TRUNC : 0) | ((fl & L_O_APPEND) ? O_APPEND : 0) |
		  O_CLOEXEC | O_NOCTTY;
	int hfd = open(self, hfl);
	if (hfd < 0) {
		k->cur->ofile[fd] = NULL;
		f->ref = 0;
		return host_errno(errno);
	}
	f->type = FD_HOST;
	f->own_fd = true;
	f->host_fd = hfd;
	f->is_dir = old->is_dir;
	f->readable = acc != 1;
	f->writable = acc != 0;
	f->lflags = fl & L_O_STATUS;
	snprintf(f->rel, sizeof(f->rel), "%s", old->rel);
	linux_set_cloexec(k, fd, fl & L_O_CLOEXEC);
	return fd;
}

/* openat(dirfd, path, flags, mode): Linux's flags; O_EXCL, O_DIRECTORY
 * and O_NOFOLLOW checked here, the mode less the umask for a new file. */
static int32_t open_at(struct kernel *k, int32_t dirfd, uint32_t upath, uint32_t fl, uint32_t mode)
{
	struct resolved_path rp;
	int32_t r = fs_at_path(k, dirfd, upath, &rp);
	if (r < 0)
		return r;
	int devfd = linux_dev_fd_number(rp.rel);
	if (devfd >= 0 && !rp.must_dir)
		return open_fd_link(k, devfd, fl);
	if (fl & (L_O_EXCL | L_O_DIRECTORY | L_O_NOFOLLOW | L_O_CREAT)) {
		struct resolved_path q = rp;
		const char *last;
		struct stat st;
		int e = -ENOENT;
		if (q.last != PATH_LAST_NAME) {
			e = 0;
			st.st_mode = S_IFDIR;
		} else {
			int pfd = fs_open_parent(k, &q, &last);
			if (pfd >= 0) {
				e = fstatat(pfd, last, &st, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
				close(pfd);
			}
		}
		if (e == 0 && (fl & L_O_CREAT) && (fl & L_O_EXCL))
			return -EEXIST;
		if (e == 0 && S_ISLNK(st.st_mode) && (fl & L_O_NOFOLLOW))
			return -ELOOP;
		if (e == 0 && !S_ISLNK(st.st_mode) && !S_ISDIR(st.st_mode) && (fl & L_O_DIRECTORY))
			return -ENOTDIR;
		if (e == 0 && S_ISDIR(st.st_mode) && (fl & 3))
			return -EISDIR;
		if (e == 0)
			fl &= ~(uint32_t)L_O_CREAT; /* it exists: no mode to set */
		else if (fl & L_O_CREAT)
			fl |= L_O_EXCL; /* created here: set its mode below */
	}
	int32_t fd = fs_open_resolved(k, &rp, xv6_flags(fl));
	if (fd < 0)
		return fd;
	struct file *f = fd_file(k, (uint32_t)fd);
	if ((fl & L_O_DIRECTORY) && !f->is_dir) {
		uint32_t x[1] = {(uint32_t)fd};
		sys_close(k, x);
		return -ENOTDIR;
	}
	/* "Created here" is the tree's view; the kernel's /dev/null in a tree
	 * without /dev was opened, not created, and is the host's device. */
	if ((fl & L_O_CREAT) && (fl & L_O_EXCL) && !f->kernel_dev)
		(void)fchmod(f->host_fd, (mode_t)(mode & 07777 & ~linux_umask_of(k->cur)));
	f->lflags = fl & L_O_STATUS;
	linux_set_cloexec(k, fd, fl & L_O_CLOEXEC);
	return fd;
}

int32_t linux_open(struct kernel *k, const uint32_t *a)
{
	return open_at(k, L_AT_FDCWD, a[0], a[1], a[2]);
}

int32_t linux_openat(struct kernel *k, const uint32_t *a)
{
	return open_at(k, (int32_t)a[0], a[1], a[2], a[3]);
}

/* creat(path, mode) is open(path, O_CREAT|O_WRONLY|O_TRUNC, mode). */
int32_t linux_creat(struct kernel *k, const uint32_t *a)
{
	return open_at(k, L_AT_FDCWD, a[0], L_O_CREAT | L_O_TRUNC | 1, a[1]);
}

/* writev/readv(fd, iov, n): one transfer per iovec, stopping at a short
 * one; a call that would block is not split (pipes: docs/linux.md). */
static int32_t vec_io(struct kernel *k, const uint32_t *a, syscall_fn io)
{
	if (a[2] > 1024)
		return -EINVAL;
	int32_t total = 0;
	for (uint32_t i = 0; i < a[2]; i++) {
		uint32_t iov[2];
		if (copyin(k, iov, a[1] + 8 * i, 8) < 0)
			return total ? total : -EFAULT;
		if (iov[1] == 0)
			continue;
		uint32_t x[3] = {a[0], iov[0], iov[1]};
		int32_t r = (uint64_t)iov[0] + iov[1] > USER_TOP ? -EFAULT : io(k, x);
		if (r == K_RESTART && total)
			return total;
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((uint32_t)r < iov[1])
			break;
	}
	return total;
}

int32_t linux_writev(struct kernel *k, const uint32_t *a)
{
	return vec_io(k, a, sys_write);
}

int32_t linux_readv(struct kernel *k, const uint32_t *a)
{
	return vec_io(k, a, sys_read);
}

/* struct stat64 of i386 (arch/x86/include/uapi/asm/stat.h), 96 bytes. */
void linux_put_stat64(uint8_t *b, const struct stat *st)
{
	memset(b, 0, 96);
	uint64_t dev = st->st_dev, rdev = st->st_rdev, ino = st->st_ino;
	int64_t size = st->st_size, blocks = st->st_blocks;
	uint32_t w;
	memcpy(b + 0, &dev, 8);
	w = (uint32_t)ino;
	memcpy(b + 12, &w, 4);
	w = st->st_mode;
	memcpy(b + 16, &w, 4);
	w = (uint32_t)st->st_nlink;
	memcpy(b + 20, &w, 4);
	w = LINUX_UID;
	memcpy(b + 24, &w, 4);
	w = LINUX_GID;
	memcpy(b + 28, &w, 4);
	memcpy(b + 32, &rdev, 8);
	memcpy(b + 44, &size, 8);
	w = (uint32_t)st->st_blksize;
	memcpy(b + 52, &w, 4);
	memcpy(b + 56, &blocks, 8);
	uint32_t t[6] = {(uint32_t)st->st_atim.tv_sec, (uint32_t)st->st_atim.tv_nsec,
			 (uint32_t)st->st_mtim.tv_sec, (uint32_t)st->st_mtim.tv_nsec,
			 (uint32_t)st->st_ctim.tv_sec, (uint32_t)st->st_ctim.tv_nsec};
	memcpy(b + 64, t, sizeof(t));
	memcpy(b + 88, &ino, 8);
}

int32_t linux_fd_stat(struct kernel *k, uint32_t fd, struct stat *st)
{
	struct file *f = fd_file(k, fd);
	if (!f)
		return -ENOENT;
	return linux_file_stat(k, f, st);
}

int32_t linux_file_stat(const struct kernel *k, const struct file *f, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	if (f->type == FD_PIPE) {
		/* Linux's pipefs: an inode of its own per pipe (diff and cmp
		 * tell files apart by st_dev and st_ino), device 0xc. */
		st->st_mode = S_IFIFO | 0600;
		st->st_nlink = 1;
		st->st_blksize = 4096;
		st->st_dev = 0xc;
		st->st_ino = (ino_t)(f->pipe - k->pipes) + 1;
		return 0;
	}
	return fstat(f->host_fd, st) < 0 ? host_errno(errno) : 0;
}

int32_t linux_fstat64(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	if (!f)
		return -EBADF;
	struct stat st;
	int32_t r = linux_file_stat(k, f, &st);
	if (r < 0)
		return r;
	uint8_t b[96];
	linux_put_stat64(b, &st);
	return copyout(k, a[1], b, sizeof(b)) < 0 ? -EFAULT : 0;
}

#define L_TCGETS     0x5401
#define L_TIOCGWINSZ 0x5413
#define L_FIONREAD   0x541b

/* ioctl: the terminal requests on a host terminal, ENOTTY elsewhere. */
int32_t linux_ioctl(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	if (!f)
		return -EBADF;
	if (f->type != FD_HOST || !isatty(f->host_fd))
		return -ENOTTY;
	uint8_t buf[64];
	uint32_t len;
	switch (a[1]) {
	case L_TCGETS: len = 36; break; /* the kernel's struct termios */
	case L_TIOCGWINSZ: len = 8; break;
	case L_FIONREAD: len = 4; break;
	default: return -ENOTTY;
	}
	memset(buf, 0, sizeof(buf));
	if (ioctl(f->host_fd, a[1], buf) < 0)
		return host_errno(errno);
	return copyout(k, a[2], buf, len) < 0 ? -EFAULT : 0;
}

static int32_t seek(struct kernel *k, uint32_t fd, int64_t off, uint32_t whence, int64_t *out)
{
	struct file *f = fd_file(k, fd);
	if (!f)
		return -EBADF;
	if (f->type != FD_HOST || isatty(f->host_fd))
		return -ESPIPE;
	if (whence > 2)
		return -EINVAL;
	if (f->is_dir && f->dir) /* getdents reads through a host DIR: seek it */
		return linux_dir_seek(f, off, whence, out);
	off_t r = lseek(f->host_fd, (off_t)off, (int)whence);
	if (r < 0)
		return host_errno(errno);
	*out = r;
	return 0;
}

int32_t linux_lseek(struct kernel *k, const uint32_t *a)
{
	int64_t pos = 0;
	int32_t r = seek(k, a[0], (int32_t)a[1], a[2], &pos);
	if (r < 0)
		return r;
	return pos > 0x7fffffff ? -EOVERFLOW : (int32_t)pos;
}

/* _llseek(fd, high, low, loff_t *result, whence) */
int32_t linux_llseek(struct kernel *k, const uint32_t *a)
{
	int64_t pos = 0;
	int32_t r = seek(k, a[0], (int64_t)(((uint64_t)a[1] << 32) | a[2]), a[4], &pos);
	if (r < 0)
		return r;
	return copyout(k, a[3], &pos, 8) < 0 ? -EFAULT : 0;
}

/* dup2(old, new) and dup3(old, new, flags). */
int32_t linux_dup2(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	if (!f)
		return -EBADF;
	if (a[1] >= NOFILE)
		return -EBADF;
	if (a[0] == a[1])
		return (int32_t)a[1];
	struct proc *p = k->cur;
	if (p->ofile[a[1]])
		file_close(k, p->ofile[a[1]]);
	p->ofile[a[1]] = file_dup(f);
	linux_set_cloexec(k, (int32_t)a[1], false);
	return (int32_t)a[1];
}

int32_t linux_dup3(struct kernel *k, const uint32_t *a)
{
	if (a[0] == a[1] || (a[2] & ~0x80000u))
		return -EINVAL;
	int32_t r = linux_dup2(k, a);
	linux_set_cloexec(k, r, a[2] & L_O_CLOEXEC);
	return r;
}

int32_t linux_dup(struct kernel *k, const uint32_t *a)
{
	int32_t r = sys_dup(k, a);
	linux_set_cloexec(k, r, false);
	return r;
}

int32_t linux_close(struct kernel *k, const uint32_t *a)
{
	int32_t r = sys_close(k, a);
	if (r == 0)
		linux_set_cloexec(k, (int32_t)a[0], false);
	return r;
}

/* pipe2(fds, flags): O_CLOEXEC and O_NONBLOCK. */
int32_t linux_pipe2(struct kernel *k, const uint32_t *a)
{
	if (a[1] & ~(L_O_CLOEXEC | L_O_NONBLOCK))
		return -EINVAL;
	int32_t r = sys_pipe(k, a);
	int32_t fds[2];
	if (r < 0 || copyin(k, fds, a[0], 8) < 0)
		return r;
	for (int i = 0; i < 2; i++) {
		linux_set_cloexec(k, fds[i], a[1] & L_O_CLOEXEC);
		struct file *f = fd_file(k, (uint32_t)fds[i]);
		if (f)
			f->lflags = a[1] & L_O_NONBLOCK;
	}
	return r;
}

int32_t linux_pipe(struct kernel *k, const uint32_t *a)
{
	uint32_t x[2] = {a[0], 0};
	return linux_pipe2(k, x);
}

/* read/write: Linux checks the whole buffer is user memory (access_ok:
 * -EFAULT for a range that wraps or reaches the kernel) and clamps the
 * count to MAX_RW_COUNT; the shared calls do the rest. */
static int32_t rw(struct kernel *k, const uint32_t *a, syscall_fn io)
{
	if ((uint64_t)a[1] + a[2] > USER_TOP)
		return -EFAULT;
	uint32_t x[3] = {a[0], a[1], a[2] > 0x7ffff000u ? 0x7ffff000u : a[2]};
	struct file *f = fd_file(k, a[0]);
	/* A count of 0 on a pipe returns 0 at once, empty or full, with or
	 * without a reader (Linux fs/pipe.c: "Null write succeeds", and the
	 * read side alike); xv6's piperead, whose sys_read this is, would
	 * sleep on an empty pipe. */
	if (f && f->type == FD_PIPE && a[2] == 0 && (io == sys_read ? f->readable : f->writable))
		return 0;
	/* O_NONBLOCK on a pipe: -EAGAIN where the call would sleep. */
	if (f && f->type == FD_PIPE && (f->lflags & L_O_NONBLOCK) && a[2]) {
		const struct pipe *pp = f->pipe;
		uint32_t held = pp->nwrite - pp->nread;
		if (io == sys_read && f->readable && held == 0 && pp->writers > 0)
			return -EAGAIN;
		if (io == sys_write && f->writable && held == PIPESIZE && pp->readers > 0)
			return -EAGAIN;
	}
	return io(k, x);
}

int32_t linux_read(struct kernel *k, const uint32_t *a)
{
	return rw(k, a, sys_read);
}

int32_t linux_write(struct kernel *k, const uint32_t *a)
{
	return rw(k, a, sys_write);
}

/* pread64/pwrite64(fd, buf, count, offset low, offset high): at an
 * offset, the file offset unchanged; regular files only (-ESPIPE for
 * pipes and terminals, as Linux's unseekable files). */
static int32_t positioned(struct kernel *k, const uint32_t *a, bool write_it)
{
	struct file *f = fd_file(k, a[0]);
	if (!f || (write_it ? !f->writable : !f->readable))
		return -EBADF;
	int64_t off = (int64_t)(((uint64_t)a[4] << 32) | a[3]);
	if (off < 0)
		return -EINVAL;
	if (f->type != FD_HOST || isatty(f->host_fd))
		return -ESPIPE;
	if (f->is_dir)
		return -EISDIR;
	if ((uint64_t)a[1] + a[2] > USER_TOP)
		return -EFAULT;
	uint32_t n = a[2] > KERNEL_IO_CHUNK ? KERNEL_IO_CHUNK : a[2];
	ssize_t r;
	if (write_it) {
		if (copyin(k, k->iobuf, a[1], n) < 0)
			return -EFAULT;
		r = pwrite(f->host_fd, k->iobuf, n, (off_t)off);
	} else {
		if (user_range_ok(k, a[1], n, true) < 0)
			return -EFAULT;
		r = pread(f->host_fd, k->iobuf, n, (off_t)off);
		if (r > 0 && copyout(k, a[1], k->iobuf, (uint32_t)r) < 0)
			return -EFAULT;
	}
	return r < 0 ? host_errno(errno) : (int32_t)r;
}

int32_t linux_pread64(struct kernel *k, const uint32_t *a)
{
	return positioned(k, a, false);
}

int32_t linux_pwrite64(struct kernel *k, const uint32_t *a)
{
	return positioned(k, a, true);
}
