/*
 * Exception and interrupt delivery through the IDT (SDM vol. 3 ch. 6), the
 * escalation to #DF and shutdown (§6.15, tables 6-4 and 6-5), and IRET
 * (SDM vol. 2 "IRET", protected mode).
 */
#include "sys.h"

#include <stdio.h>

static const char *const mnemonics[32] = {
    "#DE",    "#DB",	"NMI",	  "#BP",    "#OF", "#BR", "#UD",    "#NM",
    "#DF",    "#CSO",	"#TS",	  "#NP",    "#SS", "#GP", "#PF",    "#RES15",
    "#MF",    "#AC",	"#MC",	  "#XM",    "#VE", "#CP", "#RES22", "#RES23",
    "#RES24", "#RES25", "#RES26", "#RES27", "#HV", "#VC", "#SX",    "#RES31",
};

static const char *const names[32] = {
    "divide error",
    "debug",
    "non-maskable interrupt",
    "breakpoint",
    "overflow",
    "bound range exceeded",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor segment overrun",
    "invalid TSS",
    "segment not present",
    "stack-segment fault",
    "general protection",
    "page fault",
    "reserved",
    "x87 floating-point error",
    "alignment check",
    "machine check",
    "SIMD floating-point",
    "virtualization",
};

const char *exception_mnemonic(unsigned vec)
{
	return vec < 32 && mnemonics[vec] ? mnemonics[vec] : "#INT";
}

const char *exception_name(unsigned vec)
{
	if (vec < 32 && names[vec])
		return names[vec];
	return vec == 32 ? "timer interrupt" : "interrupt";
}

/* Exceptions that push an error code (SDM vol. 3 table 6-1). */
bool exception_has_error(unsigned vec)
{
	return vec == EXC_DF || vec == EXC_TS || vec == EXC_NP || vec == EXC_SS || vec == EXC_GP ||
	       vec == EXC_PF || vec == EXC_AC;
}

void cpu_raise(struct cpu *c, unsigned vec, uint32_t err)
{
	c->fault_vec = (int)vec;
	c->fault_err = err;
	c->fault_has_err = exception_has_error(vec);
	longjmp(c->fault_jmp, 1);
}

void cpu_raise_noerr(struct cpu *c, unsigned vec)
{
	cpu_raise(c, vec, 0);
}

void cpu_ud(struct cpu *c, const char *why)
{
	c->ud_reason = why;
	cpu_raise(c, EXC_UD, 0);
}

/* Classes for double-fault detection (SDM vol. 3 table 6-4). */
static bool contributory(int vec)
{
	return vec == EXC_DE || vec == EXC_TS || vec == EXC_NP || vec == EXC_SS || vec == EXC_GP;
}

/* Reads the inner-level stack pointer for `dpl` from the 32-bit TSS
 * (SDM vol. 3 §7.2.1: ESPn at 4+8n, SSn at 8+8n), an implicit supervisor
 * read: through the TLB when it holds the page, else the slow path. */
static void tss_stack(struct cpu *c, unsigned dpl, uint32_t ext, uint16_t *ss, uint32_t *esp)
{
	uint32_t off = 4 + 8 * dpl;
	if (!c->tr.valid || off + 5 > c->tr.limit)
		cpu_raise(c, EXC_TS, (c->tr.sel & 0xfffc) | ext);
	const uint8_t *p = tlb_ptr(c, c->tr.base + off, 6, TLB_R_SUP);
	if (likely(p)) {
		*esp = load_le(p, 4);
		*ss = (uint16_t)load_le(p + 4, 2);
		return;
	}
	*esp = sup_read(c, c->tr.base + off, 4);
	*ss = (uint16_t)sup_read(c, c->tr.base + off + 4, 2);
}

/* Checks the new stack segment from the TSS (SDM vol. 3 §6.12.1, INT n
 * pseudocode "INTER-PRIVILEGE-LEVEL-INTERRUPT"); returns its descriptor. */
static const struct desc_slot *check_tss_ss(struct cpu *c, uint16_t ss, unsigned dpl, uint32_t ext)
{
	if ((ss & 0xfffc) == 0)
		cpu_raise(c, EXC_TS, ext);
	const struct desc_slot *d = desc_lookup(c, ss);
	if (!d)
		cpu_raise(c, EXC_TS, (ss & 0xfffc) | ext);
	uint32_t hi = d->hi;
	bool writable_data = (hi & 0x1a00u) == 0x1200u;
	if ((ss & 3) != dpl || ((hi >> 13) & 3) != dpl || !writable_data)
		cpu_raise(c, EXC_TS, (ss & 0xfffc) | ext);
	if (!(hi & 0x8000u))
		cpu_raise(c, EXC_SS, (ss & 0xfffc) | ext);
	return d;
}

/* Writes the frame words (highest address first) below `sp` in stack
 * segment `ss`, checking its limit. The pushes are made at the new CPL
 * (SDM vol. 3 §6.12.1): user-mode accesses when the handler runs at CPL 3,
 * so a same-privilege delivery at CPL 3 cannot write a supervisor page.
 * Returns the new stack pointer. */
static uint32_t push_frame(struct cpu *c, const struct seg *ss, uint32_t sp, const uint32_t *w,
			   unsigned n, uint32_t ext, unsigned new_cpl)
{
	uint32_t nsp = sp - 4 * n;
	if (ss->slow && (nsp > sp || (!(ss->attr & DESC_CE) && sp - 1 > ss->limit)))
		cpu_raise(c, EXC_SS, (ss->sel & 0xfffc) | ext);
	/* The whole frame in one page the TLB lets the new CPL write: no
	 * push can fault, so writing it in one go is the same. */
	if (!ss->slow && (ss->attr & DESC_DB)) {
		uint8_t *p =
		    tlb_ptr(c, ss->base + nsp, 4 * n, new_cpl == 3 ? TLB_W_USER : TLB_W_SUP);
		if (likely(p)) {
			for (unsigned k = 0; k < n; k++)
				store_le(p + 4 * (n - 1 - k), 4, w[k]);
			return nsp;
		}
	}
	unsigned acc = ACC_WRITE | (new_cpl == 3 ? ACC_USER : 0);
	for (unsigned k = 0; k < n; k++)
		mem_write_slow(c, ss->base + sp - 4 * (k + 1), 4, w[k], acc);
	return nsp;
}

/* Reads gate `vec` from the IDT and checks it (SDM vol. 3 §6.12.1.1,
 * §6.11); returns its two words. */
static void read_gate(struct cpu *c, unsigned vec, enum event_kind kind, uint32_t ext, uint32_t *lo,
		      uint32_t *hi)
{
	uint32_t idt_err = vec * 8 + 2 + ext;
	if (vec * 8 + 7 > c->idtr.limit)
		cpu_raise(c, EXC_GP, idt_err);
	/* An implicit supervisor read (SDM §4.6), through the TLB if it can. */
	uint32_t lin = c->idtr.base + vec * 8;
	const uint8_t *p = tlb_ptr(c, lin, 8, TLB_R_SUP);
	if (likely(p)) {
		*lo = load_le(p, 4);
		*hi = load_le(p + 4, 4);
	} else {
		*lo = sup_read(c, lin, 4);
		*hi = sup_read(c, lin + 4, 4);
	}
	unsigned type = (*hi >> 8) & 0x1f;
	/* Only 32-bit interrupt (0xE) and trap (0xF) gates are supported; task
	 * gates and 16-bit gates are outside the subset and refused. */
	if (type != 0x0e && type != 0x0f)
		cpu_raise(c, EXC_GP, idt_err);
	/* The gate DPL is checked only for int n, int3, into (SDM §6.12.1.1). */
	if (kind == EV_SOFTINT && ((*hi >> 13) & 3) < c->cpl)
		cpu_raise(c, EXC_GP, vec * 8 + 2);
	if (!(*hi & 0x8000u))
		cpu_raise(c, EXC_NP, idt_err);
}

/* Checks the handler's code segment named by the gate (SDM §6.12.1,
 * INT n pseudocode); returns its descriptor. */
static const struct desc_slot *gate_cs(struct cpu *c, uint16_t sel, uint32_t ext)
{
	if ((sel & 0xfffc) == 0)
		cpu_raise(c, EXC_GP, ext);
	const struct desc_slot *d = desc_lookup(c, sel);
	if (!d)
		cpu_raise(c, EXC_GP, (sel & 0xfffc) | ext);
	uint32_t chi = d->hi;
	unsigned dpl = (chi >> 13) & 3;
	if ((chi & 0x1800u) != 0x1800u || dpl > c->cpl)
		cpu_raise(c, EXC_GP, (sel & 0xfffc) | ext);
	if (!(chi & 0x8000u))
		cpu_raise(c, EXC_NP, (sel & 0xfffc) | ext);
	return d;
}

static void report_delivery(struct cpu *c, unsigned vec, enum event_kind kind, bool has_err,
			    uint32_t err, uint32_t hi, unsigned old_cpl, uint32_t return_eip)
{
	struct delivery_info d = {
	    .vector = vec,
	    .kind = kind,
	    .has_error = has_err,
	    .error = err,
	    .cr2 = c->cr2,
	    .gate_type = (hi >> 8) & 0x1f,
	    .gate_dpl = (hi >> 13) & 3,
	    .old_cpl = old_cpl,
	    .new_cpl = c->cpl,
	    .new_ss = c->seg[SEG_SS].sel,
	    .new_cs = c->seg[SEG_CS].sel,
	    .new_esp = c->reg[ESP],
	    .new_eip = c->eip,
	    .old_eip = return_eip,
	};
	c->env.on_deliver(c, c->env.opaque, &d);
}

/* report_delivery() after deliver_by_memo(), from what it wrote: the
 * event from the memo's key, the rest from the frame at ESP (the error
 * code when it has one, then EIP and CS, whose RPL was the CPL). Nothing
 * of the event need then be kept across materialising EFLAGS. */
static __attribute__((noinline)) void report_memo_delivery(struct cpu *c, const struct gate_memo *m,
							   const uint8_t *f)
{
	bool has_err = m->esp - c->reg[ESP] == 24;
	uint32_t err = has_err ? load_le(f, 4) : 0;
	f += has_err ? 4 : 0;
	report_delivery(c, m->key & 0xff, (enum event_kind)(m->key >> 16), has_err, err, m->gate_hi,
			load_le(f + 4, 4) & 3, load_le(f, 4));
}

/* Where delivery of `vec` goes, by the full checks: the gate, the
 * handler's CS and, for an inner level, the stack from the TSS (SDM vol.
 * 3 §6.12.1, INT n pseudocode). Fills the conclusion part of `t`; returns
 * whether every table byte read lies in a watched page, so `t` may be kept
 * as a memo (remember_gate()). */
static bool resolve_gate(struct cpu *c, unsigned vec, enum event_kind kind, uint32_t ext,
			 struct gate_memo *t)
{
	uint32_t lo, hi;
	read_gate(c, vec, kind, ext, &lo, &hi);
	uint16_t sel = (uint16_t)(lo >> 16);
	t->gate_hi = hi;
	/* TF, NT, RF, VM are cleared; an interrupt gate also clears IF
	 * (SDM §6.12.1.3). */
	t->clear = FL_TF | FL_NT | FL_RF | FL_VM | (((hi >> 8) & 0x1f) == 0x0e ? FL_IF : 0);
	t->off = (hi & 0xffff0000u) | (lo & 0xffff);

	const struct desc_slot *dcs = gate_cs(c, sel, ext);
	unsigned dpl = (dcs->hi >> 13) & 3;
	bool conforming = (dcs->hi & 0x400u) != 0;
	bool watched = !(sel & 4) && dcs->flushes == c->mmu.flushes;
	t->ncs = dcs->seg;
	t->ncs.sel = (uint16_t)((sel & 0xfffc) | (conforming ? c->cpl : dpl));
	t->ncs.slow = true;
	seg_sync_fbase(&t->ncs);
	if (t->off > t->ncs.limit)
		cpu_raise(c, EXC_GP, ext);

	t->inter = !conforming && dpl < c->cpl;
	if (t->inter) {
		/* Inter-privilege: the TSS stack of the new level. */
		uint16_t ss;
		tss_stack(c, dpl, ext, &ss, &t->esp);
		const struct desc_slot *dss = check_tss_ss(c, ss, dpl, ext);
		t->nss = dss->seg;
		t->nss.sel = ss;
		watched = watched && !(ss & 4) && dss->flushes == c->mmu.flushes &&
			  watch_table_bytes(c, c->tr.base + 4 + 8 * dpl, 6);
	}
	return watched && watch_table_bytes(c, c->idtr.base + vec * 8, 8);
}

/* The memo's key: what the checks read besides the tables. */
static inline uint32_t gate_key(unsigned vec, unsigned cpl, enum event_kind kind)
{
	return vec | cpl << 8 | (uint32_t)kind << 16;
}

/* The gate memo holds what resolve_gate() would conclude now: GDTR, IDTR
 * and TR are as they were (tables_gen), and so are the table bytes
 * (watched pages: writes) and the translations that reached them. */
static inline bool gate_memo_hit(const struct cpu *c, const struct gate_memo *m, unsigned vec,
				 enum event_kind kind)
{
	return m->key == gate_key(vec, c->cpl, kind) && m->tables == c->tables_gen &&
	       m->flushes == c->mmu.flushes && m->writes == c->pm->watched_writes;
}

/* Keeps conclusion `t` with every input of its checks. */
static void remember_gate(struct cpu *c, const struct gate_memo *t, unsigned vec,
			  enum event_kind kind, unsigned cpl)
{
	struct gate_memo *m = &c->gate_memo;
	*m = *t;
	m->flushes = c->mmu.flushes;
	m->writes = c->pm->watched_writes;
	m->tables = c->tables_gen;
	m->key = gate_key(vec, cpl, kind);
}

/* A delivery to an inner level that the gate memo concludes, through a
 * flat 32-bit stack whose frame lies in one page the TLB lets the new CPL
 * write: no step can fault, so it is made in one go. False, with nothing
 * done: the general path. */
static inline __attribute__((always_inline)) bool deliver_by_memo(struct cpu *c, unsigned vec,
								  enum event_kind kind,
								  bool has_err, uint32_t err,
								  uint32_t return_eip)
{
	const struct gate_memo *m = &c->gate_memo;
	if (!gate_memo_hit(c, m, vec, kind) || !m->inter || m->nss.slow || !(m->nss.attr & DESC_DB))
		return false;
	unsigned new_cpl = m->ncs.sel & 3;
	uint32_t len = has_err ? 24 : 20, nsp = m->esp - len;
	uint8_t *p = tlb_ptr(c, m->nss.base + nsp, len, new_cpl == 3 ? TLB_W_USER : TLB_W_SUP);
	if (!p)
		return false;
	const uint8_t *frame = p;
	/* The frame of figure 6-4 (SDM vol. 3 §6.12.1), lowest address first. */
	if (has_err) {
		store_le(p, 4, err);
		p += 4;
	}
	store_le(p, 4, return_eip);
	store_le(p + 4, 4, c->seg[SEG_CS].sel);
	store_le(p + 8, 4, cpu_get_eflags(c));
	store_le(p + 12, 4, c->reg[ESP]);
	store_le(p + 16, 4, c->seg[SEG_SS].sel);
	seg_copy(&c->seg[SEG_SS], &m->nss);
	c->reg[ESP] = nsp;
	seg_copy(&c->seg[SEG_CS], &m->ncs);
	set_cpl(c, new_cpl); /* and code_moved() for the new CS and CPL */
	c->eip = c->next_eip = m->off;
	c->eflags &= ~m->clear;
	c->halted = false;
	if (c->env.on_deliver)
		report_memo_delivery(c, m, frame);
	return true;
}

/* Delivery with its checks (or the memo's conclusion) step by step. */
static __attribute__((noinline)) void deliver_checked(struct cpu *c, unsigned vec,
						      enum event_kind kind, bool has_err,
						      uint32_t err, uint32_t return_eip)
{
	/* EXT: the event was not caused by the program (SDM vol. 3 §6.13). */
	uint32_t ext = kind == EV_SOFTINT ? 0 : 1;
	c->delivering = kind == EV_EXCEPTION ? (int)vec : -2;

	const struct gate_memo *t = &c->gate_memo;
	struct gate_memo fresh;
	bool memorable = false;
	uint64_t writes = c->pm->watched_writes;
	if (!gate_memo_hit(c, t, vec, kind)) {
		memorable = resolve_gate(c, vec, kind, ext, &fresh);
		t = &fresh;
	}

	uint32_t eflags = cpu_get_eflags(c);
	uint32_t frame[6];
	unsigned n = 0;
	unsigned old_cpl = c->cpl;
	unsigned new_cpl = old_cpl;
	struct seg nss = c->seg[SEG_SS];
	uint32_t sp = c->reg[ESP];
	if (t->inter) {
		/* Save the old SS:ESP on the new stack (SDM §6.12.1, figure 6-4). */
		nss = t->nss;
		frame[n++] = c->seg[SEG_SS].sel;
		frame[n++] = c->reg[ESP];
		sp = t->esp;
		new_cpl = t->ncs.sel & 3;
	}
	frame[n++] = eflags;
	frame[n++] = c->seg[SEG_CS].sel;
	frame[n++] = return_eip;
	if (has_err)
		frame[n++] = err;
	if (!(nss.attr & DESC_DB))
		sp &= 0xffff; /* a 16-bit stack segment uses SP */
	uint32_t nsp = push_frame(c, &nss, sp, frame, n, ext, new_cpl);

	if (t == &fresh) {
		/* Loading CS and SS sets their descriptors' accessed bits
		 * (SDM vol. 3 §3.4.5.1), written only when clear. */
		set_descriptor_accessed(c, t->ncs.sel);
		if (t->inter)
			set_descriptor_accessed(c, t->nss.sel);
		/* Kept only when nothing was written to a watched page
		 * meanwhile: no accessed bit, no frame in a table's page. */
		if (memorable && c->pm->watched_writes == writes)
			remember_gate(c, &fresh, vec, kind, old_cpl);
	}

	/* Nothing can fault past this point: commit. */
	c->seg[SEG_SS] = nss;
	c->reg[ESP] = nss.attr & DESC_DB ? nsp : (c->reg[ESP] & 0xffff0000u) | (nsp & 0xffff);
	c->seg[SEG_CS] = t->ncs;
	code_moved(c);
	if (new_cpl != old_cpl)
		set_cpl(c, new_cpl);
	c->eip = c->next_eip = t->off;
	c->eflags &= ~t->clear;
	c->delivering = -1;
	c->halted = false;
	if (c->env.on_deliver)
		report_delivery(c, vec, kind, has_err, err, t->gate_hi, old_cpl, return_eip);
}

void deliver_event(struct cpu *c, unsigned vec, enum event_kind kind, bool has_err, uint32_t err,
		   uint32_t return_eip)
{
	if (!deliver_by_memo(c, vec, kind, has_err, err, return_eip))
		deliver_checked(c, vec, kind, has_err, err, return_eip);
}

void deliver_softint(struct cpu *c, unsigned vec, uint32_t return_eip)
{
	if (!deliver_by_memo(c, vec, EV_SOFTINT, false, 0, return_eip))
		deliver_checked(c, vec, EV_SOFTINT, false, 0, return_eip);
}

/* Called by cpu_run after a longjmp: decides between delivering the new
 * exception, a double fault, or shutdown (SDM §6.15, "Interrupt 8"). */
void handle_fault(struct cpu *c)
{
	int prev = c->delivering;
	unsigned vec = (unsigned)c->fault_vec;
	uint32_t err = c->fault_err;
	bool has_err = c->fault_has_err;
	c->delivering = -1;
	if (prev == EXC_DF) {
		snprintf(c->shutdown_msg, sizeof(c->shutdown_msg),
			 "triple fault: %s (%s) while delivering a double fault",
			 exception_mnemonic(vec), exception_name(vec));
		c->stop = STOP_SHUTDOWN;
		return;
	}
	if ((contributory(prev) && contributory((int)vec)) ||
	    (prev == EXC_PF && (vec == EXC_PF || contributory((int)vec)))) {
		vec = EXC_DF;
		err = 0;
		has_err = true;
	}
	c->fault_vec = (int)vec;
	c->fault_err = err;
	c->fault_has_err = has_err;
	if (setjmp(c->fault_jmp)) {
		/* A fault while delivering: escalate by the same rules. */
		handle_fault(c);
		return;
	}
	deliver_event(c, (unsigned)c->fault_vec, EV_EXCEPTION, c->fault_has_err, c->fault_err,
		      c->eip);
}

void report_iret(struct cpu *c, unsigned old_cpl, uint16_t cs, uint16_t ss, uint32_t esp)
{
	struct iret_info r = {old_cpl, c->cpl, cs, ss, c->next_eip, esp};
	c->env.on_iret(c, c->env.opaque, &r);
}

/* A 32-bit iret to an outer level whose frame names the CS and SS of the
 * return memo, made at its CPL with the GDT and watched pages unchanged
 * (cpu.h struct return_memo): return_to() would conclude the same, so the
 * memo's descriptors are loaded. False, with nothing done: the full path.
 * The frame lies in one page the TLB lets this CPL read through a flat
 * stack, so none of the five pops can fault (iret_memo_holds(), sys.h). */
static bool iret_by_memo(struct cpu *c)
{
	const struct seg *ss = &c->seg[SEG_SS];
	if (ss->slow || !(ss->attr & DESC_DB))
		return false;
	const uint8_t *p = tlb_ptr(c, ss->base + c->reg[ESP], 20, c->rperm);
	if (!p || !iret_memo_holds(c, p))
		return false;
	iret_by_memo_at(c, p);
	return true;
}

void iret_by_memo_at(struct cpu *c, const uint8_t *p)
{
	iret_by_memo_inline(c, p);
}

static void iret_checked(struct cpu *c, unsigned opsize);

void do_iret(struct cpu *c, unsigned opsize)
{
	/* Task return (NT=1) needs hardware task switching, which is outside
	 * the subset: refuse it as a TSS fault. */
	if (c->eflags & FL_NT)
		cpu_raise(c, EXC_TS, c->tr.sel & 0xfffc);
	if (opsize != 4 || !iret_by_memo(c))
		iret_checked(c, opsize);
}

/* An iret with all its checks (SDM vol. 2 "IRET", protected mode). */
static __attribute__((noinline)) void iret_checked(struct cpu *c, unsigned opsize)
{
	uint32_t sp = sp_get(c), eip, fl;
	uint16_t cs;
	const struct seg *sseg = &c->seg[SEG_SS];
	/* EIP, CS, EFLAGS in one go when the three lie in a page the TLB
	 * lets this CPL read through a flat stack: none of the pops can fault. */
	const uint8_t *p =
	    opsize == 4 && !sseg->slow ? tlb_ptr(c, sseg->base + sp, 12, c->rperm) : NULL;
	if (likely(p)) {
		eip = load_le(p, 4);
		cs = (uint16_t)load_le(p + 4, 4);
		fl = load_le(p + 8, 4);
	} else {
		eip = pop_at(c, sp, opsize);
		cs = (uint16_t)pop_at(c, sp + opsize, opsize);
		fl = pop_at(c, sp + 2 * opsize, opsize);
	}
	if (opsize == 2) {
		eip &= 0xffff;
		fl = (cpu_get_eflags(c) & 0xffff0000u) | (fl & 0xffff);
	}
	/* A return to virtual-8086 mode is outside the subset. */
	if ((fl & FL_VM) && c->cpl == 0)
		cpu_raise(c, EXC_GP, 0);
	unsigned old_cpl = c->cpl;
	uint32_t esp;
	uint16_t ss;
	return_to(c, cs, eip, sp + 3 * opsize, opsize, 0, &esp, &ss);
	iret_finish(c, fl, old_cpl, cs, ss, esp);
}
