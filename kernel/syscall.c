/*
 * System-call dispatch, shared by every ABI (abi.h): the current process's
 * ABI gives the gate vector, the table (indexed by %eax with a bounds
 * check), where the arguments are (fetched from the user stack with
 * copyin, so a bad user stack pointer gives -EFAULT rather than a host
 * access, or from the saved registers) and how an error is returned.
 */
#include "abi.h"
#include "sysdefs.h"

#include <stdio.h>
#include <string.h>

const char *abi_call_name(const struct abi *abi, unsigned num)
{
	return num < abi->ncalls && abi->table[num].name ? abi->table[num].name : NULL;
}

/* The ia32emu ABI's names (the monitor's `catch syscall` by name). */
const char *syscall_name(unsigned num)
{
	return abi_call_name(&abi_ia32emu, num);
}

/* The call's arguments into args[]: 0 or -EFAULT. */
static inline __attribute__((always_inline)) int fetch_args(struct kernel *k, const struct abi *abi,
							    const struct trapframe *tf,
							    uint32_t *args, unsigned n)
{
	if (abi->args == ABI_ARGS_REGS) {
		/* Linux i386: ebx, ecx, edx, esi, edi, ebp (entry_32.S). */
		const uint32_t regs[6] = {tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp};
		memcpy(args, regs, 4u * n);
		return 0;
	}
	/* Above the return address of the stub's caller: esp+4, esp+8, ... */
	return n && copyin(k, args, tf->esp + 4, 4u * n) < 0 ? -EFAULT : 0;
}

/* An unknown number: -ENOSYS, and for ABIs that ask for it one line on
 * stderr per number (numbers from 511 on share one line). */
__attribute__((noinline, cold)) static void report_unknown(struct kernel *k, const struct abi *abi,
							   uint32_t num)
{
	unsigned bit = num < 511 ? num : 511;
	if (k->unknown_reported[bit / 32] & (1u << (bit % 32)))
		return;
	k->unknown_reported[bit / 32] |= 1u << (bit % 32);
	/* The name comes from the guest (exec's path): escaped, so a newline
	 * or control bytes in it cannot forge a line of the host's output. */
	char name[4 * sizeof(k->cur->name) + 1];
	size_t n = 0;
	for (const unsigned char *c = (const unsigned char *)k->cur->name;
	     *c && n + 5 < sizeof(name); c++) {
		if (*c >= 0x20 && *c < 0x7f && *c != '\\')
			name[n++] = (char)*c;
		else
			n += (size_t)snprintf(name + n, sizeof(name) - n, "\\%03o", *c);
	}
	name[n] = 0;
	fprintf(stderr, "ia32emu: pid %d (%s): unknown %s system call %u%s: -ENOSYS\n", k->cur->pid,
		name, abi->name, num, num >= 511 ? " (or larger)" : "");
}

/* Runs call `d` (NULL: no such call) with its arguments fetched into
 * `args`. */
static inline __attribute__((always_inline)) int32_t
run_call(struct kernel *k, const struct abi *abi, const struct trapframe *tf,
	 const struct syscall_def *d, uint32_t *args)
{
	if (!d || !d->fn) {
		if (abi->report_unknown)
			report_unknown(k, abi, tf->eax);
		return -ENOSYS;
	}
	if (fetch_args(k, abi, tf, args, d->nargs) < 0)
		return -EFAULT;
	return d->fn(k, args);
}

/* The result into the frame: eax in the ABI's convention, or, when the
 * process sleeps, a rewind onto its `int $N` (restart_len bytes) so the
 * call runs again, with eax still the number, when woken. Returns what
 * eax became. */
static inline __attribute__((always_inline)) uint32_t finish(struct kernel *k,
							     const struct abi *abi,
							     struct trapframe *tf, int32_t ret,
							     const struct syscall_def *d)
{
	if (unlikely(ret == K_RESTART) && !(d && (d->flags & SC_FRAME))) {
		tf->eip -= abi->restart_len;
		k->cur->sig.in_restart = true; /* a signal interrupts or restarts it */
	} else if (unlikely(ret == -EPIPE) && abi->signals && d && !(d->flags & SC_FRAME)) {
		/* Linux's pipe_write: SIGPIPE with the error (signal.c). */
		struct ksiginfo info = {LSI_USER, k->cur->pid, 0, 0, 0, false, 0};
		signal_send(k, k->cur, LSIGPIPE, &info);
		tf->eax = (uint32_t)ret;
	} else if (ret < 0 && ret >= -4095 && abi->error)
		tf->eax = (uint32_t)abi->error(ret);
	else
		tf->eax = (uint32_t)ret;
	return tf->eax;
}

/* The call, then its event for the subscriber. */
__attribute__((noinline)) static void dispatch_traced(struct kernel *k, const struct abi *abi,
						      struct trapframe *tf,
						      const struct syscall_def *d)
{
	struct syscall_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.abi = abi;
	ev.num = tf->eax;
	ev.name = d ? d->name : NULL;
	ev.argfmt = d ? d->argfmt : "";
	ev.pid = k->cur->pid;
	ev.vector = tf->trapno;
	if (k->hooks.on_syscall_entry) {
		/* Arguments that cannot be fetched stay 0: the call itself
		 * then fails with -EFAULT. */
		void (*ua)(void *, const struct uaccess_event *) = k->hooks.on_uaccess;
		k->hooks.on_uaccess = NULL; /* this fetch is the tracer's, not the call's */
		if (d && d->nargs && fetch_args(k, abi, tf, ev.args, d->nargs) < 0)
			memset(ev.args, 0, sizeof(ev.args));
		k->hooks.on_uaccess = ua;
		k->hooks.on_syscall_entry(k->hooks.opaque, &ev);
	}
	int32_t ret = run_call(k, abi, tf, d, ev.args);
	ev.eax = finish(k, abi, tf, ret, d);
	ev.ret = ret;
	ev.blocked = ret == K_RESTART && !(d && (d->flags & SC_FRAME));
	ev.returns = !ev.blocked && !(d && (d->flags & SC_NORETURN) && ret == 0);
	if (k->hooks.on_syscall)
		k->hooks.on_syscall(k->hooks.opaque, &ev);
}

/* A system call through a gate that is not the process's ABI's: what the
 * CPU would have raised had that vector not been present (docs/architecture.md:
 * #GP with error code vector*8+2, SDM vol. 3 §6.13), at the `int`. */
__attribute__((noinline, cold)) static void wrong_gate(struct kernel *k, struct trapframe *tf)
{
	tf->err = tf->trapno * 8 + 2;
	tf->trapno = EXC_GP;
	tf->eip -= 2;
	kernel_user_fault(k, tf);
}

void syscall_dispatch(struct kernel *k, struct trapframe *tf)
{
	const struct abi *abi = k->cur->abi;
	if (unlikely(tf->trapno != abi->vector)) {
		wrong_gate(k, tf);
		return;
	}
	uint32_t num = tf->eax;
	struct proc *p = k->cur;
	p->sig.resumed = p->sig.in_restart;
	p->sig.in_restart = p->sig.no_restart = false;
	const struct syscall_def *d =
	    num < abi->ncalls && abi->table[num].name ? &abi->table[num] : NULL;
	if (k->hooks.on_syscall || k->hooks.on_syscall_entry) {
		dispatch_traced(k, abi, tf, d);
		return;
	}
	/* Nobody listens: no event to fill in. */
	uint32_t args[6];
	finish(k, abi, tf, run_call(k, abi, tf, d, args), d);
}
