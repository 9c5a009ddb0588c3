/*
 * The Linux personality (docs/linux.md): Linux's i386 system-call ABI
 * through IDT vector 0x80, numbers from arch/x86/entry/syscalls/
 * syscall_32.tbl, arguments in ebx, ecx, edx, esi, edi, ebp, errors as
 * -errno (the kernel's own convention), the System V process start.
 */
#include "abi_linux.h"

/* Numbers: syscall_32.tbl. */
enum {
	NR_exit = 1,
	NR_read = 3,
	NR_write = 4,
	NR_getpid = 20,
	NR_exit_group = 252,
};

static int32_t linux_exit(struct kernel *k, const uint32_t *a)
{
	return sys_exit(k, a);
}

uint32_t linux_hwcap(struct kernel *k)
{
	(void)k;
	return 0;
}

static const struct syscall_def table[] = {
    SYSCALL_F(NR_exit, "exit", "d", linux_exit, SC_NORETURN),
    SYSCALL(NR_read, "read", "dpu", sys_read),
    SYSCALL(NR_write, "write", "dpu", sys_write),
    SYSCALL(NR_getpid, "getpid", "", sys_getpid),
    SYSCALL_F(NR_exit_group, "exit_group", "d", linux_exit, SC_NORETURN),
};

const struct abi abi_linux = {
    .name = "linux",
    .vector = T_LINUX_SYSCALL,
    .args = ABI_ARGS_REGS,
    .table = table,
    .ncalls = sizeof(table) / sizeof(table[0]),
    .error = NULL,
    .build_stack = linux_build_stack,
    .on_exec = NULL,
    .restart_len = 2,
    .report_unknown = true,
};
