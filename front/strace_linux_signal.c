/*
 * A signal as strace shows it when the tracee dequeues it (its
 * signal-delivery-stop): `--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED,
 * si_pid=2, si_uid=1000, si_status=0, si_utime=0, si_stime=0} ---`, the
 * siginfo fields by si_code as strace prints them (print_siginfo). Used
 * by `ia32emu strace` and by the tracer's signal lines and jsonl events.
 */
#include "strace_linux_signal.h"

#include "strace_abi.h"

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
	} else if (e->sig == LSIGSEGV || e->sig == LSIGBUS || e->sig == LSIGFPE ||
		   e->sig == LSIGILL || e->sig == LSIGTRAP) {
		if (in->addr)
			sb_printf(b, ", si_addr=%#x", in->addr);
		else
			sb_puts(b, ", si_addr=NULL");
	}
	sb_puts(b, "} ---");
}
