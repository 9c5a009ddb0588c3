/* System calls on the descriptors a process holds: read, write, close,
 * dup, fstat, readdir. */
#include "sysdefs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct file *fd_file(struct kernel *k, uint32_t fd)
{
	if (fd >= NOFILE)
		return NULL;
	return k->cur->ofile[fd];
}

/* A host errno as the guest's negative errno (the same Linux numbers);
 * anything the guest has no name for is -EIO. */
int32_t host_errno(int e)
{
	switch (e) {
	case EPERM:
	case ENOENT:
	case EACCES:
	case EEXIST:
	case ENOTDIR:
	case EISDIR:
	case EINVAL:
	case EMFILE:
	case ENFILE:
	case EFBIG:
	case ENOSPC:
	case EROFS:
	case EMLINK:
	case EPIPE:
	case ENAMETOOLONG:
	case ENOTEMPTY:
	case ELOOP:
	case EBUSY: return -e;
	case EXDEV: return -EXDEV;
	default: return -EIO;
	}
}

static int32_t host_read(struct kernel *k, struct file *f, uint32_t ubuf, uint32_t n)
{
	if (f->is_dir)
		return -EISDIR;
	if (n > IO_CHUNK)
		n = IO_CHUNK;
	/* Check the buffer before consuming input, so a bad pointer does not
	 * lose data. */
	if (user_range_ok(k, ubuf, n, true) < 0)
		return -EFAULT;
	ssize_t r;
	do
		r = read(f->host_fd, k->iobuf, n);
	while (r < 0 && errno == EINTR && !k->eintr_stops);
	if (r < 0 && errno == EINTR) {
		/* Nothing was consumed: the call runs again from its int $64
		 * once the debugger resumes the program. */
		cpu_request_stop(k->cpu);
		return K_RESTART;
	}
	if (r < 0)
		return host_errno(errno);
	if (copyout(k, ubuf, k->iobuf, (uint32_t)r) < 0)
		return -EFAULT;
	return (int32_t)r;
}

int32_t sys_read(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	int32_t n = (int32_t)a[2];
	if (!f || !f->readable)
		return -EBADF;
	if (n < 0)
		return -EINVAL;
	if (f->type == FD_PIPE)
		return pipe_read(k, f->pipe, a[1], (uint32_t)n);
	return host_read(k, f, a[1], (uint32_t)n);
}

/* The data is on the host (in its page cache) when the call returns. */
static int32_t host_write(struct kernel *k, struct file *f, uint32_t ubuf, uint32_t n)
{
	uint32_t done = 0;
	while (done < n) {
		uint32_t chunk = n - done;
		if (chunk > IO_CHUNK)
			chunk = IO_CHUNK;
		if (copyin(k, k->iobuf, ubuf + done, chunk) < 0)
			return done ? (int32_t)done : -EFAULT;
		uint32_t off = 0;
		while (off < chunk) {
			ssize_t w = write(f->host_fd, k->iobuf + off, chunk - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return (done + off) ? (int32_t)(done + off) : host_errno(errno);
			off += (uint32_t)w;
		}
		done += chunk;
	}
	return (int32_t)done;
}

int32_t sys_write(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	int32_t n = (int32_t)a[2];
	if (!f || !f->writable)
		return -EBADF;
	if (n < 0)
		return -EINVAL;
	if (f->type == FD_PIPE)
		return pipe_write(k, f->pipe, a[1], (uint32_t)n);
	return host_write(k, f, a[1], (uint32_t)n);
}

int32_t sys_close(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	if (!f)
		return -EBADF;
	k->cur->ofile[a[0]] = NULL;
	file_close(k, f);
	return 0;
}

int32_t sys_dup(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	if (!f)
		return -EBADF;
	int fd = fd_alloc(k, f);
	if (fd >= 0)
		file_dup(f);
	return fd;
}

/* fstat(fd, struct stat *): xv6's layout, little-endian with gcc's
 * padding: short type @0, int dev @4, uint ino @8, short nlink @12,
 * uint size @16; 20 bytes. Pipes and the host's terminals are devices. */
int32_t sys_fstat(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	if (!f)
		return -EBADF;
	uint8_t out[20];
	memset(out, 0, sizeof(out));
	int16_t type = T_DEV, nlink = 1;
	uint32_t dev = 0, ino = 0, size = 0;
	if (f->type == FD_PIPE) {
		size = f->pipe->nwrite - f->pipe->nread;
	} else {
		struct stat st;
		if (fstat(f->host_fd, &st) < 0)
			return host_errno(errno);
		type = S_ISDIR(st.st_mode) ? T_DIR : S_ISREG(st.st_mode) ? T_FILE : T_DEV;
		dev = (uint32_t)st.st_dev;
		ino = (uint32_t)st.st_ino;
		nlink = (int16_t)(st.st_nlink > 0x7fff ? 0x7fff : st.st_nlink);
		size = st.st_size > 0xffffffffLL ? 0xffffffffu : (uint32_t)st.st_size;
	}
	memcpy(out + 0, &type, 2);
	memcpy(out + 4, &dev, 4);
	memcpy(out + 8, &ino, 4);
	memcpy(out + 12, &nlink, 2);
	memcpy(out + 16, &size, 4);
	return copyout(k, a[1], out, sizeof(out));
}

/* readdir(fd, struct dirent *) (call 23): the next entry of a directory
 * opened with open(): uint ino @0, ushort type @4 (T_DIR, T_FILE, T_DEV
 * for anything else), ushort namelen @6, char name[DIRENT_NAME] @8
 * (NUL-terminated). 1 when an entry was stored, 0 at the end. */
int32_t sys_readdir(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	if (!f)
		return -EBADF;
	if (f->type != FD_HOST || !f->is_dir)
		return -ENOTDIR;
	if (user_range_ok(k, a[1], DIRENT_SIZE, true) < 0)
		return -EFAULT;
	if (!f->dir) {
		int fd = fcntl(f->host_fd, F_DUPFD_CLOEXEC, 0);
		f->dir = fd < 0 ? NULL : fdopendir(fd);
		if (!f->dir) {
			if (fd >= 0)
				close(fd);
			return -EIO;
		}
	}
	errno = 0;
	struct dirent *d = readdir(f->dir);
	if (!d)
		return errno ? -EIO : 0;
	uint8_t out[DIRENT_SIZE];
	memset(out, 0, sizeof(out));
	uint32_t ino = (uint32_t)d->d_ino;
	uint16_t type = T_DEV;
	if (d->d_type == DT_DIR)
		type = T_DIR;
	else if (d->d_type == DT_REG)
		type = T_FILE;
	struct stat st;
	if (d->d_type == DT_UNKNOWN &&
	    fstatat(dirfd((DIR *)f->dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
		type = S_ISDIR(st.st_mode) ? T_DIR : S_ISREG(st.st_mode) ? T_FILE : T_DEV;
	size_t len = strnlen(d->d_name, DIRENT_NAME - 1);
	uint16_t nl = (uint16_t)len;
	memcpy(out, &ino, 4);
	memcpy(out + 4, &type, 2);
	memcpy(out + 6, &nl, 2);
	memcpy(out + 8, d->d_name, len);
	if (copyout(k, a[1], out, sizeof(out)) < 0)
		return -EFAULT;
	return 1;
}
