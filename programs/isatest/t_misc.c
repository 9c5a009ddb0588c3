/* isatest: the rows gas never emits and the segment/far-transfer rows.
 * - 82 /0-7 (alias of 80 /0-7, SDM vol. 2 table A-6 "Immediate Grp 1");
 * - F6 /1, F7 /1 (aliases of TEST Eb,Ib / Ev,Iv on both vendors);
 * - C0-D3 /6: SAL (the undocumented alias of /4); flags as SHL;
 * - 0F 1F /0 nop Ev (no operation, no flag, no memory access);
 * - mov Ew,Sw / Sw,Ew, push/pop ES CS SS DS FS GS, les lds lss lfs lgs, arpl;
 * - ljmp/lcall (ptr16:32 and m16:32), lret, lret imm16, iret to the same CPL.
 * Selector values differ between Linux (user CS 0x23, DS 0x2b) and ia32emu
 * (0x1b, 0x23), so segment tests print comparisons ("=" when the value read
 * back equals the one loaded), never the selectors themselves. */
#include "isatest.h"

/* 82 /n ib on CL. */
#define G82(n)                                                                                     \
	static u32 g82_##n(u32 *pc, u32 imm, u32 fi)                                               \
	{                                                                                          \
		u32 c = *pc, fo;                                                                   \
		(void)imm;                                                                         \
		asm volatile(FIN ".byte 0x82, 0xc1 + 8 * " #n ", 0x5a" FOUT                        \
			     : "+c"(c), [fo] "=&r"(fo)                                             \
			     : [fi] "r"(fi)                                                        \
			     : "cc");                                                              \
		*pc = c;                                                                           \
		return fo;                                                                         \
	}
G82(0)
G82(1)
G82(2)
G82(3)
G82(4)
G82(5)
G82(6)
G82(7)
typedef u32 (*gfn)(u32 *c, u32 imm, u32 fi);

static void line_rf(const char *name, u32 a, u32 fi, u32 r, u32 fo, u32 def)
{
	out_s(name);
	out_x(a, 8);
	out_flags("i", fi, F_ALL);
	out_s(" ->");
	out_x(r, 8);
	out_flags("f", fo, def);
	out_end();
}

static void t_82(void)
{
	static const gfn fn[8] = {g82_0, g82_1, g82_2, g82_3, g82_4, g82_5, g82_6, g82_7};
	static const char *const nm[8] = {"add82", "or82",  "adc82", "sbb82",
					  "and82", "sub82", "xor82", "cmp82"};
	int n, k;
	cover("alu82");
	for (n = 0; n < 8; n++)
		for (k = 0; k < 16; k++) {
			u32 a = k < 10 ? mkval(8, edge(8, k)) : rnd(), r = a, fi = rflags();
			u32 fo = fn[n](&r, 0x5a, fi);
			line_rf(nm[n], a, fi, r, fo,
				(n == 1 || n == 4 || n == 6) ? F_LOGIC : F_ALL);
		}
}

/* F6 /1 ib on CL, F7 /1 id on ECX, 66 F7 /1 iw on CX. */
static void t_test1(void)
{
	int k;
	cover("test1");
	for (k = 0; k < 24; k++) {
		u32 a = k < 10 ? mkval(8, edge(8, k)) : rnd(), fi = rflags(), fo, c = a;
		asm volatile(FIN ".byte 0xf6, 0xc9, 0x81" FOUT
			     : "+c"(c), [fo] "=&r"(fo)
			     : [fi] "r"(fi)
			     : "cc");
		line_rf("test1b", a, fi, c, fo, F_LOGIC);
		c = a;
		asm volatile(FIN ".byte 0xf7, 0xc9, 0x01, 0x80, 0xff, 0x7f" FOUT
			     : "+c"(c), [fo] "=&r"(fo)
			     : [fi] "r"(fi)
			     : "cc");
		line_rf("test1l", a, fi, c, fo, F_LOGIC);
		c = a;
		asm volatile(FIN ".byte 0x66, 0xf7, 0xc9, 0x01, 0x80" FOUT
			     : "+c"(c), [fo] "=&r"(fo)
			     : [fi] "r"(fi)
			     : "cc");
		line_rf("test1w", a, fi, c, fo, F_LOGIC);
	}
}

/* SAL /6 on AL (C0/C1 ib, D0/D1 by 1, D2/D3 by CL). Defined flags as SHL
 * (SDM vol. 2 "SAL/SAR/SHL/SHR"); count 0 changes nothing. */
static u32 sal_def(u32 c, int bits)
{
	c &= 0x1f;
	if (c == 0)
		return F_ALL;
	return (F_ALL & ~F_AF & ~(c == 1 ? 0 : F_OF)) & ~((int)c >= bits ? F_CF : 0);
}

#define SAL6(name, BYTES, CNT)                                                                     \
	static u32 name(u32 *pa, u32 cl, u32 fi)                                                   \
	{                                                                                          \
		u32 a = *pa, fo;                                                                   \
		asm volatile(FIN BYTES FOUT                                                        \
			     : "+a"(a), [fo] "=&r"(fo)                                             \
			     : "c"(cl), [fi] "r"(fi)                                               \
			     : "cc");                                                              \
		*pa = a;                                                                           \
		return fo;                                                                         \
	}
SAL6(sal6_c0, ".byte 0xc0, 0xf0, 3", 3)
SAL6(sal6_c1, ".byte 0xc1, 0xf0, 5", 5)
SAL6(sal6_c1w, ".byte 0x66, 0xc1, 0xf0, 9", 9)
SAL6(sal6_d0, ".byte 0xd0, 0xf0", 1)
SAL6(sal6_d1, ".byte 0xd1, 0xf0", 1)
SAL6(sal6_d2, ".byte 0xd2, 0xf0", -1)
SAL6(sal6_d3, ".byte 0xd3, 0xf0", -1)

static void sal_line(const char *name, u32 (*fn)(u32 *, u32, u32), int bits, u32 cnt)
{
	u32 a = pick(bits), r = a, fi = rflags(), fo;
	u32 cl = cnt == 0xff ? (rnd() & 0x3f) : 0;
	fo = fn(&r, cl, fi);
	out_s(name);
	out_x(a, 8);
	if (cnt == 0xff)
		out_x(cl, 2);
	out_flags("i", fi, F_ALL);
	out_s(" ->");
	out_x(r, 8);
	out_flags("f", fo, sal_def(cnt == 0xff ? cl : cnt, bits));
	out_end();
}

static void t_sal6(void)
{
	int k;
	cover("sal6");
	for (k = 0; k < 24; k++) {
		sal_line("sal6b i3", sal6_c0, 8, 3);
		sal_line("sal6l i5", sal6_c1, 32, 5);
		sal_line("sal6w i9", sal6_c1w, 16, 9);
		sal_line("sal6b 1", sal6_d0, 8, 1);
		sal_line("sal6l 1", sal6_d1, 32, 1);
		sal_line("sal6b c", sal6_d2, 8, 0xff);
		sal_line("sal6l c", sal6_d3, 32, 0xff);
	}
}

/* 0F 1F /0: nop with a memory operand that is never accessed (the address
 * 0 would fault if it were). */
static void t_nopl(void)
{
	u32 fi = rflags(), fo, a = 0, b = 0;
	cover("nopl");
	/* and 0F 1E: a reserved NOP, endbr32 (F3 0F 1E FB) on a CPU without CET */
	asm volatile(FIN "nopl 0(%%eax)\n\tnopw 0(%%eax,%%eax,1)\n\t.byte 0x0f,0x1f,0xc0\n\t"
			 ".byte 0xf3,0x0f,0x1e,0xfb\n\t.byte 0x0f,0x1e,0x00" FOUT
		     : "+a"(a), "+c"(b), [fo] "=&r"(fo)
		     : [fi] "r"(fi)
		     : "cc", "memory");
	line_rf("nopl", 0, fi, a | b, fo, F_ALL);
}

/* rep/repne on a non-string instruction is ignored (gcc emits "rep ret");
 * F3 0F BC on a CPU without BMI1 is BSF. Here only the non-zero source is
 * run, where TZCNT and BSF agree on the result. */
static void t_repignored(void)
{
	u32 fi = rflags(), fo, a = 0x1234, d0, d1, z;
	cover("repignored");
	asm volatile(FIN "movl %%esp,%1\n\tcall 1f\n\tjmp 2f\n1:\trep ret\n2:\t"
			 ".byte 0xf2\n\taddl $5,%0\n\tmovl %%esp,%2" FOUT
		     : "+r"(a), "=&r"(d0), "=&r"(d1), [fo] "=&r"(fo)
		     : [fi] "r"(fi)
		     : "cc", "memory");
	line_rf("rep ret, repne add", d0 - d1, fi, a, fo, F_ALL);
	asm volatile("movl $0x80,%%ecx\n\t.byte 0xf3, 0x0f, 0xbc, 0xc1" : "=a"(z) : : "ecx", "cc");
	line_rf("rep bsf", 0x80, 0, z, 0, 0);
}

static void seg_line(const char *name, int same, u32 extra)
{
	out_s(name);
	out_s(same ? " =" : " !=");
	out_x(extra, 8);
	out_end();
}

/* mov from a segment register into a 32-bit register zero-extends on
 * processors from the Pentium Pro on (SDM vol. 2 "MOV"). */
static void t_sreg(void)
{
	u32 ds, ds2, es, fs, gs, ss, cs, w, d0, d1, v;
	u16 m;
	cover("movsreg");
	asm volatile("movl $0xdeadbeef,%0\n\tmovl %%ds,%0" : "=r"(ds));
	asm volatile("movw %%ds,%0" : "=m"(m));
	seg_line("mov ds,r32", (ds & 0xffff) == m, ds >> 16);
	w = 0x5a5a0000u | m;
	asm volatile("movw %%ds,%w0" : "+r"(w));
	seg_line("mov ds,r16", (w & 0xffff) == m, w >> 16);
	asm volatile("movl %%es,%0\n\tmovl %%ss,%1\n\tmovl %%cs,%2" : "=r"(es), "=r"(ss), "=r"(cs));
	seg_line("es rpl", 1, es & 3);
	seg_line("ss rpl", 1, ss & 3);
	seg_line("cs rpl", 1, cs & 3);
	asm volatile("movl %1,%%es\n\tmovl %%es,%0" : "=r"(v) : "r"(ds));
	seg_line("mov r,es", v == ds, 0);
	asm volatile("movw %1,%%es\n\tmovl %%es,%0" : "=r"(v) : "m"(m));
	seg_line("mov m,es", v == ds, 0);
	asm volatile("movl %1,%%ds\n\tmovl %%ds,%0" : "=r"(ds2) : "r"(ds));
	seg_line("mov r,ds", ds2 == ds, 0);
	asm volatile("movl %0,%%es" ::"r"(es));
	cover("pushpopseg");
	/* push: ESP moves by 4; the low word is the selector (the upper word
	 * is implementation-specific, SDM vol. 2 "PUSH"), so it is not printed. */
#define PUSHSEG(S, name)                                                                           \
	asm volatile("movl %%esp,%0\n\tpush %%" S "\n\tmovl %%esp,%1\n\tpopl %2"                   \
		     : "=&r"(d0), "=&r"(d1), "=&r"(v));                                            \
	asm volatile("movl %%" S ",%0" : "=r"(w));                                                 \
	seg_line(name, (v & 0xffff) == w, d0 - d1)
	PUSHSEG("es", "push es");
	PUSHSEG("cs", "push cs");
	PUSHSEG("ss", "push ss");
	PUSHSEG("ds", "push ds");
	PUSHSEG("fs", "push fs");
	PUSHSEG("gs", "push gs");
#define POPSEG(S, name)                                                                            \
	asm volatile("movl %%" S ",%2\n\tmovl %%esp,%0\n\tpushl %2\n\tpop %%" S "\n\tmovl "        \
		     "%%esp,%1\n\tmovl %%" S ",%2"                                                 \
		     : "=&r"(d0), "=&r"(d1), "=&r"(v));                                            \
	asm volatile("movl %%" S ",%0" : "=r"(w));                                                 \
	seg_line(name, v == w, d0 - d1)
	POPSEG("es", "pop es");
	POPSEG("ss", "pop ss");
	POPSEG("ds", "pop ds");
	POPSEG("fs", "pop fs");
	POPSEG("gs", "pop gs");
	asm volatile("movl %%fs,%0\n\tmovl %%gs,%1" : "=r"(fs), "=r"(gs));
	seg_line("fs gs", fs == gs, 0);
}

/* les lds lss lfs lgs: offset then selector, 32- and 16-bit (SDM vol. 2
 * "LDS/LES/LFS/LGS/LSS"). The pointer's selector is the current DS/SS. */
static void t_lfp(void)
{
	u32 ds, ss, off, sel, r, v;
	struct {
		u32 off;
		u16 sel;
	} __attribute__((packed)) p;
	struct {
		u16 off, sel;
	} p16;
	cover("lfp");
	asm volatile("movl %%ds,%0\n\tmovl %%ss,%1" : "=r"(ds), "=r"(ss));
	p.off = off = rnd();
	p.sel = (u16)ds;
#define LFP(INS, S, name, save)                                                                    \
	asm volatile("movl %%" S ",%2\n\tmovl $0,%0\n\t" INS " %3,%0\n\tmovl %%" S                 \
		     ",%1\n\tmovl %2,%%" S                                                         \
		     : "=&r"(r), "=&r"(sel), "=&r"(v)                                              \
		     : "m"(p)                                                                      \
		     : "memory");                                                                  \
	seg_line(name, sel == save, r ^ off)
	LFP("les", "es", "les", ds);
	LFP("lds", "ds", "lds", ds);
	LFP("lfs", "fs", "lfs", ds);
	LFP("lgs", "gs", "lgs", ds);
	p.sel = (u16)ss;
	LFP("lss", "ss", "lss", ss);
	p16.off = (u16)off;
	p16.sel = (u16)ds;
	r = 0xabcd1234u;
	asm volatile("movl %%es,%2\n\tlesw %3,%w0\n\tmovl %%es,%1\n\tmovl %2,%%es"
		     : "+r"(r), "=&r"(sel), "=&r"(v)
		     : "m"(p16)
		     : "memory");
	seg_line("lesw", sel == ds, r ^ (off & 0xffff));
}

/* arpl Ew,Gw: raises the RPL of the destination to the source's (ZF=1) or
 * leaves it (ZF=0); no other flag changes (SDM vol. 2 "ARPL"). */
static void t_arpl(void)
{
	int k;
	cover("arpl");
	for (k = 0; k < 32; k++) {
		u32 a = rnd(), b = rnd(), fi = rflags(), fo, r = a;
		asm volatile(FIN "arpl %w2,%w0" FOUT
			     : "+r"(r), [fo] "=&r"(fo)
			     : "r"(b), [fi] "r"(fi)
			     : "cc");
		out_s("arpl");
		out_x(a, 8);
		out_x(b, 8);
		out_flags("i", fi, F_ALL);
		out_s(" ->");
		out_x(r, 8);
		out_flags("f", fo, F_ALL);
		out_end();
	}
}

/* Far transfers to the current code segment, and iret at the same CPL
 * (SDM vol. 2 "JMP", "CALL", "RET", "IRET"). The direct forms need the
 * selector as an immediate: one variant per known user CS (Linux 0x23,
 * ia32emu 0x1b). ESP must come back to where it was. */
static void t_far(void)
{
	u32 cs, d0, d1, fo, fi = rflags();
	struct {
		u32 off;
		u16 sel;
	} __attribute__((packed)) fp;
	cover("far");
	asm volatile("movl %%cs,%0" : "=r"(cs));
	asm volatile("movl %%esp,%0\n\t"
		     "movl $1f,%2\n\tmovw %%cs,4+%2\n\tljmp *%2\n\tud2\n1:\tmovl %%esp,%1"
		     : "=&r"(d0), "=&r"(d1), "=m"(fp)::"memory");
	seg_line("ljmp m", 1, d0 - d1);
	asm volatile("movl %%esp,%0\n\t"
		     "movl $2f,%2\n\tmovw %%cs,4+%2\n\tlcall *%2\n\tjmp 3f\n2:\tlret\n3:\tmovl "
		     "%%esp,%1"
		     : "=&r"(d0), "=&r"(d1), "=m"(fp)::"memory");
	seg_line("lcall m", 1, d0 - d1);
	if (cs == 0x1b || cs == 0x23) {
		if (cs == 0x1b)
			asm volatile("movl %%esp,%0\n\tljmp $0x1b,$1f\n\tud2\n1:\t"
				     "pushl $7\n\tpushl $9\n\tlcall $0x1b,$2f\n\tjmp 3f\n2:\tlret "
				     "$8\n3:\tmovl %%esp,%1"
				     : "=&r"(d0), "=&r"(d1)::"memory");
		else
			asm volatile("movl %%esp,%0\n\tljmp $0x23,$1f\n\tud2\n1:\t"
				     "pushl $7\n\tpushl $9\n\tlcall $0x23,$2f\n\tjmp 3f\n2:\tlret "
				     "$8\n3:\tmovl %%esp,%1"
				     : "=&r"(d0), "=&r"(d1)::"memory");
		seg_line("ljmp/lcall ptr, lret imm", 1, d0 - d1);
	} else {
		seg_line("unknown user CS", 0, 0);
	}
	/* iret to the same privilege level: pops EIP, CS, EFLAGS only. IF and
	 * IOPL cannot change at CPL 3 (SDM vol. 2 "IRET", EFLAGS update rules). */
	asm volatile("movl %%esp,%0\n\tpushl %3\n\tpushl %%cs\n\tpushl $1f\n\tiret\n\tud2\n1:\t"
		     "pushfl\n\tpopl %2\n\tmovl %%esp,%1"
		     : "=&r"(d0), "=&r"(d1), "=&r"(fo)
		     : "r"(fi)
		     : "memory", "cc");
	asm volatile("cld");
	line_rf("iret", d0 - d1, fi, 0, fo, F_ALL);
}

void t_extra(void)
{
	t_82();
	t_test1();
	t_sal6();
	t_nopl();
	t_repignored();
	t_sreg();
	t_lfp();
	t_arpl();
	t_far();
}
