/*
 * Signals (signal.h, docs/linux.md "Signals"): sending, the default
 * actions, ITIMER_REAL, and delivery on the return to user mode.
 *
 * The kernel's C code runs to completion inside one trap, so a call that
 * must wait sleeps with its `int $0x80` rewound (K_RESTART, syscall.c).
 * A signal that arrives meanwhile wakes the process; on its way back to
 * user mode the call is run once more first, so one that can complete
 * (wait4 for the child whose exit sent the SIGCHLD) returns its result as
 * Linux's does, and only one that would block again is interrupted: -EINTR,
 * or, with SA_RESTART, the `int` re-run after the handler (Linux's
 * -ERESTARTSYS; pause and sigsuspend never restart: -ERESTARTNOHAND).
 * Then the frame is built and the stub's iret enters the handler at CPL 3.
 */
#include "abi.h"
#include "abi_linux.h"
#include "sysdefs.h"

#include <stdio.h>
#include <string.h>

bool signal_default_fatal(int sig)
{
	switch (sig) {
	case LSIGCHLD:
	case LSIGCONT:
	case LSIGURG:
	case LSIGWINCH: return false; /* ignored by default */
	case LSIGSTOP:
	case LSIGTSTP:
	case LSIGTTIN:
	case LSIGTTOU: return false; /* stop: no job control here, so ignored */
	default: return true;	     /* terminate (core for some: wait4's bit) */
	}
}

/* Linux's sig_handler_ignored(): SIG_IGN, or SIG_DFL of an ignored one. */
static bool ignored(const struct proc *p, int sig)
{
	uint32_t h = p->sig.act[sig].handler;
	if (sig == LSIGKILL || sig == LSIGSTOP)
		return false;
	return h == LSIG_IGN || (h == LSIG_DFL && !signal_default_fatal(sig));
}

static void wake(struct proc *p)
{
	/* A vfork parent sleeps through every signal but SIGKILL, as
	 * Linux's TASK_KILLABLE wait: its child runs in its memory. */
	if (p->vfork_child && !(p->sig.pending & LSIG_BIT(LSIGKILL)))
		return;
	if (p->state == P_SLEEPING) {
		p->state = P_RUNNABLE;
		p->chan = NULL;
		p->wake_tick = 0;
	}
}

bool signal_interrupts(const struct proc *p)
{
	uint64_t ready = p->sig.pending & ~(p->sig.blocked & ~LSIG_UNBLOCKABLE);
	for (int sig = 1; ready; sig++, ready >>= 1)
		if ((ready & 1) && !ignored(p, sig))
			return true;
	return false;
}

void signal_kill(struct kernel *k, struct proc *p, int sig)
{
	p->termsig = sig;
	proc_note_end(k, p, 128 + sig, sig, NULL);
	proc_exit(k, p, 128 + sig);
}

void signal_send(struct kernel *k, struct proc *p, int sig, const struct ksiginfo *info)
{
	if (sig < 1 || sig > LSIG_MAX || p->state == P_UNUSED || p->state == P_ZOMBIE)
		return;
	if (!p->abi || !p->abi->signals) {
		/* A process of an ABI without signals: the default action, at
		 * once (what the ia32emu ABI's kill does). */
		if (signal_default_fatal(sig))
			signal_kill(k, p, sig);
		return;
	}
	struct sigstate *s = &p->sig;
	uint64_t bit = LSIG_BIT(sig);
	/* Ignored signals stay pending until delivery, so the trace shows
	 * them (as strace sees them through ptrace); one of each kind is
	 * pending at a time, the first keeps its siginfo. */
	if (!(s->pending & bit)) {
		s->pending |= bit;
		s->info[sig] = *info;
	}
	if (s->waiting & bit) {
		wake(p); /* rt_sigtimedwait takes it, blocked or not */
		return;
	}
	if ((s->blocked & bit & ~LSIG_UNBLOCKABLE) || ignored(p, sig))
		return;
	wake(p);
}

static void notify(struct kernel *k, const struct signal_event *ev);

/* Linux's force_sig_fault(): a handler that is set and not blocked runs;
 * otherwise the process dies as it does without signals (trap.c), after
 * the signal's event (a fatal one, as strace shows it). */
bool signal_fault(struct kernel *k, struct trapframe *tf, int sig)
{
	struct proc *p = k->cur;
	if (!p || !p->abi || !p->abi->signals || sig < 1 || sig > LSIG_MAX)
		return false;
	struct ksiginfo info = {LSI_KERNEL, 0, 0, 0, tf->trapno, true, 0};
	switch (tf->trapno) {
	case EXC_PF:
		info.code = (tf->err & PF_P) ? LSEGV_ACCERR : LSEGV_MAPERR;
		info.addr = k->cpu->cr2;
		break;
	case EXC_DE:
		info.code = LFPE_INTDIV;
		info.addr = tf->eip;
		break;
	case EXC_MF:
		info.code = 7; /* FPE_FLTINV */
		info.addr = tf->eip;
		break;
	case EXC_UD:
		info.code = LILL_ILLOPN;
		info.addr = tf->eip;
		break;
	case EXC_BP:
	case EXC_DB: info.code = tf->trapno == EXC_DB ? LTRAP_BRKPT : LSI_KERNEL; break;
	case EXC_AC:
		info.code = LBUS_ADRALN;
		info.addr = tf->eip;
		break;
	default: break; /* #GP and the others: SI_KERNEL, no address */
	}
	const struct ksigaction *a = &p->sig.act[sig];
	if (a->handler == LSIG_DFL || a->handler == LSIG_IGN || (p->sig.blocked & LSIG_BIT(sig))) {
		struct signal_event ev;
		memset(&ev, 0, sizeof(ev));
		ev.pid = p->pid;
		ev.sig = sig;
		ev.info = info;
		ev.fatal = true;
		notify(k, &ev);
		return false;
	}
	p->sig.pending |= LSIG_BIT(sig);
	p->sig.info[sig] = info;
	return true;
}

/* SIGCHLD's si_code and si_status, as wait4 will report the child
 * (abi_linux_proc.c: the core-dump signals give CLD_DUMPED). */
void signal_child_exit(struct kernel *k, struct proc *child, int status)
{
	struct proc *parent = child->parent;
	if (!parent || !parent->abi || !parent->abi->signals)
		return;
	int s = child->termsig;
	bool core = s == LSIGSEGV || s == LSIGILL || s == LSIGFPE || s == LSIGBUS ||
		    s == LSIGTRAP || s == LSIGABRT;
	int code = !s ? LCLD_EXITED : core ? LCLD_DUMPED : LCLD_KILLED;
	struct ksiginfo info = {code, child->pid, s ? s : status & 0xff, 0, 0, false, 0};
	signal_send(k, parent, LSIGCHLD, &info);
}

bool signal_autoreap(const struct proc *parent)
{
	const struct ksigaction *a = &parent->sig.act[LSIGCHLD];
	return parent->abi && parent->abi->signals &&
	       (a->handler == LSIG_IGN || (a->flags & LSA_NOCLDWAIT));
}

void signal_fork(const struct proc *parent, struct proc *child)
{
	const struct sigstate *s = &parent->sig;
	struct sigstate *c = &child->sig;
	memset(c, 0, sizeof(*c));
	memcpy(c->act, s->act, sizeof(c->act));
	c->blocked = s->blocked;
	c->ss_sp = s->ss_sp;
	c->ss_size = s->ss_size;
	c->ss_flags = s->ss_flags;
}

/* execve (Linux's flush_signal_handlers): caught signals back to SIG_DFL,
 * ignored ones stay ignored, flags and masks cleared; the blocked and
 * pending sets and the timer survive; the alternate stack does not. */
void signal_exec(struct proc *p)
{
	struct sigstate *s = &p->sig;
	for (int sig = 1; sig <= LSIG_MAX; sig++) {
		uint32_t h = s->act[sig].handler == LSIG_IGN ? LSIG_IGN : LSIG_DFL;
		memset(&s->act[sig], 0, sizeof(s->act[sig]));
		s->act[sig].handler = h;
	}
	s->ss_sp = s->ss_size = 0;
	s->ss_flags = LSS_DISABLE;
	s->in_restart = s->no_restart = s->has_saved_mask = false;
}

void signal_update_next_alarm(struct kernel *k)
{
	uint64_t best = 0;
	for (unsigned i = 0; i < NPROC; i++) {
		const struct proc *p = &k->procs[i];
		if (p->state == P_UNUSED || p->state == P_ZOMBIE || !p->sig.alarm_at)
			continue;
		if (!best || p->sig.alarm_at < best)
			best = p->sig.alarm_at;
	}
	k->next_alarm = best;
}

void signal_timers(struct kernel *k)
{
	uint64_t now = k->cpu->icount;
	if (!k->next_alarm || now < k->next_alarm)
		return;
	for (unsigned i = 0; i < NPROC; i++) {
		struct proc *p = &k->procs[i];
		struct sigstate *s = &p->sig;
		if (p->state == P_UNUSED || p->state == P_ZOMBIE || !s->alarm_at ||
		    s->alarm_at > now)
			continue;
		if (s->alarm_interval) {
			uint64_t late = (now - s->alarm_at) / s->alarm_interval + 1;
			s->alarm_at += late * s->alarm_interval;
		} else {
			s->alarm_at = 0;
		}
		struct ksiginfo info = {LSI_KERNEL, 0, 0, 0, 0, false, 0};
		signal_send(k, p, LSIGALRM, &info);
	}
	signal_update_next_alarm(k);
}

/* The signal to deliver first: synchronous ones (faults) before the
 * others, then the lowest number (Linux's dequeue_signal). */
static int pick(uint64_t ready)
{
	const uint64_t sync = LSIG_BIT(LSIGSEGV) | LSIG_BIT(LSIGBUS) | LSIG_BIT(LSIGILL) |
			      LSIG_BIT(LSIGTRAP) | LSIG_BIT(LSIGFPE) | LSIG_BIT(31);
	uint64_t from = (ready & sync) ? ready & sync : ready;
	return __builtin_ctzll(from) + 1;
}

static void notify(struct kernel *k, const struct signal_event *ev)
{
	if (k->hooks.on_signal)
		k->hooks.on_signal(k->hooks.opaque, ev);
}

/* A frame that cannot be built or read back (Linux's force_sigsegv):
 * the process dies of SIGSEGV, with a line saying why. */
static void bad_frame(struct kernel *k, struct proc *p, const char *why)
{
	fprintf(stderr, "ia32emu: pid %d killed by SIGSEGV: %s\n", p->pid, why);
	signal_kill(k, p, LSIGSEGV);
}

/* Runs the call the process slept in once more (see the top). True when
 * it would block again: it is interrupted. */
static bool retry_call(struct kernel *k, struct proc *p, struct trapframe *tf)
{
	struct sigstate *s = &p->sig;
	if (!s->in_restart)
		return false;
	if (tf->trapno != p->abi->vector)
		return true;		/* woken, but a tick came before the `int` re-ran */
	tf->eip += p->abi->restart_len; /* dispatch clears in_restart, sets resumed */
	syscall_dispatch(k, tf);
	return s->in_restart;
}

static void deliver_one(struct kernel *k, struct proc *p, struct trapframe *tf, int sig)
{
	struct sigstate *s = &p->sig;
	uint64_t bit = LSIG_BIT(sig);
	struct ksiginfo info = s->info[sig];
	s->pending &= ~bit;
	bool interrupted = retry_call(k, p, tf);
	if (k->state != K_RUNNING || p->state == P_ZOMBIE || p->state == P_UNUSED)
		return;
	struct ksigaction act = s->act[sig];
	struct signal_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.pid = p->pid;
	ev.sig = sig;
	ev.info = info;
	ev.handler = act.handler;
	if (sig == LSIGKILL || sig == LSIGSTOP)
		ev.handler = LSIG_DFL;
	if (ignored(p, sig)) {
		notify(k, &ev); /* a call that blocked again sleeps on */
		return;
	}
	if (ev.handler == LSIG_DFL) {
		ev.fatal = true;
		notify(k, &ev);
		signal_kill(k, p, sig);
		return;
	}
	if (interrupted) {
		p->state = P_RUNNING;
		p->chan = NULL;
		p->wake_tick = 0;
		s->in_restart = false;
		s->waiting = 0; /* an rt_sigtimedwait ends with -EINTR */
		if (s->no_restart || !(act.flags & LSA_RESTART)) {
			linux_sleep_interrupted(k, p);
			/* -EINTR, or the bytes a pipe write had already done. */
			tf->eip += p->abi->restart_len;
			tf->eax = p->wdone ? p->wdone : (uint32_t)-EINTR;
			p->wdone = 0;
		} /* else the `int` stays rewound: the call runs again after */
		s->no_restart = false;
	}
	uint64_t old_mask = s->has_saved_mask ? s->saved_mask : s->blocked;
	s->has_saved_mask = false;
	if (signal_setup_frame(k, tf, sig, &act, &info, old_mask, &ev) < 0) {
		notify(k, &ev);
		bad_frame(k, p, "cannot write the signal frame on the user stack");
		return;
	}
	s->blocked |= act.mask | ((act.flags & LSA_NODEFER) ? 0 : bit);
	s->blocked &= ~LSIG_UNBLOCKABLE;
	if (act.flags & LSA_RESETHAND)
		s->act[sig].handler = LSIG_DFL;
	notify(k, &ev);
}

void signal_return(struct kernel *k, struct trapframe *tf)
{
	for (unsigned guard = 0; guard < 4 * NPROC + 2 * LSIG_MAX; guard++) {
		if (k->state != K_RUNNING)
			return;
		struct proc *p = k->cur;
		if (p->state == P_SLEEPING && p->abi->signals && signal_interrupts(p))
			wake(p);
		if (p->state == P_RUNNABLE)
			p->state = P_RUNNING;
		if (p->state != P_RUNNING) {
			sched(k, tf);
			continue;
		}
		if ((tf->cs & 3) != 3 || !p->abi->signals)
			return;
		uint64_t ready = p->sig.pending & ~(p->sig.blocked & ~LSIG_UNBLOCKABLE);
		if (!ready)
			return;
		deliver_one(k, p, tf, pick(ready));
	}
}

static bool on_altstack(const struct sigstate *s, uint32_t sp)
{
	return s->ss_size && sp > s->ss_sp && sp - s->ss_sp <= s->ss_size;
}

uint32_t signal_altstack_flags(const struct proc *p, uint32_t sp)
{
	const struct sigstate *s = &p->sig;
	return !s->ss_size ? LSS_DISABLE : on_altstack(s, sp) ? LSS_ONSTACK : 0;
}

/* Linux's do_sigaltstack(), SS_AUTODISARM accepted and not honoured. */
int signal_altstack(struct proc *p, uint32_t sp, uint32_t ss_sp, uint32_t flags, uint32_t size)
{
	struct sigstate *s = &p->sig;
	if (on_altstack(s, sp))
		return -EPERM;
	uint32_t mode = flags & ~0x80000000u;
	if (mode != 0 && mode != LSS_ONSTACK && mode != LSS_DISABLE)
		return -EINVAL;
	if (mode == LSS_DISABLE) {
		s->ss_sp = s->ss_size = 0;
		s->ss_flags = LSS_DISABLE;
		return 0;
	}
	if (size < 2048) /* MINSIGSTKSZ */
		return -ENOMEM;
	s->ss_sp = ss_sp;
	s->ss_size = size;
	s->ss_flags = 0;
	return 0;
}
