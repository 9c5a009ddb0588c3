/* isatest: mov (incl. moffs), movzx movsx, lea, xchg, cmpxchg, cmpxchg8b, xadd,
 * cbw cwde cwd cdq, lahf sahf, xlat.
 * Flags (SDM vol. 2): CMPXCHG and XADD set all six as CMP/ADD; CMPXCHG8B sets ZF and leaves
 * the others; SAHF loads SF ZF AF PF CF from AH (OF unchanged); the rest affect none. */
#include "isatest.h"

u32 isa_moff;
u8 isa_xlat[256];

static void line2(const char *name, int bits, const char *form, u32 a, u32 b, u32 r)
{
	out_name(name, bits);
	out_c(' ');
	out_s(form);
	out_x(a, 8);
	out_x(b, 8);
	out_s(" ->");
	out_x(r, 8);
	out_end();
}

/* dst (with garbage), src -> dst */
#define MV(name, bits, form, TPL, DCON, SCON)                                                      \
	do {                                                                                       \
		u32 d = rnd(), s = pick(bits), r = d;                                              \
		asm volatile(TPL : [d] DCON(r) : [s] SCON(s));                                     \
		line2(name, bits, form, d, s, r);                                                  \
	} while (0)
#define MVI(name, bits, form, TPL, DCON, IMM)                                                      \
	do {                                                                                       \
		u32 d = rnd(), r = d;                                                              \
		asm volatile(TPL : [d] DCON(r) : [s] "i"(IMM));                                    \
		line2(name, bits, form, d, (u32)(IMM), r);                                         \
	} while (0)
/* moffs store: A2/A3 */
#define MVS(name, bits, TPL)                                                                       \
	do {                                                                                       \
		u32 d = rnd(), s = rnd();                                                          \
		isa_moff = d;                                                                      \
		asm volatile(TPL : : [s] "a"(s) : "memory");                                       \
		line2(name, bits, "oa", d, s, isa_moff);                                           \
	} while (0)
/* moffs load: A0/A1 */
#define MVL(name, bits, TPL)                                                                       \
	do {                                                                                       \
		u32 d = rnd(), s = rnd(), r = d;                                                   \
		isa_moff = s;                                                                      \
		asm volatile(TPL : "+a"(r) : "m"(isa_moff));                                       \
		line2(name, bits, "ao", d, s, r);                                                  \
	} while (0)

static void t_movs(void)
{
	int i;
	cover("mov");
	for (i = 0; i < 6; i++) {
		MV("mov", 8, "rr", "movb %b[s], %b[d]", "+q", "q");
		MV("mov", 16, "rr", "movw %w[s], %w[d]", "+r", "r");
		MV("mov", 32, "rr", "movl %k[s], %k[d]", "+r", "r");
		MV("mov", 8, "rl", "%{load%} movb %b[s], %b[d]", "+q", "q");
		MV("mov", 16, "rl", "%{load%} movw %w[s], %w[d]", "+r", "r");
		MV("mov", 32, "rl", "%{load%} movl %k[s], %k[d]", "+r", "r");
		MV("mov", 8, "hh", "movb %h[s], %h[d]", "+Q", "Q");
		MV("mov", 8, "hl", "movb %h[s], %b[d]", "+Q", "Q");
		MV("mov", 8, "mr", "movb %b[s], %[d]", "+m", "q");
		MV("mov", 16, "mr", "movw %w[s], %[d]", "+m", "r");
		MV("mov", 32, "mr", "movl %k[s], %[d]", "+m", "r");
		MV("mov", 8, "rm", "movb %[s], %b[d]", "+q", "m");
		MV("mov", 16, "rm", "movw %[s], %w[d]", "+r", "m");
		MV("mov", 32, "rm", "movl %[s], %k[d]", "+r", "m");
		MVS("mov", 8, "movb %%al, isa_moff");
		MVS("mov", 16, "movw %%ax, isa_moff");
		MVS("mov", 32, "movl %%eax, isa_moff");
		MVL("mov", 8, "movb isa_moff, %%al");
		MVL("mov", 16, "movw isa_moff, %%ax");
		MVL("mov", 32, "movl isa_moff, %%eax");
	}
	MVI("mov", 8, "ri", "movb %[s], %b[d]", "+q", 0x5a);
	MVI("mov", 8, "ri", "movb %[s], %h[d]", "+Q", -1);
	MVI("mov", 16, "ri", "movw %[s], %w[d]", "+r", 0x8001);
	MVI("mov", 32, "ri", "movl %[s], %k[d]", "+r", 0x87654321);
	MVI("mov", 8, "mi", "movb %[s], %[d]", "+m", 0xa5);
	MVI("mov", 16, "mi", "movw %[s], %[d]", "+m", 0x7ffe);
	MVI("mov", 32, "mi", "movl %[s], %[d]", "+m", 0x80000001);
	MVI("mov", 32, "mi", "movl %[s], %[d]", "+m", -1);
	cover("movzx");
	cover("movsx");
	for (i = 0; i < 10; i++) {
		MV("movzbl", 0, "r", "movzbl %b[s], %k[d]", "+r", "q");
		MV("movzbl", 0, "h", "movzbl %h[s], %k[d]", "+r", "Q");
		MV("movzbl", 0, "m", "movzbl %[s], %k[d]", "+r", "m");
		MV("movzwl", 0, "r", "movzwl %w[s], %k[d]", "+r", "r");
		MV("movzwl", 0, "m", "movzwl %[s], %k[d]", "+r", "m");
		MV("movzbw", 0, "r", "movzbw %b[s], %w[d]", "+r", "q");
		MV("movzbw", 0, "m", "movzbw %[s], %w[d]", "+r", "m");
		MV("movsbl", 0, "r", "movsbl %b[s], %k[d]", "+r", "q");
		MV("movsbl", 0, "h", "movsbl %h[s], %k[d]", "+r", "Q");
		MV("movsbl", 0, "m", "movsbl %[s], %k[d]", "+r", "m");
		MV("movswl", 0, "r", "movswl %w[s], %k[d]", "+r", "r");
		MV("movswl", 0, "m", "movswl %[s], %k[d]", "+r", "m");
		MV("movsbw", 0, "r", "movsbw %b[s], %w[d]", "+r", "q");
		MV("movsbw", 0, "m", "movsbw %[s], %w[d]", "+r", "m");
	}
}

/* lea: base in EBX, index in ESI and EDI (or EBP / ESP with care); the result in EAX */
#define LEA(form, TPL)                                                                             \
	do {                                                                                       \
		u32 b = pick(32), x = pick(32), r = rnd();                                         \
		asm volatile(TPL : "+a"(r) : "b"(b), "S"(x), "D"(x));                              \
		line2("lea", 0, form, b, x, r);                                                    \
	} while (0)
#define LEA_BP(form, TPL)                                                                          \
	do {                                                                                       \
		u32 b = pick(32), x = pick(32), r = rnd();                                         \
		asm volatile("pushl %%ebp\n\tmovl %%ebx, %%ebp\n\t" TPL "\n\tpopl %%ebp"           \
			     : "+a"(r)                                                             \
			     : "b"(b), "S"(x), "D"(x));                                            \
		line2("lea", 0, form, b, x, r);                                                    \
	} while (0)

static void t_lea(void)
{
	int i;
	cover("lea");
	for (i = 0; i < 4; i++) {
		LEA("b", "leal (%%ebx), %%eax");
		LEA("b+d8", "leal 0x7f(%%ebx), %%eax");
		LEA("b-d8", "leal -0x80(%%ebx), %%eax");
		LEA("b+d32", "leal 0x12345678(%%ebx), %%eax");
		LEA("b+i", "leal (%%ebx,%%esi), %%eax");
		LEA("b+i*2+d8", "leal 3(%%ebx,%%esi,2), %%eax");
		LEA("b+i*4+d32", "leal -0x1000(%%ebx,%%esi,4), %%eax");
		LEA("b+i*8", "leal (%%ebx,%%esi,8), %%eax");
		LEA("i*8+d32", "leal 0x10(,%%esi,8), %%eax");
		LEA("i*1+d32", "leal 0x80000000(,%%esi,1), %%eax");
		LEA("d32", "leal 0x12345678, %%eax");
		LEA("a+a*2", "movl %%ebx, %%eax\n\tleal (%%eax,%%eax,2), %%eax");
		LEA("sib-nob", "leal -1(%%ebx,%%ebx,4), %%eax");
		LEA_BP("bp", "leal (%%ebp), %%eax");
		LEA_BP("bp+i*4+d8", "leal 8(%%ebp,%%esi,4), %%eax");
		LEA_BP("i*1+bp", "leal (%%esi,%%ebp), %%eax");
		LEA("sp+i*2", "leal 0x10(%%esp,%%esi,2), %%eax\n\tsubl %%esp, %%eax");
		LEA("sp", "leal (%%esp), %%eax\n\tsubl %%esp, %%eax");
		LEA("w:b+i*4", "leaw 0x1234(%%ebx,%%esi,4), %%ax");
		LEA("a16:bx+si", "addr16 leal 5(%%bx,%%si), %%eax");
		LEA("a16:bx+d16", "addr16 leal 0xfff0(%%bx), %%eax");
		LEA("a16:si", "addr16 leal (%%si), %%eax");
		LEA("a16:d16", "addr16 leal 0x8123, %%eax");
		LEA_BP("a16:bp+di", "addr16 leal -2(%%bp,%%di), %%eax");
		LEA("a16w:bx+di", "addr16 leaw 0x7fff(%%bx,%%di), %%ax");
	}
}

#define XCH(name, bits, form, TPL, ACON, BCON)                                                     \
	do {                                                                                       \
		u32 a = rnd(), b = rnd(), ra = a, rb = b;                                          \
		asm volatile(TPL : [a] ACON(ra), [b] BCON(rb));                                    \
		out_name(name, bits);                                                              \
		out_s(" " form);                                                                   \
		out_x(a, 8);                                                                       \
		out_x(b, 8);                                                                       \
		out_s(" ->");                                                                      \
		out_x(ra, 8);                                                                      \
		out_x(rb, 8);                                                                      \
		out_end();                                                                         \
	} while (0)

/* cmpxchg: EAX, dst, src with flags */
#define CX(bits, form, TPL, DCON, eq)                                                              \
	do {                                                                                       \
		u32 d = pick(bits), s = rnd(),                                                     \
		    a = eq ? (rnd() & ~szmask(bits)) | (d & szmask(bits)) : pick(bits);            \
		u32 ra = a, rd = d, fi = rflags(), fo;                                             \
		asm volatile(FIN TPL FOUT                                                          \
			     : "+a"(ra), [d] DCON(rd), [fo] "=&r"(fo)                              \
			     : [s] "q"(s), [fi] "r"(fi)                                            \
			     : "cc");                                                              \
		out_name("cmpxchg", bits);                                                         \
		out_s(" " form);                                                                   \
		out_x(a, 8);                                                                       \
		out_x(d, 8);                                                                       \
		out_x(s, 8);                                                                       \
		out_flags("i", fi, F_ALL);                                                         \
		out_s(" ->");                                                                      \
		out_x(ra, 8);                                                                      \
		out_x(rd, 8);                                                                      \
		out_flags("f", fo, F_ALL);                                                         \
		out_end();                                                                         \
	} while (0)
#define XA(bits, form, TPL, DCON)                                                                  \
	do {                                                                                       \
		u32 d = pick(bits), s = pick(bits), rd = d, rs = s, fi = rflags(), fo;             \
		asm volatile(FIN TPL FOUT                                                          \
			     : [d] DCON(rd), [s] "+q"(rs), [fo] "=&r"(fo)                          \
			     : [fi] "r"(fi)                                                        \
			     : "cc");                                                              \
		out_name("xadd", bits);                                                            \
		out_s(" " form);                                                                   \
		out_x(d, 8);                                                                       \
		out_x(s, 8);                                                                       \
		out_flags("i", fi, F_ALL);                                                         \
		out_s(" ->");                                                                      \
		out_x(rd, 8);                                                                      \
		out_x(rs, 8);                                                                      \
		out_flags("f", fo, F_ALL);                                                         \
		out_end();                                                                         \
	} while (0)

static void t_xchg(void)
{
	int i, eq;
	cover("xchg");
	for (i = 0; i < 4; i++) {
		XCH("xchg", 32, "acc", "xchgl %k[b], %k[a]", "+a", "+c");
		XCH("xchg", 32, "rr", "xchgl %k[b], %k[a]", "+b", "+c");
		XCH("xchg", 32, "mr", "xchgl %k[b], %[a]", "+m", "+c");
		XCH("xchg", 16, "acc", "xchgw %w[b], %w[a]", "+a", "+d");
		XCH("xchg", 16, "rr", "xchgw %w[b], %w[a]", "+b", "+c");
		XCH("xchg", 16, "mr", "xchgw %w[b], %[a]", "+m", "+c");
		XCH("xchg", 8, "rr", "xchgb %b[b], %b[a]", "+b", "+c");
		XCH("xchg", 8, "hl", "xchgb %h[b], %b[a]", "+b", "+c");
		XCH("xchg", 8, "mr", "xchgb %b[b], %[a]", "+m", "+c");
	}
	cover("cmpxchg");
	for (i = 0; i < 12; i++)
		for (eq = 0; eq < 2; eq++) {
			CX(8, "rr", "cmpxchgb %b[s], %b[d]", "+q", eq);
			CX(16, "rr", "cmpxchgw %w[s], %w[d]", "+q", eq);
			CX(32, "rr", "cmpxchgl %k[s], %k[d]", "+q", eq);
			CX(8, "mr", "cmpxchgb %b[s], %[d]", "+m", eq);
			CX(16, "mr", "cmpxchgw %w[s], %[d]", "+m", eq);
			CX(32, "mr", "cmpxchgl %k[s], %[d]", "+m", eq);
		}
	cover("cmpxchg8b");
	for (i = 0; i < 16; i++) {
		u64 m = ((u64)rnd() << 32) | rnd(), rm = m;
		u32 a = i & 1 ? (u32)m : rnd(), d = i & 1 ? (u32)(m >> 32) : rnd();
		u32 b = rnd(), c = rnd(), ra = a, rd = d, fi = rflags(), fo;
		if (i == 2)
			a = ra = (u32)m; /* low half equal, high half not */
		asm volatile(FIN "cmpxchg8b %[m]" FOUT
			     : "+a"(ra), "+d"(rd), [m] "+m"(rm), [fo] "=&r"(fo)
			     : "b"(b), "c"(c), [fi] "r"(fi)
			     : "cc");
		out_s("cmpxchg8b m");
		out_x(d, 8);
		out_x(a, 8);
		out_x((u32)(m >> 32), 8);
		out_x((u32)m, 8);
		out_x(c, 8);
		out_x(b, 8);
		out_flags("i", fi, F_ALL);
		out_s(" ->");
		out_x(rd, 8);
		out_x(ra, 8);
		out_x((u32)(rm >> 32), 8);
		out_x((u32)rm, 8);
		out_flags("f", fo, F_ALL);
		out_end();
	}
	cover("xadd");
	for (i = 0; i < 16; i++) {
		XA(8, "rr", "xaddb %b[s], %b[d]", "+q");
		XA(16, "rr", "xaddw %w[s], %w[d]", "+q");
		XA(32, "rr", "xaddl %k[s], %k[d]", "+q");
		XA(8, "mr", "xaddb %b[s], %[d]", "+m");
		XA(16, "mr", "xaddw %w[s], %[d]", "+m");
		XA(32, "mr", "xaddl %k[s], %[d]", "+m");
	}
}

#define CV(name, TPL)                                                                              \
	do {                                                                                       \
		u32 a = pick(i & 2 ? 8 : 16), d = rnd(), ra = a, rd = d;                           \
		if (i & 4)                                                                         \
			a = ra = pick(32);                                                         \
		asm volatile(TPL : "+a"(ra), "+d"(rd));                                            \
		out_s(name);                                                                       \
		out_x(a, 8);                                                                       \
		out_x(d, 8);                                                                       \
		out_s(" ->");                                                                      \
		out_x(ra, 8);                                                                      \
		out_x(rd, 8);                                                                      \
		out_end();                                                                         \
	} while (0)

static void t_misc(void)
{
	int i;
	cover("cbw");
	cover("cwde");
	cover("cwd");
	cover("cdq");
	for (i = 0; i < 16; i++) {
		CV("cbw", "cbtw");
		CV("cwde", "cwtl");
		CV("cwd", "cwtd");
		CV("cdq", "cltd");
	}
	cover("lahf");
	cover("sahf");
	for (i = 0; i < 32; i++) {
		u32 a = rnd(), ra = a, fi = rflags(), fo;
		asm volatile(FIN "lahf" : "+a"(ra) : [fi] "r"(fi) : "cc");
		out_s("lahf");
		out_x(a, 8);
		out_flags("i", fi, F_ALL);
		out_s(" ->");
		out_x(ra, 8);
		out_end();
		ra = a = rnd();
		asm volatile(FIN "sahf" FOUT : [fo] "=&r"(fo) : "a"(a), [fi] "r"(fi) : "cc");
		out_s("sahf");
		out_x(a, 8);
		out_flags("i", fi, F_ALL);
		out_s(" ->");
		out_flags("f", fo, F_ALL);
		out_end();
	}
	cover("xlat");
	for (i = 0; i < 256; i++)
		isa_xlat[i] = (u8)rnd();
	for (i = 0; i < 16; i++) {
		u32 a = rnd(), ra = a;
		asm volatile("xlatb" : "+a"(ra) : "b"(isa_xlat), "m"(isa_xlat));
		out_s("xlat");
		out_x(a, 8);
		out_s(" ->");
		out_x(ra, 8);
		out_end();
	}
}

void t_mov(void)
{
	t_movs();
	t_lea();
	t_xchg();
	t_misc();
}
