/*
 * Formatting of system calls in strace's style (docs/strace.md): strings
 * quoted and escaped as strace escapes them, cut at the string size with
 * "...", flags by name, structures in braces, errors by name. Guest memory
 * is read only through cpu_peek with user permissions (a page walk that
 * faults nothing and sets no accessed bit): a bad pointer prints as an
 * address, never as a host access.
 */
#ifndef FRONT_STRACE_FMT_H
#define FRONT_STRACE_FMT_H

#include "../kernel/machine.h"
#include "strace_abi.h"

#include <stdbool.h>
#include <stddef.h>

/* A bounded text being built; never overflows, always NUL-terminated. */
struct sbuf {
	char *buf;
	size_t cap, len;
};

void sb_init(struct sbuf *b, char *buf, size_t cap);
void sb_puts(struct sbuf *b, const char *s);
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes quoted as strace quotes them: "..." with \n \t \" \\ and octal
 * escapes for every other byte outside printable ASCII. */
void sb_quote(struct sbuf *b, const uint8_t *s, size_t n);
/* The same without the quotes (process names in text lines). */
void sb_escape(struct sbuf *b, const uint8_t *s, size_t n);

struct strace_fmt_opts {
	unsigned strsize; /* -s: bytes of a string or buffer shown (32) */
	bool verbose;	  /* -v: every field of a structure */
};

/* The ABI of the calling process: today by the gate the call came
 * through (0x80: Linux's, else ia32emu's); by the process's ABI once
 * personalities exist. */
const struct strace_abi *strace_abi_of(struct machine *m, const struct syscall_event *ev);

/* The index of the first argument the call fills in (printed when it
 * returns), nargs when all are known at entry. */
unsigned strace_first_out(const struct strace_call *c);
/* "name(arg, arg, " — the arguments known at entry, up to the first one the
 * call fills; for a call without a table entry "syscall_N(". */
void strace_entry_text(struct sbuf *b, struct machine *m, const struct strace_abi *abi,
		       const struct syscall_event *ev, const struct strace_fmt_opts *o);
/* "arg, arg) = result" — the rest, once it returned ("= ?" for exit). */
void strace_exit_text(struct sbuf *b, struct machine *m, const struct strace_abi *abi,
		      const struct syscall_event *ev, const struct strace_fmt_opts *o);
/* " = -2 ENOENT (No such file or directory)" and the like. */
void strace_result(struct sbuf *b, const struct strace_abi *abi, const struct strace_call *c,
		   const struct syscall_event *ev);

/* The whole call as one strace line (no newline) from its return event:
 * for `trace` syscall lines, the monitor's catch syscall stops and the
 * jsonl. `entry` is the entry text when the caller kept it (exec's path
 * and argv are gone once it succeeded), or NULL. Returns the length. */
size_t format_syscall(char *buf, size_t n, struct machine *m, const struct syscall_event *ev,
		      const char *entry, unsigned strsize);

#endif
