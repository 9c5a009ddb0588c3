/*
 * Decoders of the kinds Linux's i386 ABI adds: struct stat64, iovecs, wait
 * statuses, mmap and fcntl words, clocks, timespecs. Layouts are i386
 * Linux's (arch/x86/include/uapi/asm/stat.h: struct stat64; uapi
 * linux/time_types.h: the 32-bit struct timespec).
 */
#include "strace_kinds.h"
#include "strace_linux_signal.h"

#include <string.h>

static void ptr(struct sbuf *b, uint32_t v)
{
	if (v)
		sb_printf(b, "%#x", v);
	else
		sb_puts(b, "NULL");
}

static void mode_type(struct sbuf *b, uint32_t mode)
{
	static const struct {
		uint32_t fmt;
		const char *name;
	} t[] = {{0140000, "S_IFSOCK"}, {0120000, "S_IFLNK"}, {0100000, "S_IFREG"},
		 {060000, "S_IFBLK"},	{040000, "S_IFDIR"},  {020000, "S_IFCHR"},
		 {010000, "S_IFIFO"}};
	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if ((mode & 0170000) == t[i].fmt) {
			sb_printf(b, "%s|%#o", t[i].name, mode & 07777);
			return;
		}
	sb_printf(b, "%#o", mode);
}

static void stat64(struct sbuf *b, struct machine *m, uint32_t va, const struct strace_fmt_opts *o)
{
	uint8_t s[96];
	if (strace_peek(m, va, s, sizeof(s)) != sizeof(s)) {
		ptr(b, va);
		return;
	}
	uint32_t mode, nlink, uid, gid;
	int64_t size;
	uint64_t ino;
	memcpy(&mode, s + 16, 4);
	memcpy(&nlink, s + 20, 4);
	memcpy(&uid, s + 24, 4);
	memcpy(&gid, s + 28, 4);
	memcpy(&size, s + 44, 8);
	memcpy(&ino, s + 88, 8);
	sb_puts(b, "{");
	if (o->verbose)
		sb_printf(b, "st_ino=%llu, ", (unsigned long long)ino);
	sb_puts(b, "st_mode=");
	mode_type(b, mode);
	if (o->verbose)
		sb_printf(b, ", st_nlink=%u, st_uid=%u, st_gid=%u", nlink, uid, gid);
	sb_printf(b, ", st_size=%lld%s}", (long long)size, o->verbose ? "" : ", ...");
}

/* struct iovec[n]: each base as a string of its len, the total capped. */
static void iovec(struct sbuf *b, struct machine *m, uint32_t va, uint32_t n, int64_t total,
		  const struct strace_fmt_opts *o)
{
	sb_puts(b, "[");
	for (uint32_t i = 0; i < n && i < 16; i++) {
		uint32_t iov[2];
		if (strace_peek(m, va + 8 * i, iov, 8) != 8) {
			sb_printf(b, "%s%#x", i ? ", " : "", va + 8 * i);
			break;
		}
		int64_t len = iov[1];
		if (total >= 0 && len > total)
			len = total;
		uint8_t s[256];
		uint32_t want = len > o->strsize ? o->strsize : (uint32_t)len;
		if (want > sizeof(s))
			want = sizeof(s);
		sb_printf(b, "%s{iov_base=", i ? ", " : "");
		if (strace_peek(m, iov[0], s, want) == want) {
			sb_quote(b, s, want);
			if (len > want)
				sb_puts(b, "...");
		} else {
			ptr(b, iov[0]);
		}
		sb_printf(b, ", iov_len=%u}", iov[1]);
		if (total >= 0)
			total -= len;
	}
	sb_puts(b, "]");
}

static void wstatus(struct sbuf *b, struct machine *m, uint32_t va)
{
	int32_t s;
	if (strace_peek(m, va, &s, 4) != 4) {
		ptr(b, va);
		return;
	}
	/* Linux's encoding: exit status << 8, or the signal in the low 7 bits. */
	if ((s & 0x7f) == 0)
		sb_printf(b, "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]", (s >> 8) & 0xff);
	else if (((s & 0x7f) + 1) >> 1 > 0 && (s & 0xff) != 0x7f) {
		const char *n = strace_signal_name(s & 0x7f);
		sb_printf(b, "[{WIFSIGNALED(s) && WTERMSIG(s) == %s%s}]", n ? n : "?",
			  (s & 0x80) ? " && WCOREDUMP(s)" : "");
	} else
		sb_printf(b, "[%#x]", (uint32_t)s);
}

static void word_flags(struct sbuf *b, uint32_t v, const struct strace_flag *f, const char *zero)
{
	bool any = false;
	for (; f->name; f++)
		if (f->bits && (v & f->bits) == f->bits) {
			sb_printf(b, "%s%s", any ? "|" : "", f->name);
			v &= ~f->bits;
			any = true;
		}
	if (v)
		sb_printf(b, "%s%#x", any ? "|" : "", v);
	else if (!any)
		sb_puts(b, zero);
}

static void timespec(struct sbuf *b, struct machine *m, uint32_t va)
{
	int32_t t[2];
	if (strace_peek(m, va, t, 8) != 8) {
		ptr(b, va);
		return;
	}
	sb_printf(b, "{tv_sec=%d, tv_nsec=%d}", t[0], t[1]);
}

static const char *name_of(uint32_t v, const char *const *names, unsigned n)
{
	return v < n ? names[v] : NULL;
}

static void named(struct sbuf *b, uint32_t v, const char *const *names, unsigned n)
{
	const char *s = name_of(v, names, n);
	if (s)
		sb_puts(b, s);
	else
		sb_printf(b, "%#x", v);
}

/* fcntl's commands (asm-generic/fcntl.h, i386's numbers). */
enum {
	L_F_DUPFD = 0,
	L_F_GETFD = 1,
	L_F_SETFD = 2,
	L_F_GETFL = 3,
	L_F_SETFL = 4,
	L_F_SETOWN = 8,
	L_F_GETOWN = 9,
	L_F_SETSIG = 10,
	L_F_GETSIG = 11,
	L_F_GETLEASE = 1025,
	L_F_DUPFD_CLOEXEC = 1030,
	L_F_SETPIPE_SZ = 1031,
	L_F_GETPIPE_SZ = 1032,
	L_F_GET_SEALS = 1034,
};

static void fcntl_cmd(struct sbuf *b, uint32_t v)
{
	static const char *const low[] = {
	    "F_DUPFD",	 "F_GETFD",   "F_SETFD",    "F_GETFL",	   "F_SETFL",	 "F_GETLK",
	    "F_SETLK",	 "F_SETLKW",  "F_SETOWN",   "F_GETOWN",	   "F_SETSIG",	 "F_GETSIG",
	    "F_GETLK64", "F_SETLK64", "F_SETLKW64", "F_SETOWN_EX", "F_GETOWN_EX"};
	static const char *const high[] = {
	    "F_SETLEASE",   "F_GETLEASE",  "F_NOTIFY",	      NULL,
	    NULL,	    "F_CANCELLK",  "F_DUPFD_CLOEXEC", "F_SETPIPE_SZ",
	    "F_GETPIPE_SZ", "F_ADD_SEALS", "F_GET_SEALS"};
	const char *s = v >= 1024 && v - 1024 < sizeof(high) / sizeof(high[0])
			    ? high[v - 1024]
			    : name_of(v, low, sizeof(low) / sizeof(low[0]));
	if (s)
		sb_puts(b, s);
	else
		sb_printf(b, "%#x /* F_??? */", v);
}

/* strace's fcntl.c: F_SETFD's FD_CLOEXEC, F_SETFL's open flags, numbers
 * for the commands that take one; other arguments in hex. */
static void fcntl_arg(struct sbuf *b, const struct strace_abi *abi, uint32_t cmd, uint32_t v)
{
	static const struct strace_flag fdflags[] = {{1, "FD_CLOEXEC"}, {0, NULL}};
	switch (cmd) {
	case L_F_SETFD: word_flags(b, v, fdflags, "0"); return;
	case L_F_SETFL: strace_open_flags(b, abi, v); return;
	case L_F_DUPFD:
	case L_F_DUPFD_CLOEXEC:
	case L_F_SETOWN:
	case L_F_SETPIPE_SZ: sb_printf(b, "%d", (int32_t)v); return;
	case L_F_SETSIG:
		if (strace_signal_name((int)v)) {
			sb_puts(b, strace_signal_name((int)v));
			return;
		}
		sb_printf(b, "%d", (int32_t)v);
		return;
	default: sb_printf(b, "%#x", v); return;
	}
}

static bool fcntl_reads_nothing(uint32_t cmd)
{
	switch (cmd) {
	case L_F_GETFD:
	case L_F_GETFL:
	case L_F_GETOWN:
	case L_F_GETSIG:
	case L_F_GETLEASE:
	case L_F_GETPIPE_SZ:
	case L_F_GET_SEALS: return true;
	default: return false;
	}
}

unsigned strace_shown_args(const struct strace_call *c, const struct syscall_event *ev)
{
	for (unsigned k = 0; k + 1 < c->nargs; k++) {
		if (c->kind[k] == SK_FCNTL_CMD && fcntl_reads_nothing(ev->args[k]))
			return k + 1;
		/* strace's open.c: the mode only with O_CREAT or __O_TMPFILE. */
		if (c->kind[k] == SK_OFLAGS && c->kind[k + 1] == SK_MODE &&
		    !(ev->args[k] & (0100u | 020000000u)))
			return k + 1;
	}
	return c->nargs;
}

bool strace_fcntl_result(struct sbuf *b, const struct strace_abi *abi, const struct strace_call *c,
			 const struct syscall_event *ev)
{
	if (c->nargs < 2 || c->kind[1] != SK_FCNTL_CMD)
		return false;
	uint32_t v = ev->eax;
	if (ev->args[1] == L_F_GETFD && v) {
		static const struct strace_flag fdflags[] = {{1, "FD_CLOEXEC"}, {0, NULL}};
		sb_printf(b, " = %#x (flags ", v);
		word_flags(b, v, fdflags, "0");
		sb_puts(b, ")");
		return true;
	}
	if (ev->args[1] == L_F_GETFL) {
		sb_printf(b, " = %#x (flags ", v);
		strace_open_flags(b, abi, v);
		sb_puts(b, ")");
		return true;
	}
	return false;
}

void strace_arg_other(struct sbuf *b, struct machine *m, const struct strace_abi *abi,
		      const struct strace_call *c, const struct syscall_event *ev, unsigned k,
		      const struct strace_fmt_opts *o, bool filled)
{
	(void)abi;
	static const struct strace_flag prot[] = {
	    {1, "PROT_READ"}, {2, "PROT_WRITE"}, {4, "PROT_EXEC"}, {0, NULL}};
	static const struct strace_flag mapf[] = {{1, "MAP_SHARED"},
						  {2, "MAP_PRIVATE"},
						  {0x10, "MAP_FIXED"},
						  {0x20, "MAP_ANONYMOUS"},
						  {0x100, "MAP_GROWSDOWN"},
						  {0x800, "MAP_DENYWRITE"},
						  {0x1000, "MAP_EXECUTABLE"},
						  {0x4000, "MAP_NORESERVE"},
						  {0x8000, "MAP_POPULATE"},
						  {0x10000, "MAP_NONBLOCK"},
						  {0x20000, "MAP_STACK"},
						  {0x100000, "MAP_FIXED_NOREPLACE"},
						  {0, NULL}};
	static const struct strace_flag atf[] = {{0x100, "AT_SYMLINK_NOFOLLOW"},
						 {0x200, "AT_REMOVEDIR"},
						 {0x400, "AT_SYMLINK_FOLLOW"},
						 {0x1000, "AT_EMPTY_PATH"},
						 {0, NULL}};
	static const char *const clocks[] = {"CLOCK_REALTIME",		 "CLOCK_MONOTONIC",
					     "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID",
					     "CLOCK_MONOTONIC_RAW",	 "CLOCK_REALTIME_COARSE",
					     "CLOCK_MONOTONIC_COARSE",	 "CLOCK_BOOTTIME"};
	static const char *const whence[] = {"SEEK_SET", "SEEK_CUR", "SEEK_END"};
	uint32_t v = ev->args[k];
	if (strace_signal_arg(b, m, c->kind[k], v, filled))
		return;
	switch (c->kind[k]) {
	case SK_PROT: word_flags(b, v, prot, "PROT_NONE"); return;
	case SK_MAPFLAGS: word_flags(b, v, mapf, "0"); return;
	case SK_ATFLAGS: word_flags(b, v, atf, "0"); return;
	case SK_CLOCK: named(b, v, clocks, 8); return;
	case SK_WHENCE: named(b, v, whence, 3); return;
	case SK_PGOFF: sb_printf(b, "%#llx", (unsigned long long)v * 4096u); return;
	case SK_FCNTL_CMD: fcntl_cmd(b, v); return;
	case SK_FCNTL_ARG: fcntl_arg(b, abi, ev->args[k - 1], v); return;
	case SK_IOCTL_CMD:
		if (v == 0x5401)
			sb_puts(b, "TCGETS");
		else if (v == 0x5402)
			sb_puts(b, "TCSETS");
		else if (v == 0x5413)
			sb_puts(b, "TIOCGWINSZ");
		else if (v == 0x541b)
			sb_puts(b, "FIONREAD");
		else
			sb_printf(b, "%#x", v);
		return;
	case SK_TIMESPEC: timespec(b, m, v); return;
	case SK_IOV_IN: iovec(b, m, v, ev->args[c->len_arg], -1, o); return;
	default: break;
	}
	if (!filled || !v) {
		ptr(b, v);
		return;
	}
	switch (c->kind[k]) {
	case SK_STAT64: stat64(b, m, v, o); return;
	case SK_IOV_OUT: iovec(b, m, v, ev->args[c->len_arg], ev->ret, o); return;
	case SK_WSTATUS: wstatus(b, m, v); return;
	case SK_TIMESPEC_OUT: timespec(b, m, v); return;
	case SK_STRN_OUT: {
		uint8_t s[4096];
		uint32_t n = ev->ret > 0 ? (uint32_t)ev->ret : 0;
		if (n > sizeof(s))
			n = sizeof(s);
		if (strace_peek(m, v, s, n) != n) {
			ptr(b, v);
			return;
		}
		if (n && !s[n - 1])
			n--; /* getcwd counts its NUL */
		sb_quote(b, s, n);
		return;
	}
	default: ptr(b, v); return;
	}
}
