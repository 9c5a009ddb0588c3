/*
 * Process groups and sessions of the Linux personality (setpgid(2),
 * setsid(2)): the first program leads its own group and session, as if
 * started by `setsid`; a child inherits both at fork and keeps them at
 * exec. kill(0) and kill(-G) use them (abi_linux_signal.c). Also the two
 * small calls shells and libraries expect: sched_yield and clock_getres.
 */
#include "abi_linux.h"

#include <errno.h>

struct proc *linux_proc_of(struct kernel *k, int32_t pid)
{
	if (pid == 0)
		return k->cur;
	for (unsigned i = 0; i < NPROC; i++) {
		struct proc *p = &k->procs[i];
		if (p->pid == pid && p->state != P_UNUSED)
			return p;
	}
	return NULL;
}

/* A live process is in group `pgid` of session `sid`. */
static bool group_exists(struct kernel *k, int pgid, int sid)
{
	for (unsigned i = 0; i < NPROC; i++) {
		const struct proc *p = &k->procs[i];
		if (p->state != P_UNUSED && p->state != P_ZOMBIE && p->pgid == pgid &&
		    p->sid == sid)
			return true;
	}
	return false;
}

int32_t linux_getpgrp(struct kernel *k, const uint32_t *a)
{
	(void)a;
	return k->cur->pgid;
}

int32_t linux_getpgid(struct kernel *k, const uint32_t *a)
{
	if ((int32_t)a[0] < 0)
		return -ESRCH;
	const struct proc *p = linux_proc_of(k, (int32_t)a[0]);
	return p ? p->pgid : -ESRCH;
}

int32_t linux_getsid(struct kernel *k, const uint32_t *a)
{
	if ((int32_t)a[0] < 0)
		return -ESRCH;
	const struct proc *p = linux_proc_of(k, (int32_t)a[0]);
	return p ? p->sid : -ESRCH;
}

/* setpgid(pid, pgid): the caller or a child of it, into a group of the
 * same session; a session leader cannot move. */
int32_t linux_setpgid(struct kernel *k, const uint32_t *a)
{
	int32_t pid = (int32_t)a[0], pgid = (int32_t)a[1];
	if (pid < 0 || pgid < 0)
		return -EINVAL;
	struct proc *p = linux_proc_of(k, pid);
	if (!p || (p != k->cur && p->parent != k->cur))
		return -ESRCH;
	if (pgid == 0)
		pgid = p->pid;
	if (p->sid == p->pid || p->sid != k->cur->sid)
		return -EPERM;
	if (pgid != p->pid && !group_exists(k, pgid, k->cur->sid))
		return -EPERM;
	p->pgid = pgid;
	return 0;
}

/* setsid(): a new session and group led by the caller, unless it already
 * leads a group (-EPERM, as Linux). */
int32_t linux_setsid(struct kernel *k, const uint32_t *a)
{
	(void)a;
	struct proc *p = k->cur;
	for (unsigned i = 0; i < NPROC; i++) {
		const struct proc *q = &k->procs[i];
		if (q->state != P_UNUSED && q->pgid == p->pid)
			return -EPERM;
	}
	p->pgid = p->sid = p->pid;
	return p->pid;
}

/* A hint: the timer's slices share the CPU; the call always succeeds. */
int32_t linux_sched_yield(struct kernel *k, const uint32_t *a)
{
	(void)k;
	(void)a;
	return 0;
}

/* The virtual clocks advance NS_PER_INSN a retired instruction. */
static int32_t getres(struct kernel *k, const uint32_t *a, bool is64)
{
	if (!linux_clock_ok(a[0]))
		return -EINVAL;
	if (!a[1])
		return 0;
	int32_t t32[2] = {0, (int32_t)NS_PER_INSN};
	int64_t t64[2] = {0, (int64_t)NS_PER_INSN};
	int r = is64 ? copyout(k, a[1], t64, sizeof(t64)) : copyout(k, a[1], t32, sizeof(t32));
	return r < 0 ? -EFAULT : 0;
}

int32_t linux_clock_getres(struct kernel *k, const uint32_t *a)
{
	return getres(k, a, false);
}

int32_t linux_clock_getres_time64(struct kernel *k, const uint32_t *a)
{
	return getres(k, a, true);
}
