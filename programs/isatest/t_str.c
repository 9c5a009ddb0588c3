/* isatest: movs stos lods cmps scas (b/w/d) without prefix and with rep/repe/repne, DF=0 and
 * DF=1 (DF is cleared again right after each instruction). Flags (SDM vol. 2): CMPS/SCAS set
 * all six as CMP; with a repeat count of 0 no flag changes; the others affect none.
 * ESI/EDI are printed as offsets into the test's own buffers. */
#include "isatest.h"

u8 isa_ssrc[64], isa_sdst[64];

typedef u32 (*strfn)(u32 *si, u32 *di, u32 *cx, u32 *ax, u32 fi);

#define STR(name, TPL)                                                                             \
	static u32 name(u32 *si, u32 *di, u32 *cx, u32 *ax, u32 fi)                                \
	{                                                                                          \
		u32 s = *si, d = *di, c = *cx, a = *ax, fo;                                        \
		asm volatile(FIN TPL FOUT "\n\tcld"                                                \
			     : "+S"(s), "+D"(d), "+c"(c), "+a"(a), [fo] "=&r"(fo)                  \
			     : [fi] "r"(fi)                                                        \
			     : "cc", "memory");                                                    \
		*si = s;                                                                           \
		*di = d;                                                                           \
		*cx = c;                                                                           \
		*ax = a;                                                                           \
		return fo;                                                                         \
	}
#define STR3(op, P, N)                                                                             \
	STR(op##b_##N, P #op "b")                                                                  \
	STR(op##w_##N, P #op "w")                                                                  \
	STR(op##l_##N, P #op "l")
STR3(movs, "", no)
STR3(movs, "rep ", rep)
STR3(stos, "", no)
STR3(stos, "rep ", rep)
STR3(lods, "", no)
STR3(lods, "rep ", rep)
STR3(cmps, "", no)
STR3(cmps, "repe ", repe)
STR3(cmps, "repne ", repne)
STR3(scas, "", no)
STR3(scas, "repe ", repe)
STR3(scas, "repne ", repne)

struct st {
	const char *name;
	int kind; /* 0 movs, 1 stos, 2 lods, 3 cmps, 4 scas */
	int rep;  /* 0 none, 1 rep/repe, 2 repne */
	strfn f[3];
};
#define ST(op, k, r, N)                                                                            \
	{                                                                                          \
#op "/" #N, k, r,                                                                  \
		{                                                                                  \
			op##b_##N, op##w_##N, op##l_##N                                            \
		}                                                                                  \
	}
static const struct st sts[] = {
    ST(movs, 0, 0, no),	   ST(movs, 0, 1, rep), ST(stos, 1, 0, no),   ST(stos, 1, 1, rep),
    ST(lods, 2, 0, no),	   ST(lods, 2, 1, rep), ST(cmps, 3, 0, no),   ST(cmps, 3, 1, repe),
    ST(cmps, 3, 2, repne), ST(scas, 4, 0, no),	ST(scas, 4, 1, repe), ST(scas, 4, 2, repne),
};

static void elem_cpy(u8 *d, const u8 *s, int n)
{
	while (n--)
		*d++ = *s++;
}

static void str_case(const struct st *t, int sz, int df, u32 cnt)
{
	int n = 1 << sz, i, k, j, iters = t->rep ? (int)cnt : 1;
	u32 so = df ? 40 + (rnd() & 3) : 8 + (rnd() & 3),
	    dof = df ? 40 + (rnd() & 3) : 8 + (rnd() & 3);
	u32 si, di, cx = cnt, ax = rnd(), fi = rflags() | (df ? F_DF : 0), fo;
	u32 ax0 = ax, ssum, dsum;
	u8 before[64];
	for (i = 0; i < 64; i++) {
		isa_ssrc[i] = (u8)rnd();
		isa_sdst[i] = (u8)rnd();
	}
	/* make repe/repne compares stop at a chosen element j (or run out) */
	j = iters ? (int)(rnd() % (u32)(iters + 1)) : 0;
	for (k = 0; k < iters; k++) {
		u8 *se = isa_ssrc + so + (u32)(df ? -k : k) * (u32)n;
		u8 *de = isa_sdst + dof + (u32)(df ? -k : k) * (u32)n;
		if (t->kind == 3 && t->rep) {
			elem_cpy(de, se, n);
			if ((k == j) == (t->rep == 1))
				de[0] ^= (u8)(1 + (rnd() & 0x7f));
		}
		if (t->kind == 4 && t->rep) {
			elem_cpy(de, (const u8 *)&ax, n);
			if ((k == j) == (t->rep == 1))
				de[n - 1] ^= (u8)(1 + (rnd() & 0x7f));
		}
	}
	for (i = 0; i < 64; i++)
		before[i] = isa_sdst[i];
	si = (u32)isa_ssrc + so;
	di = (u32)isa_sdst + dof;
	fo = t->f[sz](&si, &di, &cx, &ax, fi);
	out_s(t->name);
	out_u((u32)(8 << sz));
	out_s(df ? " std" : " cld");
	out_x(so, 2);
	out_x(dof, 2);
	out_x(cnt, 8);
	out_x(ax0, 8);
	out_flags("i", fi, F_ALL);
	out_s(" -> si");
	out_x(si - (u32)isa_ssrc, 8);
	out_s(" di");
	out_x(di - (u32)isa_sdst, 8);
	out_x(cx, 8);
	out_x(ax, 8);
	out_flags("f", fo, F_ALL);
	/* a checksum of the sources (compare inputs) and the changed destination bytes */
	ssum = dsum = 0;
	for (i = 0; i < 64; i++) {
		ssum = ssum * 31 + isa_ssrc[i];
		dsum = dsum * 31 + before[i];
	}
	out_x(ssum ^ dsum, 8);
	out_s(" dst:");
	k = 0;
	for (i = 0; i < 64; i++)
		if (isa_sdst[i] != before[i]) {
			if (!k++) {
				out_s(" @");
				out_u((u32)i);
			}
			out_x(isa_sdst[i], 2);
		}
	out_end();
}

void t_str(void)
{
	static const u32 cnts[] = {0, 1, 3, 7};
	unsigned i;
	int sz, df, c;
	cover("movs");
	cover("stos");
	cover("lods");
	cover("cmps");
	cover("scas");
	cover("rep");
	cover("repe");
	cover("repne");
	for (i = 0; i < sizeof sts / sizeof sts[0]; i++)
		for (sz = 0; sz < 3; sz++)
			for (df = 0; df < 2; df++)
				for (c = 0; c < 4; c++) {
					str_case(&sts[i], sz, df, cnts[c]);
					if (sts[i].rep && c == 3)
						str_case(&sts[i], sz, df, cnts[c]);
				}
}
