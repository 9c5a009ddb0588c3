/*
 * The Linux personality (docs/linux.md): Linux's i386 system-call ABI
 * through IDT vector 0x80, numbers from arch/x86/entry/syscalls/
 * syscall_32.tbl, arguments in ebx, ecx, edx, esi, edi, ebp, errors as
 * -errno (the kernel's own convention), the System V process start.
 */
#include "abi_linux.h"

/* Numbers: arch/x86/entry/syscalls/syscall_32.tbl. */
static int32_t linux_exit(struct kernel *k, const uint32_t *a)
{
	return sys_exit(k, a);
}

uint32_t linux_hwcap(struct kernel *k)
{
	(void)k;
	/* CPUID leaf 1 EDX of cpu/ops_system.c: PSE TSC MSR CX8 CMOV. */
	return (1u << 3) | (1u << 4) | (1u << 5) | (1u << 8) | (1u << 15);
}

/* On exec: no TLS descriptors, mappings start again at the top. */
static void linux_on_exec(struct kernel *k, struct proc *p)
{
	(void)k;
	p->mmap_next = LINUX_MMAP_TOP;
	p->clear_tid = 0;
	signal_exec(p);
}

static const struct syscall_def table[] = {
    SYSCALL_F(1, "exit", "d", linux_exit, SC_NORETURN),
    SYSCALL(2, "fork", "", linux_fork),
    SYSCALL(3, "read", "dpu", linux_read),
    SYSCALL(4, "write", "dpu", linux_write),
    SYSCALL(5, "open", "sx", linux_open),
    SYSCALL(6, "close", "d", sys_close),
    SYSCALL(7, "waitpid", "dpx", linux_waitpid),
    SYSCALL(10, "unlink", "s", sys_unlink),
    SYSCALL(11, "execve", "spp", linux_execve),
    SYSCALL(12, "chdir", "s", sys_chdir),
    SYSCALL(13, "time", "p", linux_time),
    SYSCALL(19, "lseek", "ddd", linux_lseek),
    SYSCALL(20, "getpid", "", sys_getpid),
    SYSCALL(24, "getuid", "", linux_getuid),
    SYSCALL(27, "alarm", "u", linux_alarm),
    SYSCALL(29, "pause", "", linux_pause),
    SYSCALL(37, "kill", "dd", linux_kill),
    SYSCALL(39, "mkdir", "sx", sys_mkdir),
    SYSCALL(41, "dup", "d", sys_dup),
    SYSCALL(42, "pipe", "p", sys_pipe),
    SYSCALL(45, "brk", "x", linux_brk),
    SYSCALL(47, "getgid", "", linux_getuid),
    SYSCALL(49, "geteuid", "", linux_getuid),
    SYSCALL(50, "getegid", "", linux_getuid),
    SYSCALL(54, "ioctl", "dxx", linux_ioctl),
    SYSCALL(63, "dup2", "dd", linux_dup2),
    SYSCALL(64, "getppid", "", linux_getppid),
    SYSCALL(67, "sigaction", "dpp", linux_sigaction),
    SYSCALL(72, "sigsuspend", "ddx", linux_sigsuspend),
    SYSCALL(73, "sigpending", "p", linux_sigpending),
    SYSCALL(78, "gettimeofday", "pp", linux_gettimeofday),
    SYSCALL(76, "getrlimit", "dp", linux_getrlimit),
    SYSCALL(90, "mmap", "p", linux_old_mmap),
    SYSCALL(91, "munmap", "xu", linux_munmap),
    SYSCALL(104, "setitimer", "dpp", linux_setitimer),
    SYSCALL(105, "getitimer", "dp", linux_getitimer),
    SYSCALL(114, "wait4", "dpxp", linux_wait4),
    SYSCALL_F(119, "sigreturn", "", linux_sigreturn, SC_FRAME),
    SYSCALL(120, "clone", "xpppp", linux_clone),
    SYSCALL(122, "uname", "p", linux_uname),
    SYSCALL(125, "mprotect", "xux", linux_mprotect),
    SYSCALL(126, "sigprocmask", "dpp", linux_sigprocmask),
    SYSCALL(140, "_llseek", "duupd", linux_llseek),
    SYSCALL(145, "readv", "dpd", linux_readv),
    SYSCALL(146, "writev", "dpd", linux_writev),
    SYSCALL(163, "mremap", "xuux", linux_mremap),
    SYSCALL_F(173, "rt_sigreturn", "", linux_rt_sigreturn, SC_FRAME),
    SYSCALL(174, "rt_sigaction", "dppu", linux_rt_sigaction),
    SYSCALL(175, "rt_sigprocmask", "dppu", linux_rt_sigprocmask),
    SYSCALL(176, "rt_sigpending", "pu", linux_rt_sigpending),
    SYSCALL(177, "rt_sigtimedwait", "pppu", linux_rt_sigtimedwait),
    SYSCALL(178, "rt_sigqueueinfo", "ddp", linux_rt_sigqueueinfo),
    SYSCALL(179, "rt_sigsuspend", "pu", linux_rt_sigsuspend),
    SYSCALL(186, "sigaltstack", "pp", linux_sigaltstack),
    SYSCALL(190, "vfork", "", linux_fork),
    SYSCALL(191, "ugetrlimit", "dp", linux_getrlimit),
    SYSCALL(192, "mmap2", "xuxxdx", linux_mmap2),
    SYSCALL(197, "fstat64", "dp", linux_fstat64),
    SYSCALL(199, "getuid32", "", linux_getuid),
    SYSCALL(200, "getgid32", "", linux_getuid),
    SYSCALL(201, "geteuid32", "", linux_getuid),
    SYSCALL(202, "getegid32", "", linux_getuid),
    SYSCALL(219, "madvise", "xud", linux_madvise),
    SYSCALL(224, "gettid", "", sys_getpid),
    SYSCALL(238, "tkill", "dd", linux_tkill),
    SYSCALL(243, "set_thread_area", "p", linux_set_thread_area),
    SYSCALL_F(252, "exit_group", "d", linux_exit, SC_NORETURN),
    SYSCALL(258, "set_tid_address", "p", linux_set_tid_address),
    SYSCALL(265, "clock_gettime", "dp", linux_clock_gettime),
    SYSCALL(270, "tgkill", "ddd", linux_tgkill),
    SYSCALL(295, "openat", "dsx", linux_openat),
    SYSCALL(300, "fstatat64", "dspx", linux_fstatat64),
    SYSCALL(311, "set_robust_list", "pu", linux_zero),
    SYSCALL(330, "dup3", "ddx", linux_dup3),
    SYSCALL(331, "pipe2", "px", linux_pipe2),
    SYSCALL(335, "rt_tgsigqueueinfo", "dddp", linux_rt_tgsigqueueinfo),
    SYSCALL(355, "getrandom", "pux", linux_getrandom),
    SYSCALL(383, "statx", "dsxxp", linux_nosys), /* glibc falls back to fstatat64 */
    SYSCALL(386, "rseq", "pudx", linux_nosys),
    SYSCALL(403, "clock_gettime64", "dp", linux_clock_gettime64),
    SYSCALL(421, "rt_sigtimedwait_time64", "pppu", linux_rt_sigtimedwait_time64),
};

const struct abi abi_linux = {
    .name = "linux",
    .vector = T_LINUX_SYSCALL,
    .args = ABI_ARGS_REGS,
    .table = table,
    .ncalls = sizeof(table) / sizeof(table[0]),
    .error = NULL,
    .build_stack = linux_build_stack,
    .on_exec = linux_on_exec,
    .restart_len = 2,
    .report_unknown = true,
    .signals = true,
};
