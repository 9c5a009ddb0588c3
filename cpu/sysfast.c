/*
 * Specialised handlers for trap-stub instructions (sysfast.h). Each fast
 * path only reads state until it knows nothing can fault, then commits;
 * otherwise it tail-calls the generic handler, so every fault, slow path
 * and 16-bit form is the generic one's.
 */
#include "sysfast.h"

#include "cpu_int.h"

/* The generic handlers, to recognise untouched decodes and to fall back. */
#define OP(id, map, opc, reg, mn, o1, o2, o3, fn, attr) HANDLER(fn);
#include "optable.def"
#undef OP

#define SFAST(name) static void name(struct cpu *c, const struct insn *i)

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
	SFAST(s_push_##name)                                                                       \
	{                                                                                          \
		if (unlikely(!push32(c, c->seg[sreg].sel)))                                        \
			h_push_seg(c, i);                                                          \
	}                                                                                          \
	SFAST(s_pop_##name)                                                                        \
	{                                                                                          \
		if (unlikely(!pop_sreg(c, sreg)))                                                  \
			h_pop_seg(c, i);                                                           \
	}

SREG_FAST(es, SEG_ES)
SREG_FAST(ds, SEG_DS)
SREG_FAST(fs, SEG_FS)
SREG_FAST(gs, SEG_GS)

SFAST(s_push_cs)
{
	if (unlikely(!push32(c, c->seg[SEG_CS].sel)))
		h_push_seg(c, i);
}

SFAST(s_push_ss)
{
	if (unlikely(!push32(c, c->seg[SEG_SS].sel)))
		h_push_seg(c, i);
}

/* mov %r16/%r32,%Sreg for DS, ES, FS, GS (the reg field picks it). */
SFAST(s_mov_sreg_r)
{
	if (unlikely(!seg_load_hit(c, i->regf, (uint16_t)c->reg[i->rm])))
		h_mov_SwEw(c, i);
}

SFAST(s_push_imm)
{
	if (unlikely(!push32(c, i->imm)))
		h_push_I(c, i);
}

/* pusha: EAX at the highest address, then ECX, EDX, EBX, the original
 * ESP, EBP, ESI, EDI (SDM "PUSHA"). */
SFAST(s_pusha)
{
	uint32_t sp = c->reg[ESP] - 32;
	uint8_t *p = ss_ptr(c, sp, 32, c->wperm);
	if (unlikely(!p)) {
		h_pusha(c, i);
		return;
	}
	for (unsigned r = 0; r < 8; r++)
		store_le(p + 28 - 4 * r, 4, c->reg[r]);
	c->reg[ESP] = sp;
}

/* popa: the reverse, skipping the saved ESP (SDM "POPA"). */
SFAST(s_popa)
{
	uint32_t sp = c->reg[ESP];
	const uint8_t *p = ss_ptr(c, sp, 32, c->rperm);
	if (unlikely(!p)) {
		h_popa(c, i);
		return;
	}
	for (unsigned r = 0; r < 8; r++)
		if (r != ESP)
			c->reg[r] = load_le(p + 28 - 4 * r, 4);
	c->reg[ESP] = sp + 32;
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
