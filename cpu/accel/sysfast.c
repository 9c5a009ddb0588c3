/*
 * Specialised handlers for trap-stub instructions (sysfast.h). Each fast
 * path only reads state until it knows nothing can fault, then commits and
 * runs the next instruction of the block (threaded dispatch, accel.h);
 * otherwise it leaves the whole instruction to the generic handler, so
 * every fault, slow path and 16-bit form is the generic one's. A fast path
 * writes no decoded code: its stack writes go through TLB entries with
 * write access, which code pages never have, and a segment load it does
 * sets no accessed bit.
 */
#include "sysfast.h"

#include "accel.h"

/* push of a dword on a flat 32-bit stack: false if it might fault. */
static inline __attribute__((always_inline)) bool push32(struct cpu *c, uint32_t v)
{
	uint32_t sp = c->reg[ESP] - 4;
	uint8_t *p = ss_ptr(c, sp, 4, c->wperm);
	if (unlikely(!p))
		return false;
	store_le(p, 4, v);
	c->reg[ESP] = sp;
	return true;
}

/* pop Sreg: the selector from a flat 32-bit stack, loaded when the
 * descriptor cache says the load passes (seg_load_hit()). */
static inline __attribute__((always_inline)) bool pop_sreg(struct cpu *c, int sreg)
{
	uint32_t sp = c->reg[ESP];
	const uint8_t *p = ss_ptr(c, sp, 4, c->rperm);
	if (unlikely(!p) || unlikely(!seg_load_hit(c, sreg, (uint16_t)load_le(p, 4))))
		return false;
	c->reg[ESP] = sp + 4;
	return true;
}

#define SREG_FAST(name, sreg)                                                                      \
	FAST(s_push_##name)                                                                        \
	{                                                                                          \
		if (unlikely(!push32(c, c->seg[sreg].sel)))                                        \
			*slow = h_push_seg;                                                        \
	}                                                                                          \
	FAST(s_pop_##name)                                                                         \
	{                                                                                          \
		if (unlikely(!pop_sreg(c, sreg)))                                                  \
			*slow = h_pop_seg;                                                         \
	}

SREG_FAST(es, SEG_ES)
SREG_FAST(ds, SEG_DS)
SREG_FAST(fs, SEG_FS)
SREG_FAST(gs, SEG_GS)

FAST(s_push_cs)
{
	if (unlikely(!push32(c, c->seg[SEG_CS].sel)))
		*slow = h_push_seg;
}

FAST(s_push_ss)
{
	if (unlikely(!push32(c, c->seg[SEG_SS].sel)))
		*slow = h_push_seg;
}

/* mov %r16/%r32,%Sreg for DS, ES, FS, GS (the reg field picks it). */
FAST(s_mov_sreg_r)
{
	if (unlikely(!seg_load_hit(c, i->regf, (uint16_t)c->reg[i->rm])))
		*slow = h_mov_SwEw;
}

FAST(s_push_imm)
{
	if (unlikely(!push32(c, i->imm)))
		*slow = h_push_I;
}

/* pusha: EAX at the highest address, then ECX, EDX, EBX, the original
 * ESP, EBP, ESI, EDI (SDM "PUSHA"). */
FAST(s_pusha)
{
	uint32_t sp = c->reg[ESP] - 32;
	uint8_t *p = ss_ptr(c, sp, 32, c->wperm);
	if (unlikely(!p)) {
		*slow = h_pusha;
		return;
	}
	for (unsigned r = 0; r < 8; r++)
		store_le(p + 28 - 4 * r, 4, c->reg[r]);
	c->reg[ESP] = sp;
}

/* popa: the reverse, skipping the saved ESP (SDM "POPA"). */
FAST(s_popa)
{
	uint32_t sp = c->reg[ESP];
	const uint8_t *p = ss_ptr(c, sp, 32, c->rperm);
	if (unlikely(!p)) {
		*slow = h_popa;
		return;
	}
	for (unsigned r = 0; r < 8; r++)
		if (r != ESP)
			c->reg[r] = load_le(p + 28 - 4 * r, 4);
	c->reg[ESP] = sp + 32;
}

/* mov %r,%Sreg twice from the same register (the trap stub's mov %ax,%ds;
 * mov %ax,%es): one check of the descriptor cache serves both, as the
 * first load changes nothing the second's checks read (the selector, the
 * descriptor, GDTR, the CPL: SDM vol. 2 "MOV"). Otherwise, or when the
 * second is not in the run, the first alone, specialised. */
static void s_mov_sreg_pair(struct cpu *c, const struct insn *i)
{
	const struct insn *j = i + 1;
	uint16_t sel = (uint16_t)c->reg[i->rm];
	const struct desc_slot *d = j < c->fast_end ? seg_load_check(c, sel) : NULL;
	if (unlikely(!d)) {
		s_mov_sreg_r(c, i);
		return;
	}
	seg_load_commit(c, i->regf, sel, d);
	seg_load_commit(c, j->regf, sel, d);
	c->fast_cur = j;
	run_next(c, j);
}

exec_fn sys_pair_handler(const struct insn *i, const struct insn *j)
{
	if (i->fn == s_mov_sreg_r && j->fn == s_mov_sreg_r && i->rm == j->rm)
		return s_mov_sreg_pair;
	return NULL;
}

exec_fn sys_fast_handler(const struct insn *i)
{
	if (i->fn != op_handlers[i->row] || i->lock || i->opsize != 4)
		return NULL;
	switch (i->row) {
	case ROW_push_ES: return s_push_es;
	case ROW_push_CS: return s_push_cs;
	case ROW_push_SS: return s_push_ss;
	case ROW_push_DS: return s_push_ds;
	case ROW_push_FS: return s_push_fs;
	case ROW_push_GS: return s_push_gs;
	case ROW_pop_ES: return s_pop_es;
	case ROW_pop_DS: return s_pop_ds;
	case ROW_pop_FS: return s_pop_fs;
	case ROW_pop_GS: return s_pop_gs;
	case ROW_pusha: return s_pusha;
	case ROW_popa: return s_popa;
	case ROW_push_Iv:
	case ROW_push_Ibs: return s_push_imm;
	case ROW_mov_SwEw:
		if (i->mod == 3 && (i->regf == SEG_ES || i->regf == SEG_DS || i->regf == SEG_FS ||
				    i->regf == SEG_GS))
			return s_mov_sreg_r;
		return NULL;
	default: return NULL;
	}
}
