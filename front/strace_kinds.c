/*
 * Argument decoders by kind. Guest memory is read with cpu_peek(..., user)
 * only: the page walk runs with user permissions and ACC_PROBE (no fault,
 * no accessed or dirty bit, no TLB fill), so a pointer into the kernel or
 * an unmapped page reads nothing and prints as its address.
 */
#include "strace_kinds.h"

#include "../kernel/syscall.h"

#include <string.h>

#define PATH_SHOWN 4096u /* strace shows whole paths, up to PATH_MAX */
#define ARGV_SHOWN 32u	 /* array elements before "..." */

uint32_t strace_peek(struct machine *m, uint32_t va, void *dst, uint32_t len)
{
	if (va >= USER_TOP)
		return 0;
	if (len > USER_TOP - va)
		len = USER_TOP - va;
	return cpu_peek(machine_cpu(m), va, dst, len, true);
}

static void ptr(struct sbuf *b, uint32_t v)
{
	if (v)
		sb_printf(b, "%#x", v);
	else
		sb_puts(b, "NULL");
}

/* A NUL-terminated string of at most `max` bytes shown; "..." when cut. */
static void cstring(struct sbuf *b, struct machine *m, uint32_t va, uint32_t max)
{
	uint8_t s[PATH_SHOWN + 1];
	if (!va) {
		sb_puts(b, "NULL");
		return;
	}
	if (max > PATH_SHOWN)
		max = PATH_SHOWN;
	uint32_t got = strace_peek(m, va, s, max + 1);
	void *nul = memchr(s, 0, got);
	if (!nul && got <= max) {
		ptr(b, va); /* unreadable before its end */
		return;
	}
	size_t n = nul ? (size_t)((uint8_t *)nul - s) : max;
	sb_quote(b, s, n);
	if (!nul)
		sb_puts(b, "...");
}

/* `len` bytes at va as a string cut at -s. */
static void buffer(struct sbuf *b, struct machine *m, uint32_t va, int64_t len,
		   const struct strace_fmt_opts *o)
{
	uint8_t s[4096];
	if (len < 0)
		len = 0;
	uint32_t want = len > o->strsize ? o->strsize : (uint32_t)len;
	if (want > sizeof(s))
		want = sizeof(s);
	if (strace_peek(m, va, s, want) != want) {
		ptr(b, va);
		return;
	}
	sb_quote(b, s, want);
	if ((uint64_t)len > want)
		sb_puts(b, "...");
}

static void argv_list(struct sbuf *b, struct machine *m, uint32_t va,
		      const struct strace_fmt_opts *o)
{
	if (!va) {
		sb_puts(b, "NULL");
		return;
	}
	sb_puts(b, "[");
	for (unsigned i = 0;; i++) {
		uint32_t p;
		if (strace_peek(m, va + 4 * i, &p, 4) != 4) {
			sb_printf(b, "%s%#x", i ? ", " : "", va + 4 * i);
			break;
		}
		if (!p)
			break;
		if (i == ARGV_SHOWN) {
			sb_puts(b, ", ...");
			break;
		}
		if (i)
			sb_puts(b, ", ");
		cstring(b, m, p, o->strsize);
	}
	sb_puts(b, "]");
}

static void flags(struct sbuf *b, uint32_t v, const struct strace_flag *f, const char *zero)
{
	bool any = false;
	for (; f && f->name; f++)
		if ((v & f->bits) == f->bits && f->bits) {
			sb_printf(b, "%s%s", any ? "|" : "", f->name);
			v &= ~f->bits;
			any = true;
		}
	if (v || !any) {
		if (v || !zero)
			sb_printf(b, "%s%#x", any ? "|" : "", v);
		else
			sb_puts(b, zero);
	}
}

void strace_open_flags(struct sbuf *b, const struct strace_abi *abi, uint32_t v)
{
	const char *acc = abi->accmode[v & 3];
	if (acc)
		sb_puts(b, acc);
	else
		sb_printf(b, "%#x", v & 3);
	v &= ~3u;
	if (v) {
		sb_puts(b, "|");
		flags(b, v, abi->oflags, NULL);
	}
}

static void xv6_stat(struct sbuf *b, struct machine *m, uint32_t va,
		     const struct strace_fmt_opts *o)
{
	/* struct stat { short type @0; int dev @4; uint ino @8; short nlink
	 * @12; uint size @16; } (kernel/syscall.h, gcc's i386 layout). */
	uint8_t s[20];
	if (strace_peek(m, va, s, sizeof(s)) != sizeof(s)) {
		ptr(b, va);
		return;
	}
	int16_t type, nlink;
	int32_t dev;
	uint32_t ino, size;
	memcpy(&type, s, 2);
	memcpy(&dev, s + 4, 4);
	memcpy(&ino, s + 8, 4);
	memcpy(&nlink, s + 12, 2);
	memcpy(&size, s + 16, 4);
	static const char *const tn[] = {NULL, "T_DIR", "T_FILE", "T_DEV"};
	sb_puts(b, "{");
	if (o->verbose)
		sb_printf(b, "dev=%d, ino=%u, ", dev, ino);
	if (type >= 1 && type <= 3)
		sb_printf(b, "type=%s", tn[type]);
	else
		sb_printf(b, "type=%d", type);
	if (o->verbose)
		sb_printf(b, ", nlink=%d, size=%u}", nlink, size);
	else
		sb_printf(b, ", size=%u, ...}", size);
}

static void dirent(struct sbuf *b, struct machine *m, uint32_t va)
{
	uint8_t s[DIRENT_SIZE];
	if (strace_peek(m, va, s, 8) != 8) {
		ptr(b, va);
		return;
	}
	uint32_t ino;
	uint16_t type, namelen;
	memcpy(&ino, s, 4);
	memcpy(&type, s + 4, 2);
	memcpy(&namelen, s + 6, 2);
	if (namelen >= DIRENT_NAME)
		namelen = DIRENT_NAME - 1;
	static const char *const tn[] = {"0", "T_DIR", "T_FILE", "T_DEV"};
	sb_printf(b, "{ino=%u, type=", ino);
	if (type <= 3)
		sb_puts(b, tn[type]);
	else
		sb_printf(b, "%u", type);
	sb_printf(b, ", namelen=%u, name=", namelen);
	if (strace_peek(m, va + 8, s, namelen) != namelen)
		ptr(b, va + 8);
	else
		sb_quote(b, s, namelen);
	sb_puts(b, "}");
}

static void int_array(struct sbuf *b, struct machine *m, uint32_t va, unsigned n)
{
	int32_t v[2];
	if (strace_peek(m, va, v, 4 * n) != 4 * n) {
		ptr(b, va);
		return;
	}
	sb_puts(b, "[");
	for (unsigned i = 0; i < n; i++)
		sb_printf(b, "%s%d", i ? ", " : "", v[i]);
	sb_puts(b, "]");
}

void strace_arg(struct sbuf *b, struct machine *m, const struct strace_abi *abi,
		const struct strace_call *c, const struct syscall_event *ev, unsigned k,
		const struct strace_fmt_opts *o, bool filled)
{
	uint32_t v = ev->args[k];
	uint8_t kind = c->kind[k];
	switch (kind) {
	case SK_INT: sb_printf(b, "%d", (int32_t)v); return;
	case SK_UINT: sb_printf(b, "%u", v); return;
	case SK_HEX: sb_printf(b, "%#x", v); return;
	case SK_FD:
		if ((int32_t)v == -100 && abi->vector == 0x80)
			sb_puts(b, "AT_FDCWD");
		else
			sb_printf(b, "%d", (int32_t)v);
		return;
	case SK_PATH: cstring(b, m, v, PATH_SHOWN); return;
	case SK_STR: cstring(b, m, v, o->strsize); return;
	case SK_BUF_IN: buffer(b, m, v, (int32_t)ev->args[c->len_arg], o); return;
	case SK_OFLAGS: strace_open_flags(b, abi, v); return;
	case SK_MODE: sb_printf(b, "%#03o", v); return; /* strace: 000, 022, 0644 */
	case SK_ARGV: argv_list(b, m, v, o); return;
	case SK_SIGNAL:
		if (strace_signal_name((int)v))
			sb_puts(b, strace_signal_name((int)v));
		else
			sb_printf(b, "%d", (int32_t)v);
		return;
	default: break;
	}
	if (!filled || !v) {
		strace_arg_other(b, m, abi, c, ev, k, o, false);
		return;
	}
	switch (kind) {
	case SK_BUF_OUT: buffer(b, m, v, ev->ret, o); return;
	case SK_XV6READ: strace_xv6_read(b, m, ev, o); return;
	case SK_PIPEFD: int_array(b, m, v, 2); return;
	case SK_INT_OUT: int_array(b, m, v, 1); return;
	case SK_XV6STAT: xv6_stat(b, m, v, o); return;
	case SK_DIRENT:
		if (ev->ret == 1)
			dirent(b, m, v);
		else
			ptr(b, v);
		return;
	default: strace_arg_other(b, m, abi, c, ev, k, o, true); return;
	}
}
