/*
 * The lazy flags (cpu/ref/flags.c) against the SDM's definitions, computed here
 * independently: every lazy operation and operand size, on random operands
 * with the boundary values mixed in, folded by flags_materialize() (so
 * cpu_get_eflags()) and read one by one by flags_cf() and the others.
 *
 * The reference does the arithmetic in 64 bits and reads the flags off the
 * wide result (SDM vol. 1 §3.4.3.1, vol. 2 "ADD", "ADC", "SUB", "SBB",
 * "INC", "DEC", "AND"): CF is the unsigned result out of range, OF the signed
 * one, AF the carry or borrow out of bit 3, PF an even number of 1 bits in the
 * low byte, ZF and SF the result's zero test and top bit. INC and DEC leave
 * CF alone; AND, OR, XOR and TEST clear CF and OF and leave AF undefined
 * (not compared). After a rotate (LF_CFOF_EAGER) CF and OF are the ones
 * already in EFLAGS.
 */
#include "../../cpu/ref/ref.h"
#include "unit.h"

#include <string.h>

static uint32_t rnd_state = 0x2545f491u;

static uint32_t rnd(void)
{
	return xorshift32(&rnd_state);
}

/* An operand of `bits` bits: random, or a value at a boundary. */
static uint32_t operand(unsigned bits)
{
	uint32_t max = bits == 32 ? 0xffffffffu : (1u << bits) - 1, top = 1u << (bits - 1);
	switch (rnd() % 10) {
	case 0: return 0;
	case 1: return 1;
	case 2: return max;
	case 3: return top;
	case 4: return top - 1;
	case 5: return (rnd() & 0xf) | (rnd() & 1 ? top : 0); /* low nibble carries */
	default: return rnd() & max;
	}
}

static int64_t signed_of(uint32_t v, unsigned bits)
{
	uint64_t sign = 1ull << (bits - 1);
	return (int64_t)(((uint64_t)v ^ sign)) - (int64_t)sign;
}

static unsigned ones(uint32_t v)
{
	unsigned n = 0;
	for (; v; v >>= 1)
		n += v & 1;
	return n;
}

struct ref {
	uint32_t res;	/* the result, `bits` wide */
	uint32_t flags; /* the six arithmetic flags */
	uint32_t care;	/* which of them the SDM defines */
};

/* The reference: `op` on a, b (and carry for ADC/SBB), `bits` wide, with
 * CF and OF before the operation in `old`. */
static struct ref reference(unsigned op, unsigned bits, uint32_t a, uint32_t b, unsigned carry,
			    uint32_t old)
{
	uint64_t max = bits == 32 ? 0xffffffffull : (1ull << bits) - 1;
	int64_t smin = -(int64_t)(1ull << (bits - 1)), smax = (int64_t)(1ull << (bits - 1)) - 1;
	int64_t sa = signed_of(a, bits), sb = signed_of(b, bits), swide = 0;
	uint64_t wide = 0;
	bool cf = false, af = false;
	struct ref r = {.care = FL_ARITH};
	switch (op) {
	case LF_ADD:
	case LF_ADC:
	case LF_INC: {
		unsigned cin = op == LF_ADC ? carry : 0;
		if (op == LF_INC)
			b = 1, sb = 1;
		wide = (uint64_t)a + b + cin;
		swide = sa + sb + cin;
		cf = wide > max;
		af = (a & 0xf) + (b & 0xf) + cin > 0xf;
		break;
	}
	case LF_SUB:
	case LF_SBB:
	case LF_DEC: {
		unsigned bin = op == LF_SBB ? carry : 0;
		if (op == LF_DEC)
			b = 1, sb = 1;
		wide = (uint64_t)a - b - bin;
		swide = sa - sb - bin;
		cf = (uint64_t)a < (uint64_t)b + bin;
		af = (a & 0xf) < (b & 0xf) + bin;
		break;
	}
	default: /* LF_LOGIC: the result is given; AF undefined */
		wide = a;
		swide = smin; /* in range: OF = 0 */
		r.care &= ~FL_AF;
		break;
	}
	r.res = (uint32_t)(wide & max);
	bool of = swide < smin || swide > smax;
	if (op == LF_INC || op == LF_DEC)
		cf = (old & FL_CF) != 0;
	r.flags = (cf ? FL_CF : 0) | (of ? FL_OF : 0) | (af ? FL_AF : 0) |
		  (r.res == 0 ? FL_ZF : 0) | ((r.res >> (bits - 1)) & 1 ? FL_SF : 0) |
		  (ones(r.res & 0xff) % 2 == 0 ? FL_PF : 0);
	return r;
}

static struct cpu C;

/* One record through flags_materialize() and through each reader. */
static void check_one(unsigned op, unsigned size, bool eager, bool garbage, int trial)
{
	unsigned bits = 8 * size;
	uint32_t a = operand(bits), b = operand(bits), carry = rnd() & 1;
	uint32_t eflags = FL_1 | (rnd() & (FL_ARITH | FL_DF | FL_IF | FL_TF));
	uint32_t rec_a = a, rec_b = b;
	if (op == LF_LOGIC) {
		/* AND, OR or XOR: the result is recorded with the operands. */
		unsigned k = rnd() % 3;
		a = k == 0 ? (a & b) : k == 1 ? (a | b) : (a ^ b);
	}
	struct ref r = reference(op, bits, a, b, carry, eflags);
	if (op == LF_INC || op == LF_DEC)
		rec_b = 1;
	if (op == LF_LOGIC)
		rec_a = a; /* any operands; the result is what counts */
	if (garbage && size < 4) {
		/* Bits above the size in the recorded operands fall out. */
		rec_a |= rnd() << bits;
		rec_b |= rnd() << bits;
	}
	memset(&C.lf, 0, sizeof(C.lf));
	C.eflags = eflags;
	lazy_set(&C, (uint8_t)(op | (eager ? LF_CFOF_EAGER : 0)), size, rec_a, rec_b, r.res);
	C.lf.carry = (uint8_t)carry;
	uint32_t want = r.flags;
	if (eager)
		want = (want & ~(FL_CF | FL_OF)) | (eflags & (FL_CF | FL_OF));
	uint32_t one = (flags_cf(&C) ? FL_CF : 0) | (flags_pf(&C) ? FL_PF : 0) |
		       (flags_af(&C) ? FL_AF : 0) | (flags_zf(&C) ? FL_ZF : 0) |
		       (flags_sf(&C) ? FL_SF : 0) | (flags_of(&C) ? FL_OF : 0);
	ck_assert_msg((one & r.care) == (want & r.care),
		      "readers, op %u size %u eager %d trial %d: a %x b %x c %u: %03x, want %03x",
		      op, size, eager, trial, rec_a, rec_b, carry, one & r.care, want & r.care);
	uint32_t got = cpu_get_eflags(&C);
	ck_assert_msg((got & r.care) == (want & r.care),
		      "op %u size %u eager %d trial %d: a %x b %x c %u: %03x, want %03x", op, size,
		      eager, trial, rec_a, rec_b, carry, got & r.care, want & r.care);
	/* Nothing but the arithmetic flags changes, and the record is gone. */
	ck_assert_uint_eq(got & ~FL_ARITH, eflags & ~FL_ARITH);
	ck_assert_uint_eq(C.lf.op, LF_NONE);
	ck_assert_uint_eq(cpu_get_eflags(&C), got);
}

START_TEST(materialise_matches_sdm)
{
	static const unsigned ops[] = {LF_ADD, LF_ADC, LF_SUB, LF_SBB, LF_LOGIC, LF_INC, LF_DEC};
	static const unsigned sizes[] = {1, 2, 4};
	for (unsigned o = 0; o < sizeof(ops) / sizeof(ops[0]); o++)
		for (unsigned s = 0; s < 3; s++)
			for (int trial = 0; trial < 4000; trial++)
				check_one(ops[o], sizes[s], (trial & 3) == 3, (trial & 4) != 0,
					  trial);
}
END_TEST

START_TEST(exhaustive_bytes)
{
	/* Every pair of byte operands and carry, for the add and subtract
	 * families: every carry, borrow and overflow case of 8 bits. */
	static const unsigned ops[] = {LF_ADD, LF_ADC, LF_SUB, LF_SBB};
	for (unsigned o = 0; o < 4; o++)
		for (uint32_t a = 0; a < 256; a++)
			for (uint32_t b = 0; b < 256; b++)
				for (unsigned carry = 0; carry < 2; carry++) {
					struct ref r = reference(ops[o], 8, a, b, carry, FL_1);
					memset(&C.lf, 0, sizeof(C.lf));
					C.eflags = FL_1;
					lazy_set(&C, (uint8_t)ops[o], 1, a, b, r.res);
					C.lf.carry = (uint8_t)carry;
					uint32_t got = cpu_get_eflags(&C) & FL_ARITH;
					ck_assert_msg(got == r.flags,
						      "op %u %02x,%02x c%u: %03x, want %03x",
						      ops[o], a, b, carry, got, r.flags);
				}
}
END_TEST

START_TEST(none_keeps_eflags)
{
	/* LF_NONE: the flags are already in EFLAGS and stay as they are. */
	for (int trial = 0; trial < 1000; trial++) {
		uint32_t v = FL_1 | (rnd() & (FL_ARITH | FL_DF | FL_IF));
		memset(&C.lf, 0, sizeof(C.lf));
		C.lf.res = rnd();
		C.eflags = v;
		ck_assert_uint_eq(cpu_get_eflags(&C), v);
	}
}
END_TEST

Suite *flags_suite(void)
{
	Suite *s = suite_create("flags");
	TCase *tc = tcase_create("flags");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, materialise_matches_sdm);
	tcase_add_test(tc, exhaustive_bytes);
	tcase_add_test(tc, none_keeps_eflags);
	suite_add_tcase(s, tc);
	return s;
}
