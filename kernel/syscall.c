/*
 * The system-call table (DESIGN.md §3): indexed by %eax with a bounds
 * check; arguments are fetched from the user stack with copyin, so a bad
 * user stack pointer gives -EFAULT rather than a host access.
 */
#include "sysdefs.h"

#include <string.h>

/* Designated initialisers keep the numbering visible (xv6 syscall.c); the
 * argument count is the format's length, fixed at compile time, and a
 * format longer than the 6 words of syscall_event.args does not compile. */
#define FMT_FITS(fmt) (0 * sizeof(char[sizeof(fmt) <= 7 ? 1 : -1]))
#define SYSCALL(num, name, fmt, fn)                                                                \
	[num] = {name, fmt, fn, (unsigned)(sizeof(fmt) - 1 + FMT_FITS(fmt))}
static const struct syscall_def table[] = {
    SYSCALL(SYS_fork, "fork", "", sys_fork),
    SYSCALL(SYS_exit, "exit", "d", sys_exit),
    SYSCALL(SYS_wait, "wait", "", sys_wait),
    SYSCALL(SYS_pipe, "pipe", "p", sys_pipe),
    SYSCALL(SYS_write, "write", "dpd", sys_write),
    SYSCALL(SYS_read, "read", "dpd", sys_read),
    SYSCALL(SYS_close, "close", "d", sys_close),
    SYSCALL(SYS_kill, "kill", "d", sys_kill),
    SYSCALL(SYS_exec, "exec", "sp", sys_exec),
    SYSCALL(SYS_open, "open", "sx", sys_open),
    SYSCALL(SYS_mknod, "mknod", "sdd", sys_mknod),
    SYSCALL(SYS_unlink, "unlink", "s", sys_unlink),
    SYSCALL(SYS_fstat, "fstat", "dp", sys_fstat),
    SYSCALL(SYS_link, "link", "ss", sys_link),
    SYSCALL(SYS_mkdir, "mkdir", "s", sys_mkdir),
    SYSCALL(SYS_chdir, "chdir", "s", sys_chdir),
    SYSCALL(SYS_dup, "dup", "d", sys_dup),
    SYSCALL(SYS_getpid, "getpid", "", sys_getpid),
    SYSCALL(SYS_sbrk, "sbrk", "d", sys_sbrk),
    SYSCALL(SYS_sleep, "sleep", "d", sys_sleep),
    SYSCALL(SYS_uptime, "uptime", "", sys_uptime),
    SYSCALL(SYS_wait2, "wait2", "p", sys_wait2),
    SYSCALL(SYS_readdir, "readdir", "dp", sys_readdir),
};

#define NSYSCALL (sizeof(table) / sizeof(table[0]))

const char *syscall_name(unsigned num)
{
	return num < NSYSCALL && table[num].name ? table[num].name : NULL;
}

/* Runs call `d` (NULL: no such call) with its arguments fetched into
 * `args`. Arguments sit above the return address of the stub's caller:
 * esp+4, esp+8, ... on the user stack. */
static inline __attribute__((always_inline)) int32_t
run_call(struct kernel *k, const struct trapframe *tf, const struct syscall_def *d, uint32_t *args)
{
	if (!d)
		return -ENOSYS;
	if (d->nargs && copyin(k, args, tf->esp + 4, 4u * d->nargs) < 0)
		return -EFAULT;
	return d->fn ? d->fn(k, args) : -ENOSYS;
}

/* The result into the frame: eax, or, when the process sleeps, a rewind
 * onto its `int $64` (2 bytes, cd 40) so the call runs again, with eax
 * still the number, when woken. */
static void finish(struct trapframe *tf, int32_t ret)
{
	if (ret == K_RESTART)
		tf->eip -= 2;
	else
		tf->eax = (uint32_t)ret;
}

/* The call, then its event for the subscriber. */
__attribute__((noinline)) static void dispatch_traced(struct kernel *k, struct trapframe *tf,
						      const struct syscall_def *d)
{
	struct syscall_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.num = tf->eax;
	ev.name = d ? d->name : NULL;
	ev.argfmt = d ? d->argfmt : "";
	ev.pid = k->cur->pid;
	ev.vector = tf->trapno;
	if (k->hooks.on_syscall_entry) {
		/* A bad stack pointer leaves the arguments 0: the call itself
		 * then fails with -EFAULT. */
		if (d && d->nargs && copyin(k, ev.args, tf->esp + 4, 4u * d->nargs) < 0)
			memset(ev.args, 0, sizeof(ev.args));
		k->hooks.on_syscall_entry(k->hooks.opaque, &ev);
	}
	int32_t ret = run_call(k, tf, d, ev.args);
	finish(tf, ret);
	ev.ret = ret;
	ev.blocked = ret == K_RESTART;
	ev.returns = !ev.blocked && !(ev.num == SYS_exit && ret == 0);
	if (k->hooks.on_syscall)
		k->hooks.on_syscall(k->hooks.opaque, &ev);
}

void syscall_dispatch(struct kernel *k, struct trapframe *tf)
{
	uint32_t num = tf->eax;
	const struct syscall_def *d = num < NSYSCALL && table[num].name ? &table[num] : NULL;
	if (k->hooks.on_syscall || k->hooks.on_syscall_entry) {
		dispatch_traced(k, tf, d);
		return;
	}
	/* Nobody listens: no event to fill in. */
	uint32_t args[6];
	finish(tf, run_call(k, tf, d, args));
}
