/*
 * Data movement: mov in all its forms, movzx/movsx, lea, xchg, cmpxchg,
 * cmpxchg8b, xadd, conversions, the stack instructions, flag transfers,
 * xlat, far-pointer loads, bound, arpl, setcc, cmovcc (SDM vol. 2).
 */
#include "ref.h"

HANDLER(h_mov_EbGb)
{
	rm_write(c, i, 1, get_reg(c, i->regf, 1));
}

HANDLER(h_mov_EvGv)
{
	rm_write(c, i, i->opsize, get_reg(c, i->regf, i->opsize));
}

HANDLER(h_mov_GbEb)
{
	set_reg(c, i->regf, 1, rm_read(c, i, 1));
}

HANDLER(h_mov_GvEv)
{
	set_reg(c, i->regf, i->opsize, rm_read(c, i, i->opsize));
}

HANDLER(h_mov_EwSw)
{
	if (i->regf >= SEG_COUNT)
		cpu_ud(c, "no such segment register");
	uint16_t sel = c->seg[i->regf].sel;
	/* To a register the selector is zero-extended with a 32-bit operand
	 * size; to memory it is always a word (SDM "MOV"). */
	if (i->mod == 3)
		set_reg(c, i->rm, i->opsize, sel);
	else
		rm_write(c, i, 2, sel);
}

HANDLER(h_mov_SwEw)
{
	if (i->regf >= SEG_COUNT)
		cpu_ud(c, "no such segment register");
	load_data_seg(c, i->regf, (uint16_t)rm_read(c, i, 2));
	/* A load of SS inhibits interrupts for one instruction (SDM "MOV"). */
	if (i->regf == SEG_SS)
		c->inhibit_until = c->icount + 2;
}

static uint32_t moffs(const struct insn *i)
{
	return i->disp & i->ea_mask;
}

HANDLER(h_mov_ALOb)
{
	set_reg(c, EAX, 1, read_seg(c, i->seg, moffs(i), 1));
}

HANDLER(h_mov_eAXOv)
{
	set_reg(c, EAX, i->opsize, read_seg(c, i->seg, moffs(i), i->opsize));
}

HANDLER(h_mov_ObAL)
{
	write_seg(c, i->seg, moffs(i), 1, get_reg(c, EAX, 1));
}

HANDLER(h_mov_OveAX)
{
	write_seg(c, i->seg, moffs(i), i->opsize, get_reg(c, EAX, i->opsize));
}

HANDLER(h_mov_ZbIb)
{
	set_reg(c, i->opcode & 7, 1, i->imm);
}

HANDLER(h_mov_ZvIv)
{
	set_reg(c, i->opcode & 7, i->opsize, i->imm);
}

HANDLER(h_mov_EbIb)
{
	rm_write(c, i, 1, i->imm);
}

HANDLER(h_mov_EvIv)
{
	rm_write(c, i, i->opsize, i->imm);
}

HANDLER(h_movzx_Eb)
{
	set_reg(c, i->regf, i->opsize, rm_read(c, i, 1));
}

HANDLER(h_movzx_Ew)
{
	set_reg(c, i->regf, i->opsize, rm_read(c, i, 2));
}

HANDLER(h_movsx_Eb)
{
	set_reg(c, i->regf, i->opsize, (uint32_t)(int32_t)(int8_t)rm_read(c, i, 1));
}

HANDLER(h_movsx_Ew)
{
	set_reg(c, i->regf, i->opsize, (uint32_t)(int32_t)(int16_t)rm_read(c, i, 2));
}

HANDLER(h_lea)
{
	set_reg(c, i->regf, i->opsize, insn_ea(c, i));
}

HANDLER(h_nop)
{
	(void)c;
	(void)i;
}

HANDLER(h_xchg_ZveAX)
{
	unsigned r = i->opcode & 7, s = i->opsize;
	uint32_t t = get_reg(c, r, s);
	set_reg(c, r, s, get_reg(c, EAX, s));
	set_reg(c, EAX, s, t);
}

static void xchg_rm(struct cpu *c, const struct insn *i, unsigned s)
{
	uint32_t g = get_reg(c, i->regf, s);
	if (i->mod == 3) {
		set_reg(c, i->regf, s, get_reg(c, i->rm, s));
		set_reg(c, i->rm, s, g);
		return;
	}
	uint32_t lin = seg_lin(c, i->seg, insn_ea(c, i), s, true);
	uint8_t *p = rmw_ptr(c, lin, s);
	uint32_t m = p ? load_le(p, s) : lin_read(c, lin, s);
	if (p)
		store_le(p, s, g);
	else
		lin_write(c, lin, s, g);
	set_reg(c, i->regf, s, m);
}

HANDLER(h_xchg_EbGb)
{
	xchg_rm(c, i, 1);
}

HANDLER(h_xchg_EvGv)
{
	xchg_rm(c, i, i->opsize);
}

/* cmpxchg: compare the accumulator with r/m (flags as cmp); equal: r/m <-
 * reg, else accumulator <- r/m. The destination is always written, with its
 * own value when unequal (SDM "CMPXCHG"). */
static void cmpxchg(struct cpu *c, const struct insn *i, unsigned s)
{
	uint32_t lin = 0;
	uint8_t *p = NULL;
	uint32_t d;
	if (i->mod == 3) {
		d = get_reg(c, i->rm, s);
	} else {
		lin = seg_lin(c, i->seg, insn_ea(c, i), s, true);
		p = rmw_ptr(c, lin, s);
		d = p ? load_le(p, s) : lin_read(c, lin, s);
	}
	uint32_t a = get_reg(c, EAX, s);
	lazy_set(c, LF_SUB, s, a, d, a - d);
	bool eq = a == d;
	uint32_t nd = eq ? get_reg(c, i->regf, s) : d;
	if (i->mod == 3)
		set_reg(c, i->rm, s, nd);
	else if (p)
		store_le(p, s, nd);
	else
		lin_write(c, lin, s, nd);
	if (!eq)
		set_reg(c, EAX, s, d);
}

HANDLER(h_cmpxchg_Eb)
{
	cmpxchg(c, i, 1);
}

HANDLER(h_cmpxchg_Ev)
{
	cmpxchg(c, i, i->opsize);
}

HANDLER(h_cmpxchg8b)
{
	uint32_t ea = insn_ea(c, i);
	uint32_t lin = seg_lin(c, i->seg, ea, 8, true);
	/* Probe both dwords for writing first, before reading them: the write
	 * happens either way, and a fault reports W/R = 1 (SDM vol. 3 §4.7). */
	(void)rmw_ptr(c, lin, 4);
	(void)rmw_ptr(c, lin + 4, 4);
	uint32_t lo = lin_read(c, lin, 4), hi = lin_read(c, lin + 4, 4);
	flags_materialize(c);
	if (lo == c->reg[EAX] && hi == c->reg[EDX]) {
		lin_write(c, lin, 4, c->reg[EBX]);
		lin_write(c, lin + 4, 4, c->reg[ECX]);
		c->eflags |= FL_ZF;
	} else {
		lin_write(c, lin, 4, lo);
		lin_write(c, lin + 4, 4, hi);
		c->reg[EAX] = lo;
		c->reg[EDX] = hi;
		c->eflags &= ~FL_ZF;
	}
}

static void xadd(struct cpu *c, const struct insn *i, unsigned s)
{
	uint32_t g = get_reg(c, i->regf, s);
	if (i->mod == 3) {
		uint32_t d = get_reg(c, i->rm, s);
		lazy_set(c, LF_ADD, s, d, g, d + g);
		set_reg(c, i->regf, s, d);
		set_reg(c, i->rm, s, d + g);
		return;
	}
	uint32_t lin = seg_lin(c, i->seg, insn_ea(c, i), s, true);
	uint8_t *p = rmw_ptr(c, lin, s);
	uint32_t d = p ? load_le(p, s) : lin_read(c, lin, s);
	if (p)
		store_le(p, s, d + g);
	else
		lin_write(c, lin, s, d + g);
	lazy_set(c, LF_ADD, s, d, g, d + g);
	set_reg(c, i->regf, s, d);
}

HANDLER(h_xadd_Eb)
{
	xadd(c, i, 1);
}

HANDLER(h_xadd_Ev)
{
	xadd(c, i, i->opsize);
}

HANDLER(h_cbw)
{
	if (i->opsize == 2)
		set_reg(c, EAX, 2, (uint32_t)(int32_t)(int8_t)c->reg[EAX]);
	else
		c->reg[EAX] = (uint32_t)(int32_t)(int16_t)c->reg[EAX];
}

HANDLER(h_cwd)
{
	if (i->opsize == 2)
		set_reg(c, EDX, 2, (c->reg[EAX] & 0x8000) ? 0xffff : 0);
	else
		c->reg[EDX] = (c->reg[EAX] & 0x80000000u) ? 0xffffffffu : 0;
}

HANDLER(h_push_Zv)
{
	push(c, i->opsize, get_reg(c, i->opcode & 7, i->opsize));
}

HANDLER(h_pop_Zv)
{
	uint32_t sp = sp_get(c);
	uint32_t v = pop_at(c, sp, i->opsize);
	sp_set(c, sp + i->opsize);
	set_reg(c, i->opcode & 7, i->opsize, v); /* pop %esp: the popped value wins */
}

HANDLER(h_push_I)
{
	push(c, i->opsize, i->imm);
}

HANDLER(h_push_Ev)
{
	push(c, i->opsize, rm_read(c, i, i->opsize));
}

HANDLER(h_pop_Ev)
{
	/* The ESP used to address a memory destination is the one after the
	 * pop (SDM "POP"). */
	uint32_t sp = sp_get(c);
	uint32_t v = pop_at(c, sp, i->opsize);
	if (i->mod == 3) {
		sp_set(c, sp + i->opsize);
		set_reg(c, i->rm, i->opsize, v);
		return;
	}
	uint32_t old = c->reg[ESP];
	sp_set(c, sp + i->opsize);
	uint32_t ea = insn_ea(c, i);
	c->reg[ESP] = old; /* keep ESP intact until the write succeeded */
	write_seg(c, i->seg, ea, i->opsize, v);
	sp_set(c, sp + i->opsize);
}

static int seg_of_row(const struct insn *i)
{
	if (i->map == 1)
		return (i->opcode & 0x08) ? SEG_GS : SEG_FS;
	return (i->opcode >> 3) & 3;
}

HANDLER(h_push_seg)
{
	/* With a 32-bit operand the selector is pushed as a zero-extended dword
	 * (recent processors write only the low word; the SDM allows both). */
	push(c, i->opsize, c->seg[seg_of_row(i)].sel);
}

HANDLER(h_pop_seg)
{
	uint32_t sp = sp_get(c);
	uint16_t sel = (uint16_t)pop_at(c, sp, i->opsize);
	int s = seg_of_row(i);
	load_data_seg(c, s, sel);
	sp_set(c, sp + i->opsize);
	if (s == SEG_SS)
		c->inhibit_until = c->icount + 2;
}

HANDLER(h_pusha)
{
	unsigned s = i->opsize;
	uint32_t sp = sp_get(c), orig = get_reg(c, ESP, s);
	for (unsigned r = 0; r < 8; r++)
		sp = push_at(c, sp, s, r == ESP ? orig : get_reg(c, r, s));
	sp_set(c, sp);
}

HANDLER(h_popa)
{
	unsigned s = i->opsize;
	uint32_t sp = sp_get(c), v[8];
	for (int r = 7; r >= 0; r--) {
		v[r] = pop_at(c, sp, s);
		sp += s;
	}
	for (unsigned r = 0; r < 8; r++)
		if (r != ESP) /* the saved ESP is skipped */
			set_reg(c, r, s, v[r]);
	sp_set(c, sp);
}

HANDLER(h_pushf)
{
	/* VM and RF are cleared in the pushed image (SDM "PUSHF"). */
	push(c, i->opsize, cpu_get_eflags(c) & ~(FL_VM | FL_RF));
}

/* popf: what may change depends on CPL and IOPL (SDM vol. 2 "POPF"): IOPL
 * only at CPL 0, IF only when CPL <= IOPL; VIP, VIF, VM never here. The
 * refused bits are kept silently, without a fault. */
HANDLER(h_popf)
{
	uint32_t sp = sp_get(c);
	uint32_t v = pop_at(c, sp, i->opsize);
	sp_set(c, sp + i->opsize);
	uint32_t cur = cpu_get_eflags(c);
	/* VM, VIF and VIP are unaffected; RF is cleared (SDM vol. 2 "POPF"). */
	uint32_t keep = FL_VM | FL_VIF | FL_VIP;
	if (c->cpl > 0)
		keep |= FL_IOPL;
	if (c->cpl > iopl(c))
		keep |= FL_IF;
	if (i->opsize == 2)
		keep |= 0xffff0000u;
	cpu_set_eflags_raw(c, ((v & ~keep) | (cur & keep)) & ~FL_RF);
	/* Leave the block: a TF just set single-steps from the next one on. */
	c->event_at = 0;
	c->fast_end = NULL;
}

HANDLER(h_enter)
{
	unsigned s = i->opsize;
	uint32_t alloc = i->imm & 0xffff;
	unsigned level = i->imm2 & 0x1f; /* nesting level mod 32 (SDM "ENTER") */
	uint32_t sp = sp_get(c);
	uint32_t bp = stack32(c) ? c->reg[EBP] : c->reg[EBP] & 0xffff;
	sp = push_at(c, sp, s, get_reg(c, EBP, s));
	uint32_t frame = sp;
	if (level > 0) {
		for (unsigned k = 1; k < level; k++) {
			bp -= s;
			if (!stack32(c))
				bp &= 0xffff;
			sp = push_at(c, sp, s, read_seg(c, SEG_SS, bp, s));
		}
		sp = push_at(c, sp, s, frame);
	}
	uint32_t nsp = sp - alloc;
	if (!stack32(c))
		nsp &= 0xffff;
	/* The new stack top must be writable (SDM: #SS/#PF if it is not). */
	if (alloc)
		(void)seg_lin(c, SEG_SS, nsp, 1, true);
	set_reg(c, EBP, s, frame);
	sp_set(c, nsp);
}

HANDLER(h_leave)
{
	uint32_t bp = stack32(c) ? c->reg[EBP] : c->reg[EBP] & 0xffff;
	uint32_t v = pop_at(c, bp, i->opsize);
	sp_set(c, bp + i->opsize);
	set_reg(c, EBP, i->opsize, v);
}

HANDLER(h_sahf)
{
	(void)i;
	flags_materialize(c);
	uint32_t ah = (c->reg[EAX] >> 8) & (FL_SF | FL_ZF | FL_AF | FL_PF | FL_CF);
	c->eflags = (c->eflags & ~(FL_SF | FL_ZF | FL_AF | FL_PF | FL_CF)) | ah;
}

HANDLER(h_lahf)
{
	(void)i;
	set_reg(c, 4 /* AH */, 1, cpu_get_eflags(c) & 0xff);
}

HANDLER(h_xlat)
{
	uint32_t ea = (c->reg[EBX] + (c->reg[EAX] & 0xff)) & i->ea_mask;
	set_reg(c, EAX, 1, read_seg(c, i->seg, ea, 1));
}

/* lds/les/lss/lfs/lgs: offset then selector from memory (SDM "LDS"). */
HANDLER(h_lfp)
{
	static const int seg_for[] = {
	    [0xc4] = SEG_ES, [0xc5] = SEG_DS, [0xb2] = SEG_SS, [0xb4] = SEG_FS, [0xb5] = SEG_GS};
	uint32_t ea = insn_ea(c, i);
	uint32_t off = read_seg(c, i->seg, ea, i->opsize);
	uint16_t sel = (uint16_t)read_seg(c, i->seg, (ea + i->opsize) & i->ea_mask, 2);
	int s = seg_for[i->opcode];
	load_data_seg(c, s, sel);
	set_reg(c, i->regf, i->opsize, off);
}

HANDLER(h_bound)
{
	unsigned s = i->opsize;
	uint32_t ea = insn_ea(c, i);
	int32_t lo = (int32_t)read_seg(c, i->seg, ea, s);
	int32_t hi = (int32_t)read_seg(c, i->seg, (ea + s) & i->ea_mask, s);
	int32_t v = (int32_t)get_reg(c, i->regf, s);
	if (s == 2) {
		lo = (int16_t)lo;
		hi = (int16_t)hi;
		v = (int16_t)v;
	}
	if (v < lo || v > hi)
		cpu_raise_noerr(c, EXC_BR);
}

/* arpl: raise the destination selector's RPL to the source's (SDM "ARPL"). */
HANDLER(h_arpl)
{
	uint32_t d = rm_read(c, i, 2), s = get_reg(c, i->regf, 2);
	flags_materialize(c);
	if ((d & 3) < (s & 3)) {
		rm_write(c, i, 2, (d & ~3u) | (s & 3));
		c->eflags |= FL_ZF;
	} else {
		c->eflags &= ~FL_ZF;
	}
}

HANDLER(h_setcc)
{
	rm_write(c, i, 1, cond_true(c, i->opcode & 15));
}

/* cmovcc reads its source even when the condition is false (a memory
 * source may fault either way); with a 32-bit operand the destination is
 * written, zero-extended, only when the condition holds. */
HANDLER(h_cmovcc)
{
	uint32_t v = rm_read(c, i, i->opsize);
	if (cond_true(c, i->opcode & 15))
		set_reg(c, i->regf, i->opsize, v);
}
