/*
 * The system-call table (DESIGN.md §3): indexed by %eax with a bounds
 * check; arguments are fetched from the user stack with copyin, so a bad
 * user stack pointer gives -EFAULT rather than a host access.
 */
#include "sysdefs.h"

#include <string.h>

/* Designated initialisers keep the numbering visible (xv6 syscall.c). */
static const struct syscall_def table[] = {
    [SYS_fork] = {"fork", "", sys_fork},
    [SYS_exit] = {"exit", "d", sys_exit},
    [SYS_wait] = {"wait", "", sys_wait},
    [SYS_pipe] = {"pipe", "p", sys_pipe},
    [SYS_write] = {"write", "dpd", sys_write},
    [SYS_read] = {"read", "dpd", sys_read},
    [SYS_close] = {"close", "d", sys_close},
    [SYS_kill] = {"kill", "d", sys_kill},
    [SYS_exec] = {"exec", "sp", sys_exec},
    [SYS_open] = {"open", "sx", sys_open},
    [SYS_mknod] = {"mknod", "sdd", sys_mknod},
    [SYS_unlink] = {"unlink", "s", sys_unlink},
    [SYS_fstat] = {"fstat", "dp", sys_fstat},
    [SYS_link] = {"link", "ss", sys_link},
    [SYS_mkdir] = {"mkdir", "s", sys_mkdir},
    [SYS_chdir] = {"chdir", "s", sys_chdir},
    [SYS_dup] = {"dup", "d", sys_dup},
    [SYS_getpid] = {"getpid", "", sys_getpid},
    [SYS_sbrk] = {"sbrk", "d", sys_sbrk},
    [SYS_sleep] = {"sleep", "d", sys_sleep},
    [SYS_uptime] = {"uptime", "", sys_uptime},
    [SYS_wait2] = {"wait2", "p", sys_wait2},
    [SYS_readdir] = {"readdir", "dp", sys_readdir},
};

#define NSYSCALL (sizeof(table) / sizeof(table[0]))

const char *syscall_name(unsigned num)
{
	return num < NSYSCALL && table[num].name ? table[num].name : NULL;
}

void syscall_dispatch(struct kernel *k, struct trapframe *tf)
{
	uint32_t num = tf->eax;
	struct syscall_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.num = num;
	ev.returns = true;
	int32_t ret;
	if (num >= NSYSCALL || !table[num].name) {
		ev.name = NULL;
		ev.argfmt = "";
		ret = -ENOSYS;
	} else {
		const struct syscall_def *d = &table[num];
		unsigned nargs = (unsigned)strlen(d->argfmt);
		ev.name = d->name;
		ev.argfmt = d->argfmt;
		/* Arguments sit above the return address of the stub's caller:
		 * esp+4, esp+8, ... on the user stack. */
		if (nargs && copyin(k, ev.args, tf->esp + 4, 4 * nargs) < 0)
			ret = -EFAULT;
		else if (!d->fn)
			ret = -ENOSYS;
		else
			ret = d->fn(k, ev.args);
		if (num == SYS_exit && ret == 0)
			ev.returns = false;
	}
	if (ret == K_RESTART) {
		/* The process sleeps; rewind onto its `int $64` (2 bytes, cd 40)
		 * so the call runs again, with eax still the number, when woken. */
		ev.blocked = true;
		ev.returns = false;
		tf->eip -= 2;
	} else {
		tf->eax = (uint32_t)ret;
	}
	ev.ret = ret;
	if (k->hooks.on_syscall)
		k->hooks.on_syscall(k->hooks.opaque, &ev);
}
