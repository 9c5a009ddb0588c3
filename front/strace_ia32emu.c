/* The decoder table of the ia32emu ABI (kernel/syscall.h): xv6's numbers
 * 1-21 with their argument conventions, new calls from 22, -errno. */
#include "../kernel/syscall.h"
#include "strace_abi.h"

#include <string.h>

#define P SC_PROCESS
#define F SC_FILE
#define D SC_DESC
#define CALL(num, nm, n, k0, k1, k2, len, cls, fl)                                                 \
	[num] = {nm, n, {k0, k1, k2, 0, 0, 0}, len, cls, fl}

/* Numbers 1-21 (classic x86 xv6's). */
#define XV6_CALLS(exit_nargs, exit_kind)                                                           \
	CALL(SYS_fork, "fork", 0, 0, 0, 0, 0, P, 0),                                               \
	    CALL(SYS_exit, "exit", exit_nargs, exit_kind, 0, 0, 0, P, SF_NORETURN),                \
	    CALL(SYS_wait, "wait", 0, 0, 0, 0, 0, P, 0),                                           \
	    CALL(SYS_pipe, "pipe", 1, SK_PIPEFD, 0, 0, 0, D, 0),                                   \
	    CALL(SYS_write, "write", 3, SK_FD, SK_BUF_IN, SK_INT, 2, D, 0),                        \
	    CALL(SYS_read, "read", 3, SK_FD, SK_BUF_OUT, SK_INT, 0, D, 0),                         \
	    CALL(SYS_close, "close", 1, SK_FD, 0, 0, 0, D, 0),                                     \
	    CALL(SYS_kill, "kill", 1, SK_INT, 0, 0, 0, P | SC_SIGNAL, 0),                          \
	    CALL(SYS_exec, "exec", 2, SK_PATH, SK_ARGV, 0, 0, F | P, SF_IMAGE),                    \
	    CALL(SYS_open, "open", 2, SK_PATH, SK_OFLAGS, 0, 0, F | D, 0),                         \
	    CALL(SYS_mknod, "mknod", 3, SK_PATH, SK_INT, SK_INT, 0, F, 0),                         \
	    CALL(SYS_unlink, "unlink", 1, SK_PATH, 0, 0, 0, F, 0),                                 \
	    CALL(SYS_fstat, "fstat", 2, SK_FD, SK_XV6STAT, 0, 0, D, 0),                            \
	    CALL(SYS_link, "link", 2, SK_PATH, SK_PATH, 0, 0, F, 0),                               \
	    CALL(SYS_mkdir, "mkdir", 1, SK_PATH, 0, 0, 0, F, 0),                                   \
	    CALL(SYS_chdir, "chdir", 1, SK_PATH, 0, 0, 0, F, 0),                                   \
	    CALL(SYS_dup, "dup", 1, SK_FD, 0, 0, 0, D, 0),                                         \
	    CALL(SYS_getpid, "getpid", 0, 0, 0, 0, 0, P, 0),                                       \
	    CALL(SYS_sbrk, "sbrk", 1, SK_INT, 0, 0, 0, SC_MEMORY, SF_RET_HEX),                     \
	    CALL(SYS_sleep, "sleep", 1, SK_INT, 0, 0, 0, 0, 0),                                    \
	    CALL(SYS_uptime, "uptime", 0, 0, 0, 0, 0, 0, 0)

static const struct strace_call calls[] = {
    XV6_CALLS(1, SK_INT),
    CALL(SYS_wait2, "wait2", 1, SK_INT_OUT, 0, 0, 0, P, 0),
    CALL(SYS_readdir, "readdir", 2, SK_FD, SK_DIRENT, 0, 0, D, 0),
};

static const char *const accmode[4] = {"O_RDONLY", "O_WRONLY", "O_RDWR", NULL};
static const struct strace_flag oflags[] = {
    {XV6_O_CREATE, "O_CREATE"}, {XV6_O_TRUNC, "O_TRUNC"}, {XV6_O_APPEND, "O_APPEND"}, {0, NULL}};

const struct strace_abi strace_abi_ia32emu = {
    "ia32emu", calls, sizeof(calls) / sizeof(calls[0]), SE_NEG_ERRNO, T_SYSCALL, accmode, oflags,
};

/* strace_abi_xv6: strace_xv6.c. */

const struct strace_abi *strace_abi_by_name(const char *name)
{
	static const struct strace_abi *const all[] = {&strace_abi_ia32emu, &strace_abi_xv6,
						       &strace_abi_linux};
	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	return NULL;
}

const struct strace_call *strace_call_of(const struct strace_abi *abi, unsigned num)
{
	return num < abi->ncalls && abi->calls[num].name ? &abi->calls[num] : NULL;
}

int strace_call_by_name(const struct strace_abi *abi, const char *name)
{
	for (unsigned i = 0; i < abi->ncalls; i++)
		if (abi->calls[i].name && strcmp(abi->calls[i].name, name) == 0)
			return (int)i;
	return -1;
}
