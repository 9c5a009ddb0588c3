/*
 * System-call personalities (ABIs). One gate machinery, several tables: a
 * process's ABI says which IDT vector its system calls arrive through, where
 * their arguments are, which table serves them, how an error is returned
 * and how exec lays out a new program's stack. The ABI is chosen at exec by
 * abi_select() (abi_select.c, the documented rule) or forced by --abi.
 *
 * Adding an ABI: a new file kernel/abi_NAME.c defining a `const struct abi`
 * (its table built with SYSCALL()), declared below and listed in
 * abi_select.c's abi_list[]; a rule in abi_select() if it can be
 * recognised from the ELF. Processes, files, uaccess and the sandbox are
 * shared by all ABIs.
 */
#ifndef KERNEL_ABI_H
#define KERNEL_ABI_H

#include "elf.h"
#include "kernel.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t (*syscall_fn)(struct kernel *k, const uint32_t *args);

#define SC_NORETURN 1u /* the call ends the caller when it succeeds (exit) */
#define SC_FRAME    2u /* the call rewrote the whole frame (sigreturn): eax is its result */

struct syscall_def {
	const char *name;
	const char *argfmt; /* d int, u unsigned, x hex, p pointer, s string */
	syscall_fn fn;	    /* NULL: not implemented, -ENOSYS */
	unsigned nargs;	    /* strlen(argfmt), at most 6 */
	unsigned flags;	    /* SC_* */
};

/* Designated initialisers keep the numbering visible (xv6 syscall.c); the
 * argument count is the format's length, fixed at compile time, and a
 * format longer than the 6 words of syscall_event.args does not compile. */
#define SYSCALL_FMT_FITS(fmt) (0 * sizeof(char[sizeof(fmt) <= 7 ? 1 : -1]))
#define SYSCALL_F(num, name, fmt, fn, flags)                                                       \
	[num] = {name, fmt, fn, (unsigned)(sizeof(fmt) - 1 + SYSCALL_FMT_FITS(fmt)), flags}
#define SYSCALL(num, name, fmt, fn) SYSCALL_F(num, name, fmt, fn, 0)

/* Where a call's arguments are. */
enum abi_args {
	ABI_ARGS_STACK, /* user stack at esp+4, esp+8, ... (xv6: called like a C function) */
	ABI_ARGS_REGS,	/* ebx, ecx, edx, esi, edi, ebp (Linux i386) */
};

/* What exec hands the ABI to build a new program's initial stack. */
struct exec_args {
	int argc;
	char **argv;
	int envc; /* 0 for ABIs without an environment */
	char **envp;
	const char *path; /* the program as exec named it (AT_EXECFN) */
};

/* The loaded image, for the auxiliary vector. */
struct exec_image_info {
	const struct elf_image *img;
	uint32_t load_base;   /* lowest loaded address */
	uint32_t stack_top;   /* the initial stack grows down from here */
	uint32_t interp_base; /* AT_BASE: the interpreter's load address (0: none) */
};

struct abi {
	const char *name; /* "ia32emu", "xv6", "linux": --abi and the trace */
	unsigned vector;  /* the IDT vector of its system-call gate (64 or 0x80) */
	enum abi_args args;
	const struct syscall_def *table;
	unsigned ncalls; /* entries of table[] */
	/* A negative errno as the program sees it (xv6: -1); NULL keeps it. */
	int32_t (*error)(int32_t neg_errno);
	/* Writes the initial stack below USER_STACK_TOP in `pgdir`: the
	 * program's esp, or 0 when the arguments do not fit (-E2BIG). */
	uint32_t (*build_stack)(struct kernel *k, uint32_t pgdir, const struct exec_args *a,
				const struct exec_image_info *ii);
	/* A new image replaced the process's (after exec, first start):
	 * per-process ABI state reset. NULL: none. */
	void (*on_exec)(struct kernel *k, struct proc *p);
	/* Bytes the saved EIP is rewound by to re-run a call that slept
	 * (K_RESTART): the length of its `int $N` (cd ib: 2). */
	unsigned restart_len;
	/* Calls an unknown number is reported for once (stderr). */
	bool report_unknown;
	/* xv6's address space when not 0: the image may start at address 0,
	 * one page of stack right after it, the heap after the stack, nothing
	 * at or above user_top (abi_xv6.c). 0: the ia32emu layout (page 0
	 * unmapped, stack below USER_STACK_TOP). */
	uint32_t user_top;
	/* Path names are cut to this many bytes (xv6's DIRSIZ); 0: not cut. */
	unsigned name_max;
	/* Linux signals (signal.h): delivered on the return to user mode. */
	bool signals;
	/* Descriptors a process may have open (at most NOFILE); 0: NOFILE_XV6. */
	unsigned nofile;
};

extern const struct abi abi_ia32emu;
extern const struct abi abi_linux;
extern const struct abi abi_xv6;

/* abi_select.c */
/* The ABI named `name` ("linux", "xv6", "ia32emu"), or NULL. */
const struct abi *abi_by_name(const char *name);
/* The names of every ABI, for messages: "ia32emu, linux". */
const char *abi_names(void);
/*
 * The ABI of a program about to start (the rule, docs/linux.md): --abi's
 * (k->forced_abi) if given; else the ELF's marker; else `inherit` (the ABI
 * of the process calling exec; NULL for the first program: ia32emu).
 */
const struct abi *abi_select(const struct kernel *k, const uint8_t *data, size_t size,
			     const struct elf_image *img, const struct abi *inherit);
/* The name of call `num` in `abi`, or NULL. */
const char *abi_call_name(const struct abi *abi, unsigned num);

/* abi_xv6.c: whether the current process's fd is an open directory
 * (strace shows an xv6 read() of it as records). */
bool abi_xv6_fd_is_dir(const struct kernel *k, uint32_t fd);

/* abi_ia32emu.c: the xv6-style stack (fake return address, argc, argv). */
uint32_t abi_xv6_build_stack(struct kernel *k, uint32_t pgdir, const struct exec_args *a,
			     const struct exec_image_info *ii);

#endif
