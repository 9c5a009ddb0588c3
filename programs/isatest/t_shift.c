/* isatest: rol ror rcl rcr shl sal shr sar (by 1, by CL, by imm8), shld shrd (imm8, CL).
 * Flags (SDM vol. 2 "Flags Affected"), with c = count & 0x1f:
 *  c == 0: no flag is affected (all defined: they keep their input values).
 *  SHL/SAL/SHR/SAR: CF = last bit out, undefined for SHL/SHR when c >= operand size;
 *    OF defined only when c == 1; SF ZF PF set by the result; AF undefined.
 *  ROL/ROR/RCL/RCR: CF defined; OF defined only when c == 1; SF ZF AF PF unaffected.
 *  SHLD/SHRD: c > operand size: result and flags undefined (not run); else as the shifts
 *    (CF defined, OF only when c == 1, AF undefined). */
#include "isatest.h"

enum { ROL, ROR, RCL, RCR, SHL, SHR, SAL, SAR };
static const char *const shname[8] = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"};

typedef u32 (*shfn)(u32 *a, u32 c, u32 fi);
typedef u32 (*shifn)(u32 *a, int k, u32 fi);

#define SH_CL(name, TPL, CON)                                                                      \
	static u32 name(u32 *pa, u32 c, u32 fi)                                                    \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN TPL FOUT                                                          \
			     : [a] CON(a), [fo] "=&r"(fo)                                          \
			     : "c"(c), [fi] "r"(fi)                                                \
			     : "cc");                                                              \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
#define SH_CASE(k, v, TPL, CON)                                                                    \
	case k:                                                                                    \
		asm volatile(FIN TPL FOUT                                                          \
			     : [a] CON(a), [fo] "=&r"(fo)                                          \
			     : [i] "i"(v), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		break;
#define SH_IMM(name, TPL, CON)                                                                     \
	static u32 name(u32 *pa, int k, u32 fi)                                                    \
	{                                                                                          \
		u32 a = *pa, fo = 0;                                                               \
		switch (k) {                                                                       \
			CNTL(SH_CASE, TPL, CON)                                                    \
		default: break;                                                                    \
		}                                                                                  \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
/* clang-format off */
#define CNTL(X, T, C) \
	X(0, 0, T, C) \
	X(1, 1, T, C) \
	X(2, 2, T, C) \
	X(3, 7, T, C) \
	X(4, 8, T, C) \
	X(5, 9, T, C) \
	X(6, 15, T, C) \
	X(7, 16, T, C) \
	X(8, 17, T, C) \
	X(9, 31, T, C) \
	X(10, 32, T, C) \
	X(11, 33, T, C) \
	X(12, 200, T, C) \
	X(13, 255, T, C)
/* clang-format on */
#define NCNT		 14
#define CNTV(k, v, T, C) v,
static const u32 cntv[NCNT] = {CNTL(CNTV, , )};

/* forms: cl reg, cl mem, by-1 reg (D0/D1), by-1 mem, imm reg, imm mem */
#define DEF_SH(op)                                                                                 \
	SH_CL(op##8_cr, #op "b %%cl, %b[a]", "+q")                                                 \
	SH_CL(op##16_cr, #op "w %%cl, %w[a]", "+q")                                                \
	SH_CL(op##32_cr, #op "l %%cl, %k[a]", "+q")                                                \
	SH_CL(op##8_cm, #op "b %%cl, %[a]", "+m")                                                  \
	SH_CL(op##16_cm, #op "w %%cl, %[a]", "+m")                                                 \
	SH_CL(op##32_cm, #op "l %%cl, %[a]", "+m")                                                 \
	SH_CL(op##8_1r, #op "b %b[a]", "+q")                                                       \
	SH_CL(op##16_1r, #op "w %w[a]", "+q")                                                      \
	SH_CL(op##32_1r, #op "l %k[a]", "+q")                                                      \
	SH_CL(op##8_1m, #op "b %[a]", "+m")                                                        \
	SH_CL(op##16_1m, #op "w %[a]", "+m")                                                       \
	SH_CL(op##32_1m, #op "l %[a]", "+m")                                                       \
	SH_IMM(op##8_ir, #op "b %[i], %b[a]", "+q")                                                \
	SH_IMM(op##16_ir, #op "w %[i], %w[a]", "+q")                                               \
	SH_IMM(op##32_ir, #op "l %[i], %k[a]", "+q")                                               \
	SH_IMM(op##8_im, #op "b %[i], %[a]", "+m")                                                 \
	SH_IMM(op##16_im, #op "w %[i], %[a]", "+m")                                                \
	SH_IMM(op##32_im, #op "l %[i], %[a]", "+m")
DEF_SH(rol)
DEF_SH(ror)
DEF_SH(rcl)
DEF_SH(rcr)
DEF_SH(shl)
DEF_SH(shr)
DEF_SH(sal)
DEF_SH(sar)
/* C1 /x ib with ib = 1 (gas always emits D1 /x for a count of 1): raw bytes on EAX */
SH_CL(rol32_x, ".byte 0xc1, 0xc0, 1", "+a")
SH_CL(ror32_x, ".byte 0xc1, 0xc8, 1", "+a")
SH_CL(rcl32_x, ".byte 0xc1, 0xd0, 1", "+a")
SH_CL(rcr32_x, ".byte 0xc1, 0xd8, 1", "+a")
SH_CL(shl32_x, ".byte 0xc1, 0xe0, 1", "+a")
SH_CL(shr32_x, ".byte 0xc1, 0xe8, 1", "+a")
SH_CL(sal32_x, ".byte 0xc1, 0xe0, 1", "+a")
SH_CL(sar32_x, ".byte 0xc1, 0xf8, 1", "+a")

struct sh {
	shfn cr[3], cm[3], r1[3], m1[3], x;
	shifn ir[3], im[3];
};
#define F3(op, f)                                                                                  \
	{                                                                                          \
		op##8_##f, op##16_##f, op##32_##f                                                  \
	}
#define SH_ENT(op)                                                                                 \
	{                                                                                          \
		F3(op, cr), F3(op, cm), F3(op, 1r), F3(op, 1m), op##32_x, F3(op, ir), F3(op, im)   \
	}
static const struct sh shs[8] = {SH_ENT(rol), SH_ENT(ror), SH_ENT(rcl), SH_ENT(rcr),
				 SH_ENT(shl), SH_ENT(shr), SH_ENT(sal), SH_ENT(sar)};

static u32 sh_def(int op, int bits, u32 cnt)
{
	u32 c = cnt & 31, d;
	if (c == 0)
		return F_ALL;
	if (op <= RCR)
		d = F_ALL & ~F_OF;
	else
		d = F_DF | F_SF | F_ZF | F_PF | F_CF;
	if (op != SAR && op > RCR && c >= (u32)bits)
		d &= ~F_CF;
	if (c == 1)
		d |= F_OF;
	return d;
}

static void sh_line(const char *name, int bits, const char *form, u32 a, u32 b, u32 c, u32 fi,
		    u32 r, u32 fo, u32 def)
{
	out_name(name, bits);
	out_c(' ');
	out_s(form);
	out_x(a, 8);
	if (b != 0xdeadbeefu)
		out_x(b, 8);
	out_x(c, 2);
	out_flags("i", fi, F_ALL);
	out_s(" ->");
	out_x(r, 8);
	out_flags("f", fo, def);
	out_end();
}

static void sh_run(int op, int bits, const char *form, shfn fn, u32 a, u32 c)
{
	u32 fi = rflags(), r = a, fo = fn(&r, c, fi);
	sh_line(shname[op], bits, form, a, 0xdeadbeefu, c & 0xff, fi, r, fo, sh_def(op, bits, c));
}

static void shi_run(int op, int bits, const char *form, shifn fn, u32 a, int k)
{
	u32 fi = rflags(), r = a, fo = fn(&r, k, fi);
	sh_line(shname[op], bits, form, a, 0xdeadbeefu, cntv[k], fi, r, fo,
		sh_def(op, bits, cntv[k]));
}

/* ---- shld / shrd ---- */
#define DS_CL(name, TPL, CON)                                                                      \
	static u32 name(u32 *pa, u32 b, u32 c, u32 fi)                                             \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN TPL FOUT                                                          \
			     : [a] CON(a), [fo] "=&r"(fo)                                          \
			     : [b] "r"(b), "c"(c), [fi] "r"(fi)                                    \
			     : "cc");                                                              \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
#define DS_CASE(k, v, TPL, CON)                                                                    \
	case k:                                                                                    \
		asm volatile(FIN TPL FOUT                                                          \
			     : [a] CON(a), [fo] "=&r"(fo)                                          \
			     : [b] "r"(b), [i] "i"(v), [fi] "r"(fi)                                \
			     : "cc");                                                              \
		break;
#define DS_IMM(name, TPL, CON)                                                                     \
	static u32 name(u32 *pa, u32 b, u32 k, u32 fi)                                             \
	{                                                                                          \
		u32 a = *pa, fo = 0;                                                               \
		switch (k) {                                                                       \
			CNTL(DS_CASE, TPL, CON)                                                    \
		default: break;                                                                    \
		}                                                                                  \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
#define DEF_DS(op)                                                                                 \
	DS_CL(op##16_cr, #op "w %%cl, %w[b], %w[a]", "+r")                                         \
	DS_CL(op##32_cr, #op "l %%cl, %k[b], %k[a]", "+r")                                         \
	DS_CL(op##16_cm, #op "w %%cl, %w[b], %[a]", "+m")                                          \
	DS_CL(op##32_cm, #op "l %%cl, %k[b], %[a]", "+m")                                          \
	DS_IMM(op##16_ir, #op "w %[i], %w[b], %w[a]", "+r")                                        \
	DS_IMM(op##32_ir, #op "l %[i], %k[b], %k[a]", "+r")                                        \
	DS_IMM(op##16_im, #op "w %[i], %w[b], %[a]", "+m")                                         \
	DS_IMM(op##32_im, #op "l %[i], %k[b], %[a]", "+m")
DEF_DS(shld)
DEF_DS(shrd)
typedef u32 (*dsfn)(u32 *a, u32 b, u32 c, u32 fi);
/* [op][size][form: cl reg, cl mem, imm reg, imm mem] */
static const dsfn dsf[2][2][4] = {
    {{shld16_cr, shld16_cm, shld16_ir, shld16_im}, {shld32_cr, shld32_cm, shld32_ir, shld32_im}},
    {{shrd16_cr, shrd16_cm, shrd16_ir, shrd16_im}, {shrd32_cr, shrd32_cm, shrd32_ir, shrd32_im}},
};
static const char *const dsform[4] = {"cr", "cm", "ir", "im"};

static void ds_run(int op, int s, int form, u32 a, u32 b, u32 k)
{
	int bits = 16 << s;
	u32 c = form >= 2 ? cntv[k] : k, fi = rflags(), r = a, fo, d;
	if ((c & 31) > (u32)bits)
		return; /* SDM: count > operand size: DEST and flags undefined */
	fo = dsf[op][s][form](&r, b, k, fi);
	d = (c & 31) == 0 ? F_ALL : F_DF | F_SF | F_ZF | F_PF | F_CF | ((c & 31) == 1 ? F_OF : 0);
	sh_line(op ? "shrd" : "shld", bits, dsform[form], a, b, c & 0xff, fi, r, fo, d);
}

void t_shift(void)
{
	int op, s, k, j;
	for (op = 0; op < 8; op++) {
		const struct sh *t = &shs[op];
		cover(shname[op]);
		for (s = 0; s < 3; s++) {
			int bits = 8 << s;
			for (k = 0; k < NCNT + 4; k++) {
				u32 c = k < NCNT ? cntv[k] : rnd() & 0xff;
				for (j = 0; j < 6; j++)
					sh_run(op, bits, "cr", t->cr[s], pick(bits), c);
				sh_run(op, bits, "cm", t->cm[s], pick(bits), c);
			}
			for (j = 0; j < 8; j++) {
				sh_run(op, bits, "1r", t->r1[s], pick(bits), 1);
				sh_run(op, bits, "1m", t->m1[s], pick(bits), 1);
			}
			for (k = 0; k < NCNT; k++) {
				for (j = 0; j < 3; j++)
					shi_run(op, bits, "ir", t->ir[s], pick(bits), k);
				shi_run(op, bits, "im", t->im[s], pick(bits), k);
			}
		}
		for (j = 0; j < 6; j++)
			sh_run(op, 32, "xr", t->x, pick(32), 1);
	}
	cover("shld");
	cover("shrd");
	for (op = 0; op < 2; op++)
		for (s = 0; s < 2; s++) {
			int bits = 16 << s;
			for (k = 0; k < NCNT + 4; k++) {
				u32 c = k < NCNT ? cntv[k] : rnd() & 0xff;
				for (j = 0; j < 6; j++)
					ds_run(op, s, 0, pick(bits), pick(bits), c);
				ds_run(op, s, 1, pick(bits), pick(bits), c);
			}
			for (k = 0; k < NCNT; k++) {
				for (j = 0; j < 3; j++)
					ds_run(op, s, 2, pick(bits), pick(bits), (u32)k);
				ds_run(op, s, 3, pick(bits), pick(bits), (u32)k);
			}
		}
}
