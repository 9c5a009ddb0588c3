/* isatest: add or adc sbb and sub xor cmp test, inc dec neg not.
 * Flags: SDM vol. 2 "Flags Affected" of each: ADD/ADC/SUB/SBB/CMP/NEG all six defined;
 * AND/OR/XOR/TEST: OF=CF=0, AF undefined; INC/DEC: CF unaffected; NOT: none affected. */
#include "isatest.h"

typedef u32 (*binfn)(u32 *a, u32 b, u32 fi);
typedef u32 (*immfn)(u32 *a, int k, u32 fi);
typedef u32 (*unfn)(u32 *a, u32 fi);

/* r/m,r with a register r/m (gas picks 00/01/08/09...); PFX "%{load%} " picks r,r/m (02/03...) */
#define BIN_R(name, ins, M, PFX)                                                                   \
	static u32 name(u32 *pa, u32 b, u32 fi)                                                    \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN PFX ins " %" M "[b], %" M "[a]" FOUT                              \
			     : [a] "+q"(a), [fo] "=&r"(fo)                                         \
			     : [b] "q"(b), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
/* high-byte registers AH..BH (ModRM reg/rm 4-7) */
#define BIN_H(name, ins)                                                                           \
	static u32 name(u32 *pa, u32 b, u32 fi)                                                    \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN ins " %h[b], %h[a]" FOUT                                          \
			     : [a] "+Q"(a), [fo] "=&r"(fo)                                         \
			     : [b] "Q"(b), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
#define BIN_MR(name, ins, M)                                                                       \
	static u32 name(u32 *pa, u32 b, u32 fi)                                                    \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN ins " %" M "[b], %[a]" FOUT                                       \
			     : [a] "+m"(a), [fo] "=&r"(fo)                                         \
			     : [b] "q"(b), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
#define BIN_RM(name, ins, M)                                                                       \
	static u32 name(u32 *pa, u32 b, u32 fi)                                                    \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN ins " %[b], %" M "[a]" FOUT                                       \
			     : [a] "+q"(a), [fo] "=&r"(fo)                                         \
			     : [b] "m"(b), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
#define IMM_CASE(k, v, TPL, CON)                                                                   \
	case k:                                                                                    \
		asm volatile(FIN TPL FOUT                                                          \
			     : [a] CON(a), [fo] "=&r"(fo)                                          \
			     : [i] "i"(v), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		break;
#define IMM_FN(name, LIST, TPL, CON)                                                               \
	static u32 name(u32 *pa, int k, u32 fi)                                                    \
	{                                                                                          \
		u32 a = *pa, fo = 0;                                                               \
		switch (k) {                                                                       \
			LIST(IMM_CASE, TPL, CON)                                                   \
		default: break;                                                                    \
		}                                                                                  \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}

/* immediates: small ones give the sign-extended imm8 form (83 /x ib), big ones 81 /x id;
 * "+a" gives the accumulator forms (04/05...) where gas finds them shorter */
/* clang-format off */
#define IMM8L(X, T, C) \
	X(0, 0, T, C) \
	X(1, 1, T, C) \
	X(2, 0x7f, T, C) \
	X(3, -128, T, C) \
	X(4, -1, T, C) \
	X(5, 0x5a, T, C)
/* clang-format on */
/* clang-format off */
#define IMM16L(X, T, C) \
	X(0, 0, T, C) \
	X(1, 1, T, C) \
	X(2, 0x7f, T, C) \
	X(3, -128, T, C) \
	X(4, -1, T, C) \
	X(5, 0x80, T, C) \
	X(6, 0x7fff, T, C) \
	X(7, -32768, T, C) \
	X(8, 0x1234, T, C)
/* clang-format on */
/* clang-format off */
#define IMM32L(X, T, C) \
	X(0, 0, T, C) \
	X(1, 1, T, C) \
	X(2, 0x7f, T, C) \
	X(3, -128, T, C) \
	X(4, -1, T, C) \
	X(5, 0x80, T, C) \
	X(6, 0x7fffffff, T, C) \
	X(7, -2147483647 - 1, T, C) \
	X(8, 0x12345678, T, C) \
	X(9, 0xff, T, C)
/* clang-format on */
#define IMMV(k, v, T, C) (u32)(v),
static const u32 imm8v[] = {IMM8L(IMMV, , )};
static const u32 imm16v[] = {IMM16L(IMMV, , )};
static const u32 imm32v[] = {IMM32L(IMMV, , )};

#define DEF_IMM(op)                                                                                \
	IMM_FN(op##8_ri, IMM8L, #op "b %[i], %b[a]", "+c")                                         \
	IMM_FN(op##16_ri, IMM16L, #op "w %[i], %w[a]", "+c")                                       \
	IMM_FN(op##32_ri, IMM32L, #op "l %[i], %k[a]", "+c")                                       \
	IMM_FN(op##8_ai, IMM8L, #op "b %[i], %b[a]", "+a")                                         \
	IMM_FN(op##16_ai, IMM16L, #op "w %[i], %w[a]", "+a")                                       \
	IMM_FN(op##32_ai, IMM32L, #op "l %[i], %k[a]", "+a")                                       \
	IMM_FN(op##8_mi, IMM8L, #op "b %[i], %[a]", "+m")                                          \
	IMM_FN(op##16_mi, IMM16L, #op "w %[i], %[a]", "+m")                                        \
	IMM_FN(op##32_mi, IMM32L, #op "l %[i], %[a]", "+m")
#define DEF_ALU(op)                                                                                \
	BIN_R(op##8_rr, #op "b", "b", "")                                                          \
	BIN_R(op##16_rr, #op "w", "w", "")                                                         \
	BIN_R(op##32_rr, #op "l", "k", "")                                                         \
	BIN_R(op##8_rl, #op "b", "b", "%{load%} ")                                                 \
	BIN_R(op##16_rl, #op "w", "w", "%{load%} ")                                                \
	BIN_R(op##32_rl, #op "l", "k", "%{load%} ")                                                \
	BIN_H(op##8_hh, #op "b")                                                                   \
	BIN_MR(op##8_mr, #op "b", "b")                                                             \
	BIN_MR(op##16_mr, #op "w", "w")                                                            \
	BIN_MR(op##32_mr, #op "l", "k")                                                            \
	BIN_RM(op##8_rm, #op "b", "b")                                                             \
	BIN_RM(op##16_rm, #op "w", "w")                                                            \
	BIN_RM(op##32_rm, #op "l", "k")                                                            \
	DEF_IMM(op)

DEF_ALU(add)
DEF_ALU(or)
DEF_ALU(adc)
DEF_ALU(sbb)
DEF_ALU(and)
DEF_ALU(sub)
DEF_ALU(xor)
DEF_ALU(cmp)
BIN_R(test8_rr, "testb", "b", "")
BIN_R(test16_rr, "testw", "w", "")
BIN_R(test32_rr, "testl", "k", "")
BIN_H(test8_hh, "testb")
BIN_MR(test8_mr, "testb", "b")
BIN_MR(test16_mr, "testw", "w")
BIN_MR(test32_mr, "testl", "k")
DEF_IMM(test)

struct alu {
	const char *name;
	u32 def;
	int usecf;
	binfn rr[3], rl[3], mr[3], rm[3], hh;
	immfn ri[3], ai[3], mi[3];
};
#define F3(op, f)                                                                                  \
	{                                                                                          \
		op##8_##f, op##16_##f, op##32_##f                                                  \
	}
#define ALU_ENT(op, def, cf)                                                                       \
	{                                                                                          \
#op, def, cf, F3(op, rr), F3(op, rl), F3(op, mr), F3(op, rm), op##8_hh,            \
		    F3(op, ri), F3(op, ai), F3(op, mi)                                             \
	}
static const struct alu alus[] = {
    ALU_ENT(add, F_ALL, 0),
    ALU_ENT(or, F_LOGIC, 0),
    ALU_ENT(adc, F_ALL, 1),
    ALU_ENT(sbb, F_ALL, 1),
    ALU_ENT(and, F_LOGIC, 0),
    ALU_ENT(sub, F_ALL, 0),
    ALU_ENT(xor, F_LOGIC, 0),
    ALU_ENT(cmp, F_ALL, 0),
    {"test",
     F_LOGIC,
     0,
     F3(test, rr),
     {0, 0, 0},
     F3(test, mr),
     {0, 0, 0},
     test8_hh,
     F3(test, ri),
     F3(test, ai),
     F3(test, mi)},
};

static void bin_line(const char *name, int bits, const char *form, u32 a, u32 b, u32 fi, u32 r,
		     u32 fo, u32 def)
{
	out_name(name, bits);
	out_c(' ');
	out_s(form);
	out_x(a, 8);
	out_x(b, 8);
	out_flags("i", fi, F_ALL);
	out_s(" ->");
	out_x(r, 8);
	out_flags("f", fo, def);
	out_end();
}

static void bin_run(const struct alu *t, int bits, const char *form, binfn fn, u32 a, u32 b)
{
	int n = t->usecf ? 2 : 1, c;
	for (c = 0; c < n; c++) {
		u32 fi = rflags(), r = a, fo;
		if (t->usecf)
			fi = (fi & ~F_CF) | (u32)c;
		fo = fn(&r, b, fi);
		bin_line(t->name, bits, form, a, b, fi, r, fo, t->def);
	}
}

static void imm_run(const struct alu *t, int bits, const char *form, immfn fn, int nimm,
		    const u32 *iv)
{
	int k, j;
	for (k = 0; k < nimm; k++) {
		for (j = 0; j < 4; j++) {
			u32 a = pick(bits), fi = rflags(), r = a, fo;
			fo = fn(&r, k, fi);
			bin_line(t->name, bits, form, a, iv[k], fi, r, fo, t->def);
		}
	}
}

static void alu_one(const struct alu *t)
{
	int s, i, j;
	for (s = 0; s < 3; s++) {
		int bits = 8 << s;
		for (i = 0; i < nedge(bits); i++)
			for (j = 0; j < nedge(bits); j++)
				bin_run(t, bits, "rr", t->rr[s], mkval(bits, edge(bits, i)),
					mkval(bits, edge(bits, j)));
		for (i = 0; i < 24; i++)
			bin_run(t, bits, "rr", t->rr[s], rnd(), rnd());
		for (i = 0; i < 12; i++) {
			if (t->rl[s])
				bin_run(t, bits, "rl", t->rl[s], pick(bits), pick(bits));
			bin_run(t, bits, "mr", t->mr[s], pick(bits), pick(bits));
			if (t->rm[s])
				bin_run(t, bits, "rm", t->rm[s], pick(bits), pick(bits));
			if (s == 0)
				bin_run(t, bits, "hh", t->hh, pick(32), pick(32));
		}
		imm_run(t, bits, "ri", t->ri[s],
			s == 0	 ? 6
			: s == 1 ? 9
				 : 10,
			s == 0	 ? imm8v
			: s == 1 ? imm16v
				 : imm32v);
		imm_run(t, bits, "ai", t->ai[s],
			s == 0	 ? 6
			: s == 1 ? 9
				 : 10,
			s == 0	 ? imm8v
			: s == 1 ? imm16v
				 : imm32v);
		imm_run(t, bits, "mi", t->mi[s],
			s == 0	 ? 6
			: s == 1 ? 9
				 : 10,
			s == 0	 ? imm8v
			: s == 1 ? imm16v
				 : imm32v);
	}
}

/* ---- unary: inc dec neg not ---- */
#define UN_R(name, TPL)                                                                            \
	static u32 name(u32 *pa, u32 fi)                                                           \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN TPL FOUT : [a] "+q"(a), [fo] "=&r"(fo) : [fi] "r"(fi) : "cc");    \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
#define UN_M(name, TPL)                                                                            \
	static u32 name(u32 *pa, u32 fi)                                                           \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN TPL FOUT : [a] "+m"(a), [fo] "=&r"(fo) : [fi] "r"(fi) : "cc");    \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
/* FF /0, FF /1 with a register operand (gas always picks 40+r / 48+r): raw bytes, ECX */
#define UN_C(name, BYTES)                                                                          \
	static u32 name(u32 *pa, u32 fi)                                                           \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN BYTES FOUT : [a] "+c"(a), [fo] "=&r"(fo) : [fi] "r"(fi) : "cc");  \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
#define DEF_UN(op)                                                                                 \
	UN_R(op##8_r, #op "b %b[a]")                                                               \
	UN_R(op##16_r, #op "w %w[a]")                                                              \
	UN_R(op##32_r, #op "l %k[a]")                                                              \
	UN_R(op##8_h, #op "b %h[a]")                                                               \
	UN_M(op##8_m, #op "b %[a]")                                                                \
	UN_M(op##16_m, #op "w %[a]")                                                               \
	UN_M(op##32_m, #op "l %[a]")
DEF_UN(inc)
DEF_UN(dec)
DEF_UN(neg)
DEF_UN(not )
UN_C(inc16_x, ".byte 0x66, 0xff, 0xc1")
UN_C(inc32_x, ".byte 0xff, 0xc1")
UN_C(dec16_x, ".byte 0x66, 0xff, 0xc9")
UN_C(dec32_x, ".byte 0xff, 0xc9")

struct un {
	const char *name;
	unfn r[3], m[3], h, x16, x32;
};
#define UN_ENT(op, x16, x32)                                                                       \
	{                                                                                          \
#op, F3(op, r), F3(op, m), op##8_h, x16, x32                                       \
	}
static const struct un uns[] = {
    UN_ENT(inc, inc16_x, inc32_x),
    UN_ENT(dec, dec16_x, dec32_x),
    UN_ENT(neg, 0, 0),
    UN_ENT(not, 0, 0),
};

static void un_run(const char *name, int bits, const char *form, unfn fn, u32 a)
{
	u32 fi = rflags(), r = a, fo = fn(&r, fi);
	out_name(name, bits);
	out_c(' ');
	out_s(form);
	out_x(a, 8);
	out_flags("i", fi, F_ALL);
	out_s(" ->");
	out_x(r, 8);
	out_flags("f", fo, F_ALL);
	out_end();
}

void t_alu(void)
{
	unsigned i;
	int s, j;
	for (i = 0; i < sizeof alus / sizeof alus[0]; i++) {
		cover(alus[i].name);
		alu_one(&alus[i]);
	}
	for (i = 0; i < sizeof uns / sizeof uns[0]; i++) {
		const struct un *u = &uns[i];
		cover(u->name);
		for (s = 0; s < 3; s++) {
			int bits = 8 << s;
			for (j = 0; j < nedge(bits); j++)
				un_run(u->name, bits, "r", u->r[s], mkval(bits, edge(bits, j)));
			for (j = 0; j < 8; j++) {
				un_run(u->name, bits, "r", u->r[s], rnd());
				un_run(u->name, bits, "m", u->m[s], pick(bits));
				if (s == 0)
					un_run(u->name, bits, "h", u->h, pick(32));
				if (s == 1 && u->x16)
					un_run(u->name, bits, "x", u->x16, pick(bits));
				if (s == 2 && u->x32)
					un_run(u->name, bits, "x", u->x32, pick(bits));
			}
		}
	}
}
