/* isatest: bt bts btr btc, bsf bsr, bswap.
 * Flags (SDM vol. 2): BT/BTS/BTR/BTC: CF = the selected bit, ZF unaffected, OF SF AF PF
 * undefined. BSF/BSR: ZF defined, CF OF SF AF PF undefined; for a zero source the destination
 * is undefined (only ZF is printed). BSWAP: no flags. */
#include "isatest.h"

#define F_BT  (F_DF | F_CF | F_ZF)
#define F_BSX (F_DF | F_ZF)

u32 isa_bitbuf[16];

typedef u32 (*btfn)(u32 *a, u32 o, u32 fi);
typedef u32 (*btifn)(u32 *a, int k, u32 fi);

#define BT_RR(name, TPL)                                                                           \
	static u32 name(u32 *pa, u32 o, u32 fi)                                                    \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN TPL FOUT                                                          \
			     : [a] "+r"(a), [fo] "=&r"(fo)                                         \
			     : [o] "r"(o), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
/* memory bit string: base address in a register, the offset in a register */
#define BT_MR(name, TPL)                                                                           \
	static u32 name(u32 *pa, u32 o, u32 fi)                                                    \
	{                                                                                          \
		u32 fo;                                                                            \
		asm volatile(FIN TPL FOUT                                                          \
			     : [fo] "=&r"(fo)                                                      \
			     : [p] "r"(pa), [o] "r"(o), [fi] "r"(fi)                               \
			     : "cc", "memory");                                                    \
		return fo;                                                                         \
	}
#define BTI_CASE(k, v, TPL, CON)                                                                   \
	case k:                                                                                    \
		asm volatile(FIN TPL FOUT                                                          \
			     : [a] CON(a), [fo] "=&r"(fo)                                          \
			     : [i] "i"(v), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		break;
/* clang-format off */
#define BTL(X, T, C) \
	X(0, 0, T, C) \
	X(1, 1, T, C) \
	X(2, 7, T, C) \
	X(3, 15, T, C) \
	X(4, 16, T, C) \
	X(5, 31, T, C) \
	X(6, 33, T, C) \
	X(7, 200, T, C)
/* clang-format on */
#define BTV(k, v, T, C) v,
static const u32 btv[8] = {BTL(BTV, , )};
#define BT_I(name, TPL, CON)                                                                       \
	static u32 name(u32 *pa, int k, u32 fi)                                                    \
	{                                                                                          \
		u32 a = *pa, fo = 0;                                                               \
		switch (k) {                                                                       \
			BTL(BTI_CASE, TPL, CON)                                                    \
		default: break;                                                                    \
		}                                                                                  \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
#define DEF_BT(op)                                                                                 \
	BT_RR(op##16_rr, #op "w %w[o], %w[a]")                                                     \
	BT_RR(op##32_rr, #op "l %k[o], %k[a]")                                                     \
	BT_MR(op##16_mr, #op "w %w[o], (%[p])")                                                    \
	BT_MR(op##32_mr, #op "l %k[o], (%[p])")                                                    \
	BT_I(op##16_ri, #op "w %[i], %w[a]", "+r")                                                 \
	BT_I(op##32_ri, #op "l %[i], %k[a]", "+r")                                                 \
	BT_I(op##16_mi, #op "w %[i], %[a]", "+m")                                                  \
	BT_I(op##32_mi, #op "l %[i], %[a]", "+m")
DEF_BT(bt)
DEF_BT(bts)
DEF_BT(btr)
DEF_BT(btc)

struct bt {
	const char *name;
	btfn rr[2], mr[2];
	btifn ri[2], mi[2];
};
#define F2(op, f)                                                                                  \
	{                                                                                          \
		op##16_##f, op##32_##f                                                             \
	}
#define BT_ENT(op)                                                                                 \
	{                                                                                          \
#op, F2(op, rr), F2(op, mr), F2(op, ri), F2(op, mi)                                \
	}
static const struct bt bts[4] = {BT_ENT(bt), BT_ENT(bts), BT_ENT(btr), BT_ENT(btc)};

static void bt_head(const char *name, int bits, const char *form, u32 a, u32 o, u32 fi)
{
	out_name(name, bits);
	out_c(' ');
	out_s(form);
	out_x(a, 8);
	out_x(o, 8);
	out_flags("i", fi, F_ALL);
	out_s(" ->");
}

static void bt_mem(const struct bt *t, int s, u32 o)
{
	u32 before[16], fi = rflags(), fo;
	int i, n = 0;
	for (i = 0; i < 16; i++)
		before[i] = isa_bitbuf[i] = rnd();
	fo = t->mr[s](&isa_bitbuf[8], o, fi);
	bt_head(t->name, 16 << s, "mr", 0, o, fi);
	for (i = 0; i < 16; i++)
		if (isa_bitbuf[i] != before[i]) {
			out_s(" [");
			out_u((u32)i);
			out_s("]=");
			out_x(isa_bitbuf[i], 8);
			n++;
		}
	if (!n)
		out_s(" same");
	out_flags("f", fo, F_BT);
	out_end();
}

static void t_bt(void)
{
	int op, s, i, k;
	for (op = 0; op < 4; op++) {
		const struct bt *t = &bts[op];
		cover(t->name);
		for (s = 0; s < 2; s++) {
			int bits = 16 << s;
			for (i = 0; i < 24; i++) {
				u32 a = pick(32), o = i < 8 ? mkval(bits, (u32)i * 5) : rnd();
				u32 fi = rflags(), r = a, fo = t->rr[s](&r, o, fi);
				bt_head(t->name, bits, "rr", a, o, fi);
				out_x(r, 8);
				out_flags("f", fo, F_BT);
				out_end();
			}
			for (k = 0; k < 8; k++)
				for (i = 0; i < 4; i++) {
					u32 a = pick(32), fi = rflags(), r = a, fo;
					fo = (i & 1 ? t->mi : t->ri)[s](&r, k, fi);
					bt_head(t->name, bits, i & 1 ? "mi" : "ri", a, btv[k], fi);
					out_x(r, 8);
					out_flags("f", fo, F_BT);
					out_end();
				}
			/* register offset into a memory bit string: outside the first dword, and
			 * negative (SDM BT: Bit(BitBase, BitOffset)) */
			for (i = 0; i < 40; i++) {
				s32 off = (s32)(rnd() % (u32)(s ? 512 : 256)) - (s ? 256 : 128);
				if (i < 8)
					off = (s32)(i * 37) - (s ? 150 : 75);
				bt_mem(t, s, s ? (u32)off : mkval(16, (u32)off));
			}
		}
	}
}

#define BS_R(name, TPL)                                                                            \
	static u32 name(u32 *pd, u32 s, u32 fi)                                                    \
	{                                                                                          \
		u32 d = *pd, fo;                                                                   \
		asm volatile(FIN TPL FOUT                                                          \
			     : [d] "+r"(d), [fo] "=&r"(fo)                                         \
			     : [s] "r"(s), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		*pd = d;                                                                           \
		return fo;                                                                         \
	}
#define BS_M(name, TPL)                                                                            \
	static u32 name(u32 *pd, u32 s, u32 fi)                                                    \
	{                                                                                          \
		u32 d = *pd, fo;                                                                   \
		asm volatile(FIN TPL FOUT                                                          \
			     : [d] "+r"(d), [fo] "=&r"(fo)                                         \
			     : [s] "m"(s), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		*pd = d;                                                                           \
		return fo;                                                                         \
	}
BS_R(bsf16_r, "bsfw %w[s], %w[d]")
BS_R(bsf32_r, "bsfl %k[s], %k[d]")
BS_M(bsf16_m, "bsfw %[s], %w[d]")
BS_M(bsf32_m, "bsfl %[s], %k[d]")
BS_R(bsr16_r, "bsrw %w[s], %w[d]")
BS_R(bsr32_r, "bsrl %k[s], %k[d]")
BS_M(bsr16_m, "bsrw %[s], %w[d]")
BS_M(bsr32_m, "bsrl %[s], %k[d]")
typedef u32 (*bsfn)(u32 *d, u32 s, u32 fi);
static const bsfn bsf_[2][2][2] = {{{bsf16_r, bsf16_m}, {bsf32_r, bsf32_m}},
				   {{bsr16_r, bsr16_m}, {bsr32_r, bsr32_m}}};

static void t_bs(void)
{
	int op, s, i, m;
	for (op = 0; op < 2; op++) {
		cover(op ? "bsr" : "bsf");
		for (s = 0; s < 2; s++) {
			int bits = 16 << s;
			for (i = 0; i < 40; i++)
				for (m = 0; m < 2; m++) {
					u32 src = i < 32
						      ? mkval(bits, (1u << (i % bits)) |
									(i >= bits ? rnd() & 1 : 0))
						      : pick(bits);
					u32 d = rnd(), r = d, fi = rflags(), fo;
					if (i == 39)
						src = mkval(bits, 0);
					fo = bsf_[op][s][m](&r, src, fi);
					out_name(op ? "bsr" : "bsf", bits);
					out_s(m ? " m" : " r");
					out_x(src, 8);
					out_flags("i", fi, F_ALL);
					out_s(" ->");
					if (src & szmask(bits))
						out_x(r & szmask(bits), bits / 4);
					else
						out_s(" undef");
					out_flags("f", fo, F_BSX);
					out_end();
				}
		}
	}
}

#define BSWAP(CON)                                                                                 \
	do {                                                                                       \
		u32 r = a;                                                                         \
		asm volatile("bswap %[r]" : [r] CON(r));                                           \
		out_x(r, 8);                                                                       \
	} while (0)

void t_bit(void)
{
	int i;
	t_bt();
	t_bs();
	cover("bswap");
	for (i = 0; i < 16; i++) {
		u32 a = pick(32);
		out_s("bswap32 r");
		out_x(a, 8);
		out_s(" ->");
		BSWAP("+a");
		BSWAP("+c");
		BSWAP("+d");
		BSWAP("+b");
		BSWAP("+S");
		BSWAP("+D");
		out_end();
	}
}
