/*
 * The kernel's C entry: the trap stub has saved the registers into a trap
 * frame on the kernel stack and executed `out %al,$KERNEL_BRIDGE_PORT`.
 * Here the frame is read from emulated kernel memory, the trap served, and
 * the frame written back; the stub then restores registers and irets.
 */
#include "kernel.h"

#include <stdio.h>
#include <string.h>

/* Unix-style status of a program killed by an exception: 128 + the signal
 * Linux would send (SIGSEGV 11, SIGILL 4, SIGFPE 8, SIGTRAP 5, SIGBUS 7). */
static int fault_status(unsigned vec)
{
	switch (vec) {
	case EXC_DE:
	case EXC_MF: return 128 + 8;
	case EXC_UD:
	case EXC_NM: return 128 + 4;
	case EXC_DB:
	case EXC_BP: return 128 + 5;
	case EXC_AC: return 128 + 7;
	default: return 128 + 11;
	}
}

/* Decodes an error code for the stop message (SDM vol. 3 §6.13, §4.7). */
static void describe_error(unsigned vec, uint32_t err, char *buf, size_t n)
{
	if (vec == EXC_PF) {
		snprintf(buf, n, "%s %s, %s%s", (err & PF_U) ? "user" : "supervisor",
			 (err & PF_W) ? "write" : "read",
			 (err & PF_P) ? "protection" : "not present",
			 (err & PF_RSVD) ? ", reserved bit" : "");
	} else if (err == 0) {
		snprintf(buf, n, "null");
	} else if (err & 2) {
		snprintf(buf, n, "IDT vector %u%s", err >> 3, (err & 1) ? ", external" : "");
	} else {
		snprintf(buf, n, "%s selector 0x%x%s", (err & 4) ? "LDT" : "GDT", err & 0xfff8u,
			 (err & 1) ? ", external" : "");
	}
}

/* The process's name as the guest chose it (exec's argv[0]), with every
 * byte outside printable ASCII in octal, so it cannot forge a line on
 * stderr. */
static void safe_name(char *out, size_t n, const char *name)
{
	size_t len = 0;
	for (; *name && len + 5 < n; name++) {
		unsigned char ch = (unsigned char)*name;
		if (ch >= 0x20 && ch < 0x7f && ch != '\\')
			out[len++] = (char)ch;
		else
			len += (size_t)snprintf(out + len, n - len, "\\%03o", ch);
	}
	out[len] = 0;
}

void kernel_user_fault(struct kernel *k, struct trapframe *tf)
{
	struct cpu *c = k->cpu;
	unsigned vec = tf->trapno;
	/* A Linux program's handler for the signal (signal.c): it runs on
	 * the way back to user mode, and nothing stops. */
	if (k->cur && signal_fault(k, tf, fault_status(vec) - 128))
		return;
	char what[96] = "";
	if (exception_has_error(vec)) {
		char d[64];
		describe_error(vec, tf->err, d, sizeof(d));
		snprintf(what, sizeof(what), " (error 0x%x: %s)", tf->err, d);
	} else if (vec == EXC_UD && c->ud_reason) {
		snprintf(what, sizeof(what), " (%s)", c->ud_reason);
	}
	char name[4 * PROC_NAME_MAX + 1];
	safe_name(name, sizeof(name), k->cur ? k->cur->name : "?");
	int len =
	    snprintf(k->message, sizeof(k->message), "%s: %s %s%s at eip 0x%08x, cpl %u", name,
		     exception_mnemonic(vec), exception_name(vec), what, tf->eip, tf->cs & 3);
	if (vec == EXC_PF && len > 0 && (size_t)len < sizeof(k->message))
		snprintf(k->message + len, sizeof(k->message) - (size_t)len, ", cr2 0x%08x",
			 c->cr2);
	if (k->cur)
		proc_note_end(k, k->cur, fault_status(vec), fault_status(vec) - 128, tf);
	if (k->cur && k->cur != k->initproc) {
		/* Another process than the first: it dies, the machine goes on.
		 * Its parent sees 128+signal from wait2. */
		fprintf(stderr, "ia32emu: pid %d killed: %s\n", k->cur->pid, k->message);
		k->message[0] = 0;
		k->cur->termsig = fault_status(vec) - 128;
		proc_exit(k, k->cur, fault_status(vec));
		return;
	}
	k->exit_status = fault_status(vec);
	k->state = K_KILLED;
	cpu_request_stop(c);
}

static void panic(struct kernel *k, const char *why, const struct trapframe *tf)
{
	snprintf(k->message, sizeof(k->message),
		 "kernel panic: %s (trap %u, error 0x%x, eip 0x%08x, cs 0x%x)", why, tf->trapno,
		 tf->err, tf->eip, tf->cs);
	k->state = K_PANIC;
	k->exit_status = 125;
	cpu_request_stop(k->cpu);
}

/* The frame the stub pushed, in place in emulated kernel memory, or NULL
 * when the bridge was not entered the way the stub enters it. Only the stub,
 * at CPL 0, with its frame on the kernel stack, may enter here; anything
 * else is a kernel bug, not a user capability. The stub pushes whole words
 * down from the word-aligned TSS.ESP0 (boot.c), so the frame is aligned. */
static struct trapframe *stub_frame(struct kernel *k)
{
	const struct cpu *c = k->cpu;
	uint32_t esp = c->reg[ESP];
	/* One unsigned compare for both ends of the kernel stack. */
	if (c->cpl != 0 || c->eip - (KERNBASE + PA_STUBS) >= PAGE_SIZE ||
	    esp - (KERNBASE + PA_KSTACK) > KSTACK_SIZE - sizeof(struct trapframe) || (esp & 3))
		return NULL;
	return (struct trapframe *)(void *)phys_ptr(k->pm, esp - KERNBASE,
						    sizeof(struct trapframe));
}

/* Every trap but a system call from user mode: rare, kept out of the
 * system call's way. */
__attribute__((noinline, cold)) static void other_trap(struct kernel *k, struct trapframe *tf)
{
	bool from_user = (tf->cs & 3) == 3;
	if (tf->trapno == 32) {
		/* Timer tick: preempt the user process. Vector 32 is an
		 * interrupt gate, so IF is clear here; a syscall enters through
		 * a trap gate, which leaves IF set (SDM vol. 3 §6.12.1.3), so a
		 * tick can also land in the kernel's own stub: it just returns. */
		if (from_user)
			proc_tick(k, tf);
	} else if (tf->trapno == EXC_NM && from_user) {
		kfpu_nm(k); /* the lazy FPU switch (fpu.c) */
	} else if (tf->trapno < 32 && from_user) {
		kernel_user_fault(k, tf);
	} else if (tf->trapno < 32) {
		panic(k, "exception in kernel mode", tf);
	} else {
		panic(k, "unexpected trap", tf);
	}
}

__attribute__((noinline, cold)) static void bad_entry(struct kernel *k)
{
	struct trapframe none;
	memset(&none, 0, sizeof(none));
	panic(k, "bridge entered from outside the trap stub", &none);
}

/* The way back from a trap when there is more to do than return: the
 * process slept or ended: run another one (its frame replaces this one on
 * the kernel stack). Then, on the way back to user mode, the signals of
 * the process that runs (signal.c). */
__attribute__((noinline)) static void trap_exit(struct kernel *k, struct trapframe *tf)
{
	if (k->state == K_RUNNING && unlikely(k->next_alarm))
		signal_timers(k);
	if (k->state == K_RUNNING && unlikely(k->cur->sig.pending)) {
		signal_return(k, tf);
	} else if (k->state == K_RUNNING && k->cur->state != P_RUNNING) {
		sched(k, tf);
		if (k->state == K_RUNNING && unlikely(k->cur->sig.pending))
			signal_return(k, tf);
	}
}

void kernel_trap(struct kernel *k)
{
	/* The kernel works on the frame where the stub saved it
	 * (docs/architecture.md): what it changes (eax, a rewound eip, another process's frame)
	 * is what the stub's popal and iret then load. */
	struct trapframe *tf = stub_frame(k);
	if (unlikely(!tf)) {
		bad_entry(k);
		return;
	}
	k->tf = tf;
	if (likely((tf->trapno == T_SYSCALL || tf->trapno == T_LINUX_SYSCALL) && (tf->cs & 3) == 3))
		syscall_dispatch(k, tf);
	else
		other_trap(k, tf);
	if (unlikely(k->state != K_RUNNING || k->next_alarm || k->cur->sig.pending ||
		     k->cur->state != P_RUNNING))
		trap_exit(k, tf);
	k->tf = NULL;
	/* The host wrote guest memory: decoded code or a watched descriptor
	 * on those pages (the frame may straddle two) must be dropped. */
	uint32_t pa = (uint32_t)((uint8_t *)tf - k->pm->ram);
	phys_note_write(k->pm, pa);
	if ((pa ^ (pa + (uint32_t)sizeof(*tf) - 1)) >> PAGE_SHIFT)
		phys_note_write(k->pm, pa + (uint32_t)sizeof(*tf) - 1);
}
