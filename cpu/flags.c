/*
 * Lazy arithmetic flags (DESIGN.md §4). An ALU operation records its
 * operands and result; each flag is derived on demand by the SDM vol. 1
 * §3.4.3.1 definitions. Operations whose flags are mostly undefined or
 * count-dependent (shifts, multiplies, BCD) set eflags eagerly instead.
 */
#include "cpu_int.h"

static unsigned bits_of(const struct cpu *c)
{
	return 8u * c->lf.size;
}

static uint32_t msb(uint32_t v, unsigned size)
{
	return (v >> (8 * size - 1)) & 1;
}

uint32_t flags_cf(const struct cpu *c)
{
	const struct lazy_flags *l = &c->lf;
	uint32_t m = size_mask(l->size);
	switch (l->op) { /* with LF_CFOF_EAGER: the default */
	case LF_ADD: return l->res < (l->src1 & m);
	case LF_ADC: return l->res < (l->src1 & m) || (l->carry && l->res == (l->src1 & m));
	case LF_SUB: return (l->src1 & m) < (l->src2 & m);
	case LF_SBB:
		return (l->src1 & m) < (l->src2 & m) ||
		       (l->carry && (l->src1 & m) == (l->src2 & m));
	case LF_LOGIC: return 0;
	default: return (c->eflags & FL_CF) != 0;
	}
}

uint32_t flags_of(const struct cpu *c)
{
	const struct lazy_flags *l = &c->lf;
	unsigned sh = bits_of(c) - 1;
	switch (l->op) { /* with LF_CFOF_EAGER: the default */
	case LF_ADD:
	case LF_ADC:
	case LF_INC: return (((l->src1 ^ l->res) & (l->src2 ^ l->res)) >> sh) & 1;
	case LF_SUB:
	case LF_SBB:
	case LF_DEC: return (((l->src1 ^ l->src2) & (l->src1 ^ l->res)) >> sh) & 1;
	case LF_LOGIC: return 0;
	default: return (c->eflags & FL_OF) != 0;
	}
}

uint32_t flags_zf(const struct cpu *c)
{
	return c->lf.op == LF_NONE ? (c->eflags & FL_ZF) != 0 : c->lf.res == 0;
}

uint32_t flags_sf(const struct cpu *c)
{
	return c->lf.op == LF_NONE ? (c->eflags & FL_SF) != 0 : msb(c->lf.res, c->lf.size);
}

static uint32_t parity_even(uint32_t v)
{
	return !__builtin_parity(v & 0xff);
}

uint32_t flags_pf(const struct cpu *c)
{
	return c->lf.op == LF_NONE ? (c->eflags & FL_PF) != 0 : parity_even(c->lf.res);
}

uint32_t flags_af(const struct cpu *c)
{
	const struct lazy_flags *l = &c->lf;
	switch (l->op & LF_OP_MASK) {
	case LF_ADD:
	case LF_ADC:
	case LF_SUB:
	case LF_SBB:
	case LF_INC:
	case LF_DEC: return ((l->src1 ^ l->src2 ^ l->res) >> 4) & 1;
	/* AF is undefined after AND/OR/XOR/TEST (SDM vol. 2); we clear it. */
	case LF_LOGIC: return 0;
	default: return (c->eflags & FL_AF) != 0;
	}
}

uint32_t flags_szp(uint32_t res, unsigned size)
{
	uint32_t f = 0;
	res &= size_mask(size);
	if (res == 0)
		f |= FL_ZF;
	if (msb(res, size))
		f |= FL_SF;
	if (parity_even(res))
		f |= FL_PF;
	return f;
}

/* All six at once, for the operations that record them (the same
 * definitions as the flags_* functions above). The operands are shifted
 * to the top of 32 bits, so one formula serves every size and bits above
 * the size fall out. */
void flags_materialize(struct cpu *c)
{
	const struct lazy_flags *l = &c->lf;
	if (l->op == LF_NONE)
		return;
	unsigned sh = 32 - 8u * l->size;
	uint32_t a = l->src1 << sh, b = l->src2 << sh, r = l->res << sh;
	uint32_t f =
	    (r == 0 ? FL_ZF : 0) | (r >> 31 ? FL_SF : 0) | (parity_even(l->res) ? FL_PF : 0);
	uint32_t af = ((l->src1 ^ l->src2 ^ l->res) >> 4) & 1 ? FL_AF : 0;
	uint32_t cf_old = c->eflags & FL_CF;
	switch (l->op & LF_OP_MASK) {
	case LF_ADD:
	case LF_ADC:
		f |= af | (((a ^ r) & (b ^ r)) >> 31 ? FL_OF : 0);
		if (r < a || (l->op == LF_ADC && l->carry && r == a))
			f |= FL_CF;
		break;
	case LF_SUB:
	case LF_SBB:
		f |= af | (((a ^ b) & (a ^ r)) >> 31 ? FL_OF : 0);
		if (a < b || (l->op == LF_SBB && l->carry && a == b))
			f |= FL_CF;
		break;
	case LF_INC: f |= af | cf_old | (((a ^ r) & (b ^ r)) >> 31 ? FL_OF : 0); break;
	case LF_DEC: f |= af | cf_old | (((a ^ b) & (a ^ r)) >> 31 ? FL_OF : 0); break;
	default: break; /* LF_LOGIC: CF = OF = 0; AF undefined, cleared */
	}
	if (l->op & LF_CFOF_EAGER)
		f = (f & ~(FL_CF | FL_OF)) | (c->eflags & (FL_CF | FL_OF));
	flags_set_arith(c, f);
}

bool cond_true(const struct cpu *c, unsigned cc)
{
	bool r;
	switch (cc >> 1) {
	case 0: r = flags_of(c); break;				       /* O */
	case 1: r = flags_cf(c); break;				       /* B */
	case 2: r = flags_zf(c); break;				       /* E */
	case 3: r = flags_cf(c) || flags_zf(c); break;		       /* BE */
	case 4: r = flags_sf(c); break;				       /* S */
	case 5: r = flags_pf(c); break;				       /* P */
	case 6: r = flags_sf(c) != flags_of(c); break;		       /* L */
	default: r = flags_zf(c) || flags_sf(c) != flags_of(c); break; /* LE */
	}
	return (cc & 1) ? !r : r;
}

uint32_t cpu_get_eflags(struct cpu *c)
{
	flags_materialize(c);
	return c->eflags | FL_1;
}

void cpu_set_eflags_raw(struct cpu *c, uint32_t v)
{
	c->lf.op = LF_NONE;
	/* Bits 1 is always 1; bits 3, 5, 15 and 22-31 are reserved zeros. */
	c->eflags = (v | FL_1) & 0x003f7fd7u;
}
