/*
 * Formatting of trace events, as text lines (README "Trace format") or as
 * one JSON object per line (README "Monitor and tracer"). Addresses are
 * symbolised from the program's .symtab where a symbol covers them.
 */
#include "trace_out.h"

#include "../cpu/decode/disasm.h"
#include "strace_fmt.h"
#include "strace_linux_signal.h"
#include "view_events.h"

#include <string.h>

/* The length of the well-formed UTF-8 sequence at s (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), 0 if none. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	size_t n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
	if (c >= 0xf5 || !n)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0) ||
	    (c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90))
		return 0;
	return n;
}

/* A JSON string (RFC 8259 §7) whatever the bytes: quotes, backslashes and
 * control characters escaped, valid UTF-8 kept, every byte of an invalid
 * sequence replaced by U+FFFD, so a guest's name cannot break the line. */
void json_str(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	fputc('"', f);
	while (*s) {
		unsigned ch = *s;
		if (ch == '"' || ch == '\\') {
			fprintf(f, "\\%c", ch);
			s++;
		} else if (ch < 0x20 || ch == 0x7f) {
			fprintf(f, "\\u%04x", ch);
			s++;
		} else if (ch < 0x80) {
			fputc((int)ch, f);
			s++;
		} else {
			size_t n = utf8_len(s);
			if (n) {
				fwrite(s, 1, n, f);
				s += n;
			} else {
				fputs("\xef\xbf\xbd", f);
				s++;
			}
		}
	}
	fputc('"', f);
}

/* The current process and time, on every JSON event but insn/regs/mem. */
static void json_where(struct tracer *t, struct machine *m)
{
	struct kernel *k = machine_kernel(m);
	fprintf(t->out, ",\"pid\":%d,\"icount\":%llu", k && k->cur ? k->cur->pid : 0,
		(unsigned long long)machine_cpu(m)->icount);
}

static const char *sym(const struct tracer *t, struct cpu *c, uint32_t a, char *buf, size_t n)
{
	return symtab_format(trace_syms_for(t->syms, t->syms_cr3, c, a), a, buf, n);
}

void tout_begin(struct tout *o, struct tracer *t, const char *ev)
{
	o->t = t;
	o->any = false;
	if (t->fmt == TF_JSONL)
		o->len = (size_t)snprintf(o->buf, sizeof(o->buf), "{\"ev\":\"%s\"", ev);
	else
		o->len = (size_t)snprintf(o->buf, sizeof(o->buf), "   ");
}

void tout_reg(struct tout *o, const char *name, uint32_t val, int digits)
{
	size_t room = sizeof(o->buf) - o->len;
	if (o->t->fmt == TF_JSONL)
		o->len += (size_t)snprintf(o->buf + o->len, room, ",\"%s\":%u", name, val);
	else
		o->len += (size_t)snprintf(o->buf + o->len, room, " %s=%0*x", name, digits, val);
	if (o->len >= sizeof(o->buf))
		o->len = sizeof(o->buf) - 1;
	o->any = true;
}

void tout_end_if_any(struct tout *o)
{
	if (!o->any)
		return;
	fprintf(o->t->out, "%s%s\n", o->buf, o->t->fmt == TF_JSONL ? "}" : "");
	o->t->lines++;
}

void tout_mem(struct tracer *t, uint32_t lin, unsigned size, uint32_t val)
{
	if (t->fmt == TF_JSONL)
		fprintf(t->out, "{\"ev\":\"mem\",\"addr\":%u,\"size\":%u,\"value\":%u}\n", lin,
			size, val);
	else
		fprintf(t->out, "    mem %08x <- %0*x\n", lin, (int)size * 2, val);
	t->lines++;
}

void tout_insn(struct tracer *t, struct cpu *c, const struct insn *i, uint32_t lin,
	       const char *text)
{
	char s[96], ts[96] = "";
	uint32_t target;
	sym(t, c, lin, s, sizeof(s));
	/* objdump's habit: a branch target is followed by its symbol. */
	if (disasm_branch_target(i, lin, &target))
		sym(t, c, target, ts, sizeof(ts));
	if (t->fmt == TF_JSONL) {
		fprintf(t->out, "{\"ev\":\"insn\",\"icount\":%llu,\"cpl\":%u,\"eip\":%u,",
			(unsigned long long)c->icount, c->cpl, lin);
		if (*s) {
			fputs("\"sym\":", t->out);
			json_str(t->out, s);
			fputc(',', t->out);
		}
		fputs("\"text\":", t->out);
		json_str(t->out, text);
		fputs("}\n", t->out);
	} else {
		fprintf(t->out, "[%u] %08x", c->cpl, lin);
		if (*s)
			fprintf(t->out, " <%s>", s);
		fprintf(t->out, "  %s", text);
		if (*ts)
			fprintf(t->out, " <%s>", ts);
		fputc('\n', t->out);
	}
	t->lines++;
}

static const char *gate_name(unsigned type)
{
	return type == 0x0e ? "interrupt gate" : type == 0x0f ? "trap gate" : "gate";
}

static const char *kind_name(enum event_kind k)
{
	return k == EV_SOFTINT ? "softint" : k == EV_EXTERNAL ? "external" : "exception";
}

/* The words the CPU pushed, lowest address first (SDM vol. 3 figure 6-4):
 * [error code,] EIP, CS, EFLAGS[, ESP, SS on a CPL change]. */
static void json_frame(struct tracer *t, struct machine *m, const struct delivery_info *d)
{
	unsigned n = 3 + (d->old_cpl != d->new_cpl ? 2 : 0) + (d->has_error ? 1 : 0);
	uint32_t w[6];
	if (cpu_peek(machine_cpu(m), d->new_esp, w, 4 * n, false) != 4 * n)
		return;
	fputs(",\"frame\":[", t->out);
	for (unsigned k = 0; k < n; k++)
		fprintf(t->out, "%s%u", k ? "," : "", w[k]);
	fputc(']', t->out);
}

static void deliver_json(struct tracer *t, struct machine *m, const struct delivery_info *d)
{
	struct cpu *c = machine_cpu(m);
	char s[96];
	fprintf(t->out,
		"{\"ev\":\"deliver\",\"vector\":%u,\"kind\":\"%s\",\"gate\":\"%s\","
		"\"dpl\":%u,\"old_cpl\":%u,\"new_cpl\":%u,\"ss\":%u,\"esp\":%u,\"cs\":%u,"
		"\"eip\":%u,\"from_eip\":%u",
		d->vector, kind_name(d->kind), d->gate_type == 0x0f ? "trap" : "interrupt",
		d->gate_dpl, d->old_cpl, d->new_cpl, d->new_ss, d->new_esp, d->new_cs, d->new_eip,
		d->old_eip);
	if (*sym(t, c, d->new_eip, s, sizeof(s))) {
		fputs(",\"sym\":", t->out);
		json_str(t->out, s);
	}
	if (d->has_error)
		fprintf(t->out, ",\"error\":%u", d->error);
	if (d->vector == EXC_PF && d->kind == EV_EXCEPTION)
		fprintf(t->out, ",\"cr2\":%u", d->cr2);
	json_frame(t, m, d);
	json_where(t, m);
	fputs("}\n", t->out);
}

static void deliver_line(struct tracer *t, struct machine *m, const struct delivery_info *d);
static void cpl_line(struct tracer *t, struct machine *m, unsigned from, unsigned to,
		     const char *how, unsigned vector, uint16_t cs, uint32_t eip);
static void deliver_frame(struct tracer *t, struct machine *m, const struct delivery_info *d);

void tracer_deliver(struct tracer *t, struct machine *m, const struct delivery_info *d)
{
	if (t->ring.on)
		view_ring_flush(t, m);
	/* int: every delivery; cpl alone: the privilege changes only, as
	 * cpl lines (with int they are the ==> lines' CPL a->b). */
	if (t->what & TR_INT)
		deliver_line(t, m, d);
	else if ((t->what & TR_CPL) && d->old_cpl != d->new_cpl)
		cpl_line(t, m, d->old_cpl, d->new_cpl, "gate", d->vector, d->new_cs, d->new_eip);
	if (t->what & TR_MEM)
		deliver_frame(t, m, d);
}

static void deliver_line(struct tracer *t, struct machine *m, const struct delivery_info *d)
{
	t->lines++;
	if (t->fmt == TF_JSONL) {
		deliver_json(t, m, d);
		return;
	}
	fprintf(t->out, "==> vector %u ", d->vector);
	if (d->kind == EV_SOFTINT && d->vector != 3 && d->vector != 4)
		fprintf(t->out, "(int $0x%x)", d->vector);
	else if (d->kind == EV_EXTERNAL)
		fprintf(t->out, "(%s)", exception_name(d->vector));
	else
		fprintf(t->out, "%s %s", exception_mnemonic(d->vector), exception_name(d->vector));
	fprintf(t->out, ", %s DPL %u, CPL %u->%u", gate_name(d->gate_type), d->gate_dpl, d->old_cpl,
		d->new_cpl);
	if (d->old_cpl != d->new_cpl)
		fprintf(t->out, ", SS:ESP %04x:%08x from TSS", d->new_ss, d->new_esp);
	else
		fprintf(t->out, ", same stack SS:ESP %04x:%08x", d->new_ss, d->new_esp);
	/* The handler's symbol is on the next instruction line; this line's
	 * format is kept stable for tools (README "Trace format"). */
	fprintf(t->out, ", CS:EIP %04x:%08x", d->new_cs, d->new_eip);
	if (d->has_error)
		fprintf(t->out, ", error 0x%x", d->error);
	if (d->vector == EXC_PF && d->kind == EV_EXCEPTION)
		fprintf(t->out, ", cr2 0x%08x", d->cr2);
	fputc('\n', t->out);
}

/* The frame the CPU pushed on the handler's stack (SDM vol. 3 figure
 * 6-4): [error code,] EIP, CS, EFLAGS[, ESP, SS on a CPL change]. */
static void deliver_frame(struct tracer *t, struct machine *m, const struct delivery_info *d)
{
	unsigned n = 3 + (d->old_cpl != d->new_cpl ? 2 : 0) + (d->has_error ? 1 : 0);
	uint32_t w[6];
	if (cpu_peek(machine_cpu(m), d->new_esp, w, 4 * n, false) != 4 * n)
		return;
	for (unsigned k = n; k-- > 0;)
		tout_mem(t, d->new_esp + 4 * k, 4, w[k]);
}

static void cpl_line(struct tracer *t, struct machine *m, unsigned from, unsigned to,
		     const char *how, unsigned vector, uint16_t cs, uint32_t eip)
{
	t->lines++;
	if (t->fmt == TF_JSONL) {
		fprintf(t->out, "{\"ev\":\"cpl\",\"old_cpl\":%u,\"new_cpl\":%u,\"how\":\"%s\"",
			from, to, how);
		if (*how == 'g')
			fprintf(t->out, ",\"vector\":%u", vector);
		fprintf(t->out, ",\"cs\":%u,\"eip\":%u", cs, eip);
		json_where(t, m);
		fputs("}\n", t->out);
		return;
	}
	fprintf(t->out, "--- cpl %u -> %u", from, to);
	if (*how == 'g')
		fprintf(t->out, " by vector %u", vector);
	else
		fputs(" by iret", t->out);
	fprintf(t->out, ", CS:EIP %04x:%08x\n", cs, eip);
}

void tracer_iret(struct tracer *t, struct machine *m, const struct iret_info *r)
{
	t->ring.after = t->ring.on;
	if (!(t->what & TR_INT)) {
		if ((t->what & TR_CPL) && r->old_cpl != r->new_cpl)
			cpl_line(t, m, r->old_cpl, r->new_cpl, "iret", 0, r->cs, r->eip);
		return;
	}
	t->lines++;
	if (t->fmt == TF_JSONL) {
		fprintf(t->out,
			"{\"ev\":\"iret\",\"old_cpl\":%u,\"new_cpl\":%u,\"cs\":%u,\"eip\":%u,"
			"\"ss\":%u,\"esp\":%u,\"eflags\":%u",
			r->old_cpl, r->new_cpl, r->cs, r->eip, r->ss, r->esp,
			cpu_get_eflags(machine_cpu(m)));
		json_where(t, m);
		fputs("}\n", t->out);
		return;
	}
	fprintf(t->out, "<== iret CPL %u->%u, CS:EIP %04x:%08x, SS:ESP %04x:%08x\n", r->old_cpl,
		r->new_cpl, r->cs, r->eip, r->ss, r->esp);
}

void tracer_syscall_entry(struct tracer *t, struct machine *m, const struct syscall_event *ev)
{
	struct sbuf b;
	struct strace_fmt_opts o = {32, false};
	sb_init(&b, t->sc_entry, sizeof(t->sc_entry));
	strace_entry_text(&b, m, strace_abi_of(m, ev), ev, &o);
	t->sc_entry_pid = ev->pid;
	t->sc_entry_num = ev->num;
	t->sc_entry_ok = true;
}

void tracer_syscall(struct tracer *t, struct machine *m, const struct syscall_event *ev)
{
	if (!(t->what & TR_SYSCALL))
		return;
	t->lines++;
	char line[2048];
	bool have = t->sc_entry_ok && t->sc_entry_pid == ev->pid && t->sc_entry_num == ev->num;
	format_syscall(line, sizeof(line), m, ev, have ? t->sc_entry : NULL, 32);
	t->sc_entry_ok = false;
	if (t->fmt == TF_TEXT) {
		fprintf(t->out, "syscall %s%s\n", line,
			ev->blocked ? " blocks: the process sleeps, the call restarts when it wakes"
				    : "");
		return;
	}
	fprintf(t->out, "{\"ev\":\"syscall\",\"nr\":%u,\"name\":", ev->num);
	json_str(t->out, ev->name ? ev->name : "");
	fputs(",\"args\":[", t->out);
	for (size_t k = 0; k < 6 && ev->argfmt[k]; k++)
		fprintf(t->out, "%s%u", k ? "," : "", ev->args[k]);
	fputc(']', t->out);
	if (ev->blocked)
		fputs(",\"blocked\":true", t->out);
	else if (ev->returns)
		fprintf(t->out, ",\"ret\":%d", ev->ret);
	if (!ev->blocked && ev->returns && ev->ret < 0 && ev->ret >= -4095 &&
	    strace_errno_name(-ev->ret))
		fprintf(t->out, ",\"errno\":\"%s\"", strace_errno_name(-ev->ret));
	json_where(t, m);
	fputs(",\"text\":", t->out);
	json_str(t->out, line);
	fputs("}\n", t->out);
}

void tracer_proc_end(struct tracer *t, struct machine *m, const struct proc_end_event *e)
{
	if (!(t->what & TR_SCHED))
		return;
	t->lines++;
	const char *how = e->fault ? "fault" : e->signal ? "kill" : "exit";
	if (t->fmt == TF_JSONL) {
		fprintf(t->out, "{\"ev\":\"proc_end\",\"how\":\"%s\",\"name\":", how);
		json_str(t->out, e->name);
		fprintf(t->out, ",\"status\":%d,\"signal\":%d", e->status, e->signal);
		if (e->fault) {
			fprintf(t->out, ",\"vector\":%u,\"eip\":%u", e->vector, e->eip);
			if (e->has_error)
				fprintf(t->out, ",\"error\":%u", e->error);
			if (e->vector == EXC_PF)
				fprintf(t->out, ",\"cr2\":%u", e->cr2);
		}
		fprintf(t->out, ",\"pid\":%d,\"icount\":%llu}\n", e->pid,
			(unsigned long long)machine_cpu(m)->icount);
		return;
	}
	char name[4 * PROC_NAME_MAX + 1];
	struct sbuf b;
	sb_init(&b, name, sizeof(name));
	sb_escape(&b, (const uint8_t *)e->name, strlen(e->name));
	fprintf(t->out, "+++ pid %d (%s) ", e->pid, name);
	if (e->fault) {
		fprintf(t->out, "killed by %s: %s %s", strace_signal_name(e->signal),
			exception_mnemonic(e->vector), exception_name(e->vector));
		if (e->has_error)
			fprintf(t->out, ", error 0x%x", e->error);
		if (e->vector == EXC_PF)
			fprintf(t->out, ", cr2 0x%08x", e->cr2);
		fprintf(t->out, ", eip 0x%08x +++\n", e->eip);
	} else if (e->signal) {
		fprintf(t->out, "killed by %s +++\n", strace_signal_name(e->signal));
	} else {
		fprintf(t->out, "exited with %d +++\n", e->status);
	}
}

void tracer_signal(struct tracer *t, struct machine *m, const struct signal_event *e)
{
	if (!(t->what & (TR_SCHED | TR_SYSCALL)))
		return;
	t->lines++;
	char text[256];
	struct sbuf b;
	sb_init(&b, text, sizeof(text));
	strace_signal_text(&b, e);
	const char *action = e->handler > LSIG_IGN ? "handler" : e->fatal ? "kill" : "ignore";
	if (t->fmt == TF_JSONL) {
		char cb[16];
		const char *name = strace_signal_name(e->sig);
		fprintf(t->out, "{\"ev\":\"signal\",\"signo\":%d,\"name\":\"%s\",\"code\":%d,",
			e->sig, name ? name : "?", e->info.code);
		fprintf(t->out, "\"code_name\":\"%s\",\"action\":\"%s\"",
			strace_si_code_name(e->sig, e->info.code, cb, sizeof(cb)), action);
		if (e->info.code == LSI_USER || e->info.code < 0 || e->sig == LSIGCHLD)
			fprintf(t->out, ",\"si_pid\":%d", e->info.pid);
		if (e->info.code == LSI_QUEUE)
			fprintf(t->out, ",\"si_value\":%u", e->info.value);
		if (e->sig == LSIGCHLD)
			fprintf(t->out, ",\"si_status\":%d", e->info.status);
		if (e->info.fault)
			fprintf(t->out, ",\"vector\":%u,\"addr\":%u", e->info.trapno, e->info.addr);
		if (e->handler > LSIG_IGN)
			fprintf(t->out,
				",\"handler\":%u,\"frame\":%u,\"frame_kind\":\"%s\",\"eip\":%u,"
				"\"esp\":%u",
				e->handler, e->frame, e->rt ? "rt_sigframe" : "sigframe", e->eip,
				e->esp);
		fprintf(t->out, ",\"pid\":%d,\"icount\":%llu,\"text\":", e->pid,
			(unsigned long long)machine_cpu(m)->icount);
		json_str(t->out, text);
		fputs("}\n", t->out);
		return;
	}
	fprintf(t->out, "%s pid %d: ", text, e->pid);
	if (e->handler > LSIG_IGN)
		fprintf(t->out, "handler 0x%08x, %s at 0x%08x\n", e->handler,
			e->rt ? "rt_sigframe" : "sigframe", e->frame);
	else
		fprintf(t->out, "%s\n", e->fatal ? "default action: the process ends" : "ignored");
}

void tracer_paging(struct tracer *t, struct machine *m, const char *what, uint32_t val)
{
	(void)m;
	if (!(t->what & TR_PAGING))
		return;
	t->lines++;
	if (t->fmt == TF_JSONL)
		fprintf(t->out, "{\"ev\":\"paging\",\"what\":\"%s\",\"value\":%u}\n", what, val);
	else
		fprintf(t->out, "paging %s = 0x%08x\n", what, val);
}

void tracer_sched(struct tracer *t, struct machine *m, const struct switch_event *ev)
{
	if (!(t->what & TR_SCHED))
		return;
	t->lines++;
	if (t->fmt == TF_TEXT) {
		/* Names are the guest's (exec's argv[0]): escaped as strace
		 * escapes strings, so none can start a line of its own. */
		char from[4 * PROC_NAME_MAX + 1], to[4 * PROC_NAME_MAX + 1];
		struct sbuf b;
		sb_init(&b, from, sizeof(from));
		sb_escape(&b, (const uint8_t *)ev->from_name, strlen(ev->from_name));
		sb_init(&b, to, sizeof(to));
		sb_escape(&b, (const uint8_t *)ev->to_name, strlen(ev->to_name));
		fprintf(t->out, "--- switch (%s): pid %d (%s) -> pid %d (%s), cr3 0x%08x\n",
			ev->why, ev->from_pid, from, ev->to_pid, to, ev->cr3);
		return;
	}
	fputs("{\"ev\":\"sched\",\"why\":", t->out);
	json_str(t->out, ev->why);
	fprintf(t->out, ",\"from_pid\":%d,\"from_name\":", ev->from_pid);
	json_str(t->out, ev->from_name);
	fprintf(t->out, ",\"to_pid\":%d,\"to_name\":", ev->to_pid);
	json_str(t->out, ev->to_name);
	fprintf(t->out, ",\"cr3\":%u", ev->cr3);
	json_where(t, m);
	fputs("}\n", t->out);
}
