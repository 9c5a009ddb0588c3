/*
 * The reference interpreter's internals, shared by its handler files
 * (ops_*.c, flags.c) and by the accelerators that fall back on them:
 * register and ModRM operand access and the lazy flags. Memory, segments,
 * the stack and exceptions come from ../sys/sys.h.
 */
#ifndef CPU_REF_REF_H
#define CPU_REF_REF_H

#include "../decode/decode.h"
#include "../sys/sys.h"

#define HANDLER(name) void name(struct cpu *c, const struct insn *i)

/* ---- registers ---- */
static inline uint32_t get_reg(const struct cpu *c, unsigned r, unsigned size)
{
	if (size == 4)
		return c->reg[r];
	if (size == 2)
		return c->reg[r] & 0xffff;
	/* AL, CL, DL, BL, AH, CH, DH, BH (SDM vol. 2 table 2-1). */
	return r < 4 ? c->reg[r] & 0xff : (c->reg[r - 4] >> 8) & 0xff;
}

static inline void set_reg(struct cpu *c, unsigned r, unsigned size, uint32_t v)
{
	if (size == 4)
		c->reg[r] = v;
	else if (size == 2)
		c->reg[r] = (c->reg[r] & 0xffff0000u) | (v & 0xffff);
	else if (r < 4)
		c->reg[r] = (c->reg[r] & 0xffffff00u) | (v & 0xff);
	else
		c->reg[r - 4] = (c->reg[r - 4] & 0xffff00ffu) | ((v & 0xff) << 8);
}

static inline uint32_t size_mask(unsigned size)
{
	return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

/* Effective address of the ModRM memory operand (SDM vol. 2 §2.1.5). */
static inline uint32_t insn_ea(const struct cpu *c, const struct insn *i)
{
	uint32_t ea = i->disp;
	if (i->base != REG_NONE)
		ea += c->reg[i->base];
	if (i->index != REG_NONE)
		ea += c->reg[i->index] << i->scale;
	return ea & i->ea_mask;
}

/* The r/m operand: register or memory. */
static inline uint32_t rm_read(struct cpu *c, const struct insn *i, unsigned size)
{
	if (i->mod == 3)
		return get_reg(c, i->rm, size);
	return read_seg(c, i->seg, insn_ea(c, i), size);
}

static inline void rm_write(struct cpu *c, const struct insn *i, unsigned size, uint32_t v)
{
	if (i->mod == 3)
		set_reg(c, i->rm, size, v);
	else
		write_seg(c, i->seg, insn_ea(c, i), size, v);
}

/* ---- flags (flags.c) ---- */
uint32_t flags_cf(const struct cpu *c);
uint32_t flags_of(const struct cpu *c);
uint32_t flags_zf(const struct cpu *c);
uint32_t flags_sf(const struct cpu *c);
uint32_t flags_pf(const struct cpu *c);
uint32_t flags_af(const struct cpu *c);
/* Folds the lazy state into eflags (LF_NONE afterwards). */
void flags_materialize(struct cpu *c);
/* Sets the six arithmetic flags eagerly from a mask of FL_* bits. */
static inline void flags_set_arith(struct cpu *c, uint32_t bits)
{
	c->lf.op = LF_NONE;
	c->eflags = (c->eflags & ~FL_ARITH) | (bits & FL_ARITH);
}
/* SF, ZF, PF of a result as FL_* bits. */
uint32_t flags_szp(uint32_t res, unsigned size);
/* Evaluates condition code 0-15 (SDM vol. 2 appendix B.1). */
bool cond_true(const struct cpu *c, unsigned cc);

static inline void lazy_set(struct cpu *c, uint8_t op, unsigned size, uint32_t s1, uint32_t s2,
			    uint32_t res)
{
	c->lf.op = op;
	c->lf.size = (uint8_t)size;
	c->lf.src1 = s1;
	c->lf.src2 = s2;
	c->lf.res = res & size_mask(size);
}

#endif
