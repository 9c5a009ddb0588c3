/*
 * Trace format (README.md "Trace format"):
 *   [3] 08048012  mov    $0x6,%eax          one line per executed instruction
 *   ==> vector 64 (int $0x40) ...           an interrupt/exception delivery
 *   <== iret CPL 0->3 ...                   a return from a trap
 *   syscall read(0, 0x0804a020, 64) = 6     strace-like, when the call returns
 *   --- switch (timer): pid 1 (sh) -> pid 2 (cat), cr3 0x...   a context switch
 */
#include "trace.h"

#include "../cpu/disasm.h"

#include <string.h>

static void on_insn(void *opaque, struct machine *m, const struct insn *i)
{
	struct tracer *t = opaque;
	struct cpu *c = machine_cpu(m);
	char text[128];
	uint32_t lin = c->seg[SEG_CS].base + c->eip;
	disasm(i, lin, text, sizeof(text));
	fprintf(t->out, "[%u] %08x  %s\n", c->cpl, lin, text);
	t->lines++;
}

static const char *gate_name(unsigned type)
{
	return type == 0x0e ? "interrupt gate" : type == 0x0f ? "trap gate" : "gate";
}

static void on_deliver(void *opaque, struct machine *m, const struct delivery_info *d)
{
	struct tracer *t = opaque;
	(void)m;
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
	fprintf(t->out, ", CS:EIP %04x:%08x", d->new_cs, d->new_eip);
	if (d->has_error)
		fprintf(t->out, ", error 0x%x", d->error);
	if (d->vector == EXC_PF && d->kind == EV_EXCEPTION)
		fprintf(t->out, ", cr2 0x%08x", d->cr2);
	fputc('\n', t->out);
	t->lines++;
}

static void on_iret(void *opaque, struct machine *m, const struct iret_info *r)
{
	struct tracer *t = opaque;
	(void)m;
	fprintf(t->out, "<== iret CPL %u->%u, CS:EIP %04x:%08x, SS:ESP %04x:%08x\n", r->old_cpl,
		r->new_cpl, r->cs, r->eip, r->ss, r->esp);
	t->lines++;
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

static void on_syscall(void *opaque, struct machine *m, const struct syscall_event *ev)
{
	struct tracer *t = opaque;
	(void)m;
	if (ev->name)
		fprintf(t->out, "syscall %s(", ev->name);
	else
		fprintf(t->out, "syscall #%u(", ev->num);
	for (size_t k = 0; ev->argfmt[k]; k++) {
		if (k)
			fputs(", ", t->out);
		put_arg(t->out, ev->argfmt[k], ev->args[k]);
	}
	if (ev->blocked)
		fputs(") blocks: the process sleeps, the call restarts when it wakes\n", t->out);
	else if (ev->returns)
		fprintf(t->out, ") = %d\n", ev->ret);
	else
		fputs(")\n", t->out);
	t->lines++;
}

static void on_sched(void *opaque, struct machine *m, const struct switch_event *ev)
{
	struct tracer *t = opaque;
	(void)m;
	fprintf(t->out, "--- switch (%s): pid %d (%s) -> pid %d (%s), cr3 0x%08x\n", ev->why,
		ev->from_pid, ev->from_name, ev->to_pid, ev->to_name, ev->cr3);
	t->lines++;
}

void tracer_attach(struct tracer *t, struct machine *m, FILE *out)
{
	memset(t, 0, sizeof(*t));
	t->out = out;
	struct machine_events ev = {
	    .opaque = t,
	    .insn = on_insn,
	    .deliver = on_deliver,
	    .iret = on_iret,
	    .syscall = on_syscall,
	    .sched = on_sched,
	};
	machine_subscribe(m, &ev);
}
