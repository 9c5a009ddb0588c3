/*
 * poll, select and the sleeps of the Linux personality, on virtual time
 * (docs/linux.md). A descriptor is ready as Linux's poll methods say:
 * a pipe's read end when it holds bytes or has no writer left (POLLHUP),
 * its write end when it has room (POLLERR without a reader), a regular
 * file or directory always, a host descriptor (the terminal) as the host's
 * poll says. A call that must wait sleeps a tick at a time (woken early
 * by the pipe it watches) and runs again, until a descriptor is ready or
 * its timeout's tick has come; one that watches host descriptors only,
 * with no other process to run, waits in the host's poll (real time).
 */
#define _GNU_SOURCE
#include "abi_linux.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>

#define L_POLLIN   0x001
#define L_POLLPRI  0x002
#define L_POLLOUT  0x004
#define L_POLLERR  0x008
#define L_POLLHUP  0x010
#define L_POLLNVAL 0x020
#define L_RDNORM   0x040
#define L_WRNORM   0x100
#define MAX_POLL   256
#define NO_TIMEOUT UINT64_MAX

/* What `fd` is ready for now (Linux's revents before masking). */
static uint32_t ready(struct kernel *k, int32_t fd, bool *host, const void **chan)
{
	struct file *f = fd >= 0 && fd < NOFILE ? k->cur->ofile[fd] : NULL;
	if (!f)
		return L_POLLNVAL;
	if (f->type == FD_PIPE) {
		const struct pipe *pp = f->pipe;
		uint32_t held = pp->nwrite - pp->nread, m = 0;
		*chan = pp;
		if (f->readable) {
			m |= held ? L_POLLIN | L_RDNORM : 0;
			m |= pp->writers ? 0 : L_POLLHUP;
		}
		if (f->writable) {
			m |= held < PIPESIZE ? L_POLLOUT | L_WRNORM : 0;
			m |= pp->readers ? 0 : L_POLLERR;
		}
		return m;
	}
	struct stat st;
	if (fstat(f->host_fd, &st) == 0 && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
		return L_POLLIN | L_POLLOUT | L_RDNORM | L_WRNORM;
	struct pollfd p = {f->host_fd, POLLIN | POLLOUT | POLLPRI, 0};
	*host = true;
	if (poll(&p, 1, 0) < 0)
		return 0;
	/* The host's POLL* bits are Linux's (the host is Linux). */
	return (uint32_t)p.revents & (L_POLLIN | L_POLLPRI | L_POLLOUT | L_POLLERR | L_POLLHUP);
}

/* Another process that could run (and so make a descriptor ready). */
static bool others(struct kernel *k)
{
	for (unsigned i = 0; i < NPROC; i++) {
		const struct proc *p = &k->procs[i];
		if (p != k->cur && (p->state == P_RUNNABLE || p->state == P_SLEEPING))
			return true;
	}
	return false;
}

static uint64_t now_tick(struct kernel *k)
{
	return k->cpu->icount / TICK_INSNS;
}

/* A timeout of `ns` from now as the tick it ends at (rounded up: Linux
 * sleeps at least as long as asked). */
static uint64_t tick_after(struct kernel *k, uint64_t ns)
{
	uint64_t insns = ns / NS_PER_INSN + (ns % NS_PER_INSN != 0);
	return (k->cpu->icount + insns + TICK_INSNS - 1) / TICK_INSNS;
}

/* The wait decision of a call that found nothing ready: 0 (timed out),
 * K_RESTART (sleeping), or 1 (the host was waited on: scan again). */
static int32_t wait_more(struct kernel *k, uint64_t timeout_ns, bool any_host, const void *chan)
{
	struct proc *p = k->cur;
	if (timeout_ns == 0)
		return 0;
	/* A handler runs: -EINTR, never restarted, as Linux's poll and select. */
	if (signal_interrupts(p)) {
		linux_sleep_interrupted(k, p);
		return -EINTR;
	}
	p->sleep_rem = 0;
	p->sig.no_restart = true;
	if (!p->poll_deadline)
		p->poll_deadline =
		    timeout_ns == NO_TIMEOUT ? NO_TIMEOUT : tick_after(k, timeout_ns);
	if (p->poll_deadline != NO_TIMEOUT && now_tick(k) >= p->poll_deadline) {
		p->poll_deadline = 0;
		return 0;
	}
	if (any_host && !chan && !others(k))
		return 1;     /* alone, on the terminal: the host's poll, in real time */
	if (chan || any_host) /* look again at the next tick, or when the pipe moves */
		p->wake_tick = now_tick(k) + 1;
	else /* nothing to watch: just the timeout (none: asleep for good) */
		p->wake_tick = p->poll_deadline == NO_TIMEOUT ? 0 : p->poll_deadline;
	if (p->poll_deadline != NO_TIMEOUT && p->wake_tick > p->poll_deadline)
		p->wake_tick = p->poll_deadline;
	proc_sleep(k, chan);
	return K_RESTART;
}

struct pollset {
	int32_t fd[MAX_POLL];
	uint32_t events[MAX_POLL], revents[MAX_POLL];
	unsigned n;
};

/* One scan of the set: the count of ready descriptors; *host and *chan
 * say what a wait would be on. */
static int32_t scan(struct kernel *k, struct pollset *s, bool *host, const void **chan)
{
	int32_t count = 0;
	for (unsigned i = 0; i < s->n; i++) {
		s->revents[i] = 0;
		if (s->fd[i] < 0)
			continue;
		uint32_t m = ready(k, s->fd[i], host, chan);
		m &= s->events[i] | L_POLLERR | L_POLLHUP | L_POLLNVAL;
		s->revents[i] = m;
		count += m != 0;
	}
	return count;
}

/* Waits on the host for the set's host descriptors (real time). */
static void host_wait(struct kernel *k, const struct pollset *s, uint64_t timeout_ns)
{
	struct pollfd h[MAX_POLL];
	unsigned n = 0;
	for (unsigned i = 0; i < s->n; i++) {
		struct file *f =
		    s->fd[i] >= 0 && s->fd[i] < NOFILE ? k->cur->ofile[s->fd[i]] : NULL;
		if (f && f->type == FD_HOST)
			h[n++] = (struct pollfd){f->host_fd, (short)(s->events[i] & 7), 0};
	}
	int ms = timeout_ns == NO_TIMEOUT ? -1 : (int)(timeout_ns / 1000000u);
	(void)poll(h, n, ms);
	if (timeout_ns != NO_TIMEOUT) /* the time waited passes for the guest too */
		k->cpu->icount += timeout_ns / NS_PER_INSN;
}

static int32_t poll_set(struct kernel *k, struct pollset *s, uint64_t timeout_ns)
{
	for (;;) {
		bool host = false;
		const void *chan = NULL;
		int32_t c = scan(k, s, &host, &chan);
		if (c) {
			k->cur->poll_deadline = 0;
			return c;
		}
		int32_t w = wait_more(k, timeout_ns, host, chan);
		if (w != 1)
			return w;
		host_wait(k, s, timeout_ns);
		c = scan(k, s, &host, &chan);
		k->cur->poll_deadline = 0;
		return c;
	}
}

/* ppoll/poll(fds, n, timeout): struct pollfd {int fd; short events,
 * revents;}. */
static int32_t do_poll(struct kernel *k, uint32_t ufds, uint32_t n, uint64_t timeout_ns)
{
	if (n > MAX_POLL)
		return -EINVAL;
	struct pollset s;
	s.n = n;
	uint8_t raw[MAX_POLL * 8];
	if (n && copyin(k, raw, ufds, 8 * n) < 0)
		return -EFAULT;
	if (n && user_range_ok(k, ufds, 8 * n, true) < 0)
		return -EFAULT;
	for (unsigned i = 0; i < n; i++) {
		uint16_t ev;
		memcpy(&s.fd[i], raw + 8 * i, 4);
		memcpy(&ev, raw + 8 * i + 4, 2);
		s.events[i] = ev;
	}
	int32_t r = poll_set(k, &s, timeout_ns);
	if (r < 0)
		return r;
	for (unsigned i = 0; i < n; i++) {
		uint16_t rev = (uint16_t)s.revents[i];
		memcpy(raw + 8 * i + 6, &rev, 2);
	}
	return n && copyout(k, ufds, raw, 8 * n) < 0 ? -EFAULT : r;
}

int32_t linux_poll(struct kernel *k, const uint32_t *a)
{
	int32_t ms = (int32_t)a[2];
	return do_poll(k, a[0], a[1], ms < 0 ? NO_TIMEOUT : (uint64_t)ms * 1000000u);
}

/* A timespec argument (32- or 64-bit fields) as ns; NO_TIMEOUT for NULL. */
static int32_t get_timespec(struct kernel *k, uint32_t uts, bool is64, uint64_t *ns)
{
	if (!uts) {
		*ns = NO_TIMEOUT;
		return 0;
	}
	int64_t sec, nsec;
	if (is64) {
		int64_t t[2];
		if (copyin(k, t, uts, 16) < 0)
			return -EFAULT;
		sec = t[0];
		nsec = (int32_t)t[1]; /* the kernel ignores the upper half for 32-bit tasks */
	} else {
		int32_t t[2];
		if (copyin(k, t, uts, 8) < 0)
			return -EFAULT;
		sec = t[0];
		nsec = t[1];
	}
	if (sec < 0 || nsec < 0 || nsec >= 1000000000)
		return -EINVAL;
	*ns = sec > 1000000000ll ? NO_TIMEOUT - 1 : (uint64_t)sec * 1000000000u + (uint64_t)nsec;
	return 0;
}

int32_t linux_ppoll(struct kernel *k, const uint32_t *a)
{
	uint64_t ns;
	int32_t r = get_timespec(k, a[2], false, &ns);
	return r < 0 ? r : do_poll(k, a[0], a[1], ns);
}

int32_t linux_ppoll_time64(struct kernel *k, const uint32_t *a)
{
	uint64_t ns;
	int32_t r = get_timespec(k, a[2], true, &ns);
	return r < 0 ? r : do_poll(k, a[0], a[1], ns);
}

/* select(n, in, out, ex, timeout) on fd_set bitmaps (32-bit words). */
static int32_t do_select(struct kernel *k, int32_t n, const uint32_t set_va[3], uint64_t ns)
{
	if (n < 0)
		return -EINVAL;
	if (n > NOFILE)
		n = NOFILE; /* past the table: no descriptor to test (Linux: max_fds) */
	/* fd_set: a bit per descriptor, `bytes` of them read and written
	 * (the table's NOFILE bits at most). */
	uint32_t sets[3][NOFILE / 32];
	memset(sets, 0, sizeof(sets));
	uint32_t bytes = ((uint32_t)n + 7) / 8;
	for (int i = 0; i < 3; i++)
		if (set_va[i] && bytes && copyin(k, sets[i], set_va[i], bytes) < 0)
			return -EFAULT;
	struct pollset s;
	s.n = 0;
	for (int32_t fd = 0; fd < n; fd++) {
		uint32_t ev = 0, w = (uint32_t)fd >> 5, bit = 1u << (fd & 31);
		ev |= (sets[0][w] & bit) ? L_POLLIN : 0;
		ev |= (sets[1][w] & bit) ? L_POLLOUT : 0;
		ev |= (sets[2][w] & bit) ? L_POLLPRI : 0;
		if (!ev)
			continue;
		s.fd[s.n] = fd;
		s.events[s.n++] = ev;
	}
	int32_t r = poll_set(k, &s, ns);
	if (r < 0)
		return r;
	uint32_t out[3][NOFILE / 32];
	memset(out, 0, sizeof(out));
	int32_t count = 0;
	for (unsigned i = 0; i < s.n; i++) {
		uint32_t rv = s.revents[i], w = (uint32_t)s.fd[i] >> 5, bit = 1u << (s.fd[i] & 31);
		if (rv & L_POLLNVAL)
			return -EBADF;
		if ((s.events[i] & L_POLLIN) && (rv & (L_POLLIN | L_POLLHUP | L_POLLERR)))
			out[0][w] |= bit, count++;
		if ((s.events[i] & L_POLLOUT) && (rv & (L_POLLOUT | L_POLLERR)))
			out[1][w] |= bit, count++;
		if ((s.events[i] & L_POLLPRI) && (rv & L_POLLPRI))
			out[2][w] |= bit, count++;
	}
	for (int i = 0; i < 3; i++)
		if (set_va[i] && bytes && copyout(k, set_va[i], out[i], bytes) < 0)
			return -EFAULT;
	return count;
}

/* A struct timeval (32-bit) as ns. */
static int32_t get_timeval(struct kernel *k, uint32_t utv, uint64_t *ns)
{
	if (!utv) {
		*ns = NO_TIMEOUT;
		return 0;
	}
	int32_t t[2];
	if (copyin(k, t, utv, 8) < 0)
		return -EFAULT;
	if (t[0] < 0 || t[1] < 0)
		return -EINVAL;
	/* Linux normalises usec >= 10^6 into seconds. */
	*ns = (uint64_t)t[0] * 1000000000u + (uint64_t)t[1] * 1000u;
	return 0;
}

int32_t linux_newselect(struct kernel *k, const uint32_t *a)
{
	uint64_t ns;
	int32_t r = get_timeval(k, a[4], &ns);
	if (r < 0)
		return r;
	const uint32_t sets[3] = {a[1], a[2], a[3]};
	r = do_select(k, (int32_t)a[0], sets, ns);
	if (r >= 0 && a[4] && k->cur->poll_deadline == 0) {
		/* Linux writes back the time left: none after a timeout. */
		int32_t left[2] = {0, 0};
		if (r == 0 && copyout(k, a[4], left, 8) < 0)
			return -EFAULT;
	}
	return r;
}

/* The old select (82): one pointer to {n, in, out, ex, tvp}. */
int32_t linux_old_select(struct kernel *k, const uint32_t *a)
{
	uint32_t x[5];
	if (copyin(k, x, a[0], sizeof(x)) < 0)
		return -EFAULT;
	return linux_newselect(k, x);
}

static int32_t do_pselect(struct kernel *k, const uint32_t *a, bool is64)
{
	uint64_t ns;
	int32_t r = get_timespec(k, a[4], is64, &ns);
	if (r < 0)
		return r;
	const uint32_t sets[3] = {a[1], a[2], a[3]};
	return do_select(k, (int32_t)a[0], sets, ns);
}

int32_t linux_pselect6(struct kernel *k, const uint32_t *a)
{
	return do_pselect(k, a, false);
}

int32_t linux_pselect6_time64(struct kernel *k, const uint32_t *a)
{
	return do_pselect(k, a, true);
}

/* The sleeps: the process becomes runnable at the tick after the time;
 * when nothing else runs, virtual time jumps there (proc.c). The deadline
 * is kept in poll_deadline, so the call, re-run when woken, sleeps on to
 * the same tick. A signal with a handler ends it with -EINTR and the time
 * left in `rem` (whole ticks), even under SA_RESTART, as Linux's
 * nanosleep does (its restart block is only for a stop, not a handler). */
static int32_t put_timespec(struct kernel *k, uint32_t uts, bool is64, uint64_t ns)
{
	int32_t t32[2] = {(int32_t)(ns / 1000000000u), (int32_t)(ns % 1000000000u)};
	int64_t t64[2] = {t32[0], t32[1]};
	return copyout(k, uts, is64 ? (const void *)t64 : (const void *)t32, is64 ? 16 : 8);
}

static int32_t sleep_ns(struct kernel *k, uint64_t ns, uint32_t rem, bool is64)
{
	struct proc *p = k->cur;
	if (!p->poll_deadline) {
		if (ns == 0)
			return 0;
		p->poll_deadline = tick_after(k, ns);
	}
	uint64_t now = now_tick(k);
	if (now >= p->poll_deadline) {
		p->poll_deadline = 0;
		return 0;
	}
	if (signal_interrupts(p)) {
		linux_sleep_interrupted(k, p);
		return -EINTR;
	}
	p->sleep_rem = rem;
	p->sleep_rem64 = is64;
	p->sig.no_restart = true;
	p->wake_tick = p->poll_deadline;
	proc_sleep(k, NULL);
	return K_RESTART;
}

void linux_sleep_interrupted(struct kernel *k, struct proc *p)
{
	uint64_t now = now_tick(k);
	if (p->sleep_rem && p->poll_deadline && p->poll_deadline != NO_TIMEOUT &&
	    p->poll_deadline > now)
		(void)put_timespec(k, p->sleep_rem, p->sleep_rem64,
				   (p->poll_deadline - now) * TICK_INSNS * NS_PER_INSN);
	p->poll_deadline = 0;
	p->sleep_rem = 0;
}

int32_t linux_nanosleep(struct kernel *k, const uint32_t *a)
{
	uint64_t ns = 0;
	int32_t r = k->cur->poll_deadline ? 0 : a[0] ? get_timespec(k, a[0], false, &ns) : -EFAULT;
	return r < 0 ? r : sleep_ns(k, ns, a[1], false);
}

/* clock_nanosleep(clock, flags, req, rem): TIMER_ABSTIME (1) sleeps until
 * the clock reads req (and writes no `rem`, as Linux). Errors are
 * returned, as the system call does. */
static int32_t clock_sleep(struct kernel *k, const uint32_t *a, bool is64)
{
	if (a[0] == 2 || a[0] == 3) /* CPU-time clocks: not sleepable here */
		return -EINVAL;
	if (!linux_clock_ok(a[0]))
		return -EINVAL;
	uint64_t ns = 0;
	if (!k->cur->poll_deadline) {
		int32_t r = a[2] ? get_timespec(k, a[2], is64, &ns) : -EFAULT;
		if (r < 0)
			return r;
		if (a[1] & 1) {
			uint64_t now = linux_now_ns(k, a[0]);
			ns = ns > now ? ns - now : 0;
		}
	}
	return sleep_ns(k, ns, (a[1] & 1) ? 0 : a[3], is64);
}

int32_t linux_clock_nanosleep(struct kernel *k, const uint32_t *a)
{
	return clock_sleep(k, a, false);
}

int32_t linux_clock_nanosleep_time64(struct kernel *k, const uint32_t *a)
{
	return clock_sleep(k, a, true);
}

/* ---- futex ---- */

enum {
	FUTEX_WAIT = 0,
	FUTEX_WAKE = 1,
	FUTEX_REQUEUE = 3,
	FUTEX_CMP_REQUEUE = 4,
	FUTEX_WAKE_OP = 5,
	FUTEX_WAIT_BITSET = 9,
	FUTEX_WAKE_BITSET = 10,
	FUTEX_PRIVATE = 128,
	FUTEX_CLOCK_REALTIME = 256,
};

static int32_t sext12(uint32_t v)
{
	return (int32_t)(v << 20) >> 20;
}

/* FUTEX_WAKE_OP's operation on the word at uaddr2 (linux/futex.h: op,
 * cmp, oparg, cmparg in val3). Nobody waits to be woken by it. */
static int32_t futex_wake_op(struct kernel *k, uint32_t uaddr2, uint32_t val3)
{
	uint32_t op = (val3 >> 28) & 7, cmp = (val3 >> 24) & 15;
	int32_t oparg = sext12(val3 >> 12);
	if (val3 & (8u << 28)) /* FUTEX_OP_OPARG_SHIFT: 1 << oparg */
		oparg = (int32_t)(1u << (oparg & 31));
	if (op > 4 || cmp > 5)
		return -ENOSYS;
	if (uaddr2 & 3)
		return -EINVAL;
	uint32_t old, v = (uint32_t)oparg;
	if (copyin(k, &old, uaddr2, 4) < 0)
		return -EFAULT;
	uint32_t nv = op == 0	? v
		      : op == 1 ? old + v
		      : op == 2 ? old | v
		      : op == 3 ? old & ~v
				: old ^ v;
	return copyout(k, uaddr2, &nv, 4) < 0 ? -EFAULT : 0;
}

/*
 * futex(uaddr, op, val, timeout or val2, uaddr2, val3) and futex_time64.
 * A futex word is waited on only by another thread of its address space,
 * and there are no threads here (docs/linux.md): nobody ever waits, so a
 * wake wakes nobody (0), and a wait whose word still holds `val` sleeps
 * until its timeout (-ETIMEDOUT), a handled signal (-EINTR) or for good
 * (the run ends as a deadlock when nothing else can run, where Linux would
 * hang). glibc and musl call it single-threaded too (pthread_once, the
 * locks of libraries). The checks are Linux's (kernel/futex): a word not
 * 4-aligned -EINVAL, an unreadable one -EFAULT (a private wake reads
 * nothing), a zero bitset -EINVAL, FUTEX_CLOCK_REALTIME outside the waits
 * and unknown commands (the PI ones among them) -ENOSYS.
 */
static int32_t futex(struct kernel *k, const uint32_t *a, bool is64)
{
	uint32_t cmd = a[1] & ~(uint32_t)(FUTEX_PRIVATE | FUTEX_CLOCK_REALTIME), uaddr = a[0];
	bool realtime = a[1] & FUTEX_CLOCK_REALTIME;
	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	if (cmd > FUTEX_WAKE_BITSET || cmd == 2 || (cmd >= 6 && cmd <= 8))
		return -ENOSYS;
	if (uaddr & 3)
		return -EINVAL;
	uint32_t word;
	switch (cmd) {
	case FUTEX_WAKE_BITSET:
		if (!a[5])
			return -EINVAL;
		/* fall through */
	case FUTEX_WAKE:
		if (!(a[1] & FUTEX_PRIVATE) && user_range_ok(k, uaddr, 4, false) < 0)
			return -EFAULT;
		return 0;
	case FUTEX_CMP_REQUEUE:
		if (a[4] & 3)
			return -EINVAL;
		if (copyin(k, &word, uaddr, 4) < 0)
			return -EFAULT;
		return word != a[5] ? -EAGAIN : 0;
	case FUTEX_REQUEUE: return (a[4] & 3) ? -EINVAL : 0;
	case FUTEX_WAKE_OP: return futex_wake_op(k, a[4], a[5]);
	default: break; /* the waits */
	}
	if (cmd == FUTEX_WAIT_BITSET && !a[5])
		return -EINVAL;
	uint64_t ns = NO_TIMEOUT;
	if (!k->cur->poll_deadline) {
		/* The first run, not a restart of a sleeping one: the word is
		 * compared now, as Linux compares it before it sleeps. */
		if (copyin(k, &word, uaddr, 4) < 0)
			return -EFAULT;
		if (word != a[2])
			return -EAGAIN;
		int32_t r = get_timespec(k, a[3], is64, &ns);
		if (r < 0)
			return r;
		if (cmd == FUTEX_WAIT_BITSET && ns != NO_TIMEOUT) {
			/* An absolute time on CLOCK_MONOTONIC or, with the flag,
			 * CLOCK_REALTIME. */
			uint64_t now = linux_now_ns(k, realtime ? 0 : 1);
			ns = ns > now ? ns - now : 0;
		}
	}
	int32_t r = wait_more(k, ns, false, NULL);
	return r == 0 ? -ETIMEDOUT : r;
}

int32_t linux_futex(struct kernel *k, const uint32_t *a)
{
	return futex(k, a, false);
}

int32_t linux_futex_time64(struct kernel *k, const uint32_t *a)
{
	return futex(k, a, true);
}
