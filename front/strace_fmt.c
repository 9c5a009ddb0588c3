/* strace-style formatting: text buffers, quoting, the line of a call. */
#include "strace_fmt.h"

#include "../kernel/abi.h"
#include "strace_kinds.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void sb_init(struct sbuf *b, char *buf, size_t cap)
{
	b->buf = buf;
	b->cap = cap;
	b->len = 0;
	if (cap)
		buf[0] = 0;
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	if (b->len + 1 >= b->cap)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	b->len += (size_t)n;
	if (b->len >= b->cap)
		b->len = b->cap - 1;
}

void sb_puts(struct sbuf *b, const char *s)
{
	sb_printf(b, "%s", s);
}

/* strace's escapes (util.c string_quote): \t \n \v \f \r \" \\, printable
 * ASCII as is, anything else in octal — three digits when an octal digit
 * follows, so "\1" "7" cannot read as "\17". Bytes >= 0x80 are escaped
 * too: the text is ASCII whatever the guest wrote. */
void sb_escape(struct sbuf *b, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i];
		switch (c) {
		case '"': sb_puts(b, "\\\""); continue;
		case '\\': sb_puts(b, "\\\\"); continue;
		case '\t': sb_puts(b, "\\t"); continue;
		case '\n': sb_puts(b, "\\n"); continue;
		case '\v': sb_puts(b, "\\v"); continue;
		case '\f': sb_puts(b, "\\f"); continue;
		case '\r': sb_puts(b, "\\r"); continue;
		default: break;
		}
		if (c >= ' ' && c <= 0x7e) {
			sb_printf(b, "%c", (char)c);
			continue;
		}
		bool digit_next = i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7';
		if (digit_next || c >> 6)
			sb_printf(b, "\\%03o", c);
		else if (c >> 3)
			sb_printf(b, "\\%02o", c);
		else
			sb_printf(b, "\\%o", c);
	}
}

void sb_quote(struct sbuf *b, const uint8_t *s, size_t n)
{
	sb_puts(b, "\"");
	sb_escape(b, s, n);
	sb_puts(b, "\"");
}

const struct strace_abi *strace_abi_of(struct machine *m, const struct syscall_event *ev)
{
	(void)m;
	const struct strace_abi *a = ev->abi ? strace_abi_by_name(ev->abi->name) : NULL;
	if (a)
		return a;
	/* Until processes carry an ABI, the gate tells: Linux's is 0x80. */
	return ev->vector == strace_abi_linux.vector ? &strace_abi_linux : &strace_abi_ia32emu;
}

static bool is_out(uint8_t k)
{
	switch (k) {
	case SK_BUF_OUT:
	case SK_XV6READ:
	case SK_PIPEFD:
	case SK_INT_OUT:
	case SK_XV6STAT:
	case SK_DIRENT:
	case SK_STAT64:
	case SK_IOV_OUT:
	case SK_WSTATUS:
	case SK_TIMESPEC_OUT:
	case SK_UTSNAME:
	case SK_STRN_OUT:
	case SK_SIGACTION_OUT:
	case SK_SIGSET_OUT:
	case SK_ITIMERVAL_OUT:
	case SK_STACK_OUT: return true;
	default: return false;
	}
}

unsigned strace_first_out(const struct strace_call *c)
{
	for (unsigned k = 0; k < c->nargs; k++)
		if (is_out(c->kind[k]))
			return k;
	return c->nargs;
}

void strace_entry_text(struct sbuf *b, struct machine *m, const struct strace_abi *abi,
		       const struct syscall_event *ev, const struct strace_fmt_opts *o)
{
	const struct strace_call *c = strace_call_of(abi, ev->num);
	if (!c) {
		sb_printf(b, "syscall_%u(", ev->num);
		return;
	}
	sb_printf(b, "%s(", c->name);
	unsigned first_out = strace_first_out(c), shown = strace_shown_args(c, ev);
	for (unsigned k = 0; k < first_out && k < shown; k++) {
		strace_arg(b, m, abi, c, ev, k, o, false);
		if (k + 1 < shown)
			sb_puts(b, ", ");
	}
}

/* The kernel's result is -errno whatever the ABI shows the program. */
bool strace_failed(const struct syscall_event *ev)
{
	return ev->ret < 0 && ev->ret >= -4095;
}

void strace_result(struct sbuf *b, const struct strace_abi *abi, const struct strace_call *c,
		   const struct syscall_event *ev)
{
	if (!ev->returns) {
		sb_puts(b, " = ?");
		return;
	}
	if (strace_failed(ev)) {
		/* What the program saw (xv6: -1), then the reason. */
		int e = -ev->ret;
		sb_printf(b, " = %d", (int32_t)ev->eax);
		if (strace_errno_name(e))
			sb_printf(b, " %s (%s)", strace_errno_name(e), strace_errno_msg(e));
		return;
	}
	if (c && strace_fcntl_result(b, abi, c, ev))
		return;
	if (c && (c->flags & SF_RET_HEX))
		sb_printf(b, " = %#x", ev->eax);
	else if (c && (c->flags & SF_RET_OCT))
		sb_printf(b, " = %#03o", ev->eax);
	else
		sb_printf(b, " = %d", (int32_t)ev->eax);
}

void strace_exit_text(struct sbuf *b, struct machine *m, const struct strace_abi *abi,
		      const struct syscall_event *ev, const struct strace_fmt_opts *o)
{
	const struct strace_call *c = strace_call_of(abi, ev->num);
	if (!c) {
		/* Not in the table: the kernel fetched no arguments. */
		sb_puts(b, ")");
		strace_result(b, abi, c, ev);
		return;
	}
	/* A call that failed filled nothing: its out arguments are addresses. */
	bool filled = ev->returns && !ev->blocked && !strace_failed(ev);
	unsigned shown = strace_shown_args(c, ev);
	for (unsigned k = strace_first_out(c); k < shown; k++) {
		strace_arg(b, m, abi, c, ev, k, o, filled);
		if (k + 1 < shown)
			sb_puts(b, ", ");
	}
	sb_puts(b, ")");
	if (!ev->blocked)
		strace_result(b, abi, c, ev);
}

size_t format_syscall(char *buf, size_t n, struct machine *m, const struct syscall_event *ev,
		      const char *entry, unsigned strsize)
{
	struct sbuf b;
	struct strace_fmt_opts o = {strsize ? strsize : 32, false};
	const struct strace_abi *abi = strace_abi_of(m, ev);
	const struct strace_call *c = strace_call_of(abi, ev->num);
	sb_init(&b, buf, n);
	if (entry) {
		sb_puts(&b, entry);
	} else if (c && (c->flags & SF_IMAGE) && ev->returns && ev->ret == 0) {
		/* exec succeeded: its path and argv were in the old image. */
		sb_printf(&b, "%s(", c->name);
		for (unsigned k = 0; k < c->nargs; k++)
			sb_printf(&b, "%s%#x", k ? ", " : "", ev->args[k]);
		sb_puts(&b, ")");
		strace_result(&b, abi, c, ev);
		return b.len;
	} else {
		strace_entry_text(&b, m, abi, ev, &o);
	}
	strace_exit_text(&b, m, abi, ev, &o);
	return b.len;
}
