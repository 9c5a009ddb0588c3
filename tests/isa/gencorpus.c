/*
 * gencorpus: writes a raw file of IA-32 instructions for the objdump
 * differential (tests/isa/objdump_cmp.sh). For every row of the opcode
 * table (cpu/decode/optable.def) it emits many encodings with random ModRM, SIB,
 * displacement and immediate bytes and the prefixes that are meaningful for
 * the row: 0x66 (operand size), 0x67 (address size), segment overrides,
 * rep/repne on string rows, lock on lockable rows with a memory destination.
 * The encodings are only bytes: objdump is the oracle for their text.
 *
 *   gencorpus OUT.bin OUT.idx [PER_ROW] [SEED]
 *
 * OUT.idx gets one line per instruction, "OFFSET<TAB>ROW<TAB>HEX BYTES", so
 * that a failing comparison can name the row and show the bytes. Prints the count on stdout.
 */
#include "../../cpu/decode/decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Row identifiers as written in optable.def, for the index file. */
#define OP(id, map, opc, reg, mn, o1, o2, o3, fn, attr) [ROW_##id] = #id,
static const char *const row_id[ROW_COUNT] = {
#include "../../cpu/decode/optable.def"
};
#undef OP

struct rng {
	unsigned long long s;
};

static unsigned rnd(struct rng *r)
{
	/* xorshift64*: any fixed-seed generator will do. */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (unsigned)((r->s * 2685821657736338717ull) >> 32);
}

struct enc {
	unsigned char b[32];
	unsigned n;
};

static void put(struct enc *e, unsigned v, unsigned bytes)
{
	for (unsigned k = 0; k < bytes; k++)
		e->b[e->n++] = (unsigned char)(v >> (8 * k));
}

/* A displacement or immediate: edge values half of the time. */
static unsigned value(struct rng *r)
{
	static const unsigned edge[] = {0,	    1,		0x7f,	    0x80,	0xff,
					0x100,	    0x7fff,	0x8000,	    0xffff,	0x10000,
					0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x12345678};
	if (rnd(r) & 1)
		return edge[rnd(r) % (sizeof(edge) / sizeof(edge[0]))];
	return rnd(r);
}

static int has_opnd(const struct op_row *row, uint8_t k)
{
	return row->opnd[0] == k || row->opnd[1] == k || row->opnd[2] == k;
}

static int mem_only(const struct op_row *row)
{
	return has_opnd(row, O_M) || has_opnd(row, O_Mp) || has_opnd(row, O_Mq);
}

static int reg_only(const struct op_row *row)
{
	return has_opnd(row, O_Rd);
}

/* Has a v-sized operand, so 0x66 changes it. */
static int uses_opsize(const struct op_row *row)
{
	static const uint8_t v[] = {O_Ev,  O_Gv, O_Iv, O_Jv,  O_Ov, O_Zv,
				    O_eAX, O_Xv, O_Yv, O_Ibs, O_Ap, O_Mp};
	for (unsigned k = 0; k < sizeof(v); k++)
		if (has_opnd(row, v[k]))
			return 1;
	return 0;
}

/* One ModRM (+SIB +displacement) for the row; returns whether it is a
 * memory form. */
static int gen_modrm(struct rng *r, const struct op_row *row, int adsize16, struct enc *e)
{
	unsigned mod = rnd(r) % 4, reg = rnd(r) % 8, rm = rnd(r) % 8;
	if (mem_only(row) && mod == 3)
		mod = rnd(r) % 3;
	if (reg_only(row))
		mod = 3;
	if (row->reg >= 0)
		reg = (unsigned)row->reg;
	if (has_opnd(row, O_Sw))
		reg = rnd(r) % 6; /* es cs ss ds fs gs */
	if (has_opnd(row, O_Cd)) {
		static const unsigned cr[] = {0, 2, 3, 4};
		reg = cr[rnd(r) % 4];
	}
	if (has_opnd(row, O_Dd))
		reg = rnd(r) % 8;
	put(e, mod << 6 | reg << 3 | rm, 1);
	if (mod == 3)
		return 0;
	if (adsize16) {
		if (mod == 0 && rm == 6)
			put(e, value(r), 2);
		else if (mod == 1)
			put(e, value(r), 1);
		else if (mod == 2)
			put(e, value(r), 2);
		return 1;
	}
	unsigned base = rm;
	if (rm == 4) {
		unsigned sib = rnd(r) & 0xff;
		put(e, sib, 1);
		base = sib & 7;
	}
	if (mod == 0 && base == 5)
		put(e, value(r), 4);
	else if (mod == 1)
		put(e, value(r), 1);
	else if (mod == 2)
		put(e, value(r), 4);
	return 1;
}

static void gen_imm(struct rng *r, uint8_t o, int op16, int ad16, struct enc *e)
{
	switch (o) {
	case O_Ib:
	case O_Ibs:
	case O_Jb: put(e, value(r), 1); break;
	case O_Iw: put(e, value(r), 2); break;
	case O_Iv:
	case O_Jv: put(e, value(r), op16 ? 2 : 4); break;
	case O_Ob:
	case O_Ov: put(e, value(r), ad16 ? 2 : 4); break;
	case O_Ap:
		put(e, value(r), op16 ? 2 : 4);
		put(e, value(r), 2);
		break;
	default: break;
	}
}

static const unsigned char segpfx[6] = {0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65};

static int seg_used(const unsigned char *pfx, unsigned np)
{
	for (unsigned k = 0; k < np; k++)
		if (memchr(segpfx, pfx[k], sizeof(segpfx)))
			return 1;
	return 0;
}

static int gen_one(struct rng *r, const struct op_row *row, struct enc *e)
{
	int str = (row->attr & A_STR) != 0;
	int modrm = op_row_has_modrm((unsigned)(row - op_rows));
	int memops = modrm || has_opnd(row, O_Ob) || has_opnd(row, O_Ov) || has_opnd(row, O_Xb) ||
		     has_opnd(row, O_Xv) || has_opnd(row, O_XLAT);
	int addr_any = memops || has_opnd(row, O_Yb) || has_opnd(row, O_Yv);
	int op16 = uses_opsize(row) && rnd(r) % 3 == 0;
	/* 0x67 changes the addressing of memory operands; loop/jcxz use CX. */
	int ad16 = (addr_any || (row->opcode >= 0xe0 && row->opcode <= 0xe3 && row->map == 0)) &&
		   rnd(r) % 4 == 0;
	int lock = (row->attr & A_LOCK) && rnd(r) % 3 == 0;
	unsigned char pfx[4];
	unsigned np = 0;
	e->n = 0;
	if (lock)
		pfx[np++] = 0xf0;
	if (op16)
		pfx[np++] = 0x66;
	if (ad16)
		pfx[np++] = 0x67;
	if (memops && !has_opnd(row, O_M) && rnd(r) % 4 == 0)
		pfx[np++] = segpfx[rnd(r) % 6];
	if (str && rnd(r) % 2)
		pfx[np++] = rnd(r) & 1 ? 0xf3 : 0xf2;
	/* rep/repne elsewhere is ignored by the CPU (gcc emits "rep ret"); in
	 * the 0F map they select other instructions (tzcnt, SSE): not there. */
	if (!str && !row->map && !lock && rnd(r) % 16 == 0)
		pfx[np++] = rnd(r) & 1 ? 0xf3 : 0xf2;
	/* Prefix order varies (any order is legal, SDM vol. 2 §2.1.1). */
	for (unsigned k = np; k > 1; k--) {
		unsigned j = rnd(r) % k;
		unsigned char t = pfx[k - 1];
		pfx[k - 1] = pfx[j];
		pfx[j] = t;
	}
	for (unsigned k = 0; k < np; k++)
		put(e, pfx[k], 1);
	if (row->map)
		put(e, 0x0f, 1);
	unsigned opc = row->opcode;
	if (row->attr & A_REGOP)
		opc += rnd(r) % 8;
	put(e, opc, 1);
	if (modrm && !gen_modrm(r, row, ad16, e) && (lock || ad16 || seg_used(pfx, np)) &&
	    !has_opnd(row, O_Ob) && !has_opnd(row, O_Ov) && !has_opnd(row, O_XLAT) &&
	    !has_opnd(row, O_Xb) && !has_opnd(row, O_Xv) && !has_opnd(row, O_Yb) &&
	    !has_opnd(row, O_Yv)) {
		/* A register form: lock would be #UD and 0x67 or a segment
		 * override would be unused (objdump prints those as "addr16",
		 * "ds" etc.). Only meaningful prefixes are generated. */
		return 0;
	}
	for (int k = 0; k < 3; k++)
		gen_imm(r, row->opnd[k], op16, ad16, e);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: gencorpus OUT.bin OUT.idx [PER_ROW] [SEED]\n");
		return 2;
	}
	unsigned per_row = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 0) : 300;
	struct rng r = {argc > 4 ? strtoull(argv[4], NULL, 0) : 0x9e3779b97f4a7c15ull};
	FILE *bin = fopen(argv[1], "wb"), *idx = fopen(argv[2], "w");
	if (!bin || !idx) {
		fprintf(stderr, "gencorpus: cannot write the output files\n");
		return 1;
	}
	unsigned long off = 0, count = 0;
	for (unsigned row = ROW_UNSUPPORTED + 1; row < ROW_COUNT; row++) {
		for (unsigned k = 0; k < per_row; k++) {
			struct enc e;
			int tries = 0;
			while (!gen_one(&r, &op_rows[row], &e) && ++tries < 100)
				;
			if (tries == 100)
				continue;
			fwrite(e.b, 1, e.n, bin);
			fprintf(idx, "%lx\t%s\t", off, row_id[row]);
			for (unsigned j = 0; j < e.n; j++)
				fprintf(idx, "%s%02x", j ? " " : "", e.b[j]);
			fprintf(idx, "\n");
			off += e.n;
			count++;
		}
	}
	if (fclose(bin) || fclose(idx)) {
		fprintf(stderr, "gencorpus: write error\n");
		return 1;
	}
	printf("%lu\n", count);
	return 0;
}
