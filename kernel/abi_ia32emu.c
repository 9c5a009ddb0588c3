/*
 * The ia32emu ABI (DESIGN.md §3, README "System calls"): classic x86 xv6's
 * numbers 1-21 and argument conventions through IDT vector 64, extended
 * from 22 on; arguments on the user stack at esp+4, esp+8, ...; errors as
 * negative errno values; a new program's stack as xv6's exec leaves it.
 */
#include "abi.h"
#include "sysdefs.h"

#include <string.h>

static const struct syscall_def table[] = {
    SYSCALL(SYS_fork, "fork", "", sys_fork),
    SYSCALL_F(SYS_exit, "exit", "d", sys_exit, SC_NORETURN),
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

/* The stack xv6's exec builds: strings at the top, then argv[], argc and
 * the fake return address 0xffffffff at esp. Returns esp or 0. */
uint32_t abi_xv6_build_stack(struct kernel *k, uint32_t pgdir, const struct exec_args *a,
			     const struct exec_image_info *ii)
{
	(void)ii;
	uint32_t sp = USER_STACK_TOP;
	uint32_t uargv[MAX_ARGS + 1];
	int argc = a->argc;
	if (argc > MAX_ARGS)
		return 0;
	uint32_t total = 0;
	for (int i = argc - 1; i >= 0; i--) {
		uint32_t len = (uint32_t)strlen(a->argv[i]) + 1;
		total += len;
		if (total > MAX_ARG_BYTES)
			return 0;
		sp -= len;
		if (pgdir_write(k, pgdir, sp, a->argv[i], len) < 0)
			return 0;
		uargv[i] = sp;
	}
	uargv[argc] = 0;
	sp &= ~3u;
	sp -= 4 * (uint32_t)(argc + 1);
	if (pgdir_write(k, pgdir, sp, uargv, 4 * (uint32_t)(argc + 1)) < 0)
		return 0;
	uint32_t head[3] = {0xffffffffu, (uint32_t)argc, sp};
	sp -= sizeof(head);
	if (pgdir_write(k, pgdir, sp, head, sizeof(head)) < 0)
		return 0;
	return sp;
}

const struct abi abi_ia32emu = {
    .name = "ia32emu",
    .vector = T_SYSCALL,
    .args = ABI_ARGS_STACK,
    .table = table,
    .ncalls = sizeof(table) / sizeof(table[0]),
    .error = NULL,
    .build_stack = abi_xv6_build_stack,
    .on_exec = NULL,
    .restart_len = 2,
    .report_unknown = false,
};
