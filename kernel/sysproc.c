/* Process system calls: fork, exit, wait, wait2, kill, getpid, sbrk,
 * sleep, uptime. exec is in sysexec.c. */
#include "sysdefs.h"

#include <string.h>

/* A child of the current process, a copy of it but for its address
 * space: a copy of the parent's, or (`borrow`) the parent's own, lent
 * until the child execs or exits (proc_vfork_end). */
static int32_t fork_proc(struct kernel *k, bool borrow)
{
	struct proc *p = k->cur;
	struct proc *np = proc_alloc(k);
	if (!np)
		return -EAGAIN; /* NPROC processes exist */
	np->pgdir = borrow ? p->pgdir : pgdir_copy(k, p->pgdir);
	if (!np->pgdir) {
		np->state = P_UNUSED;
		return -ENOMEM;
	}
	np->vfork_lender = borrow ? p : NULL;
	np->parent = p;
	kfpu_fork(k, p, np);
	np->brk = p->brk;
	np->heap_base = p->heap_base;
	np->abi = p->abi;
	signal_fork(p, np);
	memcpy(np->tls, p->tls, sizeof(np->tls));
	np->mmap_next = p->mmap_next;
	np->load_bias = p->load_bias;
	memcpy(np->name, p->name, sizeof(np->name));
	memcpy(np->cwd, p->cwd, sizeof(np->cwd));
	memcpy(np->exe, p->exe, sizeof(np->exe));
	memcpy(np->cloexec, p->cloexec, sizeof(np->cloexec));
	np->umask_x = p->umask_x;
	np->pgid = p->pgid;
	np->sid = p->sid;
	for (unsigned fd = 0; fd < NOFILE; fd++)
		if (p->ofile[fd])
			np->ofile[fd] = file_dup(p->ofile[fd]);
	/* The child resumes after the same `int $64`, with fork's result 0. */
	np->tf = *k->tf;
	np->tf.eax = 0;
	np->state = P_RUNNABLE;
	/* Preemption needs a timer once two processes exist (README). */
	if (!k->cpu->timer_period)
		cpu_set_timer(k->cpu, DEFAULT_TIMER_PERIOD);
	return np->pid;
}

int32_t sys_fork(struct kernel *k, const uint32_t *a)
{
	(void)a;
	return fork_proc(k, false);
}

int32_t proc_vfork(struct kernel *k)
{
	return fork_proc(k, true);
}

int32_t sys_exit(struct kernel *k, const uint32_t *a)
{
	/* Like a Unix wait status, only the low 8 bits survive. */
	proc_exit(k, k->cur, (int)(a[0] & 0xff));
	return 0;
}

/* Reaps one zombie child: its pid, its status in *status. 0 when there
 * are children but none has exited, -ECHILD when there are none. */
static int32_t reap(struct kernel *k, int *status)
{
	bool kids = false;
	for (unsigned i = 0; i < NPROC; i++) {
		struct proc *c = &k->procs[i];
		if (c->state == P_UNUSED || c->parent != k->cur)
			continue;
		kids = true;
		if (c->state != P_ZOMBIE)
			continue;
		int pid = c->pid;
		*status = c->xstatus;
		if (c->pgdir)
			pgdir_destroy(k, c->pgdir);
		memset(c, 0, sizeof(*c));
		return pid;
	}
	return kids ? 0 : -ECHILD;
}

/* wait(): xv6's, no argument, the pid of an exited child. */
int32_t sys_wait(struct kernel *k, const uint32_t *a)
{
	(void)a;
	int status;
	int32_t r = reap(k, &status);
	if (r)
		return r;
	proc_sleep(k, k->cur);
	return K_RESTART;
}

/* wait2(int *status): the same, and the child's exit status (0-255; 128+n
 * when an exception or kill ended it) stored at status unless it is 0. */
int32_t sys_wait2(struct kernel *k, const uint32_t *a)
{
	/* Check the pointer before reaping, so a bad one loses no child. */
	if (a[0] && user_range_ok(k, a[0], 4, true) < 0)
		return -EFAULT;
	int status;
	int32_t r = reap(k, &status);
	if (r > 0 && a[0] && copyout(k, a[0], &status, 4) < 0)
		return -EFAULT;
	if (r)
		return r;
	proc_sleep(k, k->cur);
	return K_RESTART;
}

/* kill(pid): ends the process at once with status 128+9, as SIGKILL would.
 * It holds no kernel state (every blocking call restarts), so there is
 * nothing to unwind. */
int32_t sys_kill(struct kernel *k, const uint32_t *a)
{
	int32_t pid = (int32_t)a[0];
	for (unsigned i = 0; i < NPROC; i++) {
		struct proc *p = &k->procs[i];
		if (p->pid == pid && p->state != P_UNUSED && p->state != P_ZOMBIE) {
			p->termsig = 9;
			proc_note_end(k, p, 128 + 9, 9, NULL);
			proc_exit(k, p, 128 + 9);
			return 0;
		}
	}
	return -ESRCH;
}

int32_t sys_getpid(struct kernel *k, const uint32_t *a)
{
	(void)a;
	return k->cur->pid;
}

/* sbrk(n): moves the program break by n bytes (n may be negative) and
 * returns the old break; pages are mapped or freed as the break crosses
 * page boundaries. The heap is limited to HEAP_MAX bytes per process. */
int32_t sys_sbrk(struct kernel *k, const uint32_t *a)
{
	struct proc *p = k->cur;
	int32_t n = (int32_t)a[0];
	uint32_t old = p->brk;
	int64_t nb = (int64_t)old + n;
	/* Only growth is limited: a program whose last segment ends above
	 * HEAP_LIMIT has a break there, and sbrk(0) or a shrink back to its
	 * base must still work. */
	if (nb < p->heap_base || (n > 0 && (nb > HEAP_LIMIT || nb - p->heap_base > HEAP_MAX)))
		return -ENOMEM;
	uint32_t old_top = (old + PAGE_MASK) & ~PAGE_MASK;
	uint32_t new_top = ((uint32_t)nb + PAGE_MASK) & ~PAGE_MASK;
	if (new_top > old_top) {
		if (map_user_range(k, p->pgdir, old_top, new_top - old_top, PTE_W) < 0) {
			unmap_user_range(k, p->pgdir, old_top, new_top - old_top);
			return -ENOMEM;
		}
	} else if (new_top < old_top) {
		unmap_user_range(k, p->pgdir, new_top, old_top - new_top);
	}
	p->brk = (uint32_t)nb;
	return (int32_t)old;
}

/* sleep(n): n virtual ticks. The result is known now, so the call is not
 * restarted: the process just becomes runnable again at the deadline. */
int32_t sys_sleep(struct kernel *k, const uint32_t *a)
{
	int32_t n = (int32_t)a[0];
	if (n < 0)
		return -EINVAL;
	if (n == 0)
		return 0;
	k->cur->wake_tick = k->cpu->icount / TICK_INSNS + (uint32_t)n;
	proc_sleep(k, NULL);
	return 0;
}

int32_t sys_uptime(struct kernel *k, const uint32_t *a)
{
	(void)a;
	return (int32_t)(k->cpu->icount / TICK_INSNS);
}
