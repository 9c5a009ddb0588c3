/* isatest: daa das aaa aas aam aad, clc stc cmc cld std.
 * Flags (SDM vol. 2): DAA/DAS: CF AF SF ZF PF defined, OF undefined. AAA/AAS: AF CF defined,
 * OF SF ZF PF undefined. AAM/AAD: SF ZF PF defined, OF AF CF undefined. CLC/STC/CMC: CF;
 * CLD/STD: DF; no other flag affected. */
#include "isatest.h"

#define BCD(TPL)                                                                                   \
	static u32 TPL##_f(u32 *pa, u32 fi)                                                        \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN #TPL FOUT : "+a"(a), [fo] "=&r"(fo) : [fi] "r"(fi) : "cc");       \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
BCD(daa)
BCD(das)
BCD(aaa)
BCD(aas)
/* D4 ib / D5 ib with a non-10 base: raw bytes */
#define AAX(name, BYTES)                                                                           \
	static u32 name(u32 *pa, u32 fi)                                                           \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN BYTES FOUT : "+a"(a), [fo] "=&r"(fo) : [fi] "r"(fi) : "cc");      \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
AAX(aam10, "aam")
AAX(aam1, ".byte 0xd4, 1")
AAX(aam7, ".byte 0xd4, 7")
AAX(aam16, ".byte 0xd4, 16")
AAX(aam255, ".byte 0xd4, 255")
AAX(aad10, "aad")
AAX(aad0, ".byte 0xd5, 0")
AAX(aad7, ".byte 0xd5, 7")
AAX(aad16, ".byte 0xd5, 16")
AAX(aad255, ".byte 0xd5, 255")
typedef u32 (*bfn)(u32 *a, u32 fi);

#define F_DAA (F_ALL & ~F_OF)
#define F_AAA (F_DF | F_AF | F_CF)
#define F_AAM (F_DF | F_SF | F_ZF | F_PF)

static void bcd_run(const char *name, bfn fn, u32 a, u32 fi, u32 def)
{
	u32 r = a, fo = fn(&r, fi);
	out_s(name);
	out_x(a, 8);
	out_flags("i", fi, F_ALL);
	out_s(" ->");
	out_x(r, 8);
	out_flags("f", fo, def);
	out_end();
}

#define FLOP(name, TPL)                                                                            \
	do {                                                                                       \
		u32 fi = rflags() | (i & 1 ? F_DF : 0), fo;                                        \
		asm volatile(FIN TPL FOUT "\n\tcld" : [fo] "=&r"(fo) : [fi] "r"(fi) : "cc");       \
		out_s(name);                                                                       \
		out_flags("i", fi, F_ALL);                                                         \
		out_s(" ->");                                                                      \
		out_flags("f", fo, F_ALL);                                                         \
		out_end();                                                                         \
	} while (0)

void t_bcd(void)
{
	static const bfn aam[5] = {aam10, aam1, aam7, aam16, aam255};
	static const bfn aad[5] = {aad10, aad0, aad7, aad16, aad255};
	static const char *const aamn[5] = {"aam10", "aam1", "aam7", "aam16", "aam255"};
	static const char *const aadn[5] = {"aad10", "aad0", "aad7", "aad16", "aad255"};
	u32 al, c;
	int i;
	cover("daa");
	cover("das");
	cover("aaa");
	cover("aas");
	cover("aam");
	cover("aad");
	for (al = 0; al < 256; al++)
		for (c = 0; c < 4; c++) {
			u32 fi =
			    (rflags() & ~(F_AF | F_CF)) | (c & 1 ? F_CF : 0) | (c & 2 ? F_AF : 0);
			u32 a = (rnd() & ~0xffu) | al;
			bcd_run("daa", daa_f, a, fi, F_DAA);
			bcd_run("das", das_f, a, fi, F_DAA);
			if (c == 0 || c == 2 || (al & 7) == 0) {
				bcd_run("aaa", aaa_f, a, fi, F_AAA);
				bcd_run("aas", aas_f, a, fi, F_AAA);
			}
		}
	for (al = 0; al < 256; al++)
		bcd_run("aam10", aam10, (rnd() & ~0xffu) | al, rflags(), F_AAM);
	for (i = 0; i < 5; i++)
		for (c = 0; c < 24; c++) {
			u32 a = c < 8 ? mkval(8, edge(8, (int)c)) : rnd();
			bcd_run(aamn[i], aam[i], a, rflags(), F_AAM);
			bcd_run(aadn[i], aad[i], a, rflags(), F_AAM);
		}
	cover("clc");
	cover("stc");
	cover("cmc");
	cover("cld");
	cover("std");
	for (i = 0; i < 8; i++) {
		FLOP("clc", "clc");
		FLOP("stc", "stc");
		FLOP("cmc", "cmc");
		FLOP("cld", "cld");
		FLOP("std", "std");
	}
}
