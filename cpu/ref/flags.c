/*
 * Lazy arithmetic flags (docs/architecture.md). An ALU operation records its
 * operands and result; each flag is derived on demand by the SDM vol. 1
 * §3.4.3.1 definitions. Operations whose flags are mostly undefined or
 * count-dependent (shifts, multiplies, BCD) set eflags eagerly instead.
 */
#include "ref.h"

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

/* FL_PF for each value of a result's low byte: set when it has an even
 * number of 1 bits (SDM vol. 1 §3.4.3.1). Flipping any bit of the index
 * flips the parity, hence the XOR pattern. */
#define PAR2(p) p, p ^ FL_PF, p ^ FL_PF, p
#define PAR4(p) PAR2(p), PAR2(p ^ FL_PF), PAR2(p ^ FL_PF), PAR2(p)
#define PAR6(p) PAR4(p), PAR4(p ^ FL_PF), PAR4(p ^ FL_PF), PAR4(p)
static const uint8_t parity_pf[256] = {PAR6(FL_PF), PAR6(0), PAR6(0), PAR6(FL_PF)};

/* The carries out of each bit of an addition r = a + b (+ carry in): a bit
 * carries when both inputs are 1, or when one is and the sum bit came out
 * 0 (a carry came in). The carry in needs no term of its own: it is in r. */
static inline uint32_t add_carries(uint32_t a, uint32_t b, uint32_t r)
{
	return (a & b) | ((a | b) & ~r);
}

/* The borrows out of each bit of r = a - b (- borrow in): b is 1 where a is
 * 0, or the bits are equal and a borrow came in (then r's bit is 1). */
static inline uint32_t sub_borrows(uint32_t a, uint32_t b, uint32_t r)
{
	return (~a & b) | (~(a ^ b) & r);
}

/* The six flags from the carry (or borrow) vector `v` of an operation of
 * `sh` = 32 - operand bits: CF is the carry out of the top bit, OF the top
 * bit's carry in XOR its carry out, AF the carry out of bit 3 (SDM vol. 1
 * §3.4.3.1, appendix B). Shifted to the top of 32 bits, one formula serves
 * every size and bits above the size fall out. */
static inline __attribute__((always_inline)) uint32_t arith_flags(uint32_t v, uint32_t res,
								  unsigned sh)
{
	uint32_t vt = v << sh, rt = res << sh;
	return (rt == 0 ? FL_ZF : 0) | ((rt >> 24) & FL_SF) | parity_pf[res & 0xff] |
	       ((v << 1) & FL_AF) | (vt >> 31) | (((vt ^ (vt << 1)) >> 20) & FL_OF);
}

/* The six flags of `op` (without LF_CFOF_EAGER) on operands of `sh` =
 * 32 - operand bits, and which of them stay as eflags has them. */
static inline __attribute__((always_inline)) uint32_t
op_flags(const struct lazy_flags *l, unsigned op, unsigned sh, uint32_t *keep)
{
	uint32_t a = l->src1, r = l->res;
	switch (op) {
	case LF_ADD:
	case LF_ADC: return arith_flags(add_carries(a, l->src2, r), r, sh);
	case LF_SUB:
	case LF_SBB: return arith_flags(sub_borrows(a, l->src2, r), r, sh);
	case LF_INC: /* CF is not changed (SDM vol. 2 "INC", "DEC") */
		*keep |= FL_CF;
		return arith_flags(add_carries(a, 1, r), r, sh);
	case LF_DEC: *keep |= FL_CF; return arith_flags(sub_borrows(a, 1, r), r, sh);
	default: return arith_flags(0, r, sh); /* LF_LOGIC: CF = OF = 0; AF undefined, cleared */
	}
}

#if defined(__x86_64__)
/* On an x86-64 host the host's own instruction, on the recorded operands,
 * sets the six flags by the same definitions (SDM vol. 1 §3.4.3.1): LAHF
 * puts SF, ZF, AF, PF and CF in AH at their EFLAGS places, SETO gives OF.
 * (LAHF in 64-bit mode needs CPUID.80000001H:ECX.LAHF-SAHF, which every
 * x86-64 CPU since 2006 has, SDM vol. 2 "LAHF".)
 * That is a third of the host instructions of the formula above. ADC and
 * SBB take their carry in from bit 0 of the record's (BT). The formula stays
 * the reference: the readers (flags_cf() ...), materialize_any() (a rotate's
 * record, any size) and hosts of other kinds use it, and
 * tests/unit/test_flags.c checks both against the SDM. */
#define HOST_FLAGS 1
#define HOST_OP(insn, w, a, b, ax)                                                                 \
	__asm__(insn " %" w "[y], %" w "[x]\n\tlahf\n\tseto %%al"                                  \
		: [x] "+r"(a), "=&a"(ax)                                                           \
		: [y] "r"(b)                                                                       \
		: "cc")
#define HOST_OP_CARRY(insn, w, a, b, cin, ax)                                                      \
	__asm__("bt $0, %k[ci]\n\t" insn " %" w "[y], %" w "[x]\n\tlahf\n\tseto %%al"              \
		: [x] "+r"(a), "=&a"(ax)                                                           \
		: [y] "r"(b), [ci] "r"(cin)                                                        \
		: "cc")

/* The six flags of `op` on operands of width `w` (the asm operand
 * modifier: "b", "w" or "k"), as op_flags() gives them. */
#define HOST_FLAGS_OF(l, op, w, keep)                                                              \
	({                                                                                         \
		uint32_t a_ = (l)->src1, b_ = (l)->src2, ax_;                                      \
		switch (op) {                                                                      \
		case LF_ADD: HOST_OP("add", w, a_, b_, ax_); break;                                \
		case LF_ADC: HOST_OP_CARRY("adc", w, a_, b_, (uint32_t)(l)->carry, ax_); break;    \
		case LF_SUB: HOST_OP("cmp", w, a_, b_, ax_); break;                                \
		case LF_SBB: HOST_OP_CARRY("sbb", w, a_, b_, (uint32_t)(l)->carry, ax_); break;    \
		case LF_INC: /* INC's flags but CF are ADD 1's; CF is kept */                      \
			*(keep) |= FL_CF;                                                          \
			HOST_OP("add", w, a_, 1u, ax_);                                            \
			break;                                                                     \
		case LF_DEC:                                                                       \
			*(keep) |= FL_CF;                                                          \
			HOST_OP("cmp", w, a_, 1u, ax_);                                            \
			break;                                                                     \
		default: /* LF_LOGIC: TEST leaves AF undefined; cleared, as op_flags() does */     \
			a_ = (l)->res;                                                             \
			HOST_OP("test", w, a_, a_, ax_);                                           \
			ax_ &= ~(FL_AF << 8);                                                      \
			break;                                                                     \
		}                                                                                  \
		((ax_ >> 8) & (FL_SF | FL_ZF | FL_AF | FL_PF | FL_CF)) | ((ax_ & 1) << 11);        \
	})
#endif

/* Every record: the size a variable, and after a rotate (LF_CFOF_EAGER)
 * CF and OF left as eflags has them. */
__attribute__((noinline)) static uint32_t materialize_any(struct cpu *c)
{
	const struct lazy_flags *l = &c->lf;
	uint32_t keep = (l->op & LF_CFOF_EAGER) ? FL_CF | FL_OF : 0;
	uint32_t f = op_flags(l, l->op & LF_OP_MASK, 32 - 8u * l->size, &keep);
	c->lf.op = LF_NONE;
	return c->eflags = (c->eflags & (~FL_ARITH | keep)) | (f & ~keep);
}

/* All six at once, for the operations that record them (the same
 * definitions as the flags_* functions above; tests/unit/test_flags.c
 * checks both against the SDM). The plain records of each size have their
 * own code, with the shifts constant. Returns the new eflags. */
static inline __attribute__((always_inline)) uint32_t materialize(struct cpu *c)
{
	const struct lazy_flags *l = &c->lf;
	uint32_t keep = 0, f;
	switch (l->op * 8u + l->size) {
	case LF_NONE * 8 + 1:
	case LF_NONE * 8 + 2:
	case LF_NONE * 8 + 4: return c->eflags;
#ifdef HOST_FLAGS
#define SIZES(op)                                                                                  \
	case op * 8 + 1: f = HOST_FLAGS_OF(l, op, "b", &keep); break;                              \
	case op * 8 + 2: f = HOST_FLAGS_OF(l, op, "w", &keep); break;                              \
	case op * 8 + 4:                                                                           \
		f = HOST_FLAGS_OF(l, op, "k", &keep);                                              \
		break;
#else
#define SIZES(op)                                                                                  \
	case op * 8 + 1: f = op_flags(l, op, 24, &keep); break;                                    \
	case op * 8 + 2: f = op_flags(l, op, 16, &keep); break;                                    \
	case op * 8 + 4:                                                                           \
		f = op_flags(l, op, 0, &keep);                                                     \
		break;
#endif
		SIZES(LF_ADD)
		SIZES(LF_ADC)
		SIZES(LF_SUB)
		SIZES(LF_SBB)
		SIZES(LF_LOGIC)
		SIZES(LF_INC)
		SIZES(LF_DEC)
#undef SIZES
	default: return l->op != LF_NONE ? materialize_any(c) : c->eflags;
	}
	c->lf.op = LF_NONE;
	return c->eflags = (c->eflags & (~FL_ARITH | keep)) | (f & ~keep);
}

void flags_materialize(struct cpu *c)
{
	materialize(c);
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
	return materialize(c) | FL_1;
}

void cpu_set_eflags_raw(struct cpu *c, uint32_t v)
{
	set_eflags_raw(c, v);
}
