/*
 * The signal calls of the Linux personality (signal.h, docs/linux.md
 * "Signals"): rt_sigaction/sigaction, rt_sigprocmask/sigprocmask,
 * sigaltstack, sigreturn/rt_sigreturn, kill/tkill/tgkill, rt_sigpending/
 * sigpending, rt_sigsuspend/sigsuspend, pause, alarm, setitimer/getitimer.
 * Structures as i386 Linux has them: struct sigaction {handler, flags,
 * restorer, mask[2]}, struct old_sigaction {handler, mask, flags,
 * restorer}, stack_t {sp, flags, size}, struct itimerval {interval, value}
 * of {tv_sec, tv_usec}.
 */
#include "abi_linux.h"

#include <stdio.h>
#include <string.h>

#define L_SIG_BLOCK    0
#define L_SIG_UNBLOCK  1
#define L_SIG_SETMASK  2
#define L_ITIMER_REAL  0
#define L_SIGSET_BYTES 8u

static bool bad_sig(uint32_t sig)
{
	return sig < 1 || sig > LSIG_MAX;
}

/* Installs `na` (NULL: keep) for `sig`, the old one in *oa. */
static int32_t set_action(struct kernel *k, uint32_t sig, const struct ksigaction *na,
			  struct ksigaction *oa)
{
	struct proc *p = k->cur;
	if (bad_sig(sig) || (na && (sig == LSIGKILL || sig == LSIGSTOP)))
		return -EINVAL;
	*oa = p->sig.act[sig];
	if (!na)
		return 0;
	p->sig.act[sig] = *na;
	p->sig.act[sig].mask &= ~LSIG_UNBLOCKABLE;
	/* POSIX: setting an ignoring action discards a pending one. */
	if (na->handler == LSIG_IGN || (na->handler == LSIG_DFL && !signal_default_fatal((int)sig)))
		p->sig.pending &= ~LSIG_BIT(sig);
	return 0;
}

/* rt_sigaction(sig, act, oact, sigsetsize) */
int32_t linux_rt_sigaction(struct kernel *k, const uint32_t *a)
{
	if (a[3] != L_SIGSET_BYTES)
		return -EINVAL;
	uint32_t in[5];
	struct ksigaction na, oa;
	if (a[1]) {
		if (copyin(k, in, a[1], sizeof(in)) < 0)
			return -EFAULT;
		na = (struct ksigaction){in[0], in[1], in[2], in[3] | ((uint64_t)in[4] << 32)};
	}
	if (a[2] && user_range_ok(k, a[2], sizeof(in), true) < 0)
		return -EFAULT;
	int32_t r = set_action(k, a[0], a[1] ? &na : NULL, &oa);
	if (r < 0 || !a[2])
		return r;
	uint32_t out[5] = {oa.handler, oa.flags, oa.restorer, (uint32_t)oa.mask,
			   (uint32_t)(oa.mask >> 32)};
	return copyout(k, a[2], out, sizeof(out)) < 0 ? -EFAULT : 0;
}

/* sigaction(sig, old_sigaction *act, old_sigaction *oact): 32-bit masks. */
int32_t linux_sigaction(struct kernel *k, const uint32_t *a)
{
	uint32_t in[4];
	struct ksigaction na, oa;
	if (a[1]) {
		if (copyin(k, in, a[1], sizeof(in)) < 0)
			return -EFAULT;
		na = (struct ksigaction){in[0], in[2], in[3], in[1]};
	}
	if (a[2] && user_range_ok(k, a[2], sizeof(in), true) < 0)
		return -EFAULT;
	int32_t r = set_action(k, a[0], a[1] ? &na : NULL, &oa);
	if (r < 0 || !a[2])
		return r;
	uint32_t out[4] = {oa.handler, (uint32_t)oa.mask, oa.flags, oa.restorer};
	return copyout(k, a[2], out, sizeof(out)) < 0 ? -EFAULT : 0;
}

static int32_t change_mask(struct kernel *k, uint32_t how, const uint64_t *set)
{
	struct sigstate *s = &k->cur->sig;
	switch (how) {
	case L_SIG_BLOCK: s->blocked |= *set; break;
	case L_SIG_UNBLOCK: s->blocked &= ~*set; break;
	case L_SIG_SETMASK: s->blocked = *set; break;
	default: return -EINVAL;
	}
	s->blocked &= ~LSIG_UNBLOCKABLE;
	return 0;
}

/* rt_sigprocmask(how, set, oset, sigsetsize) */
int32_t linux_rt_sigprocmask(struct kernel *k, const uint32_t *a)
{
	if (a[3] != L_SIGSET_BYTES)
		return -EINVAL;
	uint64_t old = k->cur->sig.blocked, set;
	if (a[1] && copyin(k, &set, a[1], 8) < 0)
		return -EFAULT;
	if (a[2] && user_range_ok(k, a[2], 8, true) < 0)
		return -EFAULT;
	if (a[1]) {
		int32_t r = change_mask(k, a[0], &set);
		if (r < 0)
			return r;
	}
	return a[2] && copyout(k, a[2], &old, 8) < 0 ? -EFAULT : 0;
}

/* sigprocmask(how, old_sigset_t *set, old_sigset_t *oset): signals 1-32. */
int32_t linux_sigprocmask(struct kernel *k, const uint32_t *a)
{
	struct sigstate *s = &k->cur->sig;
	uint32_t old = (uint32_t)s->blocked, set32;
	if (a[1] && copyin(k, &set32, a[1], 4) < 0)
		return -EFAULT;
	if (a[2] && user_range_ok(k, a[2], 4, true) < 0)
		return -EFAULT;
	if (a[1]) {
		uint64_t set = set32;
		if (a[0] == L_SIG_SETMASK)
			set |= s->blocked & 0xffffffff00000000ull; /* the high word stays */
		int32_t r = change_mask(k, a[0], &set);
		if (r < 0)
			return r;
	}
	return a[2] && copyout(k, a[2], &old, 4) < 0 ? -EFAULT : 0;
}

/* sigaltstack(ss, oss) */
int32_t linux_sigaltstack(struct kernel *k, const uint32_t *a)
{
	struct proc *p = k->cur;
	uint32_t sp = k->tf->esp;
	uint32_t old[3] = {p->sig.ss_sp, signal_altstack_flags(p, sp), p->sig.ss_size};
	uint32_t in[3];
	if (a[0] && copyin(k, in, a[0], sizeof(in)) < 0)
		return -EFAULT;
	if (a[1] && user_range_ok(k, a[1], sizeof(old), true) < 0)
		return -EFAULT;
	if (a[0]) {
		int32_t r = signal_altstack(p, sp, in[0], in[1], in[2]);
		if (r < 0)
			return r;
	}
	return a[1] && copyout(k, a[1], old, sizeof(old)) < 0 ? -EFAULT : 0;
}

/* A frame sigreturn refuses: SIGSEGV, to the handler if there is one
 * (Linux's force_sig), else the process dies of it. */
static int32_t refuse_frame(struct kernel *k, int err)
{
	struct proc *p = k->cur;
	struct trapframe *tf = k->tf;
	const struct ksigaction *h = &p->sig.act[LSIGSEGV];
	if (h->handler > LSIG_IGN && !(p->sig.blocked & LSIG_BIT(LSIGSEGV))) {
		struct ksiginfo info = {LSI_KERNEL, 0, 0, 0, 0, false, 0};
		p->sig.pending |= LSIG_BIT(LSIGSEGV);
		p->sig.info[LSIGSEGV] = info;
		return (int32_t)tf->eax;
	}
	fprintf(stderr, "ia32emu: pid %d killed by SIGSEGV: sigreturn: %s\n", p->pid,
		err == -EFAULT ? "the signal frame is not readable"
			       : "the frame's selectors are not the user's (CPL 0 refused)");
	signal_kill(k, p, LSIGSEGV);
	return 0;
}

int32_t linux_sigreturn(struct kernel *k, const uint32_t *a)
{
	(void)a;
	int r = signal_restore_frame(k, k->tf, false);
	return r < 0 ? refuse_frame(k, r) : (int32_t)k->tf->eax;
}

int32_t linux_rt_sigreturn(struct kernel *k, const uint32_t *a)
{
	(void)a;
	int r = signal_restore_frame(k, k->tf, true);
	return r < 0 ? refuse_frame(k, r) : (int32_t)k->tf->eax;
}

/* Sends to one process id: 0, -ESRCH; a zombie takes it and ignores it. */
static int32_t send_info(struct kernel *k, int32_t pid, uint32_t sig, const struct ksiginfo *info)
{
	for (unsigned i = 0; i < NPROC; i++) {
		struct proc *p = &k->procs[i];
		if (p->state == P_UNUSED || p->pid != pid)
			continue;
		if (sig)
			signal_send(k, p, (int)sig, info);
		return 0;
	}
	return -ESRCH;
}

static int32_t send_to(struct kernel *k, int32_t pid, uint32_t sig, int code)
{
	struct ksiginfo info = {code, k->cur->pid, 0, 0, 0, false, 0};
	return send_info(k, pid, sig, &info);
}

/* rt_sigqueueinfo/rt_tgsigqueueinfo: the caller's siginfo, whose si_code
 * must be negative (a user's, not the kernel's) unless it signals itself,
 * as Linux checks; its si_pid and si_value are passed on. */
static int32_t queue_info(struct kernel *k, int32_t pid, uint32_t sig, uint32_t uinfo)
{
	if (sig > LSIG_MAX)
		return -EINVAL;
	uint32_t si[32];
	if (copyin(k, si, uinfo, sizeof(si)) < 0)
		return -EFAULT;
	int code = (int)si[2];
	if ((code >= 0 || code == LSI_TKILL) && pid != k->cur->pid)
		return -EPERM;
	struct ksiginfo info = {code, (int)si[3], 0, 0, 0, false, si[5]};
	return send_info(k, pid, sig, &info);
}

int32_t linux_rt_sigqueueinfo(struct kernel *k, const uint32_t *a)
{
	return queue_info(k, (int32_t)a[0], a[1], a[2]);
}

int32_t linux_rt_tgsigqueueinfo(struct kernel *k, const uint32_t *a)
{
	if ((int32_t)a[0] <= 0 || (int32_t)a[1] <= 0)
		return -EINVAL;
	if (a[0] != a[1])
		return -ESRCH;
	return queue_info(k, (int32_t)a[1], a[2], a[3]);
}

/* kill(pid, sig): pid > 0 that process; 0 and < -1 the run's processes
 * (one process group: docs/linux.md); -1 every one but the caller. */
int32_t linux_kill(struct kernel *k, const uint32_t *a)
{
	int32_t pid = (int32_t)a[0];
	uint32_t sig = a[1];
	if (sig > LSIG_MAX)
		return -EINVAL;
	if (pid > 0)
		return send_to(k, pid, sig, LSI_USER);
	if (pid == INT32_MIN)
		return -ESRCH;
	int self = k->cur->pid;
	int32_t r = -ESRCH;
	int targets[NPROC], n = 0;
	for (unsigned i = 0; i < NPROC; i++) {
		const struct proc *p = &k->procs[i];
		if (p->state == P_UNUSED || p->state == P_ZOMBIE || (pid == -1 && p->pid == self))
			continue;
		/* 0: the caller's process group; -G: group G; -1: every process. */
		if ((pid == 0 && p->pgid != k->cur->pgid) || (pid < -1 && p->pgid != -pid))
			continue;
		targets[n++] = p->pid;
	}
	/* The caller last: its own default action may end it. */
	for (int i = 0; i < n; i++)
		if (targets[i] != self && send_to(k, targets[i], sig, LSI_USER) == 0)
			r = 0;
	for (int i = 0; i < n; i++)
		if (targets[i] == self && send_to(k, self, sig, LSI_USER) == 0)
			r = 0;
	return r;
}

/* tkill(tid, sig): a thread is a process here (no threads). */
int32_t linux_tkill(struct kernel *k, const uint32_t *a)
{
	if ((int32_t)a[0] <= 0 || a[1] > LSIG_MAX)
		return -EINVAL;
	return send_to(k, (int32_t)a[0], a[1], LSI_TKILL);
}

/* tgkill(tgid, tid, sig) */
int32_t linux_tgkill(struct kernel *k, const uint32_t *a)
{
	if ((int32_t)a[0] <= 0 || (int32_t)a[1] <= 0 || a[2] > LSIG_MAX)
		return -EINVAL;
	if (a[0] != a[1])
		return -ESRCH;
	return send_to(k, (int32_t)a[1], a[2], LSI_TKILL);
}

/* rt_sigpending(set, sigsetsize): the pending signals that are blocked. */
int32_t linux_rt_sigpending(struct kernel *k, const uint32_t *a)
{
	if (a[1] > L_SIGSET_BYTES)
		return -EINVAL;
	uint64_t set = k->cur->sig.pending & k->cur->sig.blocked;
	return copyout(k, a[0], &set, a[1]) < 0 ? -EFAULT : 0;
}

int32_t linux_sigpending(struct kernel *k, const uint32_t *a)
{
	uint32_t set = (uint32_t)(k->cur->sig.pending & k->cur->sig.blocked);
	return copyout(k, a[0], &set, 4) < 0 ? -EFAULT : 0;
}

/* rt_sigtimedwait(set, info, timeout, sigsetsize) with the timeout as
 * 32-bit (time32) or 64-bit seconds: a pending signal of `set` taken
 * without its handler (the lowest first), its siginfo stored; -EAGAIN when
 * the timeout passes first. The wait is a sleep re-run when woken. */
static int32_t sigtimedwait(struct kernel *k, const uint32_t *a, bool time64)
{
	struct proc *p = k->cur;
	struct sigstate *s = &p->sig;
	if (a[3] != L_SIGSET_BYTES)
		return -EINVAL;
	uint64_t set;
	if (copyin(k, &set, a[0], 8) < 0)
		return -EFAULT;
	set &= ~LSIG_UNBLOCKABLE;
	uint64_t ready = s->pending & set;
	if (ready) {
		int sig = __builtin_ctzll(ready) + 1;
		uint8_t si[128];
		signal_fill_siginfo(sig, &s->info[sig], si);
		if (a[1] && copyout(k, a[1], si, sizeof(si)) < 0)
			return -EFAULT;
		s->pending &= ~LSIG_BIT(sig);
		s->waiting = 0;
		s->wait_until = 0;
		return sig;
	}
	uint64_t now = k->cpu->icount;
	if (!s->resumed) {
		/* The first run of this wait: its deadline. */
		s->wait_until = 0;
		if (a[2]) {
			uint64_t sec, nsec;
			if (time64) {
				uint64_t ts[2];
				if (copyin(k, ts, a[2], sizeof(ts)) < 0)
					return -EFAULT;
				sec = ts[0];
				nsec = ts[1];
			} else {
				uint32_t ts[2];
				if (copyin(k, ts, a[2], sizeof(ts)) < 0)
					return -EFAULT;
				sec = ts[0];
				nsec = ts[1];
			}
			if (nsec >= 1000000000u || (int64_t)sec < 0)
				return -EINVAL;
			uint64_t insns = sec * SIG_INSNS_PER_SEC + nsec / SIG_NS_PER_INSN;
			if (!insns)
				return -EAGAIN;
			s->wait_until = now + insns;
		} else {
			s->wait_until = UINT64_MAX;
		}
	} else if (now >= s->wait_until) {
		s->waiting = 0;
		s->wait_until = 0;
		return -EAGAIN;
	}
	if (signal_interrupts(p)) {
		s->waiting = 0;
		s->wait_until = 0;
		return -EINTR; /* a handled signal outside the set */
	}
	s->waiting = set;
	s->no_restart = true;
	if (s->wait_until != UINT64_MAX)
		p->wake_tick = (s->wait_until + TICK_INSNS - 1) / TICK_INSNS;
	proc_sleep(k, &p->sig);
	return K_RESTART;
}

int32_t linux_rt_sigtimedwait(struct kernel *k, const uint32_t *a)
{
	return sigtimedwait(k, a, false);
}

int32_t linux_rt_sigtimedwait_time64(struct kernel *k, const uint32_t *a)
{
	return sigtimedwait(k, a, true);
}

/* Sleeps until a signal that is not ignored arrives; never restarted.
 * A signal already there: -EINTR at once, its handler then runs. */
static int32_t wait_for_signal(struct kernel *k)
{
	struct proc *p = k->cur;
	if (signal_interrupts(p))
		return -EINTR;
	p->sig.no_restart = true;
	proc_sleep(k, &p->sig);
	return K_RESTART;
}

/* sigsuspend with mask `set`: the old mask is back after the handler. */
static int32_t suspend(struct kernel *k, uint64_t set)
{
	struct sigstate *s = &k->cur->sig;
	if (!s->has_saved_mask) {
		s->saved_mask = s->blocked;
		s->has_saved_mask = true;
	}
	s->blocked = set & ~LSIG_UNBLOCKABLE;
	return wait_for_signal(k);
}

int32_t linux_rt_sigsuspend(struct kernel *k, const uint32_t *a)
{
	if (a[1] != L_SIGSET_BYTES)
		return -EINVAL;
	uint64_t set;
	if (copyin(k, &set, a[0], 8) < 0)
		return -EFAULT;
	return suspend(k, set);
}

/* sigsuspend(unused, unused, old_sigset_t mask): the mask by value. */
int32_t linux_sigsuspend(struct kernel *k, const uint32_t *a)
{
	return suspend(k, a[2]);
}

int32_t linux_pause(struct kernel *k, const uint32_t *a)
{
	(void)a;
	return wait_for_signal(k);
}

/* The ITIMER_REAL value and interval, {sec, usec} each, of `p`. */
static void get_timer(struct kernel *k, const struct proc *p, uint32_t out[4])
{
	const struct sigstate *s = &p->sig;
	uint64_t now = k->cpu->icount;
	uint64_t left = s->alarm_at > now ? s->alarm_at - now : (s->alarm_at ? 1 : 0);
	uint64_t per_us = SIG_INSNS_PER_SEC / 1000000u;
	uint64_t left_us = (left + per_us - 1) / per_us;
	uint64_t iv_us = s->alarm_interval / per_us;
	out[0] = (uint32_t)(iv_us / 1000000u);
	out[1] = (uint32_t)(iv_us % 1000000u);
	out[2] = (uint32_t)(left_us / 1000000u);
	out[3] = (uint32_t)(left_us % 1000000u);
}

static void set_timer(struct kernel *k, uint64_t value_insns, uint64_t interval_insns)
{
	struct sigstate *s = &k->cur->sig;
	s->alarm_at = value_insns ? k->cpu->icount + value_insns : 0;
	s->alarm_interval = value_insns ? interval_insns : 0;
	signal_update_next_alarm(k);
	/* A program that spins until SIGALRM needs the timer to come back
	 * into the kernel (as fork switches it on). */
	if (s->alarm_at && !k->cpu->timer_period)
		cpu_set_timer(k->cpu, DEFAULT_TIMER_PERIOD);
}

static uint64_t tv_insns(uint32_t sec, uint32_t usec)
{
	return (uint64_t)sec * SIG_INSNS_PER_SEC + (uint64_t)usec * (SIG_INSNS_PER_SEC / 1000000u);
}

/* alarm(seconds): the seconds left of the old one, rounded as Linux's. */
int32_t linux_alarm(struct kernel *k, const uint32_t *a)
{
	uint32_t old[4];
	get_timer(k, k->cur, old);
	set_timer(k, tv_insns(a[0], 0), 0);
	uint32_t sec = old[2];
	if ((!sec && old[3]) || old[3] >= 500000)
		sec++;
	return (int32_t)sec;
}

/* setitimer(which, new, old): ITIMER_REAL only (docs/linux.md). */
int32_t linux_setitimer(struct kernel *k, const uint32_t *a)
{
	if (a[0] != L_ITIMER_REAL)
		return -EINVAL;
	uint32_t nv[4] = {0, 0, 0, 0}, old[4];
	if (a[1] && copyin(k, nv, a[1], sizeof(nv)) < 0)
		return -EFAULT;
	if (nv[1] >= 1000000u || nv[3] >= 1000000u)
		return -EINVAL;
	get_timer(k, k->cur, old);
	if (a[2] && copyout(k, a[2], old, sizeof(old)) < 0)
		return -EFAULT;
	set_timer(k, tv_insns(nv[2], nv[3]), tv_insns(nv[0], nv[1]));
	return 0;
}

int32_t linux_getitimer(struct kernel *k, const uint32_t *a)
{
	if (a[0] != L_ITIMER_REAL)
		return -EINVAL;
	uint32_t cur[4];
	get_timer(k, k->cur, cur);
	return copyout(k, a[1], cur, sizeof(cur)) < 0 ? -EFAULT : 0;
}
