/*
 * File-system information and advice of the Linux personality:
 * statfs64/fstatfs64, fadvise64/fadvise64_64, the extended-attribute
 * calls (no attributes here: -EOPNOTSUPP, as from a file system without
 * them, once the path or descriptor is found) and sched_getaffinity (the
 * emulated machine has one CPU). GNU coreutils call all of them.
 */
#include "abi_linux.h"

#include <errno.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#define L_PIPEFS_MAGIC 0x50495045u

static struct file *fd_file(struct kernel *k, uint32_t fd)
{
	return fd < NOFILE ? k->cur->ofile[fd] : NULL;
}

/* struct statfs64 (i386, 84 bytes: include/uapi/asm-generic/statfs.h
 * with the 32-bit ABI's packing): type, bsize, blocks, bfree, bavail,
 * files, ffree (64-bit), fsid, namelen, frsize, flags, spare[4]. */
static int32_t put_statfs64(struct kernel *k, uint32_t ubuf, const struct statfs *s)
{
	uint8_t b[84];
	memset(b, 0, sizeof(b));
	uint32_t w32[2];
	uint64_t w64[5] = {(uint64_t)s->f_blocks, (uint64_t)s->f_bfree, (uint64_t)s->f_bavail,
			   (uint64_t)s->f_files, (uint64_t)s->f_ffree};
	w32[0] = (uint32_t)s->f_type;
	w32[1] = (uint32_t)s->f_bsize;
	memcpy(b, w32, 8);
	memcpy(b + 8, w64, 40);
	memcpy(b + 48, &s->f_fsid, 8);
	uint32_t tail[3] = {(uint32_t)s->f_namelen, (uint32_t)s->f_frsize, (uint32_t)s->f_flags};
	memcpy(b + 56, tail, 12);
	return copyout(k, ubuf, b, sizeof(b)) < 0 ? -EFAULT : 0;
}

/* statfs64(path, size, buf): the size must be the structure's (Linux:
 * -EINVAL otherwise); the figures are the host file system's. */
int32_t linux_statfs64(struct kernel *k, const uint32_t *a)
{
	if (a[1] != 84)
		return -EINVAL;
	int32_t fd = linux_path_open(k, a[0], true);
	if (fd < 0)
		return fd;
	struct statfs s;
	int32_t r = fstatfs(fd, &s) < 0 ? host_errno(errno) : 0;
	close(fd);
	return r < 0 ? r : put_statfs64(k, a[2], &s);
}

int32_t linux_fstatfs64(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	if (!f)
		return -EBADF;
	if (a[1] != 84)
		return -EINVAL;
	struct statfs s;
	memset(&s, 0, sizeof(s));
	if (f->type == FD_PIPE) {
		s.f_type = L_PIPEFS_MAGIC; /* Linux's pipefs */
		s.f_bsize = s.f_frsize = 4096;
		s.f_namelen = 255;
	} else if (fstatfs(f->host_fd, &s) < 0) {
		return host_errno(errno);
	}
	return put_statfs64(k, a[2], &s);
}

/* Linux's generic_fadvise(): a descriptor, not a pipe, a known advice
 * (POSIX_FADV_NORMAL..NOREUSE, 0-5) and a length not negative; the advice
 * itself changes nothing here. */
static int32_t fadvise(struct kernel *k, uint32_t fd, int64_t len, uint32_t advice)
{
	struct file *f = fd_file(k, fd);
	if (!f)
		return -EBADF;
	if (f->type == FD_PIPE)
		return -ESPIPE;
	if (advice > 5 || len < 0)
		return -EINVAL;
	return 0;
}

/* fadvise64(fd, offset lo, offset hi, len, advice): len 32-bit. */
int32_t linux_fadvise64(struct kernel *k, const uint32_t *a)
{
	return fadvise(k, a[0], (int32_t)a[3], a[4]);
}

/* fadvise64_64(fd, offset lo, hi, len lo, hi, advice). */
int32_t linux_fadvise64_64(struct kernel *k, const uint32_t *a)
{
	return fadvise(k, a[0], (int64_t)((uint64_t)a[4] << 32 | a[3]), a[5]);
}

/* getxattr, lgetxattr, listxattr, llistxattr: the path is found (its
 * errors are the call's), then -EOPNOTSUPP. */
static int32_t xattr_path(struct kernel *k, uint32_t upath, bool follow)
{
	int32_t fd = linux_path_open(k, upath, follow);
	if (fd == -ELOOP && !follow)
		return -EOPNOTSUPP; /* a symlink's own attributes: none either */
	if (fd < 0)
		return fd;
	close(fd);
	return -EOPNOTSUPP;
}

int32_t linux_getxattr(struct kernel *k, const uint32_t *a)
{
	return xattr_path(k, a[0], true);
}

int32_t linux_lgetxattr(struct kernel *k, const uint32_t *a)
{
	return xattr_path(k, a[0], false);
}

int32_t linux_fxattr(struct kernel *k, const uint32_t *a)
{
	return fd_file(k, a[0]) ? -EOPNOTSUPP : -EBADF;
}

/* sched_getaffinity(pid, len, mask): CPU 0 alone. The kernel's mask is
 * 32 bits here (nr_cpu_ids 1, in longs): a shorter buffer is -EINVAL,
 * the result is the bytes written. pid 0 is the caller. */
int32_t linux_sched_getaffinity(struct kernel *k, const uint32_t *a)
{
	if ((int32_t)a[0] < 0 || !linux_proc_of(k, (int32_t)a[0]))
		return -ESRCH;
	if (a[1] < 4 || (a[1] & 3))
		return -EINVAL;
	uint32_t mask = 1;
	return copyout(k, a[2], &mask, 4) < 0 ? -EFAULT : 4;
}
