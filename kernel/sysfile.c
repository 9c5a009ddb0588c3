/* File system calls on the descriptors a process holds: read, write, close. */
#include "sysdefs.h"

#include <errno.h>
#include <unistd.h>

static struct file *fd_file(struct kernel *k, uint32_t fd)
{
	if (fd >= NOFILE)
		return NULL;
	return k->cur->ofile[fd];
}

int32_t sys_read(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	int32_t n = (int32_t)a[2];
	uint8_t *buf = k->iobuf;
	if (!f || !f->readable)
		return -EBADF;
	if (n < 0)
		return -EINVAL;
	if ((uint32_t)n > IO_CHUNK)
		n = IO_CHUNK;
	/* Check the buffer before consuming input, so a bad pointer does not
	 * lose data. */
	if (user_range_ok(k, a[1], (uint32_t)n, true) < 0)
		return -EFAULT;
	ssize_t r;
	do
		r = read(f->host_fd, buf, (size_t)n);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -EIO;
	if (copyout(k, a[1], buf, (uint32_t)r) < 0)
		return -EFAULT;
	return (int32_t)r;
}

int32_t sys_write(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	int32_t n = (int32_t)a[2];
	uint8_t *buf = k->iobuf;
	if (!f || !f->writable)
		return -EBADF;
	if (n < 0)
		return -EINVAL;
	uint32_t done = 0;
	while (done < (uint32_t)n) {
		uint32_t chunk = (uint32_t)n - done;
		if (chunk > IO_CHUNK)
			chunk = IO_CHUNK;
		if (copyin(k, buf, a[1] + done, chunk) < 0)
			return done ? (int32_t)done : -EFAULT;
		uint32_t off = 0;
		while (off < chunk) {
			ssize_t w = write(f->host_fd, buf + off, chunk - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return (done + off) ? (int32_t)(done + off)
						    : (errno == EPIPE ? -EPIPE : -EIO);
			off += (uint32_t)w;
		}
		done += chunk;
	}
	return (int32_t)done;
}

int32_t sys_close(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	if (!f)
		return -EBADF;
	/* The host's own stdin/stdout/stderr stay open for the emulator. */
	f->host_fd = -1;
	k->cur->ofile[a[0]] = NULL;
	return 0;
}
