/*
 * Integer arithmetic: the eight ALU operations in all their forms, inc,
 * dec, test, not, neg, and the multiplies and divides (SDM vol. 2).
 */
#include "ref.h"

enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

/* One ALU operation with its flags recorded lazily. `op` is a constant in
 * every caller, so this folds to the single operation. */
static inline uint32_t alu(struct cpu *c, int op, unsigned size, uint32_t a, uint32_t b)
{
	uint32_t r, cf;
	switch (op) {
	case ALU_ADD:
		r = a + b;
		lazy_set(c, LF_ADD, size, a, b, r);
		break;
	case ALU_ADC:
		cf = flags_cf(c);
		r = a + b + cf;
		lazy_set(c, LF_ADC, size, a, b, r);
		c->lf.carry = (uint8_t)cf;
		break;
	case ALU_SBB:
		cf = flags_cf(c);
		r = a - b - cf;
		lazy_set(c, LF_SBB, size, a, b, r);
		c->lf.carry = (uint8_t)cf;
		break;
	case ALU_SUB:
	case ALU_CMP:
		r = a - b;
		lazy_set(c, LF_SUB, size, a, b, r);
		break;
	case ALU_OR:
		r = a | b;
		lazy_set(c, LF_LOGIC, size, a, b, r);
		break;
	case ALU_AND:
		r = a & b;
		lazy_set(c, LF_LOGIC, size, a, b, r);
		break;
	default:
		r = a ^ b;
		lazy_set(c, LF_LOGIC, size, a, b, r);
		break;
	}
	return r & size_mask(size);
}

/* r/m op= value, with the r/m operand read-modify-written. */
static inline void alu_rm(struct cpu *c, const struct insn *i, unsigned size, int op, uint32_t b)
{
	if (i->mod == 3) {
		uint32_t r = alu(c, op, size, get_reg(c, i->rm, size), b);
		if (op != ALU_CMP)
			set_reg(c, i->rm, size, r);
		return;
	}
	uint32_t lin = seg_lin(c, i->seg, insn_ea(c, i), size, op != ALU_CMP);
	if (op == ALU_CMP) {
		alu(c, op, size, lin_read(c, lin, size), b);
		return;
	}
	uint8_t *p = rmw_ptr(c, lin, size);
	if (p) {
		store_le(p, size, alu(c, op, size, load_le(p, size), b));
	} else {
		uint32_t r = alu(c, op, size, lin_read(c, lin, size), b);
		lin_write(c, lin, size, r);
	}
}

#define ALU_HANDLERS(name, OPC)                                                                    \
	HANDLER(h_##name##_EbGb)                                                                   \
	{                                                                                          \
		alu_rm(c, i, 1, OPC, get_reg(c, i->regf, 1));                                      \
	}                                                                                          \
	HANDLER(h_##name##_EvGv)                                                                   \
	{                                                                                          \
		alu_rm(c, i, i->opsize, OPC, get_reg(c, i->regf, i->opsize));                      \
	}                                                                                          \
	HANDLER(h_##name##_GbEb)                                                                   \
	{                                                                                          \
		uint32_t r = alu(c, OPC, 1, get_reg(c, i->regf, 1), rm_read(c, i, 1));             \
		if (OPC != ALU_CMP)                                                                \
			set_reg(c, i->regf, 1, r);                                                 \
	}                                                                                          \
	HANDLER(h_##name##_GvEv)                                                                   \
	{                                                                                          \
		unsigned s = i->opsize;                                                            \
		uint32_t r = alu(c, OPC, s, get_reg(c, i->regf, s), rm_read(c, i, s));             \
		if (OPC != ALU_CMP)                                                                \
			set_reg(c, i->regf, s, r);                                                 \
	}                                                                                          \
	HANDLER(h_##name##_ALIb)                                                                   \
	{                                                                                          \
		uint32_t r = alu(c, OPC, 1, get_reg(c, EAX, 1), i->imm);                           \
		if (OPC != ALU_CMP)                                                                \
			set_reg(c, EAX, 1, r);                                                     \
	}                                                                                          \
	HANDLER(h_##name##_eAXIv)                                                                  \
	{                                                                                          \
		unsigned s = i->opsize;                                                            \
		uint32_t r = alu(c, OPC, s, get_reg(c, EAX, s), i->imm);                           \
		if (OPC != ALU_CMP)                                                                \
			set_reg(c, EAX, s, r);                                                     \
	}                                                                                          \
	HANDLER(h_##name##_EbIb)                                                                   \
	{                                                                                          \
		alu_rm(c, i, 1, OPC, i->imm);                                                      \
	}                                                                                          \
	HANDLER(h_##name##_EvIv)                                                                   \
	{                                                                                          \
		alu_rm(c, i, i->opsize, OPC, i->imm);                                              \
	}                                                                                          \
	HANDLER(h_##name##_EvIbs)                                                                  \
	{                                                                                          \
		alu_rm(c, i, i->opsize, OPC, i->imm &size_mask(i->opsize));                        \
	}

ALU_HANDLERS(add, ALU_ADD)
ALU_HANDLERS(or, ALU_OR)
ALU_HANDLERS(adc, ALU_ADC)
ALU_HANDLERS(sbb, ALU_SBB)
ALU_HANDLERS(and, ALU_AND)
ALU_HANDLERS(sub, ALU_SUB)
ALU_HANDLERS(xor, ALU_XOR)
ALU_HANDLERS(cmp, ALU_CMP)

/* inc/dec leave CF alone (SDM vol. 2 "INC"): fold the current CF into
 * eflags before recording the new operation. */
static inline uint32_t incdec(struct cpu *c, unsigned size, uint32_t a, bool dec)
{
	uint32_t cf = flags_cf(c);
	c->eflags = (c->eflags & ~FL_CF) | cf;
	uint32_t r = dec ? a - 1 : a + 1;
	lazy_set(c, dec ? LF_DEC : LF_INC, size, a, 1, r);
	return r & size_mask(size);
}

static inline void incdec_rm(struct cpu *c, const struct insn *i, unsigned size, bool dec)
{
	if (i->mod == 3) {
		set_reg(c, i->rm, size, incdec(c, size, get_reg(c, i->rm, size), dec));
		return;
	}
	uint32_t lin = seg_lin(c, i->seg, insn_ea(c, i), size, true);
	uint8_t *p = rmw_ptr(c, lin, size);
	if (p)
		store_le(p, size, incdec(c, size, load_le(p, size), dec));
	else
		lin_write(c, lin, size, incdec(c, size, lin_read(c, lin, size), dec));
}

HANDLER(h_inc_Zv)
{
	unsigned r = i->opcode & 7;
	set_reg(c, r, i->opsize, incdec(c, i->opsize, get_reg(c, r, i->opsize), false));
}

HANDLER(h_dec_Zv)
{
	unsigned r = i->opcode & 7;
	set_reg(c, r, i->opsize, incdec(c, i->opsize, get_reg(c, r, i->opsize), true));
}

HANDLER(h_inc_Eb)
{
	incdec_rm(c, i, 1, false);
}

HANDLER(h_dec_Eb)
{
	incdec_rm(c, i, 1, true);
}

HANDLER(h_inc_Ev)
{
	incdec_rm(c, i, i->opsize, false);
}

HANDLER(h_dec_Ev)
{
	incdec_rm(c, i, i->opsize, true);
}

HANDLER(h_test_EbGb)
{
	alu(c, ALU_AND, 1, rm_read(c, i, 1), get_reg(c, i->regf, 1));
}

HANDLER(h_test_EvGv)
{
	alu(c, ALU_AND, i->opsize, rm_read(c, i, i->opsize), get_reg(c, i->regf, i->opsize));
}

HANDLER(h_test_ALIb)
{
	alu(c, ALU_AND, 1, get_reg(c, EAX, 1), i->imm);
}

HANDLER(h_test_eAXIv)
{
	alu(c, ALU_AND, i->opsize, get_reg(c, EAX, i->opsize), i->imm);
}

HANDLER(h_test_EbIb)
{
	alu(c, ALU_AND, 1, rm_read(c, i, 1), i->imm);
}

HANDLER(h_test_EvIv)
{
	alu(c, ALU_AND, i->opsize, rm_read(c, i, i->opsize), i->imm);
}

/* not: no flags (SDM vol. 2 "NOT"). neg: flags of 0 - x, CF = (x != 0). */
static inline void notneg(struct cpu *c, const struct insn *i, unsigned size, bool neg)
{
	uint32_t lin = 0, a;
	uint8_t *p = NULL;
	if (i->mod == 3) {
		a = get_reg(c, i->rm, size);
	} else {
		lin = seg_lin(c, i->seg, insn_ea(c, i), size, true);
		p = rmw_ptr(c, lin, size);
		a = p ? load_le(p, size) : lin_read(c, lin, size);
	}
	uint32_t r = neg ? alu(c, ALU_SUB, size, 0, a) : ~a & size_mask(size);
	if (i->mod == 3)
		set_reg(c, i->rm, size, r);
	else if (p)
		store_le(p, size, r);
	else
		lin_write(c, lin, size, r);
}

HANDLER(h_not_Eb)
{
	notneg(c, i, 1, false);
}

HANDLER(h_not_Ev)
{
	notneg(c, i, i->opsize, false);
}

HANDLER(h_neg_Eb)
{
	notneg(c, i, 1, true);
}

HANDLER(h_neg_Ev)
{
	notneg(c, i, i->opsize, true);
}

/* After mul/imul only CF and OF are defined (SDM vol. 2 "MUL", "IMUL");
 * SF, ZF, AF, PF are undefined: we set SF/ZF/PF from the low half of the
 * result and clear AF, which tests must not compare. */
static void mul_flags(struct cpu *c, uint32_t low, unsigned size, bool overflow)
{
	uint32_t f = flags_szp(low, size);
	if (overflow)
		f |= FL_CF | FL_OF;
	flags_set_arith(c, f);
}

static void mul_common(struct cpu *c, unsigned size, uint32_t src, bool sign)
{
	uint32_t a = get_reg(c, EAX, size);
	if (size == 1) {
		uint32_t r = sign ? (uint32_t)((int8_t)a * (int8_t)src) : a * src;
		set_reg(c, EAX, 2, r);
		bool ov = sign ? (int16_t)r != (int8_t)r : (r >> 8) != 0;
		mul_flags(c, r, 1, ov);
	} else if (size == 2) {
		uint32_t r = sign ? (uint32_t)((int16_t)a * (int16_t)src) : a * src;
		set_reg(c, EAX, 2, r);
		set_reg(c, EDX, 2, r >> 16);
		bool ov = sign ? (int32_t)r != (int16_t)r : (r >> 16) != 0;
		mul_flags(c, r, 2, ov);
	} else {
		uint64_t r =
		    sign ? (uint64_t)((int64_t)(int32_t)a * (int32_t)src) : (uint64_t)a * src;
		c->reg[EAX] = (uint32_t)r;
		c->reg[EDX] = (uint32_t)(r >> 32);
		bool ov = sign ? (int64_t)r != (int32_t)r : (r >> 32) != 0;
		mul_flags(c, (uint32_t)r, 4, ov);
	}
}

HANDLER(h_mul_Eb)
{
	mul_common(c, 1, rm_read(c, i, 1), false);
}

HANDLER(h_mul_Ev)
{
	mul_common(c, i->opsize, rm_read(c, i, i->opsize), false);
}

HANDLER(h_imul_Eb)
{
	mul_common(c, 1, rm_read(c, i, 1), true);
}

HANDLER(h_imul_Ev)
{
	mul_common(c, i->opsize, rm_read(c, i, i->opsize), true);
}

static uint32_t imul_trunc(struct cpu *c, unsigned size, uint32_t a, uint32_t b)
{
	if (size == 2) {
		int32_t r = (int16_t)a * (int16_t)b;
		mul_flags(c, (uint32_t)r, 2, r != (int16_t)r);
		return (uint32_t)r & 0xffff;
	}
	int64_t r = (int64_t)(int32_t)a * (int32_t)b;
	mul_flags(c, (uint32_t)r, 4, r != (int32_t)r);
	return (uint32_t)r;
}

HANDLER(h_imul_GvEvI)
{
	unsigned s = i->opsize;
	set_reg(c, i->regf, s, imul_trunc(c, s, rm_read(c, i, s), i->imm));
}

HANDLER(h_imul_GvEv)
{
	unsigned s = i->opsize;
	set_reg(c, i->regf, s, imul_trunc(c, s, get_reg(c, i->regf, s), rm_read(c, i, s)));
}

/* div/idiv: #DE on a zero divisor or a quotient that does not fit
 * (SDM vol. 2 "DIV", "IDIV"). All six flags are undefined: left as they
 * were. */
static void div_common(struct cpu *c, unsigned size, uint32_t d, bool sign)
{
	if (d == 0)
		cpu_raise_noerr(c, EXC_DE);
	unsigned bits = 8 * size;
	uint64_t dividend = size == 1
				? get_reg(c, EAX, 2)
				: ((uint64_t)get_reg(c, EDX, size) << bits) | get_reg(c, EAX, size);
	uint64_t q, r;
	if (!sign) {
		q = dividend / d;
		r = dividend % d;
		if (q >> bits)
			cpu_raise_noerr(c, EXC_DE);
	} else {
		/* Sign-extend the 2*bits-wide dividend and the divisor. */
		int64_t n = (int64_t)(dividend << (64 - 2 * bits)) >> (64 - 2 * bits);
		int64_t dv = (int64_t)((uint64_t)d << (64 - bits)) >> (64 - bits);
		if (n == INT64_MIN && dv == -1)
			cpu_raise_noerr(c, EXC_DE);
		int64_t sq = n / dv, sr = n % dv;
		int64_t lim = (int64_t)1 << (bits - 1);
		if (sq >= lim || sq < -lim)
			cpu_raise_noerr(c, EXC_DE);
		q = (uint64_t)sq;
		r = (uint64_t)sr;
	}
	if (size == 1) {
		set_reg(c, EAX, 1, (uint32_t)q);
		set_reg(c, 4 /* AH */, 1, (uint32_t)r);
	} else {
		set_reg(c, EAX, size, (uint32_t)q);
		set_reg(c, EDX, size, (uint32_t)r);
	}
}

HANDLER(h_div_Eb)
{
	div_common(c, 1, rm_read(c, i, 1), false);
}

HANDLER(h_div_Ev)
{
	div_common(c, i->opsize, rm_read(c, i, i->opsize), false);
}

HANDLER(h_idiv_Eb)
{
	div_common(c, 1, rm_read(c, i, 1), true);
}

HANDLER(h_idiv_Ev)
{
	div_common(c, i->opsize, rm_read(c, i, i->opsize), true);
}
