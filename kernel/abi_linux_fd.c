/*
 * Descriptor calls of the Linux personality: fcntl/fcntl64 and
 * getdents/getdents64, with the per-descriptor FD_CLOEXEC that exec
 * honours (linux_on_exec) and the open file's status flags.
 */
#define _GNU_SOURCE
#include "abi_linux.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define L_O_APPEND   0x400
#define L_O_NONBLOCK 0x800

static struct file *fd_file(struct kernel *k, uint32_t fd)
{
	return fd < NOFILE ? k->cur->ofile[fd] : NULL;
}

/* The lowest free descriptor from `min` on, for F_DUPFD. */
static int32_t dup_from(struct kernel *k, struct file *f, uint32_t min, bool cloexec)
{
	if (min >= NOFILE)
		return -EINVAL; /* past RLIMIT_NOFILE, as Linux says */
	for (uint32_t fd = min; fd < NOFILE; fd++)
		if (!k->cur->ofile[fd]) {
			k->cur->ofile[fd] = file_dup(f);
			linux_set_cloexec(k, (int32_t)fd, cloexec);
			return (int32_t)fd;
		}
	return -EMFILE;
}

/* fcntl64(fd, cmd, arg): F_DUPFD 0, F_GETFD 1, F_SETFD 2, F_GETFL 3,
 * F_SETFL 4, F_DUPFD_CLOEXEC 1030; other commands -EINVAL (no locks). */
int32_t linux_fcntl64(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	if (!f)
		return -EBADF;
	switch (a[1]) {
	case 0: return dup_from(k, f, a[2], false);
	case 1030: return dup_from(k, f, a[2], true);
	case 1: return (k->cur->cloexec[a[0] >> 5] >> (a[0] & 31)) & 1;
	case 2: linux_set_cloexec(k, (int32_t)a[0], a[2] & 1); return 0;
	case 3: {
		uint32_t acc = f->readable && f->writable ? 2 : f->writable ? 1 : 0;
		return (int32_t)(acc | f->lflags);
	}
	case 4: {
		/* Only O_APPEND and O_NONBLOCK may change (Linux's SETFL_MASK
		 * less the ones we do not have). */
		uint32_t keep = f->lflags & ~(uint32_t)(L_O_APPEND | L_O_NONBLOCK);
		uint32_t set = a[2] & (L_O_APPEND | L_O_NONBLOCK);
		if (f->type == FD_HOST && f->own_fd) {
			int hf = fcntl(f->host_fd, F_GETFL);
			if (hf >= 0)
				(void)fcntl(f->host_fd, F_SETFL,
					    (set & L_O_APPEND) ? hf | O_APPEND : hf & ~O_APPEND);
		}
		f->lflags = keep | set;
		return 0;
	}
	default: return -EINVAL;
	}
}

/* flock(fd, op): LOCK_SH 1, LOCK_EX 2, LOCK_UN 8, with LOCK_NB 4. A lock
 * belongs to the open file (shared across fork and dup), which is exactly
 * the host's flock on the file's host descriptor, so the host keeps the
 * locks: between this run's processes, and against host processes too.
 * The host call never blocks (the emulator is one thread): a lock that
 * must wait sleeps a tick and the call runs again, as Linux's sleeps in
 * the kernel (a signal handler interrupts it: -EINTR or SA_RESTART). */
int32_t linux_flock(struct kernel *k, const uint32_t *a)
{
	struct file *f = fd_file(k, a[0]);
	if (!f)
		return -EBADF;
	uint32_t op = a[1] & ~4u;
	if (op != 1 && op != 2 && op != 8)
		return -EINVAL;
	if (f->type != FD_HOST || !f->own_fd)
		return -EINVAL; /* a pipe, or the terminal the host lent us */
	/* The kernel's /dev/null or /dev/zero is the host's device: a lock on
	 * it would reach outside the root, so it is granted at once and held
	 * by nobody (unlike Linux, two guest processes do not exclude each
	 * other on it). */
	if (f->kernel_dev)
		return 0;
	int hop = op == 1 ? LOCK_SH : op == 2 ? LOCK_EX : LOCK_UN;
	if (flock(f->host_fd, hop | LOCK_NB) == 0)
		return 0;
	if (errno != EWOULDBLOCK)
		return host_errno(errno);
	if (a[1] & 4)
		return -EWOULDBLOCK;
	k->cur->wake_tick = k->cpu->icount / TICK_INSNS + 1;
	proc_sleep(k, NULL);
	return K_RESTART;
}

/* Seeking a directory that getdents reads. Its d_off cookies are entry
 * counts — small numbers, as a 32-bit program needs (glibc's readdir
 * refuses a d_off past 32 bits; Linux gives 32-bit tasks 32-bit hashes) —
 * so seeking to one reads that many entries again from the start. */
int32_t linux_dir_seek(struct file *f, int64_t off, uint32_t whence, int64_t *out)
{
	DIR *d = f->dir;
	if (whence == 1 && off == 0) {
		*out = f->dir_pos;
		return 0;
	}
	if (whence != 0 || off < 0 || off > 0x7fffffff)
		return -EINVAL;
	rewinddir(d);
	f->dir_pos = 0;
	while (f->dir_pos < (uint64_t)off && readdir(d))
		f->dir_pos++;
	*out = off;
	return 0;
}

static uint8_t d_type_of(struct file *f, const struct dirent *e)
{
	if (e->d_type != DT_UNKNOWN)
		return e->d_type;
	struct stat st;
	if (fstatat(dirfd((DIR *)f->dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return DT_UNKNOWN;
	return (uint8_t)((st.st_mode & S_IFMT) >> 12); /* DT_x is S_IFx >> 12 */
}

/* getdents64(fd, buf, count) and getdents: as many records as fit, the
 * next read starting where this one stopped; -EINVAL when not even one
 * fits (Linux). linux_dirent64: u64 ino, s64 off, u16 reclen, u8 type,
 * name; 8-aligned. linux_dirent: u32 ino, u32 off, u16 reclen, name,
 * NUL, type in the last byte; 4-aligned. */
static int32_t getdents(struct kernel *k, const uint32_t *a, bool is64)
{
	struct file *f = fd_file(k, a[0]);
	if (!f)
		return -EBADF;
	if (f->type != FD_HOST || !f->is_dir)
		return -ENOTDIR;
	uint32_t count = a[2] > KERNEL_IO_CHUNK ? KERNEL_IO_CHUNK : a[2];
	if (user_range_ok(k, a[1], count, true) < 0)
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
	uint8_t *buf = k->iobuf;
	uint32_t used = 0;
	for (;;) {
		long pos = telldir(f->dir);
		errno = 0;
		struct dirent *e = readdir(f->dir);
		if (!e) {
			if (errno)
				return used ? (int32_t)used : -EIO;
			break;
		}
		size_t nl = strlen(e->d_name);
		uint32_t rec = is64 ? (uint32_t)((19 + nl + 1 + 7) & ~7u)
				    : (uint32_t)((10 + nl + 2 + 3) & ~3u);
		if (!is64 && e->d_ino > 0xffffffffu) {
			seekdir(f->dir, pos);
			return used ? (int32_t)used : -EOVERFLOW;
		}
		if (used + rec > count) {
			seekdir(f->dir, pos);
			if (!used)
				return -EINVAL;
			break;
		}
		uint8_t *r = buf + used;
		memset(r, 0, rec);
		uint64_t ino = e->d_ino;
		int64_t off = ++f->dir_pos;
		uint16_t rl = (uint16_t)rec;
		uint8_t ty = d_type_of(f, e);
		if (is64) {
			memcpy(r, &ino, 8);
			memcpy(r + 8, &off, 8);
			memcpy(r + 16, &rl, 2);
			r[18] = ty;
			memcpy(r + 19, e->d_name, nl);
		} else {
			uint32_t i32 = (uint32_t)ino, o32 = (uint32_t)off;
			memcpy(r, &i32, 4);
			memcpy(r + 4, &o32, 4);
			memcpy(r + 8, &rl, 2);
			memcpy(r + 10, e->d_name, nl);
			r[rec - 1] = ty;
		}
		used += rec;
	}
	return copyout(k, a[1], buf, used) < 0 ? -EFAULT : (int32_t)used;
}

int32_t linux_getdents64(struct kernel *k, const uint32_t *a)
{
	return getdents(k, a, true);
}

int32_t linux_getdents(struct kernel *k, const uint32_t *a)
{
	return getdents(k, a, false);
}

/* exec: descriptors marked FD_CLOEXEC are closed. */
void linux_close_on_exec(struct kernel *k, struct proc *p)
{
	for (unsigned fd = 0; fd < NOFILE; fd++)
		if ((p->cloexec[fd >> 5] >> (fd & 31)) & 1 && p->ofile[fd]) {
			file_close(k, p->ofile[fd]);
			p->ofile[fd] = NULL;
		}
	memset(p->cloexec, 0, sizeof(p->cloexec));
}

/* Where sendfile's bytes go: a host descriptor (written whole) or a pipe
 * (as much as it has room for; a full pipe sleeps before anything is
 * read, so the restarted call loses nothing). The count or -errno. */
static int32_t send_out(struct kernel *k, struct file *out, uint32_t room_wanted, uint32_t *room)
{
	if (out->type == FD_PIPE) {
		struct pipe *pp = out->pipe;
		if (pp->readers == 0)
			return -EPIPE;
		*room = PIPESIZE - (pp->nwrite - pp->nread);
		if (*room == 0) {
			if (out->lflags & L_O_NONBLOCK)
				return -EAGAIN;
			proc_sleep(k, pp);
			return K_RESTART;
		}
	} else {
		*room = room_wanted;
	}
	return 0;
}

/* sendfile(out, in, offset *, count): from a regular file of the tree
 * (at *offset, which is advanced, or at its file offset) to a host
 * descriptor or a pipe, through the kernel's buffer. `wide`: loff_t
 * offsets (sendfile64). */
static int32_t sendfile_common(struct kernel *k, const uint32_t *a, bool wide)
{
	struct file *out = fd_file(k, a[0]), *in = fd_file(k, a[1]);
	if (!out || !in || !out->writable || !in->readable)
		return -EBADF;
	if (in->type != FD_HOST || in->is_dir)
		return -EINVAL;
	struct stat st;
	if (fstat(in->host_fd, &st) < 0 || !S_ISREG(st.st_mode))
		return -EINVAL;
	int64_t off = 0;
	if (a[2]) {
		int32_t o32 = 0;
		if (wide ? copyin(k, &off, a[2], 8) < 0 : copyin(k, &o32, a[2], 4) < 0)
			return -EFAULT;
		if (!wide)
			off = o32;
		if (off < 0)
			return -EINVAL;
	}
	uint32_t count = a[3] > KERNEL_IO_CHUNK ? KERNEL_IO_CHUNK : a[3];
	// cppcheck-suppress knownConditionTrueFalse
	if (!count)
		return 0;
	uint32_t room;
	int32_t r = send_out(k, out, count, &room);
	if (r < 0)
		return r;
	/* cppcheck takes a[] for an empty array here. */
	// cppcheck-suppress knownConditionTrueFalse
	if (room < count)
		count = room;
	ssize_t n = a[2] ? pread(in->host_fd, k->iobuf, count, (off_t)off)
			 : read(in->host_fd, k->iobuf, count);
	if (n < 0)
		return host_errno(errno);
	if (out->type == FD_PIPE) {
		struct pipe *pp = out->pipe;
		for (ssize_t i = 0; i < n; i++)
			pp->buf[(pp->nwrite + (uint32_t)i) % PIPESIZE] = k->iobuf[i];
		pp->nwrite += (uint32_t)n;
		proc_wakeup(k, pp);
	} else {
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(out->host_fd, k->iobuf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return done ? (int32_t)done : host_errno(errno);
			done += w;
		}
	}
	if (a[2]) {
		off += n;
		int32_t o32 = (int32_t)off;
		if (wide ? copyout(k, a[2], &off, 8) < 0 : copyout(k, a[2], &o32, 4) < 0)
			return -EFAULT;
	}
	return (int32_t)n;
}

int32_t linux_sendfile(struct kernel *k, const uint32_t *a)
{
	return sendfile_common(k, a, false);
}

int32_t linux_sendfile64(struct kernel *k, const uint32_t *a)
{
	return sendfile_common(k, a, true);
}
