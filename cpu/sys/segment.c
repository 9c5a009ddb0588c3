/*
 * Segment registers: descriptor reads, the checks of segment-register loads
 * (SDM vol. 2 "MOV", "POP"; vol. 3 §5.5-5.8, §5.10), far control transfers
 * and their returns, and the limit/type checks of ordinary accesses
 * (vol. 3 §5.3, §3.4.5.1).
 */
#include "sys.h"

static uint16_t sel_err(uint16_t sel)
{
	return sel & 0xfffc;
}

static int data_load_fault(uint32_t hi, unsigned cpl, unsigned rpl, bool sreg_is_ss);

bool watch_table_bytes(struct cpu *c, uint32_t lin, unsigned len)
{
	const struct tlb_entry *e = tlb_slot(&c->mmu, lin);
	if ((lin & PAGE_MASK) > PAGE_SIZE - len || e->vpage != lin >> PAGE_SHIFT ||
	    !(e->perm & TLB_R_SUP))
		return false;
	/* Watch the page (in RAM, as the TLB holds it): from now on every
	 * write to it, through the slow path (its TLB entries lose write
	 * access) or by the host (phys_note_write), counts in watched_writes. */
	uint32_t pp = e->ppage;
	if (phys_watch(c->pm, (pp << PAGE_SHIFT) | (lin & PAGE_MASK), len))
		tlb_protect_code(&c->mmu, pp);
	return true;
}

const struct desc_slot *desc_fill(struct cpu *c, struct desc_slot *d, uint32_t lin)
{
	/* Descriptor-table reads are implicit supervisor accesses (SDM §4.6). */
	uint32_t lo = sup_read(c, lin, 4);
	uint32_t hi = sup_read(c, lin + 4, 4);
	d->flushes = 0;
	if (watch_table_bytes(c, lin, 8)) {
		d->flushes = c->mmu.flushes;
		d->writes = c->pm->watched_writes;
	}
	/* Otherwise (a descriptor across a page, outside RAM) the slot is
	 * used once and left empty. */
	d->lin = lin;
	d->lo = lo;
	d->hi = hi;
	seg_load_cache(&d->seg, 0, lo, hi);
	/* Which loads of it pass and write nothing (seg_load_hit()). */
	d->data_ok = 0;
	for (unsigned k = 0; (hi & 0x100) && k < 16; k++)
		if (data_load_fault(hi, k >> 2, k & 3, false) < 0)
			d->data_ok |= (uint16_t)(1u << k);
	return d;
}

int read_descriptor(struct cpu *c, uint16_t sel, uint32_t *lo, uint32_t *hi)
{
	const struct desc_slot *d = desc_lookup(c, sel);
	if (!d)
		return -1;
	*lo = d->lo;
	*hi = d->hi;
	return 0;
}

void set_descriptor_accessed(struct cpu *c, uint16_t sel)
{
	uint32_t lo, hi;
	if (read_descriptor(c, sel, &lo, &hi) < 0 || (hi & 0x100))
		return;
	uint32_t base = (sel & 4) ? c->ldtr.base : c->gdtr.base;
	sup_write(c, base + (sel & 0xfff8u) + 4, 4, hi | 0x100);
}

void seg_load_cache(struct seg *s, uint16_t sel, uint32_t lo, uint32_t hi)
{
	s->sel = sel;
	s->base = (lo >> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000u);
	s->limit = (lo & 0xffff) | (hi & 0xf0000u);
	s->attr = (hi >> 8) & 0xf0ffu;
	if (s->attr & DESC_G)
		s->limit = (s->limit << 12) | 0xfff;
	s->valid = true;
	/* Only an expand-up writable data segment spanning 4 GiB skips checks. */
	s->slow = !(s->limit == 0xffffffffu && !(s->attr & DESC_CODE) && (s->attr & DESC_RW) &&
		    !(s->attr & DESC_CE));
	seg_sync_fbase(s);
}

static unsigned desc_dpl(uint32_t hi)
{
	return (hi >> 13) & 3;
}

static bool desc_present(uint32_t hi)
{
	return (hi & 0x8000u) != 0;
}

static bool desc_is_code(uint32_t hi)
{
	return (hi & 0x1800u) == 0x1800u;
}

static bool desc_is_data(uint32_t hi)
{
	return (hi & 0x1800u) == 0x1000u;
}

__attribute__((noreturn)) void seg_fault(struct cpu *c, int sreg, uint32_t ea)
{
	(void)ea;
	cpu_raise(c, sreg == SEG_SS ? EXC_SS : EXC_GP, 0);
}

void seg_check(struct cpu *c, int sreg, uint32_t ea, unsigned size, bool write)
{
	const struct seg *s = &c->seg[sreg];
	/* A memory reference through a null selector is #GP(0) (SDM §5.4.1). */
	if (!s->valid)
		cpu_raise(c, EXC_GP, 0);
	if (s->attr & DESC_CODE) {
		if (write || !(s->attr & DESC_RW))
			cpu_raise(c, EXC_GP, 0);
	} else if (write && !(s->attr & DESC_RW)) {
		seg_fault(c, sreg, ea);
	}
	uint32_t last = ea + size - 1;
	if (!(s->attr & DESC_CODE) && (s->attr & DESC_CE)) {
		/* Expand-down: valid offsets are limit+1 .. 0xffff or 0xffffffff. */
		uint32_t upper = (s->attr & DESC_DB) ? 0xffffffffu : 0xffffu;
		if (ea <= s->limit || last > upper || last < ea)
			seg_fault(c, sreg, ea);
	} else if (ea > s->limit || last > s->limit || last < ea) {
		seg_fault(c, sreg, ea);
	}
}

/* The checks of a load of a data segment register (sreg_is_ss false: DS,
 * ES, FS, GS) or of SS with a non-null selector of RPL `rpl` naming
 * descriptor word `hi`, at CPL `cpl` (SDM vol. 2 "MOV", "POP"; vol. 3
 * §5.10.1): the exception the load raises, or -1 when it passes. It is
 * the one statement of these rules: load_data_seg() raises what it
 * returns, and desc_fill() tabulates it for seg_load_hit(). */
static int data_load_fault(uint32_t hi, unsigned cpl, unsigned rpl, bool sreg_is_ss)
{
	unsigned dpl = desc_dpl(hi);
	if (sreg_is_ss) {
		if (rpl != cpl || !desc_is_data(hi) || !(hi & 0x200) || dpl != cpl)
			return EXC_GP;
		if (!desc_present(hi))
			return EXC_SS;
		return -1;
	}
	bool readable_code = desc_is_code(hi) && (hi & 0x200);
	if (!desc_is_data(hi) && !readable_code)
		return EXC_GP;
	bool conforming = desc_is_code(hi) && (hi & 0x400);
	if (!conforming && (rpl > dpl || cpl > dpl))
		return EXC_GP;
	if (!desc_present(hi))
		return EXC_NP;
	return -1;
}

void load_data_seg(struct cpu *c, int sreg, uint16_t sel)
{
	unsigned rpl = sel & 3;
	if (sreg == SEG_CS)
		cpu_ud(c, "mov to CS");
	if ((sel & 0xfffc) == 0) {
		if (sreg == SEG_SS)
			cpu_raise(c, EXC_GP, 0);
		/* A null selector may be loaded into DS, ES, FS, GS; using it
		 * faults later. */
		c->seg[sreg].sel = sel;
		c->seg[sreg].valid = false;
		c->seg[sreg].slow = true;
		c->seg[sreg].base = 0;
		c->seg[sreg].limit = 0;
		c->seg[sreg].attr = 0;
		seg_sync_fbase(&c->seg[sreg]);
		return;
	}
	const struct desc_slot *d = desc_lookup(c, sel);
	if (!d)
		cpu_raise(c, EXC_GP, sel_err(sel));
	uint32_t hi = d->hi;
	int vec = data_load_fault(hi, c->cpl, rpl, sreg == SEG_SS);
	if (vec >= 0)
		cpu_raise(c, (unsigned)vec, sel_err(sel));
	/* The hidden part comes decoded with the descriptor (desc_fill); copy
	 * it before setting the accessed bit, whose write makes the slot
	 * stale. The bit is set only when clear (SDM vol. 3 §3.4.5.1): after
	 * the first load it is set, and the load writes nothing. */
	struct seg n = d->seg;
	n.sel = sel;
	n.attr |= DESC_A;
	if (!(hi & 0x100))
		set_descriptor_accessed(c, sel);
	c->seg[sreg] = n;
	if (sreg == SEG_CS)
		code_moved(c);
}

/* Checks a code-segment descriptor for a far jmp/call to the same level
 * (SDM vol. 2 "JMP", protected mode). System descriptors (call gates, task
 * gates, TSS) are outside the subset and refused with #GP(selector). */
static void check_far_target(struct cpu *c, uint16_t sel, uint32_t *lo, uint32_t *hi)
{
	if ((sel & 0xfffc) == 0)
		cpu_raise(c, EXC_GP, 0);
	if (read_descriptor(c, sel, lo, hi) < 0)
		cpu_raise(c, EXC_GP, sel_err(sel));
	if (!desc_is_code(*hi))
		cpu_raise(c, EXC_GP, sel_err(sel));
	unsigned dpl = desc_dpl(*hi);
	if (*hi & 0x400) {
		if (dpl > c->cpl)
			cpu_raise(c, EXC_GP, sel_err(sel));
	} else if ((sel & 3) > c->cpl || dpl != c->cpl) {
		cpu_raise(c, EXC_GP, sel_err(sel));
	}
	if (!desc_present(*hi))
		cpu_raise(c, EXC_NP, sel_err(sel));
}

void far_jump(struct cpu *c, uint16_t sel, uint32_t off, bool is_call, unsigned opsize)
{
	uint32_t lo, hi;
	check_far_target(c, sel, &lo, &hi);
	struct seg tmp;
	seg_load_cache(&tmp, (uint16_t)((sel & 0xfffc) | c->cpl), lo, hi);
	if (opsize == 2)
		off &= 0xffff;
	if (off > tmp.limit)
		cpu_raise(c, EXC_GP, 0);
	if (is_call) {
		uint32_t sp = sp_get(c);
		sp = push_at(c, sp, opsize, c->seg[SEG_CS].sel);
		sp = push_at(c, sp, opsize, c->next_eip);
		sp_set(c, sp);
	}
	set_descriptor_accessed(c, sel);
	c->seg[SEG_CS] = tmp;
	c->seg[SEG_CS].slow = true;
	seg_sync_fbase(&c->seg[SEG_CS]);
	code_moved(c);
	c->next_eip = off;
}

/* Checks a return target CS (SDM vol. 2 "RET" far / "IRET"); returns its
 * descriptor. */
static const struct desc_slot *check_return_cs(struct cpu *c, uint16_t cs)
{
	if ((cs & 0xfffc) == 0)
		cpu_raise(c, EXC_GP, 0);
	const struct desc_slot *d = desc_lookup(c, cs);
	if (!d || !desc_is_code(d->hi))
		cpu_raise(c, EXC_GP, sel_err(cs));
	uint32_t hi = d->hi;
	unsigned rpl = cs & 3, dpl = desc_dpl(hi);
	if (rpl < c->cpl)
		cpu_raise(c, EXC_GP, sel_err(cs));
	if ((hi & 0x400) ? dpl > rpl : dpl != rpl)
		cpu_raise(c, EXC_GP, sel_err(cs));
	if (!desc_present(hi))
		cpu_raise(c, EXC_NP, sel_err(cs));
	return d;
}

/* Checks the outer-level stack segment of a return (same sources). */
static const struct desc_slot *check_return_ss(struct cpu *c, uint16_t ss, unsigned rpl)
{
	if ((ss & 0xfffc) == 0)
		cpu_raise(c, EXC_GP, 0);
	const struct desc_slot *d = desc_lookup(c, ss);
	if (!d)
		cpu_raise(c, EXC_GP, sel_err(ss));
	uint32_t hi = d->hi;
	if ((ss & 3) != rpl || !desc_is_data(hi) || !(hi & 0x200) || desc_dpl(hi) != rpl)
		cpu_raise(c, EXC_GP, sel_err(ss));
	if (!desc_present(hi))
		cpu_raise(c, EXC_SS, sel_err(ss));
	return d;
}

/* Keeps what the checks of a return to an outer level concluded, both
 * descriptors being in the GDT, read from watched pages and found with
 * their accessed bits set (so the return wrote nothing). */
static void remember_return(struct cpu *c, const struct seg *ncs, const struct seg *nss)
{
	struct return_memo *m = &c->return_memo;
	m->flushes = c->mmu.flushes;
	m->writes = c->pm->watched_writes;
	m->tables = c->tables_gen;
	m->cs = ncs->sel;
	m->ss = nss->sel;
	m->cpl = (uint8_t)c->cpl;
	m->ncs = *ncs;
	m->nss = *nss;
}

void return_to(struct cpu *c, uint16_t cs, uint32_t eip, uint32_t sp, unsigned opsize,
	       uint16_t extra, uint32_t *out_esp, uint16_t *out_ss)
{
	const struct desc_slot *dcs = check_return_cs(c, cs);
	struct seg ncs = dcs->seg;
	bool cs_accessed = (dcs->hi & 0x100) != 0;
	ncs.sel = cs;
	ncs.slow = true;
	seg_sync_fbase(&ncs);
	if (eip > ncs.limit)
		cpu_raise(c, EXC_GP, 0);
	unsigned rpl = cs & 3;
	if (rpl == c->cpl) {
		sp_set(c, sp + extra);
		c->seg[SEG_CS] = ncs;
		code_moved(c);
		c->next_eip = eip;
		*out_esp = c->reg[ESP];
		*out_ss = c->seg[SEG_SS].sel;
		return;
	}
	sp += extra;
	uint32_t nesp;
	uint16_t nss;
	/* Both in one go when a flat 32-bit stack holds them in one page the
	 * TLB lets this CPL read: neither pop can fault. */
	const uint8_t *p = opsize == 4 ? ss_ptr(c, sp, 8, c->rperm) : NULL;
	if (likely(p)) {
		nesp = load_le(p, 4);
		nss = (uint16_t)load_le(p + 4, 4);
	} else {
		nesp = pop_at(c, sp, opsize);
		nss = (uint16_t)pop_at(c, sp + opsize, opsize);
	}
	const struct desc_slot *dss = check_return_ss(c, nss, rpl);
	/* Copied before the accessed bits are set: a write to the table
	 * makes the slots stale. Each bit is written only when clear (SDM
	 * vol. 3 §3.4.5.1), which after the first return it no longer is. */
	struct seg nseg = dss->seg;
	bool ss_accessed = (dss->hi & 0x100) != 0;
	nseg.sel = nss;
	if (!cs_accessed)
		set_descriptor_accessed(c, cs);
	if (!ss_accessed)
		set_descriptor_accessed(c, nss);
	else if (cs_accessed && !((cs | nss) & 4) && dcs->flushes == c->mmu.flushes &&
		 dss->flushes == c->mmu.flushes)
		remember_return(c, &ncs, &nseg);
	c->seg[SEG_CS] = ncs;
	code_moved(c);
	c->seg[SEG_SS] = nseg;
	set_cpl(c, rpl);
	sp_set(c, (opsize == 2 ? (nesp & 0xffff) : nesp) + extra);
	c->next_eip = eip;
	null_inaccessible_segs(c);
	*out_esp = c->reg[ESP];
	*out_ss = nss;
}

void far_return(struct cpu *c, unsigned opsize, uint16_t pop_bytes)
{
	uint32_t sp = sp_get(c);
	uint32_t eip = pop_at(c, sp, opsize);
	uint16_t cs = (uint16_t)pop_at(c, sp + opsize, opsize);
	uint32_t esp;
	uint16_t ss;
	unsigned old = c->cpl;
	return_to(c, cs, opsize == 2 ? eip & 0xffff : eip, sp + 2 * opsize, opsize, pop_bytes, &esp,
		  &ss);
	if (old != c->cpl && c->env.on_iret) {
		struct iret_info r = {old, c->cpl, cs, ss, c->next_eip, esp};
		c->env.on_iret(c, c->env.opaque, &r);
	}
}

int cpu_load_seg_unchecked(struct cpu *c, int sreg, uint16_t sel)
{
	uint32_t d[2];
	uint32_t off = sel & 0xfff8u;
	/* Read with a debugger peek: this runs outside cpu_run, where a fault
	 * could not be delivered. */
	if ((sel & 0xfffc) == 0 || (sel & 4) || off + 7 > c->gdtr.limit ||
	    cpu_peek(c, c->gdtr.base + off, d, 8, false) != 8)
		return -1;
	uint32_t lo = d[0], hi = d[1];
	seg_load_cache(&c->seg[sreg], sel, lo, hi);
	if (sreg == SEG_CS) {
		c->seg[sreg].slow = true;
		seg_sync_fbase(&c->seg[sreg]);
		cpu_set_cpl(c, desc_dpl(hi));
	}
	return 0;
}

int cpu_load_tr_unchecked(struct cpu *c, uint16_t sel)
{
	uint32_t d[2];
	uint32_t off = sel & 0xfff8u;
	if ((sel & 0xfffc) == 0 || (sel & 4) || off + 7 > c->gdtr.limit ||
	    cpu_peek(c, c->gdtr.base + off, d, 8, false) != 8)
		return -1;
	unsigned type = (d[1] >> 8) & 0x1f;
	if (type != 0x09 && type != 0x0b)
		return -1;
	d[1] |= 0x200; /* busy, as ltr marks it (SDM "LTR") */
	if (cpu_poke(c, c->gdtr.base + off + 4, &d[1], 4, false) != 4)
		return -1;
	seg_load_cache(&c->tr, sel, d[0], d[1]);
	cpu_tables_changed(c);
	return 0;
}

void cpu_tables_changed(struct cpu *c)
{
	c->tables_gen++;
}
