/*
 * Processes and the scheduler.
 *
 * The kernel's C code runs to completion inside one `out` of the trap stub,
 * so it cannot block in the middle of a call. A call that must wait (wait,
 * a read from an empty pipe, sleep) marks the process sleeping; a restartable
 * call also rewinds the saved EIP onto its `int $64` (syscall.c), so the
 * process simply executes the call again when woken.
 *
 * A context switch replaces the trap frame on the single kernel stack with
 * the next process's saved frame and loads that process's CR3; the stub's
 * popal ... iret then returns into the other process: iret reloads CS:EIP,
 * EFLAGS and, returning to CPL 3, SS:ESP from the stack it finds (SDM vol.
 * 2 "IRET"; the frame layout is SDM vol. 3 §6.12.1, figure 6-4). Scheduling
 * is round-robin in process-table order, driven by system calls that sleep
 * or exit and by the timer interrupt (vector 32): deterministic, because
 * time is the retired-instruction count.
 */
#include "sysdefs.h"

#include <stdio.h>
#include <string.h>

struct proc *proc_alloc(struct kernel *k)
{
	for (unsigned i = 0; i < NPROC; i++) {
		struct proc *p = &k->procs[i];
		if (p->state != P_UNUSED)
			continue;
		memset(p, 0, sizeof(*p));
		kfpu_init_proc(p);
		p->pid = k->next_pid++;
		return p;
	}
	return NULL;
}

static uint64_t now_tick(struct kernel *k)
{
	return k->cpu->icount / TICK_INSNS;
}

void proc_sleep(struct kernel *k, const void *chan)
{
	k->cur->chan = chan;
	k->cur->state = P_SLEEPING;
}

void proc_wakeup(struct kernel *k, const void *chan)
{
	if (!chan)
		return; /* sleep() waits for time, not for an event */
	for (unsigned i = 0; i < NPROC; i++) {
		struct proc *p = &k->procs[i];
		if (p->state == P_SLEEPING && p->chan == chan) {
			p->state = P_RUNNABLE;
			p->chan = NULL;
		}
	}
}

/* Linux's wait_for_vfork_done(): the parent sleeps until its child gives
 * the address space back; only SIGKILL wakes it sooner (signal.c wake()),
 * so the two never run at once in one address space. */
void proc_vfork_wait(struct kernel *k, struct proc *child)
{
	k->cur->vfork_child = child;
	proc_sleep(k, &k->cur->vfork_child);
}

bool proc_vfork_leave(struct kernel *k, struct proc *p)
{
	struct proc *lender = p->vfork_lender;
	bool keep = lender != NULL;
	if (lender) {
		/* The layout is the space's, not the process's (one mm in
		 * Linux): what the child changed is the lender's now. */
		lender->brk = p->brk;
		lender->heap_base = p->heap_base;
		lender->mmap_next = p->mmap_next;
		p->vfork_lender = NULL;
		if (lender->vfork_child == p) {
			lender->vfork_child = NULL;
			proc_wakeup(k, &lender->vfork_child);
		}
	}
	/* A borrower of p's (p killed while it waited) borrows from p's
	 * lender now, or owns the space. */
	for (unsigned i = 0; i < NPROC; i++) {
		struct proc *c = &k->procs[i];
		if (c->state == P_UNUSED || c == p || c->vfork_lender != p)
			continue;
		c->vfork_lender = lender;
		keep = true;
	}
	p->vfork_child = NULL;
	return keep;
}

/* A zombie nobody will wait for: its slot is free again. */
static void release(struct kernel *k, struct proc *p)
{
	if (p->pgdir)
		pgdir_destroy(k, p->pgdir);
	memset(p, 0, sizeof(*p));
}

/* Tells the subscriber how `p` ended (once per process). */
void proc_note_end(struct kernel *k, struct proc *p, int status, int sig,
		   const struct trapframe *fault)
{
	k->end_noted = p;
	if (!k->hooks.on_proc_end)
		return;
	struct proc_end_event ev = {p->pid, p->name, status, sig, false, 0, false, 0, 0, 0};
	if (fault) {
		ev.fault = true;
		ev.vector = fault->trapno;
		ev.has_error = exception_has_error(fault->trapno);
		ev.error = fault->err;
		ev.eip = fault->eip;
		ev.cr2 = k->cpu->cr2;
	}
	k->hooks.on_proc_end(k->hooks.opaque, &ev);
}

/* Ends `p`: its files are closed, its children go to init, its parent is
 * woken. The first process's end is the machine's end: the others end
 * with it. Its address space is freed as soon as the CPU no longer uses it
 * (here or in sched()).
 *
 * Init is the kernel's own, not the user's program (as in xv6 and Linux,
 * where a shell started by init does not inherit its jobs' orphans): an
 * orphan has no parent, and init reaps it as soon as it exits, as xv6's
 * init does in its wait() loop. */
void proc_exit(struct kernel *k, struct proc *p, int status)
{
	if (k->end_noted != p)
		proc_note_end(k, p, status, 0, NULL);
	k->end_noted = NULL;
	if (p == k->initproc) {
		k->exit_status = status;
		k->state = K_EXITED;
		cpu_request_stop(k->cpu);
		return;
	}
	for (unsigned fd = 0; fd < NOFILE; fd++) {
		if (p->ofile[fd]) {
			file_close(k, p->ofile[fd]);
			p->ofile[fd] = NULL;
		}
	}
	for (unsigned i = 0; i < NPROC; i++) {
		struct proc *c = &k->procs[i];
		if (c->state == P_UNUSED || c->parent != p)
			continue;
		c->parent = NULL;
		if (c->state == P_ZOMBIE)
			release(k, c);
	}
	kfpu_exit(k, p);
	if (p->sig.alarm_at) {
		p->sig.alarm_at = 0; /* its ITIMER_REAL ends with it */
		signal_update_next_alarm(k);
	}
	if (p->parent)
		signal_child_exit(k, p, status); /* SIGCHLD (signal.c) */
	p->xstatus = status;
	p->state = P_ZOMBIE;
	p->chan = NULL;
	p->wake_tick = 0;
	proc_wakeup(k, p->parent);
	if (p->parent && signal_autoreap(p->parent))
		p->parent = NULL; /* SIGCHLD ignored: nobody waits for it (signal.c) */
	bool in_use = p->pgdir && p->pgdir == cpu_get_cr(k->cpu, 3);
	if (proc_vfork_leave(k, p))
		p->pgdir = 0; /* a lender's or a borrower's: not p's to free */
	if (!p->parent && !in_use) {
		release(k, p); /* an orphan, reaped by init at once */
		return;
	}
	if (p->pgdir && !in_use) {
		pgdir_destroy(k, p->pgdir);
		p->pgdir = 0;
	}
}

/* Wakes the sleepers whose sleep() deadline has passed. */
static void wake_timed(struct kernel *k)
{
	uint64_t now = now_tick(k);
	for (unsigned i = 0; i < NPROC; i++) {
		struct proc *p = &k->procs[i];
		if (p->state == P_SLEEPING && p->wake_tick && p->wake_tick <= now) {
			p->state = P_RUNNABLE;
			p->wake_tick = 0;
			p->chan = NULL;
		}
	}
}

/* The next runnable process after `prev` in table order (prev itself
 * last), or NULL. */
static struct proc *next_runnable(struct kernel *k, const struct proc *prev)
{
	unsigned start = (unsigned)(prev - k->procs);
	for (unsigned n = 1; n <= NPROC; n++) {
		struct proc *p = &k->procs[(start + n) % NPROC];
		if (p->state == P_RUNNABLE)
			return p;
	}
	return NULL;
}

/* Nothing can run: if someone sleeps until a tick, let virtual time jump
 * there, as an idle CPU halted until the next interrupt would. */
static bool skip_to_next_wakeup(struct kernel *k)
{
	uint64_t best = 0;
	for (unsigned i = 0; i < NPROC; i++) {
		const struct proc *p = &k->procs[i];
		if (p->state == P_SLEEPING && p->wake_tick && (!best || p->wake_tick < best))
			best = p->wake_tick;
	}
	/* In instructions; an ITIMER_REAL expiry (signal.c) may come first. */
	uint64_t at = best * TICK_INSNS;
	if (k->next_alarm && (!at || k->next_alarm < at))
		at = k->next_alarm;
	if (!at)
		return false;
	struct cpu *c = k->cpu;
	if (at > c->icount)
		c->icount = at;
	cpu_request_events(c); /* the loop re-checks its timer and budget */
	wake_timed(k);
	signal_timers(k);
	return true;
}

static void deadlock(struct kernel *k)
{
	int len = snprintf(k->message, sizeof(k->message),
			   "deadlock: every process is blocked forever (pids");
	for (unsigned i = 0; i < NPROC && len > 0 && (size_t)len < sizeof(k->message); i++) {
		const struct proc *p = &k->procs[i];
		if (p->state == P_SLEEPING)
			len += snprintf(k->message + len, sizeof(k->message) - (size_t)len, " %d",
					p->pid);
	}
	if (len > 0 && (size_t)len < sizeof(k->message) - 1)
		snprintf(k->message + len, sizeof(k->message) - (size_t)len, ")");
	k->state = K_PANIC;
	k->exit_status = 125;
	cpu_request_stop(k->cpu);
}

void sched(struct kernel *k, struct trapframe *tf)
{
	struct proc *prev = k->cur;
	if (k->state != K_RUNNING)
		return;
	if (prev->state == P_RUNNING)
		prev->state = P_RUNNABLE;
	if (prev->state == P_RUNNABLE || prev->state == P_SLEEPING)
		prev->tf = *tf;
	wake_timed(k);
	struct proc *next = next_runnable(k, prev);
	/* Bounded: an interval timer whose signal wakes nobody would
	 * otherwise jump time forever. */
	for (unsigned spins = 0; !next && spins < 100000 && skip_to_next_wakeup(k); spins++)
		next = next_runnable(k, prev);
	if (!next) {
		deadlock(k);
		return;
	}
	if (next != prev && k->hooks.on_switch) {
		struct switch_event ev = {
		    prev->pid,
		    next->pid,
		    prev->name,
		    next->name,
		    next->pgdir,
		    prev->state == P_ZOMBIE ? "exit" : prev->state == P_SLEEPING ? "sleep" : "timer"};
		k->hooks.on_switch(k->hooks.opaque, &ev);
	}
	next->state = P_RUNNING;
	k->cur = next;
	kfpu_switch(k, next);
	tls_load(k, next);
	*tf = next->tf;
	if (cpu_get_cr(k->cpu, 3) != next->pgdir)
		cpu_set_cr(k->cpu, 3, next->pgdir);
	if (prev->state == P_ZOMBIE && !prev->parent) {
		release(k, prev); /* an orphan that was running: init reaps it */
	} else if (prev->state == P_ZOMBIE && prev->pgdir) {
		pgdir_destroy(k, prev->pgdir);
		prev->pgdir = 0;
	}
}

void proc_tick(struct kernel *k, struct trapframe *tf)
{
	wake_timed(k);
	if (next_runnable(k, k->cur))
		sched(k, tf);
}
