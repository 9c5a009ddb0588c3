/* Instruction decoding for 32-bit protected mode (SDM vol. 2 ch. 2). */
#include "decode.h"

#include "../cpu.h"

#include <string.h>

#define OP(id, map, opc, reg, mn, o1, o2, o3, fn, attr)                                            \
	[ROW_##id] = {mn, map, opc, reg, {O_##o1, O_##o2, O_##o3}, attr},
const struct op_row op_rows[ROW_COUNT] = {
    [ROW_INVALID] = {"(bad)", 0, 0, -1, {0, 0, 0}, 0},
    [ROW_X87] = {"(x87)", 0, 0, -1, {0, 0, 0}, 0},
    [ROW_SIMD] = {"(simd)", 0, 0, -1, {0, 0, 0}, 0},
    [ROW_UNSUPPORTED] = {"(unsupported)", 0, 0, -1, {0, 0, 0}, 0},
#include "optable.def"
};
#undef OP

/* Lookup tables built once from op_rows: plain rows by opcode, group rows
 * by opcode and ModRM.reg. They are constant after start-up. */
static uint16_t plain_row[OP_MAPS][256];
static uint16_t group_row[OP_MAPS][256][8];
static uint8_t is_group[OP_MAPS][256];
static uint8_t row_has_modrm[ROW_COUNT];

static int opnd_needs_modrm(uint8_t o)
{
	switch (o) {
	case O_Eb:
	case O_Ev:
	case O_Ew:
	case O_Gb:
	case O_Gv:
	case O_Gw:
	case O_M:
	case O_Mp:
	case O_Mq:
	case O_Sw:
	case O_Cd:
	case O_Dd:
	case O_Rd: return 1;
	default: return 0;
	}
}

__attribute__((constructor)) static void build_tables(void)
{
	for (unsigned r = ROW_UNSUPPORTED + 1; r < ROW_COUNT; r++) {
		const struct op_row *row = &op_rows[r];
		unsigned n = (row->attr & A_REGOP) ? 8 : 1;
		row_has_modrm[r] = row->reg >= 0 || opnd_needs_modrm(row->opnd[0]) ||
				   opnd_needs_modrm(row->opnd[1]) || opnd_needs_modrm(row->opnd[2]);
		for (unsigned k = 0; k < n; k++) {
			if (row->reg >= 0) {
				is_group[row->map][row->opcode] = 1;
				group_row[row->map][row->opcode][row->reg] = (uint16_t)r;
			} else if (!plain_row[row->map][row->opcode + k]) {
				/* 0x90 nop precedes xchg: keep the first row. */
				plain_row[row->map][row->opcode + k] = (uint16_t)r;
			}
		}
	}
}

/* Opcodes of the 0F map outside the subset that take a ModRM byte: MMX, SSE
 * and friends (SDM vol. 2 table A-3). Decoded only to report them. */
static int simd_0f(uint8_t op)
{
	return (op >= 0x10 && op <= 0x17) || (op >= 0x28 && op <= 0x2f) ||
	       (op >= 0x50 && op <= 0x7f && op != 0x77) || op == 0xc2 || op == 0xc3 ||
	       (op >= 0xc4 && op <= 0xc6) || op >= 0xd0 || op == 0x38 || op == 0x3a || op == 0x18 ||
	       op == 0x0d || (op >= 0x19 && op <= 0x1e) || op == 0xae || op == 0xb8;
}

static int simd_imm8(uint8_t op)
{
	return (op >= 0x70 && op <= 0x73) || op == 0xc2 || (op >= 0xc4 && op <= 0xc6) || op == 0x3a;
}

struct cursor {
	const uint8_t *buf;
	size_t avail, pos;
	int err;
};

static uint32_t take(struct cursor *cu, unsigned n)
{
	uint32_t v = 0;
	/* The first error stands: after a missing ModRM byte the row (and so
	 * the immediates still taken) is a guess, and must not turn "need
	 * more bytes" into "too long" for a legal 15-byte instruction. */
	if (cu->err)
		return 0;
	if (cu->pos + n > MAX_INSN_LEN) {
		cu->err = DEC_TOO_LONG;
		return 0;
	}
	if (cu->pos + n > cu->avail) {
		cu->err = DEC_NEED_MORE;
		return 0;
	}
	for (unsigned k = 0; k < n; k++)
		v |= (uint32_t)cu->buf[cu->pos + k] << (8 * k);
	cu->pos += n;
	return v;
}

static uint32_t sext8(uint32_t v)
{
	return (uint32_t)(int32_t)(int8_t)v;
}

static uint32_t sext16(uint32_t v)
{
	return (uint32_t)(int32_t)(int16_t)v;
}

/* 16-bit ModRM addressing forms (SDM vol. 2 table 2-1). */
static const uint8_t base16[8] = {EBX, EBX, EBP, EBP, ESI, EDI, EBP, EBX};
static const uint8_t index16[8] = {ESI, EDI, ESI, EDI, REG_NONE, REG_NONE, REG_NONE, REG_NONE};

static void decode_modrm(struct cursor *cu, struct insn *i)
{
	uint8_t m = (uint8_t)take(cu, 1);
	i->has_modrm = 1;
	i->mod = m >> 6;
	i->regf = (m >> 3) & 7;
	i->rm = m & 7;
	if (i->mod == 3)
		return;
	uint8_t defseg = SEG_DS;
	if (i->adsize == 2) {
		i->ea_mask = 0xffff;
		if (i->mod == 0 && i->rm == 6) {
			i->disp = take(cu, 2);
		} else {
			i->base = base16[i->rm];
			i->index = index16[i->rm];
			if (i->base == EBP)
				defseg = SEG_SS;
			if (i->mod == 1)
				i->disp = sext8(take(cu, 1));
			else if (i->mod == 2)
				i->disp = sext16(take(cu, 2));
		}
		i->seg = i->seg_override != SEG_NONE ? i->seg_override : defseg;
		return;
	} else if (i->rm == 4) {
		/* SIB byte (SDM vol. 2 table 2-3). */
		uint8_t sib = (uint8_t)take(cu, 1);
		i->scale = sib >> 6;
		i->index = ((sib >> 3) & 7) == ESP ? REG_NONE : (sib >> 3) & 7;
		i->base = sib & 7;
		if (i->base == EBP && i->mod == 0) {
			i->base = REG_NONE;
			i->disp = take(cu, 4);
		} else if (i->base == ESP || i->base == EBP) {
			defseg = SEG_SS;
		}
		i->has_sib = 1;
		i->sib = sib;
	} else if (i->mod == 0 && i->rm == 5) {
		i->disp = take(cu, 4);
	} else {
		i->base = i->rm;
		if (i->base == EBP)
			defseg = SEG_SS;
	}
	if (i->mod == 1)
		i->disp = sext8(take(cu, 1));
	else if (i->mod == 2)
		i->disp = take(cu, 4);
	i->seg = i->seg_override != SEG_NONE ? i->seg_override : defseg;
}

static void decode_imm(struct cursor *cu, struct insn *i, uint8_t o, int second)
{
	uint32_t v;
	switch (o) {
	case O_Ib: v = take(cu, 1); break;
	case O_Ibs: v = sext8(take(cu, 1)); break;
	case O_Jb: v = sext8(take(cu, 1)); break;
	case O_Iw: v = take(cu, 2); break;
	case O_Iv: v = take(cu, i->opsize); break;
	case O_Jv: v = i->opsize == 2 ? sext16(take(cu, 2)) : take(cu, 4); break;
	case O_Ob:
	case O_Ov:
		i->disp = take(cu, i->adsize);
		i->seg = i->seg_override != SEG_NONE ? i->seg_override : SEG_DS;
		i->ea_mask = i->adsize == 2 ? 0xffff : 0xffffffff;
		return;
	case O_Ap:
		i->imm = take(cu, i->opsize);
		i->imm2 = take(cu, 2);
		return;
	default: return;
	}
	if (second)
		i->imm2 = v;
	else
		i->imm = v;
}

/* VEX (C4/C5) and EVEX (62) prefixes: in 32-bit mode these bytes are LES,
 * LDS and BOUND unless the next byte has ModRM.mod = 3, which those do not
 * allow (SDM vol. 2 §2.3.5, §2.6.1). The AVX instruction is outside the
 * subset: decoded only as far as its length, for the #UD report. */
static bool is_vex(struct cursor *cu, uint8_t b)
{
	if (b != 0xc4 && b != 0xc5 && b != 0x62)
		return false;
	if (cu->pos >= cu->avail) {
		cu->err = cu->pos >= MAX_INSN_LEN ? DEC_TOO_LONG : DEC_NEED_MORE;
		return false;
	}
	return (cu->buf[cu->pos] >> 6) == 3;
}

#define VEX_MARK 0x80u

static void decode_vex(struct cursor *cu, struct insn *i, uint8_t b)
{
	/* Payload bytes after the escape: C5 one, C4 two, 62 three. */
	uint32_t p = take(cu, b == 0xc5 ? 1 : b == 0xc4 ? 2 : 3);
	unsigned map = b == 0xc5 ? 1 : (p & (b == 0x62 ? 3 : 0x1f));
	i->map = 1;
	i->opcode = (uint8_t)take(cu, 1);
	/* imm2 is unused by a #UD row: it keeps the VEX map and pp, so the
	 * #UD message can name BMI1/BMI2 (row_ud_reason). */
	i->imm2 = VEX_MARK | map << 2 | ((b == 0xc5 ? p : p >> 8) & 3);
	if (map == 1 && i->opcode == 0x77)
		return; /* vzeroupper, vzeroall: no ModRM */
	decode_modrm(cu, i);
	/* 0F3A takes an imm8; so do the 0F rows with one (table A-3). */
	if (map == 3 || (map == 1 && simd_imm8(i->opcode)))
		take(cu, 1);
}

/* Handlers of the synthetic rows, defined with the others. */
void h_ud(struct cpu *c, const struct insn *i);

int decode(const uint8_t *buf, size_t avail, struct insn *i)
{
	struct cursor cu = {buf, avail, 0, 0};
	memset(i, 0, sizeof(*i));
	i->opsize = 4;
	i->adsize = 4;
	i->seg = SEG_DS;
	i->seg_override = SEG_NONE;
	i->base = i->index = REG_NONE;
	i->ea_mask = 0xffffffff;
	static const uint8_t seg_of[8] = {SEG_ES, SEG_CS, SEG_SS, SEG_DS};
	uint8_t b;
	struct insn at_fwait;
	size_t fwait_end = 0;
	for (;;) {
		b = (uint8_t)take(&cu, 1);
		if (cu.err && i->fwait && cu.err == DEC_NEED_MORE)
			break; /* no more bytes: the fwait alone, below */
		if (cu.err)
			return cu.err;
		if (b == 0x9b) {
			/* fwait (9B) before an x87 instruction is decoded with
			 * it, as objdump prints the two (fstsw for 9B DF E0,
			 * fadd for 9B D8 C1): the handler makes fwait's checks
			 * first (cpu/fpu/x87.c), which is what the two in a row
			 * do, fwait changing nothing and its faults reporting
			 * the address where both restart. objdump's reading:
			 * after a prefix or a first 9B, a 9B ends the prefixes;
			 * when no escape D8-DF follows, the first 9B alone is
			 * fwait (with the prefixes before it). */
			if (!i->fwait) {
				at_fwait = *i;
				fwait_end = cu.pos;
			}
			bool last = i->fwait || i->npfx;
			i->fwait = (uint8_t)cu.pos; /* where the x87 instruction starts */
			if (!last)
				continue;
			b = (uint8_t)take(&cu, 1);
			if (cu.err && cu.err != DEC_NEED_MORE)
				return cu.err;
			break;
		}
		if (b == 0x66)
			i->opsize = 2;
		else if (b == 0x67)
			i->adsize = 2;
		else if (b == 0xf0)
			i->lock = 1;
		else if (b == 0xf2 || b == 0xf3)
			i->rep = b;
		else if (b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e)
			i->seg_override = seg_of[(b >> 3) & 3];
		else if (b == 0x64 || b == 0x65)
			i->seg_override = b == 0x64 ? SEG_FS : SEG_GS;
		else
			break;
		if (i->npfx < sizeof(i->pfx))
			i->pfx[i->npfx++] = b;
	}
	if (i->fwait && (cu.err || !(b >= 0xd8 && b <= 0xdf))) {
		*i = at_fwait; /* the fwait alone */
		cu.pos = fwait_end;
		cu.err = 0;
		b = 0x9b;
	}
	if (b == 0x0f) {
		i->map = 1;
		b = (uint8_t)take(&cu, 1);
	}
	i->opcode = b;
	unsigned row = 0;
	if (i->map == 0 && is_vex(&cu, b)) {
		decode_vex(&cu, i, b);
		row = ROW_SIMD;
	} else if (cu.err) {
		return cu.err;
	} else if (is_group[i->map][b]) {
		decode_modrm(&cu, i);
		row = group_row[i->map][b][i->regf];
		/* x87 register forms: the escape's own map, by ModRM byte. */
		if (i->map == 0 && b >= 0xd8 && b <= 0xdf && i->mod == 3)
			row = plain_row[X87_MAP(b)][0xc0 | i->regf << 3 | i->rm];
	} else {
		row = plain_row[i->map][b];
		if (row && row_has_modrm[row])
			decode_modrm(&cu, i);
	}
	if (!row) {
		if (i->map == 0 && b >= 0xd8 && b <= 0xdf) {
			row = ROW_INVALID; /* a reserved x87 register form */
		} else if (i->map == 1 && simd_0f(b)) {
			row = ROW_SIMD;
			if (b == 0x38 || b == 0x3a)
				take(&cu, 1);
			if (!i->has_modrm)
				decode_modrm(&cu, i);
			if (simd_imm8(b))
				take(&cu, 1);
		} else if (i->map == 1 && (b == 0x77 || b == 0x0e)) {
			row = ROW_SIMD; /* emms, femms */
		} else if ((i->map == 0 && b == 0xd6) ||
			   (i->map == 1 && (b == 0x05 || b == 0x07 || b == 0x34 || b == 0x35 ||
					    b == 0xaa || b == 0x33 || b == 0x01))) {
			row = ROW_UNSUPPORTED;
		} else {
			row = ROW_INVALID;
		}
	}
	/* 0F 01 with a register ModRM is not sgdt/sidt/lgdt/lidt/invlpg but
	 * monitor, mwait, xgetbv, rdtscp, clac, ... (SDM vol. 2 table A-6):
	 * outside the subset. smsw and lmsw keep their register forms. */
	if (i->map == 1 && b == 0x01 && i->mod == 3 && i->regf != 4 && i->regf != 6)
		row = ROW_UNSUPPORTED;
	i->row = (uint16_t)row;
	const struct op_row *r = &op_rows[row];
	for (int k = 0; k < 3; k++)
		decode_imm(&cu, i, r->opnd[k], k > 0 && r->opnd[0] == O_Iw);
	if (cu.err)
		return cu.err;
	i->len = (uint8_t)cu.pos;
	i->fn = op_handlers[row];
	i->tfn = insn_stop;
	i->fbase = i->base == REG_NONE ? REG_ZERO : i->base;
	i->findex = i->index == REG_NONE ? REG_ZERO : i->index;
	i->segoff = (uint8_t)(i->seg * sizeof(struct seg));
	/* LOCK is legal only on the lockable forms with a memory destination
	 * (SDM vol. 2 "LOCK"); memory-only operands reject register forms. */
	int memonly = r->opnd[0] == O_M || r->opnd[0] == O_Mp || r->opnd[0] == O_Mq ||
		      r->opnd[1] == O_M || r->opnd[1] == O_Mp || r->opnd[1] == O_Mq;
	if ((i->lock && (!(r->attr & A_LOCK) || i->mod == 3 || !i->has_modrm)) ||
	    (memonly && i->mod == 3))
		i->fn = h_ud;
	return i->len;
}

int op_row_has_modrm(unsigned row)
{
	return row < ROW_COUNT && row_has_modrm[row];
}

/* The extension of a #UD row's instruction that is not SIMD although it
 * shares SIMD's encodings: POPCNT (F3 0F B8, SDM vol. 2 "POPCNT") and the
 * VEX-encoded general-purpose BMI1/BMI2 instructions (SDM vol. 2 table
 * A-3, maps 0F38 and 0F3A). NULL for the others. LZCNT and TZCNT are not
 * here: without ABM/BMI1 a CPU runs F3 0F BD/BC as BSR/BSF, as we do. */
static const char *gp_extension(const struct insn *i)
{
	if (!(i->imm2 & VEX_MARK))
		return i->map == 1 && i->opcode == 0xb8 && i->rep == PFX_REP
			   ? "POPCNT (ABM) instruction, not in the subset"
			   : NULL;
	unsigned map = (i->imm2 >> 2) & 0x1f, pp = i->imm2 & 3;
	static const char bmi1[] = "BMI1 instruction, not in the subset";
	static const char bmi2[] = "BMI2 instruction, not in the subset";
	if (map == 3)
		return i->opcode == 0xf0 ? bmi2 : NULL; /* rorx */
	if (map != 2)
		return NULL;
	switch (i->opcode) {
	case 0xf2:
	case 0xf3: return bmi1; /* andn; blsr, blsmsk, blsi */
	case 0xf5:
	case 0xf6: return bmi2;			 /* bzhi, pdep, pext; mulx */
	case 0xf7: return pp == 0 ? bmi1 : bmi2; /* bextr; shlx, sarx, shrx */
	default: return NULL;
	}
}

const char *row_ud_reason(const struct insn *i)
{
	switch (i->row) {
	case ROW_SIMD: {
		const char *gp = gp_extension(i);
		return gp ? gp : "MMX/SSE/AVX instruction, not in the subset";
	}
	case ROW_UNSUPPORTED: return "instruction outside the emulated subset";
	case ROW_INVALID: return "invalid opcode";
	default: break;
	}
	if (i->lock)
		return "lock prefix on an instruction that cannot be locked";
	return "invalid operand form";
}
