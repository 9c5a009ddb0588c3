/*
 * The open-file table and pipes. A struct file is shared by dup and fork
 * (one offset, as in Unix) and counted; its host descriptor is closed on
 * the last close, so none outlives the guest's use of it.
 */
#include "sysdefs.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct file *file_alloc(struct kernel *k)
{
	for (unsigned i = 0; i < NFILE; i++) {
		struct file *f = &k->files[i];
		if (f->ref == 0) {
			memset(f, 0, sizeof(*f));
			f->ref = 1;
			f->host_fd = -1;
			return f;
		}
	}
	return NULL;
}

struct file *file_dup(struct file *f)
{
	f->ref++;
	return f;
}

void file_close(struct kernel *k, struct file *f)
{
	if (--f->ref > 0)
		return;
	if (f->type == FD_PIPE) {
		struct pipe *pp = f->pipe;
		if (f->readable)
			pp->readers--;
		if (f->writable)
			pp->writers--;
		/* Readers see EOF, writers -EPIPE: wake both to find out. */
		proc_wakeup(k, pp);
	} else if (f->type == FD_HOST) {
		if (f->dir)
			closedir(f->dir); /* closes its own duplicate of host_fd */
		free(f->xv6_list);
		if (f->own_fd && f->host_fd >= 0)
			close(f->host_fd);
	}
	memset(f, 0, sizeof(*f));
	f->host_fd = -1;
}

int fd_nofile(const struct kernel *k)
{
	const struct abi *abi = k->cur ? k->cur->abi : NULL;
	return abi && abi->nofile ? (int)abi->nofile : NOFILE_XV6;
}

int fd_alloc(struct kernel *k, struct file *f)
{
	int n = fd_nofile(k);
	for (int fd = 0; fd < n; fd++) {
		if (!k->cur->ofile[fd]) {
			k->cur->ofile[fd] = f;
			return fd;
		}
	}
	return -EMFILE;
}

void file_free_all(struct kernel *k)
{
	for (unsigned i = 0; i < NFILE; i++) {
		struct file *f = &k->files[i];
		if (f->ref > 0) {
			f->ref = 1;
			file_close(k, f);
		}
	}
}

static struct pipe *pipe_alloc(struct kernel *k)
{
	for (unsigned i = 0; i < NPIPE; i++) {
		struct pipe *p = &k->pipes[i];
		if (p->readers == 0 && p->writers == 0) {
			p->nread = p->nwrite = 0;
			return p;
		}
	}
	return NULL;
}

/* pipe(int fds[2]): fds[0] reads, fds[1] writes. */
int32_t sys_pipe(struct kernel *k, const uint32_t *a)
{
	if (user_range_ok(k, a[0], 8, true) < 0)
		return -EFAULT;
	struct pipe *pp = pipe_alloc(k);
	if (!pp)
		return -ENFILE;
	struct file *rf = file_alloc(k);
	struct file *wf = rf ? file_alloc(k) : NULL;
	if (!wf) {
		if (rf)
			rf->ref = 0;
		return -ENFILE;
	}
	rf->type = wf->type = FD_PIPE;
	rf->pipe = wf->pipe = pp;
	rf->readable = wf->writable = true;
	pp->readers = pp->writers = 1;
	int32_t fds[2] = {fd_alloc(k, rf), -1};
	if (fds[0] >= 0)
		fds[1] = fd_alloc(k, wf);
	if (fds[1] < 0) {
		if (fds[0] >= 0)
			k->cur->ofile[fds[0]] = NULL;
		file_close(k, rf);
		file_close(k, wf);
		return -EMFILE;
	}
	if (copyout(k, a[0], fds, sizeof(fds)) < 0) /* checked above: cannot fail */
		return -EFAULT;
	return 0;
}

/* Reads what the pipe holds, up to n bytes; sleeps (and restarts) while it
 * is empty and a writer remains; 0 (EOF) once every writer has closed. */
int32_t pipe_read(struct kernel *k, struct pipe *pp, uint32_t ubuf, uint32_t n)
{
	uint32_t avail = pp->nwrite - pp->nread;
	if (avail == 0) {
		if (pp->writers == 0)
			return 0;
		proc_sleep(k, pp);
		return K_RESTART;
	}
	if (n > avail)
		n = avail;
	if (user_range_ok(k, ubuf, n, true) < 0)
		return -EFAULT;
	for (uint32_t i = 0; i < n; i++)
		k->iobuf[i] = pp->buf[(pp->nread + i) % PIPESIZE];
	if (copyout(k, ubuf, k->iobuf, n) < 0)
		return -EFAULT;
	pp->nread += n;
	proc_wakeup(k, pp);
	return (int32_t)n;
}

/* Writes all n bytes, sleeping while the pipe is full; the bytes already
 * written are remembered in wdone, so the restarted call goes on from
 * there. -EPIPE (or the count so far) once every reader has closed. */
int32_t pipe_write(struct kernel *k, struct pipe *pp, uint32_t ubuf, uint32_t n)
{
	struct proc *p = k->cur;
	while (p->wdone < n) {
		if (pp->readers == 0) {
			int32_t done = (int32_t)p->wdone;
			p->wdone = 0;
			return done ? done : -EPIPE;
		}
		uint32_t room = PIPESIZE - (pp->nwrite - pp->nread);
		if (room == 0) {
			proc_wakeup(k, pp);
			proc_sleep(k, pp);
			return K_RESTART;
		}
		uint32_t chunk = n - p->wdone < room ? n - p->wdone : room;
		if (copyin(k, k->iobuf, ubuf + p->wdone, chunk) < 0) {
			int32_t done = (int32_t)p->wdone;
			p->wdone = 0;
			return done ? done : -EFAULT;
		}
		for (uint32_t i = 0; i < chunk; i++)
			pp->buf[(pp->nwrite + i) % PIPESIZE] = k->iobuf[i];
		pp->nwrite += chunk;
		p->wdone += chunk;
	}
	p->wdone = 0;
	proc_wakeup(k, pp);
	return (int32_t)n;
}
