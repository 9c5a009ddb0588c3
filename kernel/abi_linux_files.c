/*
 * File calls of the Linux personality that differ from the shared ones:
 * Linux's open flags, vectored I/O, struct stat64, ioctl on terminals,
 * 64-bit seeks. Paths go through the shared sandboxed resolver (fs.c).
 */
#define _GNU_SOURCE
#include "abi_linux.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define L_O_CREAT  0x40
#define L_O_TRUNC  0x200
#define L_O_APPEND 0x400
#define AT_FDCWD   (-100)

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

int32_t linux_open(struct kernel *k, const uint32_t *a)
{
	uint32_t x[2] = {a[0], xv6_flags(a[1])};
	return sys_open(k, x);
}

/* openat: AT_FDCWD or an absolute path (a directory fd is not supported). */
int32_t linux_openat(struct kernel *k, const uint32_t *a)
{
	char c;
	if ((int32_t)a[0] != AT_FDCWD && (copyin(k, &c, a[1], 1) < 0 || c != '/'))
		return (int32_t)a[0] < 0 ? -EBADF : -ENOSYS;
	uint32_t x[2] = {a[1], xv6_flags(a[2])};
	return sys_open(k, x);
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
static void put_stat64(uint8_t *b, const struct stat *st)
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

int32_t linux_fstat64(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	if (!f)
		return -EBADF;
	struct stat st;
	memset(&st, 0, sizeof(st));
	if (f->type == FD_PIPE)
		st.st_mode = S_IFIFO | 0600;
	else if (fstat(f->host_fd, &st) < 0)
		return host_errno(errno);
	uint8_t b[96];
	put_stat64(b, &st);
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
	return (int32_t)a[1];
}

int32_t linux_dup3(struct kernel *k, const uint32_t *a)
{
	if (a[0] == a[1] || (a[2] & ~0x80000u))
		return -EINVAL;
	return linux_dup2(k, a);
}

/* pipe2(fds, flags): O_CLOEXEC and O_NONBLOCK are not kept. */
int32_t linux_pipe2(struct kernel *k, const uint32_t *a)
{
	if (a[1] & ~(0x80000u | 0x800u))
		return -EINVAL;
	return sys_pipe(k, a);
}

/* fstatat64(dirfd, path, buf, flags): with AT_EMPTY_PATH (0x1000) and an
 * empty path, fstat64 of dirfd; a path is looked up as stat64 would be,
 * which is not there yet (docs/linux.md): -ENOSYS. */
int32_t linux_fstatat64(struct kernel *k, const uint32_t *a)
{
	char c = 1;
	if ((a[3] & 0x1000u) && copyin(k, &c, a[1], 1) == 0 && c == 0) {
		uint32_t x[2] = {a[0], a[2]};
		return linux_fstat64(k, x);
	}
	return -ENOSYS;
}

/* read/write: Linux checks the whole buffer is user memory (access_ok:
 * -EFAULT for a range that wraps or reaches the kernel) and clamps the
 * count to MAX_RW_COUNT; the shared calls do the rest. */
static int32_t rw(struct kernel *k, const uint32_t *a, syscall_fn io)
{
	if ((uint64_t)a[1] + a[2] > USER_TOP)
		return -EFAULT;
	uint32_t x[3] = {a[0], a[1], a[2] > 0x7ffff000u ? 0x7ffff000u : a[2]};
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
