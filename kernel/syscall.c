/*
 * The system-call table (DESIGN.md §3): indexed by %eax with a bounds
 * check; arguments are fetched from the user stack with copyin, so a bad
 * user stack pointer gives -EFAULT rather than a host access.
 */
#include "sysdefs.h"

#include <string.h>

/* Designated initialisers keep the numbering visible (xv6 syscall.c). */
static const struct syscall_def table[] = {
    [SYS_fork] = {"fork", "", NULL},
    [SYS_exit] = {"exit", "d", sys_exit},
    [SYS_wait] = {"wait", "", NULL},
    [SYS_pipe] = {"pipe", "p", NULL},
    [SYS_write] = {"write", "dpd", sys_write},
    [SYS_read] = {"read", "dpd", sys_read},
    [SYS_close] = {"close", "d", sys_close},
    [SYS_kill] = {"kill", "d", NULL},
    [SYS_exec] = {"exec", "sp", NULL},
    [SYS_open] = {"open", "sx", NULL},
    [SYS_mknod] = {"mknod", "sdd", NULL},
    [SYS_unlink] = {"unlink", "s", NULL},
    [SYS_fstat] = {"fstat", "dp", NULL},
    [SYS_link] = {"link", "ss", NULL},
    [SYS_mkdir] = {"mkdir", "s", NULL},
    [SYS_chdir] = {"chdir", "s", NULL},
    [SYS_dup] = {"dup", "d", NULL},
    [SYS_getpid] = {"getpid", "", sys_getpid},
    [SYS_sbrk] = {"sbrk", "d", sys_sbrk},
    [SYS_sleep] = {"sleep", "d", NULL},
    [SYS_uptime] = {"uptime", "", sys_uptime},
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
	ev.ret = ret;
	if (k->hooks.on_syscall)
		k->hooks.on_syscall(k->hooks.opaque, &ev);
	tf->eax = (uint32_t)ret;
}
