/*
 * A signal as strace shows it when the tracee dequeues it (its
 * signal-delivery-stop): `--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED,
 * si_pid=2, si_uid=1000, si_status=0, si_utime=0, si_stime=0} ---`, the
 * siginfo fields by si_code as strace prints them (print_siginfo). Used
 * by `ia32emu strace` and by the tracer's signal lines and jsonl events.
 */
#include "strace_linux_signal.h"

#include "strace_abi.h"
#include "strace_kinds.h"

static const char *entry(const char *const *tab, size_t n, int code)
{
	return code > 0 && (size_t)code < n ? tab[code] : NULL;
}

static const char *code_name(int sig, int code, char *buf, size_t n)
{
	switch (code) {
	case LSI_USER: return "SI_USER";
	case LSI_KERNEL: return "SI_KERNEL";
	case LSI_TKILL: return "SI_TKILL";
	case LSI_QUEUE: return "SI_QUEUE";
	default: break;
	}
	static const char *const chld[] = {NULL, "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED"};
	static const char *const segv[] = {NULL, "SEGV_MAPERR", "SEGV_ACCERR"};
	static const char *const fpe[] = {NULL,		"FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV",
					  "FPE_FLTOVF", "FPE_FLTUND", "FPE_FLTRES", "FPE_FLTINV"};
	static const char *const ill[] = {NULL, "ILL_ILLOPC", "ILL_ILLOPN"};
	static const char *const trap[] = {NULL, "TRAP_BRKPT", "TRAP_TRACE"};
	static const char *const bus[] = {NULL, "BUS_ADRALN"};
	const char *s = NULL;
#define PICK(tab) s = entry(tab, sizeof(tab) / sizeof(tab[0]), code)
	switch (sig) {
	case LSIGCHLD: PICK(chld); break;
	case LSIGSEGV: PICK(segv); break;
	case LSIGFPE: PICK(fpe); break;
	case LSIGILL: PICK(ill); break;
	case LSIGTRAP: PICK(trap); break;
	case LSIGBUS: PICK(bus); break;
	default: break;
	}
#undef PICK
	if (s)
		return s;
	snprintf(buf, n, "%d", code);
	return buf;
}

const char *strace_si_code_name(int sig, int code, char *buf, size_t n)
{
	return code_name(sig, code, buf, n);
}

void strace_signal_text(struct sbuf *b, const struct signal_event *e)
{
	const char *name = strace_signal_name(e->sig);
	char nb[16], cb[16];
	if (!name) {
		snprintf(nb, sizeof(nb), "SIG_%d", e->sig);
		name = nb;
	}
	const struct ksiginfo *in = &e->info;
	sb_printf(b, "--- %s {si_signo=%s, si_code=%s", name, name,
		  code_name(e->sig, in->code, cb, sizeof(cb)));
	if (e->sig == LSIGCHLD && in->code > 0) {
		sb_printf(b, ", si_pid=%d, si_uid=%d, si_status=", in->pid, 1000);
		if (in->code == 1)
			sb_printf(b, "%d", in->status);
		else
			sb_puts(b, strace_signal_name(in->status) ? strace_signal_name(in->status)
								  : "?");
		sb_puts(b, ", si_utime=0, si_stime=0");
	} else if (in->code == LSI_USER || in->code == LSI_TKILL) {
		sb_printf(b, ", si_pid=%d, si_uid=%d", in->pid, 1000);
	} else if (in->code < 0) {
		sb_printf(b, ", si_pid=%d, si_uid=%d, si_int=%d, si_ptr=%#x", in->pid, 1000,
			  (int32_t)in->value, in->value);
	} else if (e->sig == LSIGSEGV || e->sig == LSIGBUS || e->sig == LSIGFPE ||
		   e->sig == LSIGILL || e->sig == LSIGTRAP) {
		if (in->addr)
			sb_printf(b, ", si_addr=%#x", in->addr);
		else
			sb_puts(b, ", si_addr=NULL");
	}
	sb_puts(b, "} ---");
}

static void ptr(struct sbuf *b, uint32_t v)
{
	if (v)
		sb_printf(b, "%#x", v);
	else
		sb_puts(b, "NULL");
}

/* A sigset as strace prints it: [USR1 TERM], ~[...] when most are set. */
static void sigset(struct sbuf *b, uint64_t set)
{
	bool inv = __builtin_popcountll(set) > 32;
	if (inv) {
		set = ~set;
		sb_puts(b, "~");
	}
	sb_puts(b, "[");
	bool first = true;
	for (int s = 1; s <= LSIG_MAX; s++) {
		if (!(set & LSIG_BIT(s)))
			continue;
		const char *n = strace_signal_name(s);
		if (!first)
			sb_puts(b, " ");
		first = false;
		if (n)
			sb_puts(b, n + 3);
		else if (s == 32)
			sb_puts(b, "RTMIN");
		else
			sb_printf(b, "RT_%d", s - 32);
	}
	sb_puts(b, "]");
}

static void sigaction_struct(struct sbuf *b, struct machine *m, uint32_t va)
{
	uint32_t a[5];
	if (strace_peek(m, va, a, sizeof(a)) != sizeof(a)) {
		ptr(b, va);
		return;
	}
	sb_puts(b, "{sa_handler=");
	if (a[0] == LSIG_DFL)
		sb_puts(b, "SIG_DFL");
	else if (a[0] == LSIG_IGN)
		sb_puts(b, "SIG_IGN");
	else
		sb_printf(b, "%#x", a[0]);
	sb_puts(b, ", sa_mask=");
	sigset(b, a[3] | ((uint64_t)a[4] << 32));
	sb_puts(b, ", sa_flags=");
	static const struct {
		uint32_t bit;
		const char *name;
	} f[] = {{LSA_NOCLDSTOP, "SA_NOCLDSTOP"}, {LSA_NOCLDWAIT, "SA_NOCLDWAIT"},
		 {LSA_SIGINFO, "SA_SIGINFO"},	  {LSA_RESTORER, "SA_RESTORER"},
		 {LSA_ONSTACK, "SA_ONSTACK"},	  {LSA_RESTART, "SA_RESTART"},
		 {LSA_NODEFER, "SA_NODEFER"},	  {LSA_RESETHAND, "SA_RESETHAND"}};
	uint32_t left = a[1];
	bool any = false;
	/* strace's order: SA_RESTORER first, then the rest as listed. */
	if (left & LSA_RESTORER) {
		sb_puts(b, "SA_RESTORER");
		left &= ~LSA_RESTORER;
		any = true;
	}
	for (unsigned i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (left & f[i].bit) {
			sb_printf(b, "%s%s", any ? "|" : "", f[i].name);
			left &= ~f[i].bit;
			any = true;
		}
	if (left || !any)
		sb_printf(b, "%s%#x", any ? "|" : "", left);
	if (a[1] & LSA_RESTORER)
		sb_printf(b, ", sa_restorer=%#x", a[2]);
	sb_puts(b, "}");
}

static void itimerval(struct sbuf *b, struct machine *m, uint32_t va)
{
	int32_t t[4];
	if (strace_peek(m, va, t, sizeof(t)) != sizeof(t)) {
		ptr(b, va);
		return;
	}
	sb_printf(b, "{it_interval={tv_sec=%d, tv_usec=%d}, it_value={tv_sec=%d, tv_usec=%d}}",
		  t[0], t[1], t[2], t[3]);
}

static void stack(struct sbuf *b, struct machine *m, uint32_t va)
{
	uint32_t s[3];
	if (strace_peek(m, va, s, sizeof(s)) != sizeof(s)) {
		ptr(b, va);
		return;
	}
	sb_printf(b, "{ss_sp=");
	ptr(b, s[0]);
	sb_puts(b, ", ss_flags=");
	if (s[1] == LSS_ONSTACK)
		sb_puts(b, "SS_ONSTACK");
	else if (s[1] == LSS_DISABLE)
		sb_puts(b, "SS_DISABLE");
	else
		sb_printf(b, "%#x", s[1]);
	sb_printf(b, ", ss_size=%u}", s[2]);
}

bool strace_signal_arg(struct sbuf *b, struct machine *m, unsigned kind, uint32_t v, bool filled)
{
	static const char *const how[] = {"SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"};
	static const char *const which[] = {"ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF"};
	switch (kind) {
	case SK_SIGHOW:
		if (v < 3)
			sb_puts(b, how[v]);
		else
			sb_printf(b, "%#x /* SIG_??? */", v);
		return true;
	case SK_ITIMER_WHICH:
		if (v < 3)
			sb_puts(b, which[v]);
		else
			sb_printf(b, "%#x /* ITIMER_??? */", v);
		return true;
	case SK_OLDSIGSET: sigset(b, v); return true;
	case SK_SIGACTION:
	case SK_SIGSET:
	case SK_ITIMERVAL:
	case SK_STACK: break;
	case SK_SIGACTION_OUT:
	case SK_SIGSET_OUT:
	case SK_ITIMERVAL_OUT:
	case SK_STACK_OUT:
		if (!filled) {
			ptr(b, v);
			return true;
		}
		break;
	default: return false;
	}
	if (!v) {
		sb_puts(b, "NULL");
		return true;
	}
	switch (kind) {
	case SK_SIGACTION:
	case SK_SIGACTION_OUT: sigaction_struct(b, m, v); return true;
	case SK_ITIMERVAL:
	case SK_ITIMERVAL_OUT: itimerval(b, m, v); return true;
	case SK_STACK:
	case SK_STACK_OUT: stack(b, m, v); return true;
	default: {
		uint64_t set;
		if (strace_peek(m, v, &set, 8) != 8)
			ptr(b, v);
		else
			sigset(b, set);
		return true;
	}
	}
}
