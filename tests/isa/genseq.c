/*
 * genseq: writes an assembly file of random straight-line blocks of integer
 * instructions for the sequence differential (programs/isatest/seqmain.c).
 * isatest checks each instruction alone, starting from flags set by popf;
 * these blocks chain instructions, so each one starts from the flags (the
 * lazy-flag state, in the emulator) the previous one left: add then inc then
 * adc, shifts feeding setcc, and so on.
 *
 * The generator tracks which arithmetic flags are defined at every point
 * (SDM vol. 2 "Flags Affected" of each instruction): an instruction that
 * reads a flag (adc, sbb, rcl, rcr, setcc, cmovcc, jcc, cmc, lahf, daa, ...)
 * is chosen only when the flags it reads are defined, and the dump after a
 * block masks the flags that are still undefined. Shift counts are
 * immediates so that their flag rules are known here.
 *
 *   genseq OUT.S [BLOCKS] [SEED]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CF = 0x001, PF = 0x004, AF = 0x010, ZF = 0x040, SF = 0x080, OF = 0x800 };
#define ALL (CF | PF | AF | ZF | SF | OF)

struct gen {
	FILE *o;
	unsigned long long s;
	unsigned def; /* flags defined at this point */
	unsigned label;
};

static unsigned rnd(struct gen *g)
{
	g->s ^= g->s >> 12;
	g->s ^= g->s << 25;
	g->s ^= g->s >> 27;
	return (unsigned)((g->s * 2685821657736338717ull) >> 32);
}

static const char *const r32[] = {"eax", "ecx", "edx", "ebx", "ebp", "esi", "edi"};
static const char *const r16[] = {"ax", "cx", "dx", "bx", "bp", "si", "di"};
static const char *const r8[] = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};

static int pick_size(struct gen *g)
{
	int k = (int)(rnd(g) % 4);
	return k == 0 ? 8 : k == 1 ? 16 : 32;
}

static const char *reg(struct gen *g, int size)
{
	if (size == 8)
		return r8[rnd(g) % 8];
	return size == 16 ? r16[rnd(g) % 7] : r32[rnd(g) % 7];
}

static char sfx(int size)
{
	return size == 8 ? 'b' : size == 16 ? 'w' : 'l';
}

static unsigned imm(struct gen *g, int size)
{
	static const unsigned edge[] = {0,	1,	0x7f,	    0x80,	0xff,	   0x7fff,
					0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff};
	unsigned v = rnd(g) & 1 ? edge[rnd(g) % 11] : rnd(g);
	return size == 32 ? v : v & ((1u << size) - 1);
}

/* A memory operand in the scratch area (16 dwords). */
static void mem(struct gen *g, char *buf, size_t n, int size)
{
	snprintf(buf, n, "scratch+%u", (rnd(g) % 16) * 4 + (size == 8 ? rnd(g) % 4 : 0));
}

/* Flags a condition code reads (SDM vol. 2 appendix B). */
static unsigned cc_reads(int cc)
{
	static const unsigned r[8] = {OF, CF, ZF, CF | ZF, SF, PF, SF | OF, ZF | SF | OF};
	return r[cc >> 1];
}

static const char *const ccn[16] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
				    "s", "ns", "p", "np", "l", "ge", "le", "g"};

/* Writes one instruction; returns 0 if its inputs are not defined (the
 * caller picks another). */
static int one(struct gen *g)
{
	char m[32], a[64];
	int size = pick_size(g);
	int usemem = rnd(g) % 4 == 0;
	const char *dst = reg(g, size), *src = reg(g, size);
	if (usemem) {
		mem(g, m, sizeof(m), size);
		dst = m;
	}
	switch (rnd(g) % 24) {
	case 0:
	case 1: { /* ALU r/m,r and r/m,imm */
		static const char *const alu[] = {"add", "or",	"adc", "sbb",
						  "and", "sub", "xor", "cmp"};
		int k = (int)(rnd(g) % 8);
		if ((k == 2 || k == 3) && !(g->def & CF))
			return 0;
		if (rnd(g) & 1)
			fprintf(g->o, "\t%s%c $0x%x,%s%s\n", alu[k], sfx(size), imm(g, size),
				usemem ? "" : "%", dst);
		else
			fprintf(g->o, "\t%s%c %%%s,%s%s\n", alu[k], sfx(size), src,
				usemem ? "" : "%", dst);
		g->def = (k == 1 || k == 4 || k == 6) ? ALL & ~AF : ALL; /* logic: AF undefined */
		return 1;
	}
	case 2: /* inc dec: CF unaffected */
		fprintf(g->o, "\t%s%c %s%s\n", rnd(g) & 1 ? "inc" : "dec", sfx(size),
			usemem ? "" : "%", dst);
		g->def |= OF | SF | ZF | AF | PF;
		return 1;
	case 3: /* neg not */
		if (rnd(g) & 1) {
			fprintf(g->o, "\tneg%c %s%s\n", sfx(size), usemem ? "" : "%", dst);
			g->def = ALL;
		} else {
			fprintf(g->o, "\tnot%c %s%s\n", sfx(size), usemem ? "" : "%", dst);
		}
		return 1;
	case 4: { /* shifts and rotates by an immediate count */
		static const char *const sh[] = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sar"};
		static const unsigned cnts[] = {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33};
		int k = (int)(rnd(g) % 7);
		unsigned c = cnts[rnd(g) % 12], mc = c & 31;
		if ((k == 2 || k == 3) && !(g->def & CF))
			return 0;
		fprintf(g->o, "\t%s%c $%u,%s%s\n", sh[k], sfx(size), c, usemem ? "" : "%", dst);
		if (mc == 0)
			return 1;
		if (k < 4) { /* rotates: CF, and OF for a count of 1 */
			g->def = (g->def | CF | OF) & ~(mc == 1 ? 0 : OF);
		} else {
			g->def = (ALL & ~AF) & ~(mc == 1 ? 0 : OF);
			if (k != 6 && (int)mc >= size) /* shl/shr: CF undefined */
				g->def &= ~CF;
		}
		return 1;
	}
	case 5: { /* shld shrd */
		if (size == 8)
			size = 32;
		unsigned c = rnd(g) % (size == 16 ? 17 : 32);
		const char *d = usemem ? m : reg(g, size);
		if (usemem)
			mem(g, m, sizeof(m), size);
		fprintf(g->o, "\t%s%c $%u,%%%s,%s%s\n", rnd(g) & 1 ? "shld" : "shrd", sfx(size), c,
			reg(g, size), usemem ? "" : "%", d);
		if (c)
			g->def = (ALL & ~AF) & ~(c == 1 ? 0 : OF);
		return 1;
	}
	case 6: { /* bt bts btr btc with an immediate */
		static const char *const bt[] = {"bt", "bts", "btr", "btc"};
		if (size == 8)
			size = 32;
		if (usemem)
			mem(g, m, sizeof(m), size);
		fprintf(g->o, "\t%s%c $%u,%s%s\n", bt[rnd(g) % 4], sfx(size), rnd(g) % 64,
			usemem ? "" : "%", usemem ? m : reg(g, size));
		g->def = (g->def | CF) & ~(OF | SF | AF | PF);
		return 1;
	}
	case 7: { /* setcc */
		int cc = (int)(rnd(g) % 16);
		if ((cc_reads(cc) & g->def) != cc_reads(cc))
			return 0;
		fprintf(g->o, "\tset%s %s%s\n", ccn[cc], usemem ? "" : "%", usemem ? m : reg(g, 8));
		return 1;
	}
	case 8: { /* cmovcc */
		int cc = (int)(rnd(g) % 16);
		if ((cc_reads(cc) & g->def) != cc_reads(cc))
			return 0;
		if (size == 8)
			size = 32;
		if (usemem)
			mem(g, m, sizeof(m), size);
		fprintf(g->o, "\tcmov%s%c %s%s,%%%s\n", ccn[cc], sfx(size), usemem ? "" : "%",
			usemem ? m : reg(g, size), reg(g, size));
		return 1;
	}
	case 9: { /* jcc over one instruction: the flags defined after are those
		   * defined on both paths */
		int cc = (int)(rnd(g) % 16);
		if ((cc_reads(cc) & g->def) != cc_reads(cc))
			return 0;
		unsigned before = g->def, l = g->label++;
		fprintf(g->o, "\tj%s .L%u\n", ccn[cc], l);
		while (!one(g))
			;
		fprintf(g->o, ".L%u:\n", l);
		g->def &= before;
		return 1;
	}
	case 10: /* test */
		if (rnd(g) & 1)
			fprintf(g->o, "\ttest%c $0x%x,%s%s\n", sfx(size), imm(g, size),
				usemem ? "" : "%", dst);
		else
			fprintf(g->o, "\ttest%c %%%s,%s%s\n", sfx(size), src, usemem ? "" : "%",
				dst);
		g->def = ALL & ~AF;
		return 1;
	case 11: /* xadd cmpxchg xchg */
		switch (rnd(g) % 3) {
		case 0:
			fprintf(g->o, "\txadd%c %%%s,%s%s\n", sfx(size), src, usemem ? "" : "%",
				dst);
			g->def = ALL;
			break;
		case 1:
			fprintf(g->o, "\tcmpxchg%c %%%s,%s%s\n", sfx(size), src, usemem ? "" : "%",
				dst);
			g->def = ALL;
			break;
		default:
			fprintf(g->o, "\txchg%c %%%s,%s%s\n", sfx(size), src, usemem ? "" : "%",
				dst);
			break;
		}
		return 1;
	case 12: /* multiplies: CF OF defined, SF ZF AF PF undefined */
		if (size == 8)
			size = 32;
		if (usemem)
			mem(g, m, sizeof(m), size);
		switch (rnd(g) % 3) {
		case 0:
			fprintf(g->o, "\t%s%c %s%s\n", rnd(g) & 1 ? "mul" : "imul", sfx(size),
				usemem ? "" : "%", usemem ? m : reg(g, size));
			break;
		case 1:
			fprintf(g->o, "\timul%c %s%s,%%%s\n", sfx(size), usemem ? "" : "%",
				usemem ? m : reg(g, size), reg(g, size));
			break;
		default:
			fprintf(g->o, "\timul%c $%d,%s%s,%%%s\n", sfx(size),
				(int)(rnd(g) % 2000) - 1000, usemem ? "" : "%",
				usemem ? m : reg(g, size), reg(g, size));
			break;
		}
		g->def = CF | OF;
		return 1;
	case 13: /* flag instructions */
		switch (rnd(g) % 4) {
		case 0:
			fprintf(g->o, "\tclc\n");
			g->def |= CF;
			return 1;
		case 1:
			fprintf(g->o, "\tstc\n");
			g->def |= CF;
			return 1;
		case 2:
			if (!(g->def & CF))
				return 0;
			fprintf(g->o, "\tcmc\n");
			return 1;
		default: /* sahf: SF ZF AF PF CF from AH */
			fprintf(g->o, "\tsahf\n");
			g->def |= SF | ZF | AF | PF | CF;
			return 1;
		}
	case 14: /* lahf: AH from SF ZF AF PF CF */
		if ((g->def & (SF | ZF | AF | PF | CF)) != (SF | ZF | AF | PF | CF))
			return 0;
		fprintf(g->o, "\tlahf\n");
		return 1;
	case 15: /* BCD adjustments of AL */
		switch (rnd(g) % 4) {
		case 0:
		case 1:
			if ((g->def & (AF | CF)) != (AF | CF))
				return 0;
			fprintf(g->o, "\t%s\n", rnd(g) & 1 ? "daa" : "das");
			g->def = ALL & ~OF;
			return 1;
		case 2:
			if (!(g->def & AF))
				return 0;
			fprintf(g->o, "\t%s\n", rnd(g) & 1 ? "aaa" : "aas");
			g->def = (g->def | AF | CF) & ~(OF | SF | ZF | PF);
			return 1;
		default:
			fprintf(g->o, "\t.byte 0x%s, %u\n", rnd(g) & 1 ? "d4" : "d5",
				1 + rnd(g) % 255);
			g->def = SF | ZF | PF;
			return 1;
		}
	case 16: /* sign extensions, movzx/movsx, bswap, lea */
		switch (rnd(g) % 5) {
		case 0: fprintf(g->o, "\t%s\n", rnd(g) & 1 ? "cwtl" : "cbtw"); break;
		case 1: fprintf(g->o, "\t%s\n", rnd(g) & 1 ? "cltd" : "cwtd"); break;
		case 2: {
			int w = rnd(g) & 1;
			fprintf(g->o, "\t%s%cl %%%s,%%%s\n", rnd(g) & 1 ? "movz" : "movs",
				w ? 'w' : 'b', w ? r16[rnd(g) % 7] : r8[rnd(g) % 8],
				r32[rnd(g) % 7]);
			break;
		}
		case 3: fprintf(g->o, "\tbswap %%%s\n", r32[rnd(g) % 7]); break;
		default:
			snprintf(a, sizeof(a), "0x%x(%%%s,%%%s,%u)", rnd(g) % 4096, r32[rnd(g) % 7],
				 r32[rnd(g) % 7], 1u << (rnd(g) % 4));
			fprintf(g->o, "\tleal %s,%%%s\n", a, r32[rnd(g) % 7]);
			break;
		}
		return 1;
	case 17: /* mov */
		if (usemem && (rnd(g) & 1))
			fprintf(g->o, "\tmov%c %s,%%%s\n", sfx(size), m, reg(g, size));
		else
			fprintf(g->o, "\tmov%c %%%s,%s%s\n", sfx(size), src, usemem ? "" : "%",
				dst);
		return 1;
	case 18: /* the carry idioms compilers use */
		if (!(g->def & CF))
			return 0;
		size = size == 8 ? 32 : size;
		src = reg(g, size);
		fprintf(g->o, "\tsbb%c %%%s,%%%s\n", sfx(size), src, src);
		g->def = ALL;
		return 1;
	case 19: { /* bt family with a register offset (masked for registers) */
		static const char *const bt[] = {"bt", "bts", "btr", "btc"};
		size = size == 8 ? 32 : size;
		fprintf(g->o, "\t%s%c %%%s,%%%s\n", bt[rnd(g) % 4], sfx(size), reg(g, size),
			reg(g, size));
		g->def = (g->def | CF) & ~(OF | SF | AF | PF);
		return 1;
	}
	case 20: /* rotates through carry by 1 (D0/D1) */
		if (!(g->def & CF))
			return 0;
		fprintf(g->o, "\t%s%c %s%s\n", rnd(g) & 1 ? "rcl" : "rcr", sfx(size),
			usemem ? "" : "%", dst);
		g->def |= CF | OF;
		return 1;
	case 21: /* pushf in the middle of a chain: only with every flag defined */
		if ((g->def & ALL) != ALL)
			return 0;
		src = r32[rnd(g) % 7];
		fprintf(g->o, "\tpushfl\n\tpopl %%%s\n\tandl $0xcd5,%%%s\n", src, src);
		g->def = ALL & ~AF;
		return 1;
	case 22: { /* string instructions on the scratch area, either direction;
		    * the count and pointers are set here, DF cleared after */
		static const char *const st[] = {"movs", "stos", "lods", "cmps", "scas"};
		static const char *const rp[] = {"", "rep ", "repz ", "repnz "};
		int k = (int)(rnd(g) % 5), down = rnd(g) & 1;
		unsigned n = rnd(g) % 5, es = size / 8;
		unsigned lo = n * es, si = lo + (rnd(g) % 8) * 4, di = lo + (rnd(g) % 8) * 4;
		if (down) { /* start high enough to stay inside the 64 bytes */
			si = 60 - (rnd(g) % 8) * 4;
			di = 60 - (rnd(g) % 8) * 4;
		} else {
			si = si > 60 - lo ? 0 : si;
			di = di > 60 - lo ? 0 : di;
		}
		const char *p = k >= 3 ? rp[rnd(g) % 4] : rp[rnd(g) % 2];
		if (*p == 0)
			n = 1; /* without rep the count is irrelevant */
		fprintf(g->o,
			"\tleal scratch+%u,%%esi\n\tleal scratch+%u,%%edi\n\tmovl $%u,%%ecx\n\t%s\n"
			"\t%s%s%c\n\tcld\n",
			si, di, n, down ? "std" : "cld", p, st[k], sfx(size));
		/* cmps/scas set all six flags when at least one iteration ran */
		if (k >= 3 && (*p == 0 || n > 0))
			g->def = ALL;
		else if (k >= 3)
			g->def &= ALL; /* count 0: unchanged */
		return 1;
	}
	default: /* push/pop through the stack */
		fprintf(g->o, "\tpushl %%%s\n\tpopl %%%s\n", r32[rnd(g) % 7], r32[rnd(g) % 7]);
		return 1;
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: genseq OUT.S [BLOCKS] [SEED]\n");
		return 2;
	}
	unsigned blocks = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 2000;
	struct gen g = {fopen(argv[1], "w"), argc > 3 ? strtoull(argv[3], NULL, 0) : 0x1234567, 0,
			0};
	if (!g.o) {
		fprintf(stderr, "genseq: cannot write %s\n", argv[1]);
		return 1;
	}
	fprintf(g.o, "/* generated by tests/isa/genseq.c: do not edit */\n"
		     "\t.data\n\t.globl scratch\nscratch:\t.fill 16, 4, 0\n"
		     "\t.text\n\t.globl seq_blocks\n\t.type seq_blocks, @function\n"
		     "seq_blocks:\n\tpushal\n");
	for (unsigned b = 0; b < blocks; b++) {
		fprintf(g.o, "\t/* block %u */\n", b);
		for (int k = 0; k < 7; k++)
			fprintf(g.o, "\tmovl $0x%x,%%%s\n", imm(&g, 32), r32[k]);
		for (int k = 0; k < 16; k++)
			fprintf(g.o, "\tmovl $0x%x,scratch+%d\n", imm(&g, 32), 4 * k);
		/* Random initial flags (and DF clear): all six defined. */
		fprintf(g.o, "\tpushl $0x%x\n\tpopfl\n", 0x202 | (rnd(&g) & ALL));
		g.def = ALL;
		unsigned n = 4 + rnd(&g) % 16;
		for (unsigned k = 0; k < n;)
			k += (unsigned)one(&g);
		fprintf(g.o,
			"\tpushfl\n\tpushal\n\tpushl $0x%x\n\tpushl $%u\n\tcall seq_dump\n"
			"\taddl $8,%%esp\n\tpopal\n\tpopfl\n",
			g.def, b);
	}
	fprintf(g.o, "\tpopal\n\tret\n\t.size seq_blocks, . - seq_blocks\n"
		     "\t.section .note.GNU-stack,\"\",@progbits\n");
	if (fclose(g.o)) {
		fprintf(stderr, "genseq: write error\n");
		return 1;
	}
	return 0;
}
