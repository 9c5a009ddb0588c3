/*
 * System-call decoders as data: one table per ABI (docs/strace.md). Each
 * call names its arguments' kinds — a descriptor, a path, a buffer the
 * call reads (length from another argument) or fills (length from the
 * result), open flags, a structure the call fills — so one formatter
 * prints every ABI in strace's style, with the ABI's own flag and errno
 * conventions.
 */
#ifndef FRONT_STRACE_ABI_H
#define FRONT_STRACE_ABI_H

#include <stdint.h>

enum strace_kind {
	SK_NONE,
	SK_INT,	     /* signed decimal */
	SK_UINT,     /* unsigned decimal */
	SK_HEX,	     /* 0x... */
	SK_PTR,	     /* a pointer not followed: 0x... or NULL */
	SK_FD,	     /* a descriptor (decimal; AT_FDCWD by name) */
	SK_PATH,     /* a NUL-terminated path, not cut by -s (strace) */
	SK_STR,	     /* a NUL-terminated string, cut at -s */
	SK_BUF_IN,   /* bytes the call reads: length in argument len_arg */
	SK_BUF_OUT,  /* bytes the call fills: length is the result */
	SK_OFLAGS,   /* open flags, by the ABI's names */
	SK_MODE,     /* a file mode, octal */
	SK_ARGV,     /* a NULL-terminated array of strings */
	SK_PIPEFD,   /* int[2] the call fills */
	SK_INT_OUT,  /* int the call fills (a status) */
	SK_XV6STAT,  /* xv6's struct stat the call fills */
	SK_DIRENT,   /* ia32emu's struct dirent the call fills (result 1) */
	SK_SIGNAL,   /* a signal number, by name */
	SK_STAT64,   /* Linux i386 struct stat64 the call fills */
	SK_IOV_IN,   /* struct iovec[arg len_arg] the call reads */
	SK_IOV_OUT,  /* struct iovec[arg len_arg] the call fills (result bytes) */
	SK_WSTATUS,  /* Linux wait status the call fills */
	SK_PROT,     /* mmap protection bits */
	SK_MAPFLAGS, /* mmap flags */
	SK_CLOCK,    /* a clock id */
	SK_TIMESPEC, /* struct timespec (32-bit) the call reads */
	SK_TIMESPEC_OUT,
	SK_UTSNAME,  /* struct utsname the call fills */
	SK_STRN_OUT, /* a string the call fills (getcwd, readlink: result bytes) */
	SK_FCNTL_CMD,
	SK_FCNTL_ARG, /* fcntl's third argument, by the command before it */
	SK_IOCTL_CMD,
	SK_WHENCE,
	SK_ATFLAGS,
	SK_SIGACTION, /* struct sigaction (rt form) the call reads */
	SK_XV6READ,   /* xv6 read(): a directory's struct dirent records, else as SK_BUF_OUT */
	/* Linux signals (strace_linux_signal.c) */
	SK_SIGACTION_OUT, /* struct sigaction the call fills */
	SK_SIGSET,	  /* a 64-bit sigset_t the call reads: [USR1 TERM] */
	SK_SIGSET_OUT,	  /* one it fills */
	SK_SIGHOW,	  /* SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK */
	SK_ITIMER_WHICH,  /* ITIMER_REAL, ... */
	SK_ITIMERVAL,	  /* struct itimerval the call reads */
	SK_ITIMERVAL_OUT, /* one it fills */
	SK_STACK,	  /* stack_t (sigaltstack) the call reads */
	SK_STACK_OUT,	  /* one it fills */
	SK_OLDSIGSET,	  /* a 32-bit old_sigset_t, by value */
	SK_PGOFF,	  /* mmap2's offset in pages: shown in bytes, as strace does */
};

/* Classes for -e trace=%file, %process, %signal, %desc, %memory, %network. */
#define SC_FILE	   0x01u
#define SC_PROCESS 0x02u
#define SC_SIGNAL  0x04u
#define SC_DESC	   0x08u
#define SC_MEMORY  0x10u
#define SC_NETWORK 0x20u

/* Call flags. */
#define SF_NORETURN 0x01u /* exit: no result */
#define SF_IMAGE    0x02u /* exec: on success the caller's memory is gone */
#define SF_RET_HEX  0x04u /* the result is an address (sbrk, brk, mmap) */
#define SF_RET_OCT  0x08u /* the result is a mode (umask: 022) */

struct strace_call {
	const char *name;
	uint8_t nargs;
	uint8_t kind[6];
	uint8_t len_arg; /* the length argument of SK_BUF_IN, SK_IOV_* */
	uint8_t cls;
	uint8_t flags;
};

struct strace_flag {
	uint32_t bits;
	const char *name;
};

enum strace_errors {
	SE_NEG_ERRNO, /* -errno, Linux's numbers (ia32emu, linux) */
	SE_MINUS_ONE, /* -1; the reason, when the kernel reports it, after it (xv6) */
};

struct strace_abi {
	const char *name; /* as --abi spells it */
	const struct strace_call *calls;
	unsigned ncalls;
	enum strace_errors errors;
	unsigned vector;		  /* the gate: 64 or 0x80 */
	const char *const *accmode;	  /* names of flags & 3 */
	const struct strace_flag *oflags; /* the other open flags, 0-terminated */
};

extern const struct strace_abi strace_abi_ia32emu;
extern const struct strace_abi strace_abi_xv6;
extern const struct strace_abi strace_abi_linux;

/* The ABI by its --abi name, NULL when unknown. */
const struct strace_abi *strace_abi_by_name(const char *name);
/* The call `num` of `abi`, NULL when the table has none. */
const struct strace_call *strace_call_of(const struct strace_abi *abi, unsigned num);
/* The number of the call named `name` in `abi`, -1 when none. */
int strace_call_by_name(const struct strace_abi *abi, const char *name);

/* errno's name ("ENOENT") and message, Linux's numbers; NULL when unknown. */
const char *strace_errno_name(int e);
const char *strace_errno_msg(int e);
/* A signal's name ("SIGSEGV"), Linux's numbers; NULL when unknown. */
const char *strace_signal_name(int sig);

#endif
