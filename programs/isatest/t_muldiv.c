/* isatest: mul, imul (1-, 2-, 3-operand), div, idiv.
 * Flags (SDM vol. 2): MUL/IMUL: OF, CF defined; SF ZF AF PF undefined.
 * DIV/IDIV: CF OF SF ZF AF PF all undefined. Divisions are built so they never fault. */
#include "isatest.h"

typedef u32 (*mdfn)(u32 *eax, u32 *edx, u32 s, u32 fi);

#define MD_R(name, TPL)                                                                            \
	static u32 name(u32 *pa, u32 *pd, u32 s, u32 fi)                                           \
	{                                                                                          \
		u32 a = *pa, d = *pd, fo;                                                          \
		asm volatile(FIN TPL FOUT                                                          \
			     : "+a"(a), "+d"(d), [fo] "=&r"(fo)                                    \
			     : [s] "q"(s), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		*pa = a;                                                                           \
		*pd = d;                                                                           \
		return fo;                                                                         \
	}
#define MD_M(name, TPL)                                                                            \
	static u32 name(u32 *pa, u32 *pd, u32 s, u32 fi)                                           \
	{                                                                                          \
		u32 a = *pa, d = *pd, fo;                                                          \
		asm volatile(FIN TPL FOUT                                                          \
			     : "+a"(a), "+d"(d), [fo] "=&r"(fo)                                    \
			     : [s] "m"(s), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		*pa = a;                                                                           \
		*pd = d;                                                                           \
		return fo;                                                                         \
	}
#define DEF_MD(op)                                                                                 \
	MD_R(op##8_r, #op "b %b[s]")                                                               \
	MD_R(op##16_r, #op "w %w[s]")                                                              \
	MD_R(op##32_r, #op "l %k[s]")                                                              \
	MD_M(op##8_m, #op "b %[s]")                                                                \
	MD_M(op##16_m, #op "w %[s]")                                                               \
	MD_M(op##32_m, #op "l %[s]")
DEF_MD(mul)
DEF_MD(imul)
DEF_MD(div)
DEF_MD(idiv)

#define F3(op, f)                                                                                  \
	{                                                                                          \
		op##8_##f, op##16_##f, op##32_##f                                                  \
	}
static const mdfn mdr[4][3] = {F3(mul, r), F3(imul, r), F3(div, r), F3(idiv, r)};
static const mdfn mdm[4][3] = {F3(mul, m), F3(imul, m), F3(div, m), F3(idiv, m)};
static const char *const mdname[4] = {"mul", "imul", "div", "idiv"};

static void md_run(int op, int bits, int mem, u32 a, u32 d, u32 s)
{
	u32 fi = rflags(), ra = a, rd = d, fo;
	fo = (mem ? mdm : mdr)[op][bits == 8 ? 0 : bits == 16 ? 1 : 2](&ra, &rd, s, fi);
	out_name(mdname[op], bits);
	out_s(mem ? " m" : " r");
	out_x(a, 8);
	out_x(d, 8);
	out_x(s, 8);
	out_flags("i", fi, F_ALL);
	out_s(" ->");
	out_x(ra, 8);
	out_x(rd, 8);
	out_flags("f", fo, op < 2 ? F_MUL : F_NONE);
	out_end();
}

static u32 sext(int bits, u32 v)
{
	return bits == 32 ? v : (u32)(((s32)(v << (32 - bits))) >> (32 - bits));
}

/* Build a dividend q*d+r that divides without #DE: the quotient q fits the destination and the
 * remainder r has the dividend's sign with |r| < |d| (SDM DIV/IDIV). */
static void div_case(int op, int bits, int mem, u32 q, u32 dv)
{
	u32 m = szmask(bits), a, d, rr;
	s64 n;
	if (op == 2) {
		u64 un;
		q &= m;
		dv &= m;
		if (!dv)
			dv = 1;
		rr = rnd() % dv;
		un = (u64)q * dv + rr;
		n = (s64)un;
	} else {
		s32 sq = (s32)sext(bits, q), sd = (s32)sext(bits, dv);
		s64 p;
		u32 ad;
		if (!sd)
			sd = -1;
		dv = (u32)sd;
		p = (s64)sq * sd;
		ad = sd < 0 ? (u32)-sd : (u32)sd;
		rr = rnd() % ad;
		n = p < 0 ? p - rr : p + rr;
	}
	if (bits == 8) {
		a = mkval(16, (u32)n);
		d = rnd();
	} else if (bits == 16) {
		a = mkval(16, (u32)n);
		d = mkval(16, (u32)(n >> 16));
	} else {
		a = (u32)n;
		d = (u32)((u64)n >> 32);
	}
	md_run(op, bits, mem, a, d, mkval(bits, dv));
}

/* ---- imul 2- and 3-operand ---- */
#define IM2_R(name, M)                                                                             \
	static u32 name(u32 *pa, u32 b, u32 fi)                                                    \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN "imul %" M "[b], %" M "[a]" FOUT                                  \
			     : [a] "+r"(a), [fo] "=&r"(fo)                                         \
			     : [b] "r"(b), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
#define IM2_M(name, M)                                                                             \
	static u32 name(u32 *pa, u32 b, u32 fi)                                                    \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN "imul %[b], %" M "[a]" FOUT                                       \
			     : [a] "+r"(a), [fo] "=&r"(fo)                                         \
			     : [b] "m"(b), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
IM2_R(im2_16r, "w")
IM2_R(im2_32r, "k")
IM2_M(im2_16m, "w")
IM2_M(im2_32m, "k")
typedef u32 (*im2fn)(u32 *a, u32 b, u32 fi);

#define IM3_CASE(k, v, TPL, CON)                                                                   \
	case k:                                                                                    \
		asm volatile(FIN TPL FOUT                                                          \
			     : [a] "+r"(a), [fo] "=&r"(fo)                                         \
			     : [b] CON(b), [i] "i"(v), [fi] "r"(fi)                                \
			     : "cc");                                                              \
		break;
#define IM3_FN(name, LIST, TPL, CON)                                                               \
	static u32 name(u32 *pa, u32 b, int k, u32 fi)                                             \
	{                                                                                          \
		u32 a = *pa, fo = 0;                                                               \
		switch (k) {                                                                       \
			LIST(IM3_CASE, TPL, CON)                                                   \
		default: break;                                                                    \
		}                                                                                  \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
/* clang-format off */
#define IM16L(X, T, C) \
	X(0, 0, T, C) \
	X(1, 1, T, C) \
	X(2, -1, T, C) \
	X(3, 0x7f, T, C) \
	X(4, -128, T, C) \
	X(5, 0x1234, T, C) \
	X(6, 0x7fff, T, C) \
	X(7, -32768, T, C)
/* clang-format on */
/* clang-format off */
#define IM32L(X, T, C) \
	X(0, 0, T, C) \
	X(1, 1, T, C) \
	X(2, -1, T, C) \
	X(3, 0x7f, T, C) \
	X(4, -128, T, C) \
	X(5, 0x12345, T, C) \
	X(6, 0x7fffffff, T, C) \
	X(7, -2147483647 - 1, T, C)
/* clang-format on */
#define IMV(k, v, T, C) (u32)(v),
static const u32 im16v[] = {IM16L(IMV, , )};
static const u32 im32v[] = {IM32L(IMV, , )};
IM3_FN(im3_16r, IM16L, "imulw %[i], %w[b], %w[a]", "r")
IM3_FN(im3_32r, IM32L, "imull %[i], %k[b], %k[a]", "r")
IM3_FN(im3_16m, IM16L, "imulw %[i], %[b], %w[a]", "m")
IM3_FN(im3_32m, IM32L, "imull %[i], %[b], %k[a]", "m")
typedef u32 (*im3fn)(u32 *a, u32 b, int k, u32 fi);

static void im_line(const char *name, int bits, const char *form, u32 a, u32 b, u32 c, u32 fi,
		    u32 r, u32 fo)
{
	out_name(name, bits);
	out_c(' ');
	out_s(form);
	out_x(a, 8);
	out_x(b, 8);
	out_x(c, 8);
	out_flags("i", fi, F_ALL);
	out_s(" ->");
	out_x(r, 8);
	out_flags("f", fo, F_MUL);
	out_end();
}

static void imul23(void)
{
	static const im2fn f2[2][2] = {{im2_16r, im2_16m}, {im2_32r, im2_32m}};
	static const im3fn f3[2][2] = {{im3_16r, im3_16m}, {im3_32r, im3_32m}};
	int s, i, j, mem;
	for (s = 0; s < 2; s++) {
		int bits = 16 << s;
		for (i = 0; i < nedge(bits); i++)
			for (j = 0; j < nedge(bits); j++) {
				u32 a = mkval(bits, edge(bits, i)), b = mkval(bits, edge(bits, j));
				u32 fi = rflags(), r = a, fo = f2[s][0](&r, b, fi);
				im_line("imul2_", bits, "r", a, b, 0, fi, r, fo);
			}
		for (i = 0; i < 24; i++)
			for (mem = 0; mem < 2; mem++) {
				u32 a = pick(bits), b = pick(bits), fi = rflags(), r = a;
				u32 fo = f2[s][mem](&r, b, fi);
				im_line("imul2_", bits, mem ? "m" : "r", a, b, 0, fi, r, fo);
			}
		for (i = 0; i < 8; i++)
			for (j = 0; j < 6; j++)
				for (mem = 0; mem < 2; mem++) {
					u32 a = rnd(), b = pick(bits), fi = rflags(), r = a;
					u32 fo = f3[s][mem](&r, b, i, fi);
					im_line("imul3_", bits, mem ? "m" : "r", a, b,
						s ? im32v[i] : im16v[i], fi, r, fo);
				}
	}
}

void t_muldiv(void)
{
	int op, s, i, j, mem;
	cover("mul");
	cover("imul");
	for (op = 0; op < 2; op++)
		for (s = 0; s < 3; s++) {
			int bits = 8 << s;
			for (i = 0; i < nedge(bits); i++)
				for (j = 0; j < nedge(bits); j++)
					md_run(op, bits, 0, mkval(bits, edge(bits, i)), rnd(),
					       mkval(bits, edge(bits, j)));
			for (i = 0; i < 16; i++)
				for (mem = 0; mem < 2; mem++)
					md_run(op, bits, mem, pick(bits), rnd(), pick(bits));
		}
	imul23();
	cover("div");
	cover("idiv");
	for (op = 2; op < 4; op++)
		for (s = 0; s < 3; s++) {
			int bits = 8 << s;
			for (i = 0; i < nedge(bits); i++)
				for (j = 0; j < nedge(bits); j++)
					div_case(op, bits, 0, edge(bits, i), edge(bits, j));
			for (i = 0; i < 24; i++)
				for (mem = 0; mem < 2; mem++)
					div_case(op, bits, mem, pick(bits), pick(bits));
		}
}
