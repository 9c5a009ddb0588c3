/*
 * Shifts, rotates, double shifts and bit instructions (SDM vol. 2 "SAL/SAR/
 * SHL/SHR", "RCL/RCR/ROL/ROR", "SHLD", "SHRD", "BT", "BTS", "BTR", "BTC",
 * "BSF", "BSR", "BSWAP"). Their flags depend on the count, so they are
 * computed eagerly. Where the SDM calls a flag undefined we still produce a
 * deterministic value, noted at each place; tests mask those flags.
 */
#include "ref.h"

static uint32_t msb_of(uint32_t v, unsigned size)
{
	return (v >> (8 * size - 1)) & 1;
}

/* Returns the new value; sets flags. `op` is ModRM.reg of group 2. */
static uint32_t shift_op(struct cpu *c, unsigned op, unsigned size, uint32_t a, unsigned count)
{
	unsigned bits = 8 * size;
	uint32_t m = size_mask(size);
	count &= 0x1f; /* the count is masked to 5 bits (SDM "SAL/SAR/SHL/SHR") */
	if (count == 0)
		return a; /* no flags change for a masked count of 0 */
	flags_materialize(c);
	uint32_t f = c->eflags;
	uint32_t cf = f & FL_CF, r;
	switch (op) {
	case 0: { /* rol: only CF and OF change */
		unsigned n = count % bits;
		r = n ? ((a << n) | (a >> (bits - n))) & m : a;
		cf = r & 1;
		/* OF is defined for a count of 1 only; other counts use the same
		 * formula (undefined per the SDM). */
		f = (f & ~(FL_CF | FL_OF)) | (cf ? FL_CF : 0) |
		    ((msb_of(r, size) ^ cf) ? FL_OF : 0);
		c->eflags = f;
		return r;
	}
	case 1: { /* ror */
		unsigned n = count % bits;
		r = n ? ((a >> n) | (a << (bits - n))) & m : a;
		cf = msb_of(r, size);
		uint32_t of = msb_of(r, size) ^ ((r >> (bits - 2)) & 1);
		c->eflags = (f & ~(FL_CF | FL_OF)) | (cf ? FL_CF : 0) | (of ? FL_OF : 0);
		return r;
	}
	case 2:
	case 3: { /* rcl, rcr: rotate through CF, modulo size+1 for 8/16 bits */
		unsigned n = size == 4 ? count : count % (bits + 1);
		uint64_t wide = ((uint64_t)(cf ? 1 : 0) << bits) | a; /* CF:dest */
		uint64_t wm = ((uint64_t)1 << (bits + 1)) - 1;
		uint32_t of;
		if (op == 2) {
			wide = n ? ((wide << n) | (wide >> (bits + 1 - n))) & wm : wide;
			r = (uint32_t)wide & m;
			cf = (uint32_t)(wide >> bits) & 1;
			of = msb_of(r, size) ^ cf;
		} else {
			of = msb_of(a, size) ^ (cf ? 1 : 0); /* before the rotate */
			wide = n ? ((wide >> n) | (wide << (bits + 1 - n))) & wm : wide;
			r = (uint32_t)wide & m;
			cf = (uint32_t)(wide >> bits) & 1;
		}
		c->eflags = (f & ~(FL_CF | FL_OF)) | (cf ? FL_CF : 0) | (of ? FL_OF : 0);
		return r;
	}
	case 4:
	case 6: { /* shl/sal */
		uint64_t w = (uint64_t)a << count;
		r = (uint32_t)w & m;
		/* CF is undefined when count >= size; this gives the bit that would
		 * have been shifted out of a wider register. */
		cf = (uint32_t)(w >> bits) & 1;
		uint32_t of = msb_of(r, size) ^ cf;
		f = flags_szp(r, size) | (cf ? FL_CF : 0) | (of ? FL_OF : 0);
		break;
	}
	case 5: { /* shr */
		r = count >= 32 ? 0 : (a >> count) & m;
		cf = count > bits ? 0 : (a >> (count - 1)) & 1;
		f = flags_szp(r, size) | (cf ? FL_CF : 0) |
		    (msb_of(a, size) && count == 1 ? FL_OF : 0);
		break;
	}
	default: { /* sar */
		int64_t s = (int64_t)(int32_t)(a << (32 - bits)) >> (32 - bits);
		r = (uint32_t)(s >> count) & m;
		cf = (uint32_t)(s >> (count - 1)) & 1;
		f = flags_szp(r, size) | (cf ? FL_CF : 0); /* OF = 0 for a count of 1 */
		break;
	}
	}
	/* AF is undefined after a shift with a non-zero count: cleared here. */
	flags_set_arith(c, f);
	return r;
}

static unsigned shift_count(struct cpu *c, const struct insn *i)
{
	switch (i->opcode) {
	case 0xc0:
	case 0xc1: return i->imm & 0xff;
	case 0xd0:
	case 0xd1: return 1;
	default: return c->reg[ECX] & 0xff;
	}
}

static void shift_rm(struct cpu *c, const struct insn *i, unsigned size)
{
	unsigned count = shift_count(c, i);
	if (i->mod == 3) {
		set_reg(c, i->rm, size, shift_op(c, i->regf, size, get_reg(c, i->rm, size), count));
		return;
	}
	uint32_t lin = seg_lin(c, i->seg, insn_ea(c, i), size, true);
	uint8_t *p = rmw_ptr(c, lin, size);
	uint32_t a = p ? load_le(p, size) : lin_read(c, lin, size);
	uint32_t r = shift_op(c, i->regf, size, a, count);
	if (p)
		store_le(p, size, r);
	else
		lin_write(c, lin, size, r);
}

HANDLER(h_shift_Eb)
{
	shift_rm(c, i, 1);
}

HANDLER(h_shift_Ev)
{
	shift_rm(c, i, i->opsize);
}

/* shld/shrd: dest shifted with bits of src coming in (SDM "SHLD", "SHRD").
 * A count above the operand size (16-bit forms) gives undefined results and
 * flags; we shift the 64-bit concatenation deterministically. */
static uint32_t dshift(struct cpu *c, bool left, unsigned size, uint32_t d, uint32_t s,
		       unsigned count)
{
	unsigned bits = 8 * size;
	uint32_t m = size_mask(size);
	uint32_t r, cf;
	if (left) {
		/* DEST:SRC left-aligned in 64 bits; for 16 bits DEST repeats below
		 * SRC so that counts 17..31 (undefined) stay deterministic. */
		uint64_t w = ((uint64_t)d << (64 - bits)) | ((uint64_t)s << (64 - 2 * bits));
		if (size == 2)
			w |= (uint64_t)d << (64 - 3 * bits);
		r = (uint32_t)((w << count) >> (64 - bits)) & m;
		cf = (uint32_t)((w << (count - 1)) >> 63) & 1;
	} else {
		uint64_t w = ((uint64_t)s << bits) | d;
		if (size == 2)
			w |= (uint64_t)d << 32;
		r = (uint32_t)(w >> count) & m;
		cf = (uint32_t)(w >> (count - 1)) & 1;
	}
	/* OF: sign change, defined for a count of 1 only. */
	uint32_t of = msb_of(r, size) ^ msb_of(d, size);
	flags_set_arith(c, flags_szp(r, size) | (cf ? FL_CF : 0) | (of ? FL_OF : 0));
	return r;
}

static void dshift_rm(struct cpu *c, const struct insn *i, bool left)
{
	unsigned size = i->opsize;
	unsigned count = ((i->opcode & 1) ? c->reg[ECX] : i->imm) & 0x1f;
	uint32_t s = get_reg(c, i->regf, size);
	if (count == 0) {
		if (i->mod != 3) /* still a memory reference: may fault */
			(void)rm_read(c, i, size);
		return;
	}
	flags_materialize(c);
	if (i->mod == 3) {
		set_reg(c, i->rm, size, dshift(c, left, size, get_reg(c, i->rm, size), s, count));
		return;
	}
	uint32_t lin = seg_lin(c, i->seg, insn_ea(c, i), size, true);
	uint8_t *p = rmw_ptr(c, lin, size);
	uint32_t d = p ? load_le(p, size) : lin_read(c, lin, size);
	uint32_t r = dshift(c, left, size, d, s, count);
	if (p)
		store_le(p, size, r);
	else
		lin_write(c, lin, size, r);
}

HANDLER(h_shld)
{
	dshift_rm(c, i, true);
}

HANDLER(h_shrd)
{
	dshift_rm(c, i, false);
}

/* bt/bts/btr/btc: CF = the bit; ZF unchanged; OF, SF, AF, PF undefined and
 * left unchanged here. `kind` is 0 bt, 1 bts, 2 btr, 3 btc. */
static uint32_t bit_op(struct cpu *c, unsigned kind, uint32_t v, unsigned bit)
{
	flags_materialize(c);
	uint32_t mask = 1u << bit;
	c->eflags = (c->eflags & ~FL_CF) | ((v & mask) ? FL_CF : 0);
	switch (kind) {
	case 1: return v | mask;
	case 2: return v & ~mask;
	case 3: return v ^ mask;
	default: return v;
	}
}

static unsigned bt_kind(const struct insn *i)
{
	if (i->opcode == 0xba)
		return i->regf - 4;
	return (i->opcode >> 3) & 3; /* a3 bt, ab bts, b3 btr, bb btc */
}

static void bt_common(struct cpu *c, const struct insn *i, uint32_t ea, unsigned bit)
{
	unsigned size = i->opsize, kind = bt_kind(i);
	if (i->mod == 3) {
		uint32_t r = bit_op(c, kind, get_reg(c, i->rm, size), bit);
		if (kind)
			set_reg(c, i->rm, size, r);
		return;
	}
	if (!kind) {
		bit_op(c, 0, read_seg(c, i->seg, ea, size), bit);
		return;
	}
	uint32_t lin = seg_lin(c, i->seg, ea, size, true);
	uint8_t *p = rmw_ptr(c, lin, size);
	uint32_t v = p ? load_le(p, size) : lin_read(c, lin, size);
	uint32_t r = bit_op(c, kind, v, bit);
	if (p)
		store_le(p, size, r);
	else
		lin_write(c, lin, size, r);
}

HANDLER(h_bt_EvGv)
{
	unsigned bits = 8 * i->opsize;
	uint32_t off = get_reg(c, i->regf, i->opsize);
	if (i->mod == 3) {
		bt_common(c, i, 0, off & (bits - 1));
		return;
	}
	/* The register bit offset is signed and may reach outside the operand:
	 * the address moves by whole operands (SDM "BT", "Bit(BitBase,
	 * BitOffset)"). */
	int32_t soff = i->opsize == 2 ? (int16_t)off : (int32_t)off;
	int32_t words = soff >> (bits == 16 ? 4 : 5); /* arithmetic shift: floor */
	uint32_t ea = (insn_ea(c, i) + (uint32_t)words * i->opsize) & i->ea_mask;
	bt_common(c, i, ea, (uint32_t)soff & (bits - 1));
}

HANDLER(h_bt_EvIb)
{
	unsigned bits = 8 * i->opsize;
	bt_common(c, i, i->mod == 3 ? 0 : insn_ea(c, i), i->imm & (bits - 1));
}

/* bsf/bsr: ZF=1 and the destination unchanged for a zero source (the SDM
 * says undefined; AMD documents unchanged); CF, OF, SF, AF, PF undefined and
 * left unchanged here. */
static void bscan(struct cpu *c, const struct insn *i, bool reverse)
{
	unsigned size = i->opsize;
	uint32_t v = rm_read(c, i, size);
	flags_materialize(c);
	if (v == 0) {
		c->eflags |= FL_ZF;
		return;
	}
	c->eflags &= ~FL_ZF;
	set_reg(c, i->regf, size,
		reverse ? 31u - (uint32_t)__builtin_clz(v) : (uint32_t)__builtin_ctz(v));
}

HANDLER(h_bsf)
{
	bscan(c, i, false);
}

HANDLER(h_bsr)
{
	bscan(c, i, true);
}

HANDLER(h_bswap)
{
	unsigned r = i->opcode & 7;
	if (i->opsize == 2) {
		/* Undefined for 16-bit operands (SDM "BSWAP"): we clear the word. */
		set_reg(c, r, 2, 0);
		return;
	}
	c->reg[r] = __builtin_bswap32(c->reg[r]);
}
