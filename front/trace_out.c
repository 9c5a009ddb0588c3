/*
 * Formatting of trace events, as text lines (README "Trace format") or as
 * one JSON object per line (README "Monitor and tracer"). Addresses are
 * symbolised from the program's .symtab where a symbol covers them.
 */
#include "trace_out.h"

#include "../cpu/decode/disasm.h"

#include <string.h>

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
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

static void deliver_json(struct tracer *t, struct cpu *c, const struct delivery_info *d)
{
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
	fputs("}\n", t->out);
}

static void deliver_line(struct tracer *t, struct cpu *c, const struct delivery_info *d);
static void deliver_frame(struct tracer *t, struct machine *m, const struct delivery_info *d);

void tracer_deliver(struct tracer *t, struct machine *m, const struct delivery_info *d)
{
	if ((t->what & TR_INT) || ((t->what & TR_CPL) && d->old_cpl != d->new_cpl))
		deliver_line(t, machine_cpu(m), d);
	if (t->what & TR_MEM)
		deliver_frame(t, m, d);
}

static void deliver_line(struct tracer *t, struct cpu *c, const struct delivery_info *d)
{
	t->lines++;
	if (t->fmt == TF_JSONL) {
		deliver_json(t, c, d);
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

void tracer_iret(struct tracer *t, struct machine *m, const struct iret_info *r)
{
	(void)m;
	if (!(t->what & TR_INT) && !((t->what & TR_CPL) && r->old_cpl != r->new_cpl))
		return;
	t->lines++;
	if (t->fmt == TF_JSONL) {
		fprintf(t->out,
			"{\"ev\":\"iret\",\"old_cpl\":%u,\"new_cpl\":%u,\"cs\":%u,\"eip\":%u,"
			"\"ss\":%u,\"esp\":%u}\n",
			r->old_cpl, r->new_cpl, r->cs, r->eip, r->ss, r->esp);
		return;
	}
	fprintf(t->out, "<== iret CPL %u->%u, CS:EIP %04x:%08x, SS:ESP %04x:%08x\n", r->old_cpl,
		r->new_cpl, r->cs, r->eip, r->ss, r->esp);
}

static void put_arg(FILE *out, char kind, uint32_t v)
{
	switch (kind) {
	case 'd': fprintf(out, "%d", (int32_t)v); break;
	case 'u': fprintf(out, "%u", v); break;
	case 'x': fprintf(out, "0x%x", v); break;
	default: fprintf(out, "0x%08x", v); break;
	}
}

void tracer_syscall(struct tracer *t, struct machine *m, const struct syscall_event *ev)
{
	(void)m;
	if (!(t->what & TR_SYSCALL))
		return;
	t->lines++;
	bool json = t->fmt == TF_JSONL;
	if (json) {
		fprintf(t->out, "{\"ev\":\"syscall\",\"nr\":%u,\"name\":", ev->num);
		json_str(t->out, ev->name ? ev->name : "");
		fputs(",\"args\":[", t->out);
	} else if (ev->name) {
		fprintf(t->out, "syscall %s(", ev->name);
	} else {
		fprintf(t->out, "syscall #%u(", ev->num);
	}
	for (size_t k = 0; k < 6 && ev->argfmt[k]; k++) {
		if (k)
			fputs(json ? "," : ", ", t->out);
		if (json)
			fprintf(t->out, "%u", ev->args[k]);
		else
			put_arg(t->out, ev->argfmt[k], ev->args[k]);
	}
	if (json && ev->blocked)
		fputs("],\"blocked\":true}\n", t->out);
	else if (json && ev->returns)
		fprintf(t->out, "],\"ret\":%d}\n", ev->ret);
	else if (json)
		fputs("]}\n", t->out);
	else if (ev->blocked)
		fputs(") blocks: the process sleeps, the call restarts when it wakes\n", t->out);
	else if (ev->returns)
		fprintf(t->out, ") = %d\n", ev->ret);
	else
		fputs(")\n", t->out);
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
	(void)m;
	if (!(t->what & TR_SCHED))
		return;
	t->lines++;
	if (t->fmt == TF_TEXT) {
		fprintf(t->out, "--- switch (%s): pid %d (%s) -> pid %d (%s), cr3 0x%08x\n",
			ev->why, ev->from_pid, ev->from_name, ev->to_pid, ev->to_name, ev->cr3);
		return;
	}
	fputs("{\"ev\":\"sched\",\"why\":", t->out);
	json_str(t->out, ev->why);
	fprintf(t->out, ",\"from_pid\":%d,\"from_name\":", ev->from_pid);
	json_str(t->out, ev->from_name);
	fprintf(t->out, ",\"to_pid\":%d,\"to_name\":", ev->to_pid);
	json_str(t->out, ev->to_name);
	fprintf(t->out, ",\"cr3\":%u}\n", ev->cr3);
}
