/*
 * Signals as Linux i386 has them (docs/linux.md "Signals"): per-process
 * dispositions, blocked and pending sets, the alternate stack and the
 * ITIMER_REAL timer; sending, the default actions, and delivery on the
 * way back to user mode, just before the trap stub's iret to CPL 3.
 * Numbers, flags and si_code values are Linux's (include/uapi/asm-generic/
 * signal.h, siginfo.h); the frames are arch/x86's (signal_frame.c).
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#define LSIG_MAX 64 /* _NSIG: signals 1-64, a 64-bit set (bit sig-1) */

enum {
	LSIGHUP = 1,
	LSIGINT = 2,
	LSIGQUIT = 3,
	LSIGILL = 4,
	LSIGTRAP = 5,
	LSIGABRT = 6,
	LSIGBUS = 7,
	LSIGFPE = 8,
	LSIGKILL = 9,
	LSIGUSR1 = 10,
	LSIGSEGV = 11,
	LSIGUSR2 = 12,
	LSIGPIPE = 13,
	LSIGALRM = 14,
	LSIGTERM = 15,
	LSIGCHLD = 17,
	LSIGCONT = 18,
	LSIGSTOP = 19,
	LSIGTSTP = 20,
	LSIGTTIN = 21,
	LSIGTTOU = 22,
	LSIGURG = 23,
	LSIGWINCH = 28,
};

/* sa_flags */
#define LSA_NOCLDSTOP 0x00000001u
#define LSA_NOCLDWAIT 0x00000002u
#define LSA_SIGINFO   0x00000004u
#define LSA_RESTORER  0x04000000u
#define LSA_ONSTACK   0x08000000u
#define LSA_RESTART   0x10000000u
#define LSA_NODEFER   0x40000000u
#define LSA_RESETHAND 0x80000000u

#define LSIG_DFL 0u
#define LSIG_IGN 1u

/* si_code */
#define LSI_USER     0
#define LSI_KERNEL   0x80
#define LSI_TKILL    (-6)
#define LSI_QUEUE    (-1)
#define LCLD_EXITED  1
#define LCLD_KILLED  2
#define LCLD_DUMPED  3
#define LSEGV_MAPERR 1
#define LSEGV_ACCERR 2
#define LFPE_INTDIV  1
#define LILL_ILLOPN  2
#define LTRAP_BRKPT  1
#define LBUS_ADRALN  1

/* sigaltstack's ss_flags */
#define LSS_ONSTACK 1
#define LSS_DISABLE 2

#define LSIG_BIT(s) (1ull << ((s)-1))
/* SIGKILL and SIGSTOP can be neither caught, blocked nor ignored. */
#define LSIG_UNBLOCKABLE (LSIG_BIT(LSIGKILL) | LSIG_BIT(LSIGSTOP))

/* A disposition as the kernel keeps it (struct k_sigaction). */
struct ksigaction {
	uint32_t handler; /* LSIG_DFL, LSIG_IGN or a user address */
	uint32_t flags;
	uint32_t restorer;
	uint64_t mask;
};

/* What a pending signal carries: the siginfo fields Linux fills in. */
struct ksiginfo {
	int code;
	int pid;	 /* sender (SI_USER, SI_TKILL), or the child (SIGCHLD) */
	int status;	 /* SIGCHLD: exit code or signal */
	uint32_t addr;	 /* faults: si_addr */
	unsigned trapno; /* faults: the exception vector (the trace) */
	bool fault;	 /* sent by a CPU exception */
	uint32_t value;	 /* SI_QUEUE (sigqueue): si_value */
};

struct sigstate {
	struct ksigaction act[LSIG_MAX + 1];
	struct ksiginfo info[LSIG_MAX + 1]; /* of each pending signal (one each) */
	uint64_t blocked, pending;
	uint64_t saved_mask; /* rt_sigsuspend: the mask to restore */
	bool has_saved_mask;
	uint32_t ss_sp, ss_size; /* sigaltstack */
	uint32_t ss_flags;	 /* 0 or LSS_DISABLE */
	/* The process sleeps in a call that will be re-run (K_RESTART):
	 * a handler interrupts it (-EINTR) or restarts it (SA_RESTART). */
	bool in_restart;
	bool no_restart;	 /* that call is never restarted (pause, sigsuspend) */
	bool resumed;		 /* the running call is the re-run of one that slept */
	uint64_t waiting;	 /* rt_sigtimedwait: these wake it although blocked */
	uint64_t wait_until;	 /* its timeout (icount); 0: none */
	uint64_t alarm_at;	 /* ITIMER_REAL expiry, in guest instructions; 0: off */
	uint64_t alarm_interval; /* its reload value (instructions) */
};

/* ITIMER_REAL runs on the virtual clock of clock_gettime: one guest
 * instruction is 100 ns (10 million instructions a virtual second). */
#define SIG_NS_PER_INSN	  100u
#define SIG_INSNS_PER_SEC (1000000000u / SIG_NS_PER_INSN)

/* What a subscriber learns about a signal leaving the pending set. */
struct signal_event {
	int pid;
	int sig;
	struct ksiginfo info;
	uint32_t handler;  /* the disposition used: LSIG_DFL, LSIG_IGN or the handler */
	bool fatal;	   /* the default action ends the process */
	uint32_t frame;	   /* with a handler: the frame's user address */
	bool rt;	   /* an rt_sigframe (SA_SIGINFO) */
	uint32_t eip, esp; /* where the handler starts */
};

struct kernel;
struct proc;
struct trapframe;

/* signal.c */
/* Sends `sig` to `p` (Linux's send_signal): pending, and a sleeper woken
 * if the signal is not blocked and not ignored. */
void signal_send(struct kernel *k, struct proc *p, int sig, const struct ksiginfo *info);
/* A fault at CPL 3 (trap.c): true when a handler will run (the signal is
 * pending), false when the process must die as it does without one. */
bool signal_fault(struct kernel *k, struct trapframe *tf, int sig);
/* The return to user mode of k->cur in frame `tf`: pending signals
 * delivered (handlers entered, default actions taken), other processes
 * scheduled when the current one ends. */
void signal_return(struct kernel *k, struct trapframe *tf);
/* True when a signal is pending that would interrupt a sleep. */
bool signal_interrupts(const struct proc *p);
/* A child ends: SIGCHLD to its parent. */
void signal_child_exit(struct kernel *k, struct proc *child, int status);
/* The parent ignores SIGCHLD or set SA_NOCLDWAIT: its children are
 * reaped as they end, and wait4 fails with ECHILD once none is left. */
bool signal_autoreap(const struct proc *parent);
void signal_fork(const struct proc *parent, struct proc *child);
void signal_exec(struct proc *p);
/* ITIMER_REAL expiries up to now: SIGALRM sent, k->next_alarm updated. */
void signal_timers(struct kernel *k);
void signal_update_next_alarm(struct kernel *k);
/* Ends `p` by signal `sig` as its default action does. */
void signal_kill(struct kernel *k, struct proc *p, int sig);
/* Linux's default action: true for signals that end the process. */
bool signal_default_fatal(int sig);

/* sigaltstack: 0 or -EPERM (running on it), -EINVAL, -ENOMEM (< 2048). */
int signal_altstack(struct proc *p, uint32_t sp, uint32_t ss_sp, uint32_t flags, uint32_t size);
/* ss_flags as sigaltstack reports them for a stack pointer `sp`. */
uint32_t signal_altstack_flags(const struct proc *p, uint32_t sp);

/* signal_frame.c (the Linux i386 frames) */
/* Linux's 128-byte siginfo_t for `sig` (rt frames, rt_sigtimedwait). */
void signal_fill_siginfo(int sig, const struct ksiginfo *in, uint8_t *si);
/* Builds the frame of `sig` for handler `act` on the user stack and points
 * `tf` at the handler: 0, or -EFAULT when the frame cannot be written. */
int signal_setup_frame(struct kernel *k, struct trapframe *tf, int sig,
		       const struct ksigaction *act, const struct ksiginfo *info, uint64_t old_mask,
		       struct signal_event *ev);
/* sigreturn/rt_sigreturn: the frame at the user stack back into `tf`.
 * 0, or -EFAULT (unreadable frame) / -EPERM (a selector or flag a user
 * may not set): the caller kills the process with SIGSEGV. */
int signal_restore_frame(struct kernel *k, struct trapframe *tf, bool rt);

#endif
