/*
 * The decoder table of Linux's i386 ABI: numbers and names from
 * arch/x86/entry/syscalls/syscall_32.tbl, arguments in ebx, ecx, edx, esi,
 * edi, ebp, -errno; the calls of issue 24's list. Structures not yet
 * followed are shown as pointers (docs/strace.md).
 */
#include "strace_abi.h"

#include <stddef.h>

#define P  SC_PROCESS
#define F  SC_FILE
#define D  SC_DESC
#define S  SC_SIGNAL
#define M  SC_MEMORY
#define I  SK_INT
#define U  SK_UINT
#define X  SK_HEX
#define Q  SK_PTR
#define FD SK_FD
#define PA SK_PATH
#define L(num, nm, n, a, b, c, d, e, f, len, cls, fl)                                              \
	[num] = {nm, n, {a, b, c, d, e, f}, len, cls, fl}

static const struct strace_call calls[] = {
    L(1, "exit", 1, I, 0, 0, 0, 0, 0, 0, P, SF_NORETURN),
    L(2, "fork", 0, 0, 0, 0, 0, 0, 0, 0, P, 0),
    L(3, "read", 3, FD, SK_BUF_OUT, U, 0, 0, 0, 0, D, 0),
    L(4, "write", 3, FD, SK_BUF_IN, U, 0, 0, 0, 2, D, 0),
    L(5, "open", 3, PA, SK_OFLAGS, SK_MODE, 0, 0, 0, 0, F | D, 0),
    L(6, "close", 1, FD, 0, 0, 0, 0, 0, 0, D, 0),
    L(7, "waitpid", 3, I, SK_WSTATUS, I, 0, 0, 0, 0, P, 0),
    L(8, "creat", 2, PA, SK_MODE, 0, 0, 0, 0, 0, F | D, 0),
    L(9, "link", 2, PA, PA, 0, 0, 0, 0, 0, F, 0),
    L(10, "unlink", 1, PA, 0, 0, 0, 0, 0, 0, F, 0),
    L(11, "execve", 3, PA, SK_ARGV, Q, 0, 0, 0, 0, F | P, SF_IMAGE),
    L(12, "chdir", 1, PA, 0, 0, 0, 0, 0, 0, F, 0),
    L(13, "time", 1, Q, 0, 0, 0, 0, 0, 0, 0, 0),
    L(19, "lseek", 3, FD, I, SK_WHENCE, 0, 0, 0, 0, D, 0),
    L(20, "getpid", 0, 0, 0, 0, 0, 0, 0, 0, P, 0),
    L(27, "alarm", 1, U, 0, 0, 0, 0, 0, 0, S, 0),
    L(29, "pause", 0, 0, 0, 0, 0, 0, 0, 0, S, 0),
    L(33, "access", 2, PA, X, 0, 0, 0, 0, 0, F, 0),
    L(37, "kill", 2, I, SK_SIGNAL, 0, 0, 0, 0, 0, P | S, 0),
    L(38, "rename", 2, PA, PA, 0, 0, 0, 0, 0, F, 0),
    L(39, "mkdir", 2, PA, SK_MODE, 0, 0, 0, 0, 0, F, 0),
    L(40, "rmdir", 1, PA, 0, 0, 0, 0, 0, 0, F, 0),
    L(41, "dup", 1, FD, 0, 0, 0, 0, 0, 0, D, 0),
    L(42, "pipe", 1, SK_PIPEFD, 0, 0, 0, 0, 0, 0, D, 0),
    L(45, "brk", 1, Q, 0, 0, 0, 0, 0, 0, M, SF_RET_HEX),
    L(54, "ioctl", 3, FD, SK_IOCTL_CMD, Q, 0, 0, 0, 0, D, 0),
    L(60, "umask", 1, SK_MODE, 0, 0, 0, 0, 0, 0, 0, 0),
    L(63, "dup2", 2, FD, FD, 0, 0, 0, 0, 0, D, 0),
    L(64, "getppid", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    L(67, "sigaction", 3, SK_SIGNAL, Q, Q, 0, 0, 0, 0, S, 0),
    L(72, "sigsuspend", 3, I, I, SK_OLDSIGSET, 0, 0, 0, 0, S, 0),
    L(73, "sigpending", 1, Q, 0, 0, 0, 0, 0, 0, S, 0),
    L(75, "setrlimit", 2, I, Q, 0, 0, 0, 0, 0, 0, 0),
    L(76, "getrlimit", 2, I, Q, 0, 0, 0, 0, 0, 0, 0),
    L(78, "gettimeofday", 2, Q, Q, 0, 0, 0, 0, 0, 0, 0),
    L(82, "select", 1, Q, 0, 0, 0, 0, 0, 0, D, 0),
    L(83, "symlink", 2, PA, PA, 0, 0, 0, 0, 0, F, 0),
    L(85, "readlink", 3, PA, SK_STRN_OUT, U, 0, 0, 0, 0, F, 0),
    L(91, "munmap", 2, Q, U, 0, 0, 0, 0, 0, M, 0),
    L(104, "setitimer", 3, SK_ITIMER_WHICH, SK_ITIMERVAL, SK_ITIMERVAL_OUT, 0, 0, 0, 0, S, 0),
    L(105, "getitimer", 2, SK_ITIMER_WHICH, SK_ITIMERVAL_OUT, 0, 0, 0, 0, 0, S, 0),
    L(114, "wait4", 4, I, SK_WSTATUS, I, Q, 0, 0, 0, P, 0),
    L(116, "sysinfo", 1, Q, 0, 0, 0, 0, 0, 0, 0, 0),
    L(119, "sigreturn", 0, 0, 0, 0, 0, 0, 0, 0, S, 0),
    L(120, "clone", 5, X, Q, Q, Q, Q, 0, 0, P, 0),
    L(122, "uname", 1, SK_UTSNAME, 0, 0, 0, 0, 0, 0, 0, 0),
    L(125, "mprotect", 3, Q, U, SK_PROT, 0, 0, 0, 0, M, 0),
    L(126, "sigprocmask", 3, SK_SIGHOW, Q, Q, 0, 0, 0, 0, S, 0),
    L(133, "fchdir", 1, FD, 0, 0, 0, 0, 0, 0, D, 0),
    L(140, "_llseek", 5, FD, U, U, Q, SK_WHENCE, 0, 0, D, 0),
    L(142, "_newselect", 5, I, Q, Q, Q, Q, 0, 0, D, 0),
    L(145, "readv", 3, FD, SK_IOV_OUT, I, 0, 0, 0, 2, D, 0),
    L(146, "writev", 3, FD, SK_IOV_IN, I, 0, 0, 0, 2, D, 0),
    L(158, "sched_yield", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    L(162, "nanosleep", 2, SK_TIMESPEC, Q, 0, 0, 0, 0, 0, 0, 0),
    L(163, "mremap", 5, Q, U, U, X, Q, 0, 0, M, SF_RET_HEX),
    L(168, "poll", 3, Q, U, I, 0, 0, 0, 0, D, 0),
    L(173, "rt_sigreturn", 0, 0, 0, 0, 0, 0, 0, 0, S, 0),
    L(174, "rt_sigaction", 4, SK_SIGNAL, SK_SIGACTION, SK_SIGACTION_OUT, U, 0, 0, 0, S, 0),
    L(175, "rt_sigprocmask", 4, SK_SIGHOW, SK_SIGSET, SK_SIGSET_OUT, U, 0, 0, 0, S, 0),
    L(176, "rt_sigpending", 2, SK_SIGSET_OUT, U, 0, 0, 0, 0, 0, S, 0),
    L(177, "rt_sigtimedwait", 4, SK_SIGSET, Q, SK_TIMESPEC, U, 0, 0, 0, S, 0),
    L(178, "rt_sigqueueinfo", 3, I, SK_SIGNAL, Q, 0, 0, 0, 0, S, 0),
    L(179, "rt_sigsuspend", 2, SK_SIGSET, U, 0, 0, 0, 0, 0, S, 0),
    L(180, "pread64", 5, FD, SK_BUF_OUT, U, U, U, 0, 0, D, 0),
    L(181, "pwrite64", 5, FD, SK_BUF_IN, U, U, U, 0, 2, D, 0),
    L(183, "getcwd", 2, SK_STRN_OUT, U, 0, 0, 0, 0, 0, F, 0),
    L(186, "sigaltstack", 2, SK_STACK, SK_STACK_OUT, 0, 0, 0, 0, 0, S, 0),
    L(190, "vfork", 0, 0, 0, 0, 0, 0, 0, 0, P, 0),
    L(191, "ugetrlimit", 2, I, Q, 0, 0, 0, 0, 0, 0, 0),
    L(192, "mmap2", 6, Q, U, SK_PROT, SK_MAPFLAGS, FD, X, 0, M, SF_RET_HEX),
    L(195, "stat64", 2, PA, SK_STAT64, 0, 0, 0, 0, 0, F, 0),
    L(196, "lstat64", 2, PA, SK_STAT64, 0, 0, 0, 0, 0, F, 0),
    L(197, "fstat64", 2, FD, SK_STAT64, 0, 0, 0, 0, 0, D, 0),
    L(199, "getuid32", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    L(200, "getgid32", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    L(201, "geteuid32", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    L(202, "getegid32", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    L(213, "setuid32", 1, U, 0, 0, 0, 0, 0, 0, 0, 0),
    L(214, "setgid32", 1, U, 0, 0, 0, 0, 0, 0, 0, 0),
    L(219, "madvise", 3, Q, U, I, 0, 0, 0, 0, M, 0),
    L(220, "getdents64", 3, FD, Q, U, 0, 0, 0, 0, D, 0),
    L(221, "fcntl64", 3, FD, SK_FCNTL_CMD, X, 0, 0, 0, 0, D, 0),
    L(224, "gettid", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    L(238, "tkill", 2, I, SK_SIGNAL, 0, 0, 0, 0, 0, S, 0),
    L(243, "set_thread_area", 1, Q, 0, 0, 0, 0, 0, 0, 0, 0),
    L(252, "exit_group", 1, I, 0, 0, 0, 0, 0, 0, P, SF_NORETURN),
    L(258, "set_tid_address", 1, Q, 0, 0, 0, 0, 0, 0, 0, 0),
    L(265, "clock_gettime", 2, SK_CLOCK, SK_TIMESPEC_OUT, 0, 0, 0, 0, 0, 0, 0),
    L(266, "clock_getres", 2, SK_CLOCK, SK_TIMESPEC_OUT, 0, 0, 0, 0, 0, 0, 0),
    L(267, "clock_nanosleep", 4, SK_CLOCK, I, SK_TIMESPEC, Q, 0, 0, 0, 0, 0),
    L(270, "tgkill", 3, I, I, SK_SIGNAL, 0, 0, 0, 0, S, 0),
    L(284, "waitid", 5, I, I, Q, I, Q, 0, 0, P, 0),
    L(295, "openat", 4, SK_FD, PA, SK_OFLAGS, SK_MODE, 0, 0, 0, F | D, 0),
    L(296, "mkdirat", 3, SK_FD, PA, SK_MODE, 0, 0, 0, 0, F, 0),
    L(300, "fstatat64", 4, SK_FD, PA, SK_STAT64, SK_ATFLAGS, 0, 0, 0, F, 0),
    L(301, "unlinkat", 3, SK_FD, PA, SK_ATFLAGS, 0, 0, 0, 0, F, 0),
    L(302, "renameat", 4, SK_FD, PA, SK_FD, PA, 0, 0, 0, F, 0),
    L(305, "readlinkat", 4, SK_FD, PA, SK_STRN_OUT, U, 0, 0, 0, F, 0),
    L(307, "faccessat", 3, SK_FD, PA, X, 0, 0, 0, 0, F, 0),
    L(311, "set_robust_list", 2, Q, U, 0, 0, 0, 0, 0, 0, 0),
    L(330, "dup3", 3, FD, FD, SK_OFLAGS, 0, 0, 0, 0, D, 0),
    L(331, "pipe2", 2, SK_PIPEFD, SK_OFLAGS, 0, 0, 0, 0, 0, D, 0),
    L(335, "rt_tgsigqueueinfo", 4, I, I, SK_SIGNAL, Q, 0, 0, 0, S, 0),
    L(340, "prlimit64", 4, I, I, Q, Q, 0, 0, 0, 0, 0),
    L(355, "getrandom", 3, SK_BUF_OUT, U, X, 0, 0, 0, 0, 0, 0),
    L(383, "statx", 5, SK_FD, PA, SK_ATFLAGS, X, Q, 0, 0, F, 0),
    L(386, "rseq", 4, Q, U, X, X, 0, 0, 0, 0, 0),
    L(403, "clock_gettime64", 2, SK_CLOCK, Q, 0, 0, 0, 0, 0, 0, 0),
    L(407, "clock_nanosleep_time64", 4, SK_CLOCK, I, Q, Q, 0, 0, 0, 0, 0),
    L(421, "rt_sigtimedwait_time64", 4, SK_SIGSET, Q, Q, U, 0, 0, 0, S, 0),
};

/* Linux's open flags (asm-generic/fcntl.h, as i386 uses them), octal. */
static const char *const accmode[4] = {"O_RDONLY", "O_WRONLY", "O_RDWR", NULL};
static const struct strace_flag oflags[] = {{0100, "O_CREAT"},	      {0200, "O_EXCL"},
					    {0400, "O_NOCTTY"},	      {01000, "O_TRUNC"},
					    {02000, "O_APPEND"},      {04000, "O_NONBLOCK"},
					    {010000, "O_DSYNC"},      {020000, "O_ASYNC"},
					    {040000, "O_DIRECT"},     {0100000, "O_LARGEFILE"},
					    {0200000, "O_DIRECTORY"}, {0400000, "O_NOFOLLOW"},
					    {01000000, "O_NOATIME"},  {02000000, "O_CLOEXEC"},
					    {010000000, "O_PATH"},    {0, NULL}};

const struct strace_abi strace_abi_linux = {
    "linux", calls, sizeof(calls) / sizeof(calls[0]), SE_NEG_ERRNO, 0x80, accmode, oflags,
};
