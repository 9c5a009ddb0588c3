/*
 * The Linux personality (docs/linux.md): Linux's i386 system-call ABI
 * through IDT vector 0x80, numbers from arch/x86/entry/syscalls/
 * syscall_32.tbl, arguments in ebx, ecx, edx, esi, edi, ebp, errors as
 * -errno (the kernel's own convention), the System V process start.
 */
#include "abi_linux.h"

#include <stdio.h>

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

/* On exec: no TLS descriptors, mappings start again at the top, the
 * FD_CLOEXEC descriptors closed, /proc/self/exe the new program. */
static void linux_on_exec(struct kernel *k, struct proc *p)
{
	p->mmap_next = LINUX_MMAP_TOP;
	p->clear_tid = 0;
	signal_exec(p);
	linux_close_on_exec(k, p);
	snprintf(p->exe, sizeof(p->exe), "%s", k->exec_path);
}

static const struct syscall_def table[] = {
    SYSCALL_F(1, "exit", "d", linux_exit, SC_NORETURN),
    SYSCALL(2, "fork", "", linux_fork),
    SYSCALL(3, "read", "dpu", linux_read),
    SYSCALL(4, "write", "dpu", linux_write),
    SYSCALL(5, "open", "sxx", linux_open),
    SYSCALL(6, "close", "d", linux_close),
    SYSCALL(7, "waitpid", "dpx", linux_waitpid),
    SYSCALL(10, "unlink", "s", linux_unlink),
    SYSCALL(11, "execve", "spp", linux_execve),
    SYSCALL(12, "chdir", "s", sys_chdir),
    SYSCALL(13, "time", "p", linux_time),
    SYSCALL(19, "lseek", "ddd", linux_lseek),
    SYSCALL(20, "getpid", "", sys_getpid),
    SYSCALL(24, "getuid", "", linux_getuid),
    SYSCALL(27, "alarm", "u", linux_alarm),
    SYSCALL(29, "pause", "", linux_pause),
    SYSCALL(37, "kill", "dd", linux_kill),
    SYSCALL(39, "mkdir", "sx", linux_mkdir),
    SYSCALL(41, "dup", "d", linux_dup),
    SYSCALL(42, "pipe", "p", linux_pipe),
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
    SYSCALL(76, "getrlimit", "dp", linux_old_getrlimit),
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
    SYSCALL(295, "openat", "dsxx", linux_openat),
    SYSCALL(300, "fstatat64", "dspx", linux_fstatat64),
    SYSCALL(311, "set_robust_list", "pu", linux_zero),
    SYSCALL(330, "dup3", "ddx", linux_dup3),
    SYSCALL(331, "pipe2", "px", linux_pipe2),
    SYSCALL(335, "rt_tgsigqueueinfo", "dddp", linux_rt_tgsigqueueinfo),
    SYSCALL(355, "getrandom", "pux", linux_getrandom),
    SYSCALL(383, "statx", "dsxxp", linux_statx),
    SYSCALL(386, "rseq", "pudx", linux_nosys),
    SYSCALL(403, "clock_gettime64", "dp", linux_clock_gettime64),
    SYSCALL(421, "rt_sigtimedwait_time64", "pppu", linux_rt_sigtimedwait_time64),
    /* Paths and descriptors (abi_linux_path.c, abi_linux_fd.c). */
    SYSCALL(8, "creat", "sx", linux_creat),
    SYSCALL(9, "link", "ss", linux_link),
    SYSCALL(33, "access", "sx", linux_access),
    SYSCALL(38, "rename", "ss", linux_rename),
    SYSCALL(40, "rmdir", "s", linux_rmdir),
    SYSCALL(55, "fcntl", "ddx", linux_fcntl64),
    SYSCALL(83, "symlink", "ss", linux_symlink),
    SYSCALL(85, "readlink", "spd", linux_readlink),
    SYSCALL(133, "fchdir", "d", linux_fchdir),
    SYSCALL(141, "getdents", "dpu", linux_getdents),
    SYSCALL(183, "getcwd", "pu", linux_getcwd),
    SYSCALL(195, "stat64", "sp", linux_stat64),
    SYSCALL(196, "lstat64", "sp", linux_lstat64),
    SYSCALL(220, "getdents64", "dpu", linux_getdents64),
    SYSCALL(221, "fcntl64", "ddx", linux_fcntl64),
    SYSCALL(143, "flock", "dx", linux_flock),
    SYSCALL(296, "mkdirat", "dsx", linux_mkdirat),
    SYSCALL(301, "unlinkat", "dsx", linux_unlinkat),
    SYSCALL(302, "renameat", "dsds", linux_renameat),
    SYSCALL(303, "linkat", "dsdsx", linux_linkat),
    SYSCALL(304, "symlinkat", "sds", linux_symlinkat),
    SYSCALL(305, "readlinkat", "dspd", linux_readlinkat),
    SYSCALL(307, "faccessat", "dsx", linux_faccessat),
    SYSCALL(353, "renameat2", "dsdsx", linux_renameat2),
    SYSCALL(439, "faccessat2", "dsxx", linux_faccessat2),
    /* Waiting and sleeping (abi_linux_poll.c). */
    SYSCALL(82, "select", "p", linux_old_select),
    SYSCALL(142, "_newselect", "dpppp", linux_newselect),
    SYSCALL(162, "nanosleep", "pp", linux_nanosleep),
    SYSCALL(168, "poll", "pud", linux_poll),
    SYSCALL(267, "clock_nanosleep", "dxpp", linux_clock_nanosleep),
    SYSCALL(308, "pselect6", "dppppp", linux_pselect6),
    SYSCALL(309, "ppoll", "puppu", linux_ppoll),
    SYSCALL(407, "clock_nanosleep_time64", "dxpp", linux_clock_nanosleep_time64),
    SYSCALL(413, "pselect6_time64", "dppppp", linux_pselect6_time64),
    SYSCALL(414, "ppoll_time64", "puppu", linux_ppoll_time64),
    /* Identity and limits (abi_linux_id.c). */
    SYSCALL(23, "setuid", "u", linux_setid),
    SYSCALL(46, "setgid", "u", linux_setid),
    SYSCALL(60, "umask", "x", linux_umask),
    SYSCALL(70, "setreuid", "uu", linux_setreid),
    SYSCALL(71, "setregid", "uu", linux_setreid),
    SYSCALL(75, "setrlimit", "dp", linux_setrlimit),
    SYSCALL(116, "sysinfo", "p", linux_sysinfo),
    /* Process groups and sessions, scheduling, clock resolution (abi_linux_pgrp.c). */
    SYSCALL(57, "setpgid", "dd", linux_setpgid),
    SYSCALL(65, "getpgrp", "", linux_getpgrp),
    SYSCALL(66, "setsid", "", linux_setsid),
    SYSCALL(132, "getpgid", "d", linux_getpgid),
    SYSCALL(147, "getsid", "d", linux_getsid),
    SYSCALL(158, "sched_yield", "", linux_sched_yield),
    SYSCALL(266, "clock_getres", "dp", linux_clock_getres),
    SYSCALL(406, "clock_getres_time64", "dp", linux_clock_getres_time64),
    SYSCALL(138, "setfsuid", "u", linux_setfsid),
    SYSCALL(139, "setfsgid", "u", linux_setfsid),
    SYSCALL(164, "setresuid", "uuu", linux_setresid),
    SYSCALL(170, "setresgid", "uuu", linux_setresid),
    SYSCALL(203, "setreuid32", "uu", linux_setreid),
    SYSCALL(204, "setregid32", "uu", linux_setreid),
    SYSCALL(205, "getgroups32", "dp", linux_getgroups),
    SYSCALL(206, "setgroups32", "dp", linux_setgroups),
    SYSCALL(208, "setresuid32", "uuu", linux_setresid),
    SYSCALL(209, "getresuid32", "ppp", linux_getresid),
    SYSCALL(210, "setresgid32", "uuu", linux_setresid),
    SYSCALL(211, "getresgid32", "ppp", linux_getresid),
    SYSCALL(213, "setuid32", "u", linux_setid),
    SYSCALL(214, "setgid32", "u", linux_setid),
    SYSCALL(215, "setfsuid32", "u", linux_setfsid),
    SYSCALL(216, "setfsgid32", "u", linux_setfsid),
    SYSCALL(284, "waitid", "ddpxp", linux_waitid),
    SYSCALL(340, "prlimit64", "ddpp", linux_prlimit64),
    SYSCALL(172, "prctl", "dxxxx", linux_prctl),
    SYSCALL(187, "sendfile", "ddpu", linux_sendfile),
    SYSCALL(239, "sendfile64", "ddpu", linux_sendfile64),
    SYSCALL(180, "pread64", "dpuuu", linux_pread64),
    SYSCALL(181, "pwrite64", "dpuuu", linux_pwrite64),
    SYSCALL(15, "chmod", "sx", linux_chmod),
    SYSCALL(94, "fchmod", "dx", linux_fchmod),
    SYSCALL(306, "fchmodat", "dsx", linux_fchmodat),
    SYSCALL(320, "utimensat", "dspx", linux_utimensat),
    SYSCALL(16, "lchown", "suu", linux_lchown16),
    SYSCALL(95, "fchown", "duu", linux_fchown16),
    SYSCALL(182, "chown", "suu", linux_chown16),
    SYSCALL(198, "lchown32", "suu", linux_lchown32),
    SYSCALL(207, "fchown32", "duu", linux_fchown32),
    SYSCALL(212, "chown32", "suu", linux_chown32),
    SYSCALL(298, "fchownat", "dsuux", linux_fchownat),
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
