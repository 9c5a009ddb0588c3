/*
 * The tracer. Text format (README.md "Trace format"):
 *   [3] 08048012 <main+0x2>  mov    $0x6,%eax     one line per instruction
 *       eax=00000006 esp=bfffefbc                 registers it changed
 *       mem bfffefbc <- 0804903a                  memory it changed
 *   ==> vector 64 (int $0x40) ...                 an interrupt/exception delivery
 *   <== iret CPL 0->3 ...                         a return from a trap
 *   syscall read(0, 0x0804a020, 64) = 6           strace-like, when the call returns
 *   paging cr3 = 0x00123000                       a paging-control change
 *   --- switch (timer): pid 1 (sh) -> pid 2 (cat), cr3 0x...   a context switch
 * JSON lines (--trace-format=jsonl): one object per event, "ev" names it.
 */
#include "trace.h"

#include "../cpu/decode/disasm.h"
#include "trace_out.h"
#include "view_events.h"

#include <string.h>

const char *const trace_what_names[] = {"insn",	  "regs",  "mem",     "int", "cpl",   "syscall",
					"paging", "sched", "uaccess", "map", "frame", NULL};

static const char *const reg_names[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
static const char *const sreg_names[6] = {"es", "cs", "ss", "ds", "fs", "gs"};

int trace_parse_what(const char *list, unsigned *what, char *err, size_t errlen)
{
	unsigned w = 0;
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ",");
		unsigned bit = 0;
		if (n == 3 && strncmp(p, "all", 3) == 0)
			bit = TR_ALL;
		else if (n == 7 && strncmp(p, "default", 7) == 0)
			bit = TR_DEFAULT;
		for (unsigned k = 0; !bit && trace_what_names[k]; k++)
			if (strlen(trace_what_names[k]) == n &&
			    strncmp(p, trace_what_names[k], n) == 0)
				bit = 1u << k;
		if (!bit) {
			snprintf(err, errlen,
				 "unknown trace selection '%.*s' (one or more of insn, regs, mem, "
				 "int, cpl, syscall, paging, sched, uaccess, map, frame, all, "
				 "default, comma-separated)",
				 (int)(n > 40 ? 40 : n), p);
			return -1;
		}
		w |= bit;
		p += n;
		if (*p == ',')
			p++;
	}
	if (!w) {
		snprintf(err, errlen, "empty trace selection");
		return -1;
	}
	*what = w;
	return 0;
}

void trace_what_string(unsigned what, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = 0;
	for (unsigned k = 0; trace_what_names[k]; k++)
		if (what & (1u << k))
			len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s",
						len ? "," : "", trace_what_names[k]);
	if (!len)
		snprintf(buf, n, "nothing");
}

int trace_parse_format(const char *s, enum trace_format *fmt)
{
	if (strcmp(s, "text") == 0)
		*fmt = TF_TEXT;
	else if (strcmp(s, "jsonl") == 0)
		*fmt = TF_JSONL;
	else
		return -1;
	return 0;
}

void tracer_init(struct tracer *t, FILE *out, unsigned what, enum trace_format fmt,
		 const struct symtab *syms)
{
	memset(t, 0, sizeof(*t));
	t->out = out;
	t->what = what;
	t->fmt = fmt;
	t->syms = syms;
}

/* Size in bytes of a memory operand kind, 0 when it is not memory. */
static unsigned mem_opnd_size(const struct insn *i, uint8_t kind)
{
	switch (kind) {
	case O_Eb: return 1;
	case O_Ew: return 2;
	case O_Ev: return i->opsize;
	case O_M:
	case O_Mp:
	case O_Mq: return 8; /* lgdt/sgdt (6), far pointers, cmpxchg8b */
	default: return 0;
	}
}

static void remember(struct cpu *c, struct trace_mem *tm, uint32_t lin, unsigned len)
{
	tm->lin = lin;
	tm->len = (uint8_t)len;
	if (cpu_peek(c, lin, tm->old, len, false) != len)
		tm->len = 0; /* unmapped now: the instruction will fault */
}

/* Before an instruction runs: keep the bytes it may write. Only values
 * that change are reported (a store of the same value is not visible). */
static void note_writes(struct tracer *t, struct cpu *c, const struct insn *i)
{
	const struct op_row *r = &op_rows[i->row];
	memset(t->mem, 0, sizeof(t->mem));
	for (unsigned k = 0; k < 3; k++) {
		unsigned sz = mem_opnd_size(i, r->opnd[k]);
		if (sz && i->mod != 3 && i->has_modrm) {
			uint32_t ea = i->disp;
			if (i->base != REG_NONE)
				ea += c->reg[i->base];
			if (i->index != REG_NONE)
				ea += c->reg[i->index] << i->scale;
			remember(c, &t->mem[0], c->seg[i->seg].base + (ea & i->ea_mask), sz);
			break;
		}
		if (r->opnd[k] == O_Ob || r->opnd[k] == O_Ov) {
			unsigned osz = r->opnd[k] == O_Ob ? 1 : i->opsize;
			remember(c, &t->mem[0], c->seg[i->seg].base + i->disp, osz);
			break;
		}
		if (r->opnd[k] == O_Yb || r->opnd[k] == O_Yv) {
			/* String destination ES:EDI (SDM vol. 2 "STOS", "MOVS"). */
			unsigned osz = r->opnd[k] == O_Yb ? 1 : i->opsize;
			remember(c, &t->mem[1], c->seg[SEG_ES].base + c->reg[EDI], osz);
			break;
		}
	}
	/* Pushes: up to 8 bytes below ESP (push, call, same-CPL int). */
	uint32_t sp = c->seg[SEG_SS].base + c->reg[ESP];
	remember(c, &t->mem[2], sp - 8, 8);
}

static void snapshot(struct tracer *t, struct cpu *c)
{
	memcpy(t->prev_reg, c->reg, sizeof(t->prev_reg));
	t->prev_eflags = cpu_get_eflags(c);
	for (int s = 0; s < 6; s++)
		t->prev_sel[s] = c->seg[s].sel;
	t->prev_cpl = c->cpl;
	t->have_prev = true;
}

static void report_regs(struct tracer *t, struct cpu *c)
{
	struct tout o;
	tout_begin(&o, t, "regs");
	for (int r = 0; r < 8; r++)
		if (c->reg[r] != t->prev_reg[r])
			tout_reg(&o, reg_names[r], c->reg[r], 8);
	uint32_t fl = cpu_get_eflags(c);
	if (fl != t->prev_eflags)
		tout_reg(&o, "eflags", fl, 8);
	for (int s = 0; s < 6; s++)
		if (c->seg[s].sel != t->prev_sel[s])
			tout_reg(&o, sreg_names[s], c->seg[s].sel, 4);
	tout_end_if_any(&o);
}

static void report_mem(struct tracer *t, struct cpu *c)
{
	if (!t->mem_valid)
		return;
	/* A push is reported even when it stores the value that was there:
	 * the stack slots between the new and the old ESP were written. */
	uint32_t pushed = t->prev_reg[ESP] - c->reg[ESP];
	bool push = c->cpl == t->prev_cpl && pushed && pushed <= 8 && !(pushed & 1);
	for (unsigned k = 0; k < 3; k++) {
		struct trace_mem *tm = &t->mem[k];
		uint8_t now[8];
		if (!tm->len || cpu_peek(c, tm->lin, now, tm->len, false) != tm->len)
			continue;
		if (k == 2 && push) {
			for (uint32_t off = 8 - pushed; off<8; off += pushed> 2 ? 4 : 2) {
				uint32_t v = 0;
				memcpy(&v, now + off, pushed > 2 ? 4 : 2);
				tout_mem(t, tm->lin + off, pushed > 2 ? 4 : 2, v);
			}
			continue;
		}
		if (memcmp(now, tm->old, tm->len) == 0)
			continue;
		/* Report the changed bytes as aligned little-endian units: the
		 * whole operand, or for the stack each changed dword. */
		unsigned unit = k == 2 ? 4 : tm->len > 4 ? 4 : tm->len;
		for (unsigned off = 0; off < tm->len; off += unit) {
			if (memcmp(now + off, tm->old + off, unit) == 0)
				continue;
			uint32_t v = 0;
			memcpy(&v, now + off, unit);
			tout_mem(t, tm->lin + off, unit, v);
		}
	}
}

void tracer_flush(struct tracer *t, struct machine *m)
{
	struct cpu *c = machine_cpu(m);
	if (!t->have_prev)
		return;
	if (t->what & TR_REGS)
		report_regs(t, c);
	if (t->what & TR_MEM)
		report_mem(t, c);
	t->have_prev = false;
	fflush(t->out);
}

void tracer_insn(struct tracer *t, struct machine *m, const struct insn *i)
{
	struct cpu *c = machine_cpu(m);
	tracer_flush(t, m);
	if ((t->what & TR_INSN) && t->ring.on) {
		view_ring_insn(t, m, i);
	} else if (t->what & TR_INSN) {
		char text[128];
		uint32_t lin = c->seg[SEG_CS].base + c->eip;
		disasm(i, lin, text, sizeof(text));
		tout_insn(t, c, i, lin, text);
	}
	if (t->what & (TR_REGS | TR_MEM)) {
		snapshot(t, c);
		t->mem_valid = false;
		if (t->what & TR_MEM) {
			note_writes(t, c, i);
			t->mem_valid = true;
		}
	}
}

static void on_insn(void *opaque, struct machine *m, const struct insn *i)
{
	tracer_insn(opaque, m, i);
}

static void on_deliver(void *opaque, struct machine *m, const struct delivery_info *d)
{
	tracer_deliver(opaque, m, d);
}

static void on_iret(void *opaque, struct machine *m, const struct iret_info *r)
{
	tracer_iret(opaque, m, r);
}

static void on_syscall(void *opaque, struct machine *m, const struct syscall_event *ev)
{
	tracer_syscall(opaque, m, ev);
	view_trace_after_syscall(opaque, m, ev);
}

static void on_syscall_entry(void *opaque, struct machine *m, const struct syscall_event *ev)
{
	tracer_syscall_entry(opaque, m, ev);
	view_trace_frame(opaque, m);
}

static void on_uaccess(void *opaque, struct machine *m, const struct uaccess_event *ev)
{
	view_trace_uaccess(opaque, m, ev);
}

static void on_proc_end(void *opaque, struct machine *m, const struct proc_end_event *e)
{
	tracer_proc_end(opaque, m, e);
}

static void on_signal(void *opaque, struct machine *m, const struct signal_event *e)
{
	tracer_signal(opaque, m, e);
}

static void on_paging(void *opaque, struct machine *m, const char *what, uint32_t val)
{
	tracer_paging(opaque, m, what, val);
}

static void on_sched(void *opaque, struct machine *m, const struct switch_event *ev)
{
	tracer_sched(opaque, m, ev);
}

const struct symtab *trace_syms_for(const struct symtab *syms, uint32_t syms_cr3, struct cpu *c,
				    uint32_t addr)
{
	if (addr < KERNBASE && syms_cr3 && (cpu_get_cr(c, 3) & PTE_ADDR) != syms_cr3)
		return NULL;
	return syms;
}

void tracer_subscribe(struct tracer *t, struct machine *m)
{
	struct machine_events ev = {
	    .opaque = t,
	    .insn = (t->what & TR_NEEDS_INSN) ? on_insn : NULL,
	    .deliver = (t->what & (TR_INT | TR_CPL | TR_MEM)) ? on_deliver : NULL,
	    .iret = (t->what & (TR_INT | TR_CPL)) ? on_iret : NULL,
	    .syscall = (t->what & (TR_SYSCALL | TR_MAP)) ? on_syscall : NULL,
	    .paging = (t->what & TR_PAGING) ? on_paging : NULL,
	    .sched = (t->what & TR_SCHED) ? on_sched : NULL,
	    .syscall_entry = (t->what & (TR_SYSCALL | TR_FRAME)) ? on_syscall_entry : NULL,
	    .proc_end = (t->what & TR_SCHED) ? on_proc_end : NULL,
	    .signal = (t->what & (TR_SCHED | TR_SYSCALL)) ? on_signal : NULL,
	    .uaccess = (t->what & TR_UACCESS) ? on_uaccess : NULL,
	};
	machine_subscribe(m, &ev);
	view_trace_map(t, m, machine_kernel(m)->cur, "start");
}

void tracer_attach(struct tracer *t, struct machine *m, FILE *out)
{
	tracer_init(t, out, TR_DEFAULT, TF_TEXT, NULL);
	tracer_subscribe(t, m);
}
