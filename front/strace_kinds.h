/* One argument of a call, by its kind (strace_abi.h). */
#ifndef FRONT_STRACE_KINDS_H
#define FRONT_STRACE_KINDS_H

#include "strace_fmt.h"

/* Appends argument k of `ev`. `filled`: the call returned and succeeded,
 * so what it wrote may be shown; otherwise an out argument prints as its
 * address. */
void strace_arg(struct sbuf *b, struct machine *m, const struct strace_abi *abi,
		const struct strace_call *c, const struct syscall_event *ev, unsigned k,
		const struct strace_fmt_opts *o, bool filled);
/* open's flags: the access mode's name, then the other bits by name. */
void strace_open_flags(struct sbuf *b, const struct strace_abi *abi, uint32_t v);
/* How many of c's arguments strace shows for these values: fcntl's
 * commands that read nothing show two, open and openat show the mode only
 * when the flags create a file. */
unsigned strace_shown_args(const struct strace_call *c, const struct syscall_event *ev);
/* The result of fcntl's F_GETFD and F_GETFL with its flags by name, as
 * strace shows it: true when it appended it. */
bool strace_fcntl_result(struct sbuf *b, const struct strace_abi *abi, const struct strace_call *c,
			 const struct syscall_event *ev);
/* Reads guest memory at user permission: the bytes readable from `va`. */
uint32_t strace_peek(struct machine *m, uint32_t va, void *dst, uint32_t len);

/* The kinds of Linux's ABI (strace_linuxkinds.c), and any pointer. */
void strace_arg_other(struct sbuf *b, struct machine *m, const struct strace_abi *abi,
		      const struct strace_call *c, const struct syscall_event *ev, unsigned k,
		      const struct strace_fmt_opts *o, bool filled);
/* strace_xv6.c: the buffer of an xv6 read() (argument 1), as records
 * when the descriptor is a directory. */
void strace_xv6_read(struct sbuf *b, struct machine *m, const struct syscall_event *ev,
		     const struct strace_fmt_opts *o);
#endif
