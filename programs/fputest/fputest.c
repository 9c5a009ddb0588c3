/*
 * fputest: differential test of the x87 FPU. Built twice from this source,
 * for Linux's int $0x80 (run natively on the host CPU) and for ia32emu
 * (tests/fpu/fpu_check.sh), the two outputs must be identical, except for
 * the rule on transcendentals stated in fpu_check.sh.
 *
 * Each case: FNINIT, load the operands with FLDT (all exceptions masked),
 * load the control word under test (rounding RC x precision PC x masks),
 * run the one instruction, then FNSAVE, which does not wait, so that an
 * unmasked exception is seen in the saved state and never delivered. The
 * line shows the instruction, its operands (names of the table below),
 * the control word, the status word (only its defined bits, see below),
 * the tag word, every non-empty register, a memory result, EFLAGS.
 *
 * Defined status bits (SDM vol. 2, "FPU Flags Affected" of each
 * instruction): C0, C2, C3 are undefined after arithmetic, loads, stores,
 * fxch, fcmov, fchs/fabs, fsqrt, frndint, fscale, fxtract, f2xm1, fyl2x,
 * fyl2xp1, fpatan, fbld/fbstp, fincstp/fdecstp/ffree, and are masked out
 * there ('u' in the op table); compares, ftst, fxam, fprem/fprem1 define
 * them all; fsin, fcos, fsincos, fptan define C2 only. f2xm1 runs only on
 * arguments in [-1, 1] and fyl2xp1 only on |x| < 1 - sqrt(2)/2, where the
 * SDM defines them. The instruction pointers of FNSAVE (FIP, FCS, FOP, FDP,
 * FDS) describe the machine's addresses, not the arithmetic: not printed.
 *
 * No libc: write and exit only, no floating point in C (-mgeneral-regs-only).
 */
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef unsigned long long u64;
typedef _Bool bool;

int write(int fd, const void *buf, int n);
void exit(int status);

/* ---- output ---- */
static char obuf[16384];
static int olen;
static u32 ncases;

static void flush(void)
{
	int o = 0;
	while (o < olen) {
		int n = write(1, obuf + o, olen - o);
		if (n <= 0)
			exit(2);
		o += n;
	}
	olen = 0;
}

static void out_c(char c)
{
	if (olen == (int)sizeof obuf)
		flush();
	obuf[olen++] = c;
}

static void out_s(const char *s)
{
	while (*s)
		out_c(*s++);
}

static void out_x(u32 v, int nd)
{
	while (nd-- > 0)
		out_c("0123456789abcdef"[(v >> (4 * nd)) & 15]);
}

static void out_u(u32 v)
{
	char b[12];
	int n = 0;
	do {
		b[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		out_c(b[--n]);
}

static void out_bytes(const u8 *p, int n)
{
	while (n-- > 0)
		out_x(p[n], 2);
}

static void *mcpy(void *d, const void *s, u32 n)
{
	u8 *dd = d;
	const u8 *ss = s;
	while (n--)
		*dd++ = *ss++;
	return d;
}

static void mset(void *d, int v, u32 n)
{
	u8 *dd = d;
	while (n--)
		*dd++ = (u8)v;
}

/* ---- operands: 80-bit values, significand and sign/exponent ---- */
struct val {
	u64 m;
	u16 e;
	const char *n;
};

#define B 0x3fff /* exponent bias */
static const struct val V[] = {
    {0, 0, "+0"},
    {0, 0x8000, "-0"},
    {1, 0, "dmin"},
    {0x7fffffffffffffffull, 0x8000, "-dmax"},
    {0x8000000000000000ull, 1, "nmin"},
    {0xffffffffffffffffull, 0x7ffe, "nmax"},
    {0xffffffffffffffffull, 0xfffe, "-nmax"},
    {0x8000000000000000ull, B, "1"},
    {0x8000000000000000ull, 0x8000 | B, "-1"},
    {0xc000000000000000ull, B, "1.5"},
    {0xa000000000000000ull, B + 1, "2.5"},
    {0x8000000000000000ull, B - 1, "0.5"},
    {0x8000000000000000ull, 0x8000 | (B - 2), "-0.25"},
    {0xc90fdaa22168c235ull, B + 1, "pi"},
    {0xcccccccccccccccdull, B - 4, "0.1"},
    {0xb504f333f9de6484ull, B - 1, "0.707"},
    {0x8000000000000000ull, B - 20, "2^-20"},
    /* Ties and near-ties at 24, 53 and 64 bits (PC and fst m32/m64). */
    {0x8000008000000000ull, B, "t24e"},
    {0x8000018000000000ull, B, "t24o"},
    {0x8000008000000001ull, B, "t24+"},
    {0x8000000000000400ull, 0x8000 | B, "-t53e"},
    {0x8000000000000c00ull, B, "t53o"},
    {0x80000000000007ffull, B, "t53-"},
    {0x8000000000000001ull, B, "1+u64"},
    {0xffffffffffffffffull, B, "2-u64"},
    /* Limits of single and double, and of the integer formats. */
    {0xffffff8000000000ull, B + 127, "fmax+h"},
    {0x8000000000000000ull, B + 128, "2^128"},
    {0x8000000000000000ull, B - 130, "2^-130"},
    {0xfffffffffffff800ull, B + 1023, "dmax+h"},
    {0x8000000000000000ull, B - 1075, "2^-1075"},
    {0x8000000000000000ull, B + 63, "2^63"},
    {0x8000000000000000ull, 0x8000 | (B + 31), "-2^31"},
    {0x9c40000000000000ull, B + 15, "40000"},
    {0x8001000000000000ull, 0x8000 | (B + 15), "-32768.5"},
    {0xde0b6b3a76400000ull, B + 59, "1e18"},
    /* Specials and the encodings the 387 and later do not support. */
    {0x8000000000000000ull, 0x7fff, "+inf"},
    {0x8000000000000000ull, 0xffff, "-inf"},
    {0xc000000000000000ull, 0x7fff, "qnan"},
    {0xc000000000000000ull, 0xffff, "indef"},
    {0xc000000000001234ull, 0xffff, "-qnanp"},
    {0xa000000000000000ull, 0x7fff, "snan"},
    {0x8000000000000001ull, 0xffff, "-snan1"},
    {0x4000000000000000ull, B, "unnorm"},
    {0x0000000000000000ull, 0x7fff, "pinf"},
    {0x8000000000000000ull, 0, "pdenorm"},
};
#define NV ((int)(sizeof V / sizeof V[0]))
/* A smaller set for the cross products run under every mode. */
static const int SMALL[] = {0, 1, 2, 4, 5, 7, 9, 13, 14, 17, 18, 20, 21, 23, 24, 25, 35, 37, 40};
#define NSMALL ((int)(sizeof SMALL / sizeof SMALL[0]))

/* ---- one case ---- */
struct ctx {
	u8 mem[16];
	u8 save[108];
	u32 fl;	  /* EFLAGS after (fcomi) */
	u32 flin; /* AH loaded before (fcmov): SF ZF 0 AF 0 PF 1 CF */
};

typedef void (*opfn)(struct ctx *x);

static const u16 cw_all_masked = 0x037f;

static void run(opfn fn, struct ctx *x, const struct val **ops, int n, u16 cw)
{
	u8 t[10];
	__asm__ volatile("fninit\n\tfldcw %0" : : "m"(cw_all_masked));
	for (int k = n - 1; k >= 0; k--) {
		mcpy(t, &ops[k]->m, 8);
		mcpy(t + 8, &ops[k]->e, 2);
		__asm__ volatile("fldt %0" : : "m"(t));
	}
	__asm__ volatile("fldcw %0" : : "m"(cw));
	fn(x);
	__asm__ volatile("fnsave %0" : "=m"(x->save) : : "memory");
}

/* What to print: the status bits defined after the op, memory bytes. */
#define K_ARITH 0 /* C0 C2 C3 undefined */
#define K_CMP	1 /* all condition bits defined */
#define K_TRIG	2 /* C2 defined, C0 C3 undefined */

static void report(const char *name, const struct ctx *x, int kind, int memn, int fl, u16 cw)
{
	u16 sw = (u16)(x->save[4] | x->save[5] << 8);
	u16 tw = (u16)(x->save[8] | x->save[9] << 8);
	u16 mask = 0xffff;
	if (kind == K_ARITH)
		mask = (u16) ~0x4500u;
	else if (kind == K_TRIG)
		mask = (u16) ~0x4100u;
	out_s(" cw=");
	out_x(cw, 4);
	out_s(" -> sw=");
	out_x(sw & mask, 4);
	out_s(" tw=");
	out_x(tw, 4);
	unsigned top = (sw >> 11) & 7;
	for (unsigned k = 0; k < 8; k++) {
		unsigned r = (top + k) & 7;
		if (((tw >> (2 * r)) & 3) == 3)
			continue;
		out_s(" st");
		out_u(k);
		out_c('=');
		out_bytes(x->save + 28 + 10 * k, 10);
	}
	if (memn) {
		out_s(" m=");
		out_bytes(x->mem, memn);
	}
	if (fl) {
		out_s(" f=");
		out_x(x->fl & 0x8d5, 3); /* OF SF ZF AF PF CF */
	}
	out_c('\n');
	ncases++;
	(void)name;
}

static void head(const char *name, const char *a, const char *b)
{
	out_s(name);
	out_c(' ');
	out_s(a ? a : "_");
	out_c(' ');
	out_s(b ? b : "_");
}

/* The twelve control words: RC 0-3 x PC 24, 53, 64 (PC 1 is reserved),
 * all masked; and unmasked at RC nearest, PC 64. */
static u16 mode_cw(int k)
{
	static const u16 pc[3] = {0x000, 0x200, 0x300};
	return (u16)(0x7f | pc[k % 3] | (k / 3) << 10);
}
#define NMODES	  12
#define CW_UNMASK 0x0340u
#define FCW_DEF   0x037fu

/* ---- the instructions ---- */
#define OP(name, insn)                                                                             \
	static void op_##name(struct ctx *x)                                                       \
	{                                                                                          \
		__asm__ volatile(insn : : "a"(x->mem) : "memory", "cc");                           \
	}
#define OPFL(name, insn)                                                                           \
	static void op_##name(struct ctx *x)                                                       \
	{                                                                                          \
		__asm__ volatile(insn "\n\tpushfl\n\tpopl %0" : "=m"(x->fl) : : "memory", "cc");   \
	}
#define OPCM(name, insn)                                                                           \
	static void op_##name(struct ctx *x)                                                       \
	{                                                                                          \
		__asm__ volatile("sahf\n\t" insn : : "a"(x->flin << 8) : "memory", "cc");          \
	}

/* binary, register */
OP(fadd, "fadd %%st(1),%%st")
OP(fsub, "fsub %%st(1),%%st")
OP(fsubr, "fsubr %%st(1),%%st")
OP(fmul, "fmul %%st(1),%%st")
OP(fdiv, "fdiv %%st(1),%%st")
OP(fdivr, "fdivr %%st(1),%%st")
OP(faddp, "faddp %%st,%%st(1)")
OP(fsubp, ".byte 0xde,0xe9") /* SDM FSUBP ST(1),ST(0) */
OP(fsubrp, ".byte 0xde,0xe1")
OP(fmulp, "fmulp %%st,%%st(1)")
OP(fdivp, ".byte 0xde,0xf9")
OP(fdivrp, ".byte 0xde,0xf1")
OP(fadd_to, "fadd %%st,%%st(1)")
OP(fsub_to, ".byte 0xdc,0xe9")
OP(fdiv_to, ".byte 0xdc,0xf9")
OP(fprem, "fprem")
OP(fprem1, "fprem1")
OP(fscale, "fscale")
OP(fpatan, "fpatan")
OP(fyl2x, "fyl2x")
OP(fyl2xp1, "fyl2xp1")
OP(fcom, "fcom %%st(1)")
OP(fcomp, "fcomp %%st(1)")
OP(fcompp, "fcompp")
OP(fucom, "fucom %%st(1)")
OP(fucomp, "fucomp %%st(1)")
OP(fucompp, "fucompp")
OPFL(fcomi, "fcomi %%st(1),%%st")
OPFL(fucomi, "fucomi %%st(1),%%st")
OPFL(fcomip, "fcomip %%st(1),%%st")
OPFL(fucomip, "fucomip %%st(1),%%st")
OP(fxch, "fxch %%st(1)")
OP(fxch3, "fxch %%st(3)")
OP(fld_st1, "fld %%st(1)")
OP(fst_st1, "fst %%st(1)")
OP(fstp_st1, "fstp %%st(1)")
OP(ffree1, "ffree %%st(1)")
OP(ffreep0, ".byte 0xdf,0xc0")
OP(fincstp, "fincstp")
OP(fdecstp, "fdecstp")
OP(fstp1, ".byte 0xd9,0xd9") /* undocumented aliases */
OP(fcom2, ".byte 0xdc,0xd1")
OP(fxch4, ".byte 0xdd,0xc9")
OP(fcomp3, ".byte 0xdc,0xd9")
OP(fcomp5, ".byte 0xde,0xd1")
OP(fxch7, ".byte 0xdf,0xc9")
OP(fstp8, ".byte 0xdf,0xd1")
OP(fstp9, ".byte 0xdf,0xd9")
OP(fmul_to, "fmul %%st,%%st(1)")
OP(fsubr_to, ".byte 0xdc,0xe1")
OP(fdivr_to, ".byte 0xdc,0xf1")
OP(fneni, ".byte 0xdb,0xe0")
OP(fndisi, ".byte 0xdb,0xe1")
OP(fnsetpm, ".byte 0xdb,0xe4")
OP(fwait, "fwait")
/* unary */
OP(fchs, "fchs")
OP(fabs, "fabs")
OP(fsqrt, "fsqrt")
OP(frndint, "frndint")
OP(fxtract, "fxtract")
OP(fsin, "fsin")
OP(fcos, "fcos")
OP(fsincos, "fsincos")
OP(fptan, "fptan")
OP(f2xm1, "f2xm1")
OP(ftst, "ftst")
OP(fxam, "fxam")
OP(fnop, "fnop")
/* memory stores */
OP(fsts, "fsts (%%eax)")
OP(fstl, "fstl (%%eax)")
OP(fstps, "fstps (%%eax)")
OP(fstpl, "fstpl (%%eax)")
OP(fstpt, "fstpt (%%eax)")
OP(fists, "fists (%%eax)")
OP(fistl, "fistl (%%eax)")
OP(fistps, "fistps (%%eax)")
OP(fistpl, "fistpl (%%eax)")
OP(fistpll, "fistpll (%%eax)")
OP(fbstp, "fbstp (%%eax)")
/* memory operands with a register */
OP(fadds, "fadds (%%eax)")
OP(faddl, "faddl (%%eax)")
OP(fmuls, "fmuls (%%eax)")
OP(fdivl, "fdivl (%%eax)")
OP(fsubrl, "fsubrl (%%eax)")
OP(fcoms, "fcoms (%%eax)")
OP(fcompl, "fcompl (%%eax)")
OP(fiadds, "fiadds (%%eax)")
OP(fimull, "fimull (%%eax)")
OP(fisubs, "fisubs (%%eax)")
OP(fidivrl, "fidivrl (%%eax)")
OP(ficoms, "ficoms (%%eax)")
OP(ficompl, "ficompl (%%eax)")
OP(fcomps, "fcomps (%%eax)")
OP(fsubs, "fsubs (%%eax)")
OP(fsubrs, "fsubrs (%%eax)")
OP(fdivs, "fdivs (%%eax)")
OP(fdivrs, "fdivrs (%%eax)")
OP(fmull, "fmull (%%eax)")
OP(fcoml, "fcoml (%%eax)")
OP(fsubl, "fsubl (%%eax)")
OP(fdivrl, "fdivrl (%%eax)")
OP(fiaddl, "fiaddl (%%eax)")
OP(ficoml, "ficoml (%%eax)")
OP(fisubl, "fisubl (%%eax)")
OP(fisubrl, "fisubrl (%%eax)")
OP(fidivl, "fidivl (%%eax)")
OP(fimuls, "fimuls (%%eax)")
OP(ficomps, "ficomps (%%eax)")
OP(fisubrs, "fisubrs (%%eax)")
OP(fidivs, "fidivs (%%eax)")
OP(fidivrs, "fidivrs (%%eax)")
/* loads */
OP(flds, "flds (%%eax)")
OP(fldl, "fldl (%%eax)")
OP(fldt, "fldt (%%eax)")
OP(filds, "filds (%%eax)")
OP(fildl, "fildl (%%eax)")
OP(fildll, "fildll (%%eax)")
OP(fbld, "fbld (%%eax)")
OP(fld1, "fld1")
OP(fldl2t, "fldl2t")
OP(fldl2e, "fldl2e")
OP(fldpi, "fldpi")
OP(fldlg2, "fldlg2")
OP(fldln2, "fldln2")
OP(fldz, "fldz")
/* fcmov */
OPCM(fcmovb, "fcmovb %%st(1),%%st")
OPCM(fcmove, "fcmove %%st(1),%%st")
OPCM(fcmovbe, "fcmovbe %%st(1),%%st")
OPCM(fcmovu, "fcmovu %%st(1),%%st")
OPCM(fcmovnb, "fcmovnb %%st(1),%%st")
OPCM(fcmovne, "fcmovne %%st(1),%%st")
OPCM(fcmovnbe, "fcmovnbe %%st(1),%%st")
OPCM(fcmovnu, "fcmovnu %%st(1),%%st")

struct op {
	const char *name;
	opfn fn;
	int kind;
	int memn; /* bytes of memory result to print */
	int fl;	  /* print EFLAGS */
};

#define E(n, k, m, f) {#n, op_##n, k, m, f}
static const struct op BIN[] = {
    E(fadd, K_ARITH, 0, 0),   E(fsub, K_ARITH, 0, 0),	  E(fsubr, K_ARITH, 0, 0),
    E(fmul, K_ARITH, 0, 0),   E(fdiv, K_ARITH, 0, 0),	  E(fdivr, K_ARITH, 0, 0),
    E(faddp, K_ARITH, 0, 0),  E(fsubp, K_ARITH, 0, 0),	  E(fsubrp, K_ARITH, 0, 0),
    E(fmulp, K_ARITH, 0, 0),  E(fdivp, K_ARITH, 0, 0),	  E(fdivrp, K_ARITH, 0, 0),
    E(fadd_to, K_ARITH, 0, 0), E(fsub_to, K_ARITH, 0, 0), E(fdiv_to, K_ARITH, 0, 0),
    E(fprem, K_CMP, 0, 0),    E(fprem1, K_CMP, 0, 0),	  E(fscale, K_ARITH, 0, 0),
    E(fpatan, K_ARITH, 0, 0), E(fyl2x, K_ARITH, 0, 0),	  E(fcom, K_CMP, 0, 0),
    E(fcomp, K_CMP, 0, 0),    E(fcompp, K_CMP, 0, 0),	  E(fucom, K_CMP, 0, 0),
    E(fucomp, K_CMP, 0, 0),   E(fucompp, K_CMP, 0, 0),	  E(fcomi, K_CMP, 0, 1),
    E(fucomi, K_CMP, 0, 1),   E(fcomip, K_CMP, 0, 1),	  E(fucomip, K_CMP, 0, 1),
    E(fxch, K_ARITH, 0, 0),   E(fld_st1, K_ARITH, 0, 0),  E(fst_st1, K_ARITH, 0, 0),
    E(fstp_st1, K_ARITH, 0, 0), E(ffree1, K_ARITH, 0, 0), E(fstp1, K_ARITH, 0, 0),
    E(fcom2, K_CMP, 0, 0),    E(fxch4, K_ARITH, 0, 0),	  E(fcomp3, K_CMP, 0, 0),
    E(fcomp5, K_CMP, 0, 0),   E(fxch7, K_ARITH, 0, 0),	  E(fstp8, K_ARITH, 0, 0),
    E(fstp9, K_ARITH, 0, 0),  E(fmul_to, K_ARITH, 0, 0),  E(fsubr_to, K_ARITH, 0, 0),
    E(fdivr_to, K_ARITH, 0, 0), E(fneni, K_CMP, 0, 0),	  E(fndisi, K_CMP, 0, 0),
    E(fnsetpm, K_CMP, 0, 0),  E(fwait, K_CMP, 0, 0),
};
/* The ops whose results depend on PC and RC: run under every mode. */
#define NBIN_MODES 15
static const struct op UN[] = {
    E(fchs, K_ARITH, 0, 0),    E(fabs, K_ARITH, 0, 0),	  E(fsqrt, K_ARITH, 0, 0),
    E(frndint, K_ARITH, 0, 0), E(fxtract, K_ARITH, 0, 0), E(fsin, K_TRIG, 0, 0),
    E(fcos, K_TRIG, 0, 0),     E(fsincos, K_TRIG, 0, 0),  E(fptan, K_TRIG, 0, 0),
    E(ftst, K_CMP, 0, 0),      E(fxam, K_CMP, 0, 0),	  E(fnop, K_CMP, 0, 0),
    E(fsts, K_ARITH, 4, 0),    E(fstl, K_ARITH, 8, 0),	  E(fstps, K_ARITH, 4, 0),
    E(fstpl, K_ARITH, 8, 0),   E(fstpt, K_ARITH, 10, 0),  E(fists, K_ARITH, 2, 0),
    E(fistl, K_ARITH, 4, 0),   E(fistps, K_ARITH, 2, 0),  E(fistpl, K_ARITH, 4, 0),
    E(fistpll, K_ARITH, 8, 0), E(fbstp, K_ARITH, 10, 0),  E(fincstp, K_ARITH, 0, 0),
    E(fdecstp, K_ARITH, 0, 0), E(ffreep0, K_ARITH, 0, 0), E(fxch3, K_ARITH, 0, 0),
};
/* Memory operand with ST(0): the operand is the second value, converted
 * by the test to the memory format by a store (so it is a real m32/m64/
 * integer), see mem_binary(). */
static const struct op MEMBIN[] = {
    E(fadds, K_ARITH, 0, 0),  E(faddl, K_ARITH, 0, 0),	E(fmuls, K_ARITH, 0, 0),
    E(fdivl, K_ARITH, 0, 0),  E(fsubrl, K_ARITH, 0, 0),	E(fcoms, K_CMP, 0, 0),
    E(fcompl, K_CMP, 0, 0),   E(fiadds, K_ARITH, 0, 0), E(fimull, K_ARITH, 0, 0),
    E(fisubs, K_ARITH, 0, 0), E(fidivrl, K_ARITH, 0, 0), E(ficoms, K_CMP, 0, 0),
    E(ficompl, K_CMP, 0, 0),   E(fcomps, K_CMP, 0, 0),	E(fsubs, K_ARITH, 0, 0),
    E(fsubrs, K_ARITH, 0, 0), E(fdivs, K_ARITH, 0, 0),	E(fdivrs, K_ARITH, 0, 0),
    E(fmull, K_ARITH, 0, 0),  E(fcoml, K_CMP, 0, 0),	E(fsubl, K_ARITH, 0, 0),
    E(fdivrl, K_ARITH, 0, 0), E(fiaddl, K_ARITH, 0, 0), E(ficoml, K_CMP, 0, 0),
    E(fisubl, K_ARITH, 0, 0), E(fisubrl, K_ARITH, 0, 0), E(fidivl, K_ARITH, 0, 0),
    E(fimuls, K_ARITH, 0, 0), E(ficomps, K_CMP, 0, 0),	E(fisubrs, K_ARITH, 0, 0),
    E(fidivs, K_ARITH, 0, 0), E(fidivrs, K_ARITH, 0, 0),
};
static const int MEMBIN_SIZE[] = {4, 8, 4, 8, 8, 4, 8, 2, 4, 2, 4, 2, 4,
				  4, 4, 4, 4, 4, 8, 8, 8, 8, 4, 4, 4, 4, 4, 2, 2, 2, 2, 2};
static const int MEMBIN_INT[] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1,
				 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
/* The forms from here on run at the default mode only. */
#define MEMBIN_MODES 13
static const struct op CONSTS[] = {
    E(fld1, K_ARITH, 0, 0),   E(fldl2t, K_ARITH, 0, 0), E(fldl2e, K_ARITH, 0, 0),
    E(fldpi, K_ARITH, 0, 0),  E(fldlg2, K_ARITH, 0, 0), E(fldln2, K_ARITH, 0, 0),
    E(fldz, K_ARITH, 0, 0),
};
static const struct op CMOV[] = {
    E(fcmovb, K_ARITH, 0, 0),  E(fcmove, K_ARITH, 0, 0),  E(fcmovbe, K_ARITH, 0, 0),
    E(fcmovu, K_ARITH, 0, 0),  E(fcmovnb, K_ARITH, 0, 0), E(fcmovne, K_ARITH, 0, 0),
    E(fcmovnbe, K_ARITH, 0, 0), E(fcmovnu, K_ARITH, 0, 0),
};
#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void one(const struct op *o, const struct val *a, const struct val *b, int depth, u16 cw,
		struct ctx *x)
{
	const struct val *ops[8];
	ops[0] = a;
	ops[1] = b;
	for (int k = 2; k < 8; k++)
		ops[k] = &V[7 + k];
	mset(x->mem, 0xee, sizeof x->mem);
	run(o->fn, x, ops, depth, cw);
	head(o->name, depth > 0 ? a->n : 0, depth > 1 ? b->n : 0);
	if (depth > 2) {
		out_s(" d");
		out_u((u32)depth);
	}
	report(o->name, x, o->kind, o->memn, o->fl, cw);
}

static bool full_pairs(const struct op *o, int k)
{
	return k < 6 || o->fn == op_fcom || o->fn == op_fucom || o->fn == op_fcomi ||
	       o->fn == op_fucomi;
}

static void binaries(struct ctx *x)
{
	for (int k = 0; k < N(BIN); k++) {
		const struct op *o = &BIN[k];
		/* Every pair at the default mode for the arithmetic and the
		 * compares, the small set for the others; unmasked. */
		if (full_pairs(o, k))
			for (int a = 0; a < NV; a++)
				for (int b = 0; b < NV; b++)
					one(o, &V[a], &V[b], 2, FCW_DEF, x);
		else
			for (int a = 0; a < NSMALL; a++)
				for (int b = 0; b < NSMALL; b++)
					one(o, &V[SMALL[a]], &V[SMALL[b]], 2, FCW_DEF, x);
		if (k < NBIN_MODES)
			for (int a = 0; a < NSMALL; a++)
				for (int b = 0; b < NSMALL; b++)
					one(o, &V[SMALL[a]], &V[SMALL[b]], 2, CW_UNMASK, x);
		/* The small set under every mode, for the ops that round. */
		if (k < 6 || o->fn == op_fscale)
			for (int m = 0; m < NMODES; m++)
				for (int a = 0; a < NSMALL; a++)
					for (int b = 0; b < NSMALL; b++)
						one(o, &V[SMALL[a]], &V[SMALL[b]], 2, mode_cw(m), x);
		/* Stack underflow: one operand and none. */
		one(o, &V[7], &V[7], 1, FCW_DEF, x);
		one(o, &V[7], &V[7], 0, FCW_DEF, x);
		one(o, &V[7], &V[7], 1, CW_UNMASK, x);
		/* A full stack. */
		one(o, &V[9], &V[10], 8, FCW_DEF, x);
	}
}

/* f2xm1 on [-1, 1], fyl2xp1 on |x| < 1 - sqrt(2)/2 (0.29): below 0.25
 * here. Outside, the SDM leaves the result undefined. */
static int in_range(const struct val *v, int lim_exp)
{
	unsigned e = v->e & 0x7fff;
	if (e == 0x7fff || ((v->m >> 63) == 0 && e != 0))
		return 0; /* specials, unnormals */
	return e <= (unsigned)lim_exp || (e == B && v->m == 0x8000000000000000ull && lim_exp == B - 1);
}

static void ranged(struct ctx *x)
{
	static const struct op f2 = E(f2xm1, K_ARITH, 0, 0), fy = E(fyl2xp1, K_ARITH, 0, 0);
	for (int m = 0; m < NMODES; m++)
		for (int a = 0; a < NV; a++) {
			if (in_range(&V[a], B - 1))
				one(&f2, &V[a], &V[7], 1, mode_cw(m), x);
			if (in_range(&V[a], B - 3))
				for (int b = 0; b < NSMALL; b++)
					one(&fy, &V[a], &V[SMALL[b]], 2, mode_cw(m), x);
		}
}

static void unaries(struct ctx *x)
{
	for (int k = 0; k < N(UN); k++) {
		const struct op *o = &UN[k];
		for (int m = 0; m < NMODES; m++)
			for (int a = 0; a < NV; a++)
				one(o, &V[a], &V[7], 1, mode_cw(m), x);
		for (int a = 0; a < NV; a++)
			one(o, &V[a], &V[7], 1, CW_UNMASK, x);
		one(o, &V[7], &V[7], 0, FCW_DEF, x);
		one(o, &V[7], &V[7], 0, CW_UNMASK, x);
		one(o, &V[9], &V[10], 8, FCW_DEF, x);
	}
}

/* ST(0) op memory: the memory operand is value b stored in the operand's
 * format (fstp m32/m64, fistp m16/m32) by the FPU itself, rounding to
 * nearest, so it is an m32/m64/integer the CPU produced. */
static void mem_binaries(struct ctx *x)
{
	static const struct op cv[] = {E(fstps, 0, 0, 0), E(fstpl, 0, 0, 0), E(fistps, 0, 0, 0),
				       E(fistpl, 0, 0, 0)};
	for (int k = 0; k < N(MEMBIN); k++) {
		const struct op *o = &MEMBIN[k];
		int sz = MEMBIN_SIZE[k];
		const struct op *c = &cv[MEMBIN_INT[k] * 2 + (sz == 8 || (MEMBIN_INT[k] && sz == 4))];
		static const int modes[] = {2, 0, 1, 5, 8, 11, -1};
		static const int as[] = {7, 8, 17, 35, 37, 0};
		for (int mi = 0; mi < (k < MEMBIN_MODES ? N(modes) : 1); mi++)
			for (int b = 0; b < NV; b++) {
				int m = modes[mi];
				const struct val *ops[1] = {&V[b]};
				mset(x->mem, 0, sizeof x->mem);
				run(c->fn, x, ops, 1, FCW_DEF);
				u8 mb[16];
				mcpy(mb, x->mem, 16);
				for (int ai = 0; ai < N(as); ai++) {
					int a = as[ai];
					u16 cw = m < 0 ? CW_UNMASK : mode_cw(m);
					const struct val *aa[1] = {&V[a]};
					mcpy(x->mem, mb, 16);
					run(o->fn, x, aa, 1, cw);
					head(o->name, V[a].n, V[b].n);
					out_s(" m=");
					out_bytes(mb, sz);
					report(o->name, x, o->kind, 0, 0, cw);
				}
			}
	}
}

/* Loads of single, double, extended, integer and BCD bit patterns. */
static const u32 M32[] = {0,	      0x80000000, 1,	      0x807fffff, 0x00800000, 0x7f7fffff,
			  0x3f800000, 0xbfc00000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
			  0x7f800001, 0xff812345, 0x3eaaaaab};
static const u64 M64[] = {0,
			  0x8000000000000000ull,
			  1,
			  0x800fffffffffffffull,
			  0x0010000000000000ull,
			  0x7fefffffffffffffull,
			  0x3ff0000000000000ull,
			  0x400921fb54442d18ull,
			  0x7ff0000000000000ull,
			  0xfff0000000000000ull,
			  0x7ff8000000000000ull,
			  0xfff8000000000001ull,
			  0x7ff0000000000001ull,
			  0x7ff4000000000000ull};
static const u64 MI[] = {0, 1, 0xffffffffffffffffull, 0x7fff, 0x8000, 0x7fffffff, 0x80000000ull,
			 0x7fffffffffffffffull, 0x8000000000000000ull, 0x123456789abcdefull};
static const u8 BCD[][10] = {
    {0}, {0x01}, {0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x80},
    {0x21, 0x43, 0x65, 0x87, 0, 0, 0, 0, 0, 0}, {0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80}, {0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0x7f}};

static void load_case(const struct op *o, const void *p, int n, struct ctx *x)
{
	static const int depth[3] = {0, 8, 0};
	for (int d = 0; d < 3; d++) {
		u16 cw = d == 2 ? CW_UNMASK : FCW_DEF;
		const struct val *ops[8];
		for (int k = 0; k < 8; k++)
			ops[k] = &V[7 + k];
		mset(x->mem, 0, sizeof x->mem);
		mcpy(x->mem, p, (u32)n);
		run(o->fn, x, ops, depth[d], cw);
		head(o->name, 0, 0);
		out_s(" m=");
		out_bytes((const u8 *)p, n);
		out_s(" d");
		out_u((u32)depth[d]);
		report(o->name, x, o->kind, 0, 0, cw);
	}
}

static void loads(struct ctx *x)
{
	static const struct op fs = E(flds, K_ARITH, 0, 0), fl = E(fldl, K_ARITH, 0, 0),
			       ft = E(fldt, K_ARITH, 0, 0), i16 = E(filds, K_ARITH, 0, 0),
			       i32 = E(fildl, K_ARITH, 0, 0), i64 = E(fildll, K_ARITH, 0, 0),
			       bl = E(fbld, K_ARITH, 0, 0);
	for (int k = 0; k < N(M32); k++)
		load_case(&fs, &M32[k], 4, x);
	for (int k = 0; k < N(M64); k++)
		load_case(&fl, &M64[k], 8, x);
	for (int k = 0; k < NV; k++) {
		u8 t[10];
		mcpy(t, &V[k].m, 8);
		mcpy(t + 8, &V[k].e, 2);
		load_case(&ft, t, 10, x);
	}
	for (int k = 0; k < N(MI); k++) {
		load_case(&i16, &MI[k], 2, x);
		load_case(&i32, &MI[k], 4, x);
		load_case(&i64, &MI[k], 8, x);
	}
	for (int k = 0; k < N(BCD); k++)
		load_case(&bl, BCD[k], 10, x);
	for (int k = 0; k < N(CONSTS); k++) {
		for (int m = 0; m < NMODES; m++)
			one(&CONSTS[k], &V[7], &V[7], 0, mode_cw(m), x);
		one(&CONSTS[k], &V[9], &V[10], 8, FCW_DEF, x);
	}
}

/* fcmovcc under the eight combinations of CF, ZF, PF. */
static void cmovs(struct ctx *x)
{
	for (int k = 0; k < N(CMOV); k++)
		for (u32 f = 0; f < 8; f++) {
			x->flin = 0x02 | (f & 1) | (f & 2 ? 0x40 : 0) | (f & 4 ? 0x04 : 0);
			one(&CMOV[k], &V[7], &V[13], 2, FCW_DEF, x);
			one(&CMOV[k], &V[7], &V[13], 1, FCW_DEF, x);
		}
	x->flin = 0;
}

/* Control: fldcw/fnstcw of every bit, fnstsw, fnclex, fldenv/fnstenv
 * and frstor/fnsave in both formats (cw, sw, tw and registers: the
 * pointers describe addresses), fninit. */
static void controls(void)
{
	static const u16 cws[] = {0, 0xffff, 0x1f7f, 0xe000, 0x0040, 0x1000, 0x0c00, 0x037e};
	for (int k = 0; k < N(cws); k++) {
		u16 o, sw;
		__asm__ volatile("fninit\n\tfldcw %2\n\tfnstcw %0\n\tfnstsw %1\n\tfninit"
				 : "=m"(o), "=m"(sw)
				 : "m"(cws[k]));
		out_s("fldcw ");
		out_x(cws[k], 4);
		out_s(" -> ");
		out_x(o, 4);
		out_c(' ');
		out_x(sw, 4);
		out_c('\n');
	}
	/* A pending exception through the environment: fldenv of a status
	 * word whose flags are unmasked sets ES; fnstenv masks all. */
	static const u16 sws[] = {0, 0x7fff, 0x0001, 0x0020, 0x3800, 0x4700};
	static const u16 cwl[] = {0x037f, 0x0340, 0x037e};
	for (int k = 0; k < N(sws); k++)
		for (int j = 0; j < N(cwl); j++)
			for (int o16 = 0; o16 < 2; o16++) {
				u8 env[28], out[28], out2[28];
				u16 sw2;
				mset(env, 0, sizeof env);
				env[0] = (u8)cwl[j];
				env[1] = (u8)(cwl[j] >> 8);
				int sw_off = o16 ? 2 : 4, tw_off = o16 ? 4 : 8;
				env[sw_off] = (u8)sws[k];
				env[sw_off + 1] = (u8)(sws[k] >> 8);
				env[tw_off] = 0x3c; /* R1, R2 valid: other tags empty */
				env[tw_off + 1] = 0xff;
				if (o16)
					__asm__ volatile("fninit\n\tdata16 fldenv %3\n\tdata16 fnstenv %0\n\t"
							 "data16 fnstenv %1\n\tfnstsw %2\n\tfninit"
							 : "=m"(out), "=m"(out2), "=m"(sw2)
							 : "m"(env));
				else
					__asm__ volatile("fninit\n\tfldenv %3\n\tfnstenv %0\n\t"
							 "fnstenv %1\n\tfnstsw %2\n\tfninit"
							 : "=m"(out), "=m"(out2), "=m"(sw2)
							 : "m"(env));
				out_s(o16 ? "fldenv16 " : "fldenv32 ");
				out_x(sws[k], 4);
				out_c(' ');
				out_x(cwl[j], 4);
				out_s(" ->");
				for (int w = 0; w < 3; w++) {
					int off = o16 ? 2 * w : 4 * w;
					out_c(' ');
					out_x((u32)(out[off] | out[off + 1] << 8), 4);
					if (!o16) {
						out_c(':');
						out_x((u32)(out[off + 2] | out[off + 3] << 8), 4);
					}
				}
				out_s(" then ");
				out_x((u32)(out2[0] | out2[1] << 8), 4);
				out_c(' ');
				out_x(sw2, 4);
				out_c('\n');
			}
	/* fnsave/frstor round trip of a stack of three, 16- and 32-bit. */
	for (int o16 = 0; o16 < 2; o16++) {
		u8 s1[108], s2[108];
		u16 sw;
		mset(s1, 0, sizeof s1);
		mset(s2, 0, sizeof s2);
		if (o16)
			__asm__ volatile("fninit\n\tfld1\n\tfldpi\n\tfldz\n\tfdivr %%st(1),%%st\n\t"
					 "data16 fnsave %0\n\tfnstsw %2\n\tdata16 frstor %0\n\t"
					 "fxch %%st(2)\n\tdata16 fnsave %1\n\tfninit"
					 : "+m"(s1), "=m"(s2), "=m"(sw));
		else
			__asm__ volatile("fninit\n\tfld1\n\tfldpi\n\tfldz\n\tfdivr %%st(1),%%st\n\t"
					 "fnsave %0\n\tfnstsw %2\n\tfrstor %0\n\t"
					 "fxch %%st(2)\n\tfnsave %1\n\tfninit"
					 : "+m"(s1), "=m"(s2), "=m"(sw));
		int env = o16 ? 14 : 28;
		out_s(o16 ? "fnsave16" : "fnsave32");
		for (int w = 0; w < 3; w++) {
			int off = o16 ? 2 * w : 4 * w;
			out_c(' ');
			out_x((u32)(s1[off] | s1[off + 1] << 8), 4);
			out_c('/');
			out_x((u32)(s2[off] | s2[off + 1] << 8), 4);
		}
		for (int r = 0; r < 8; r++) {
			out_c(' ');
			out_bytes(s2 + env + 10 * r, 10);
		}
		out_c(' ');
		out_x(sw, 4);
		out_c('\n');
	}
	/* fnclex, fnstsw %ax after an invalid operation. */
	{
		u16 ax1, ax2;
		__asm__ volatile("fninit\n\tfldz\n\tfldz\n\tfdivrp\n\tfnstsw %%ax\n\tmovw %%ax,%0\n\t"
				 "fnclex\n\tfnstsw %%ax\n\tmovw %%ax,%1\n\tfninit"
				 : "=m"(ax1), "=m"(ax2)
				 :
				 : "eax");
		out_s("fnclex ");
		out_x(ax1, 4);
		out_c(' ');
		out_x(ax2, 4);
		out_c('\n');
	}
}

int main(void)
{
	static struct ctx x;
	controls();
	loads(&x);
	cmovs(&x);
	unaries(&x);
	ranged(&x);
	mem_binaries(&x);
	binaries(&x);
	out_s("fputest: ");
	out_u(ncases);
	out_s(" cases\n");
	flush();
	return 0;
}
