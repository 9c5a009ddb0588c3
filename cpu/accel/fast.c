/*
 * Specialised handlers (fast.h). Every one mirrors its generic handler in
 * ops_*.c for operand and address size 4 and one ModRM form; where the
 * generic one would do something else (a prefix, a 16-bit size, lock),
 * fast_handler() returns NULL and the generic handler runs.
 */
#include "fast.h"

#include "accel.h"

/* ops_alu.c alu_rm() on a memory operand of size 4, when on the fast
 * path; false to let the generic handler do it. */
static inline bool alu4_mem(struct cpu *c, const struct insn *i, int op, uint32_t b, unsigned form)
{
	uint8_t *p = mem_ptr_form(c, i, 4, op == F_CMP ? c->rtag : c->wtag, form);
	if (unlikely(!p))
		return false;
	uint32_t r = alu4(c, op, load_le(p, 4), b);
	if (op != F_CMP)
		store_le(p, 4, r);
	return true;
}

#define ALU_FAST(name, OP)                                                                         \
	FAST(f_##name##_EvGv_r)                                                                    \
	{                                                                                          \
		uint32_t r = alu4(c, OP, c->reg[i->rm], c->reg[i->regf]);                          \
		if (OP != F_CMP)                                                                   \
			c->reg[i->rm] = r;                                                         \
	}                                                                                          \
	FAST_M(f_##name##_EvGv_m)                                                                  \
	{                                                                                          \
		if (unlikely(!alu4_mem(c, i, OP, c->reg[i->regf], form)))                          \
			*slow = h_##name##_EvGv;                                                   \
	}                                                                                          \
	FAST(f_##name##_GvEv_r)                                                                    \
	{                                                                                          \
		uint32_t r = alu4(c, OP, c->reg[i->regf], c->reg[i->rm]);                          \
		if (OP != F_CMP)                                                                   \
			c->reg[i->regf] = r;                                                       \
	}                                                                                          \
	FAST_M(f_##name##_GvEv_m)                                                                  \
	{                                                                                          \
		const uint8_t *p = mem_ptr_form(c, i, 4, c->rtag, form);                           \
		if (unlikely(!p)) {                                                                \
			*slow = h_##name##_GvEv;                                                   \
			return;                                                                    \
		}                                                                                  \
		uint32_t r = alu4(c, OP, c->reg[i->regf], load_le(p, 4));                          \
		if (OP != F_CMP)                                                                   \
			c->reg[i->regf] = r;                                                       \
	}                                                                                          \
	FAST(f_##name##_EvI_r)                                                                     \
	{                                                                                          \
		uint32_t r = alu4(c, OP, c->reg[i->rm], i->imm);                                   \
		if (OP != F_CMP)                                                                   \
			c->reg[i->rm] = r;                                                         \
	}                                                                                          \
	FAST_M(f_##name##_EvIv_m)                                                                  \
	{                                                                                          \
		if (unlikely(!alu4_mem(c, i, OP, i->imm, form)))                                   \
			*slow = h_##name##_EvIv;                                                   \
	}                                                                                          \
	FAST_M(f_##name##_EvIbs_m)                                                                 \
	{                                                                                          \
		if (unlikely(!alu4_mem(c, i, OP, i->imm, form)))                                   \
			*slow = h_##name##_EvIbs;                                                  \
	}                                                                                          \
	FAST(f_##name##_eAXIv)                                                                     \
	{                                                                                          \
		uint32_t r = alu4(c, OP, c->reg[EAX], i->imm);                                     \
		if (OP != F_CMP)                                                                   \
			c->reg[EAX] = r;                                                           \
	}

ALU_FAST(add, F_ADD)
ALU_FAST(or, F_OR)
ALU_FAST(and, F_AND)
ALU_FAST(sub, F_SUB)
ALU_FAST(xor, F_XOR)
ALU_FAST(cmp, F_CMP)

FAST(f_test_EvGv_r)
{
	alu4(c, F_AND, c->reg[i->rm], c->reg[i->regf]);
}

/* Byte forms with register or immediate operands (ops_alu.c alu() for
 * size 1): AL..BH name the low and high bytes of EAX..EBX (get_reg). */
#define ALU8_FAST(name, OP)                                                                        \
	FAST(f_##name##_EbGb_r)                                                                    \
	{                                                                                          \
		set_reg(c, i->rm, 1, alu1(c, OP, get_reg(c, i->rm, 1), get_reg(c, i->regf, 1)));   \
	}                                                                                          \
	FAST(f_##name##_GbEb_r)                                                                    \
	{                                                                                          \
		set_reg(c, i->regf, 1, alu1(c, OP, get_reg(c, i->regf, 1), get_reg(c, i->rm, 1))); \
	}                                                                                          \
	FAST(f_##name##_EbIb_r)                                                                    \
	{                                                                                          \
		set_reg(c, i->rm, 1, alu1(c, OP, get_reg(c, i->rm, 1), i->imm));                   \
	}                                                                                          \
	FAST(f_##name##_ALIb)                                                                      \
	{                                                                                          \
		set_reg(c, EAX, 1, alu1(c, OP, c->reg[EAX] & 0xff, i->imm));                       \
	}
ALU8_FAST(add, F_ADD)
ALU8_FAST(or, F_OR)
ALU8_FAST(and, F_AND)
ALU8_FAST(sub, F_SUB)
ALU8_FAST(xor, F_XOR)
#undef ALU8_FAST

FAST(f_mov_EbGb_r)
{
	set_reg(c, i->rm, 1, get_reg(c, i->regf, 1));
}

FAST(f_mov_GbEb_r)
{
	set_reg(c, i->regf, 1, get_reg(c, i->rm, 1));
}

FAST(f_cmp_GbEb_r)
{
	alu1(c, F_CMP, get_reg(c, i->regf, 1), get_reg(c, i->rm, 1));
}

FAST(f_cmp_EbIb_r)
{
	alu1(c, F_CMP, get_reg(c, i->rm, 1), i->imm);
}

FAST_M(f_cmp_EbIb_m)
{
	const uint8_t *p = mem_ptr_form(c, i, 1, c->rtag, form);
	if (unlikely(!p)) {
		*slow = h_cmp_EbIb;
		return;
	}
	alu1(c, F_CMP, *p, i->imm);
}

FAST(f_cmp_EbGb_r)
{
	alu1(c, F_CMP, get_reg(c, i->rm, 1), get_reg(c, i->regf, 1));
}

FAST(f_cmp_ALIb)
{
	alu1(c, F_CMP, c->reg[EAX] & 0xff, i->imm);
}

FAST(f_test_EbGb_r)
{
	alu1(c, F_AND, get_reg(c, i->rm, 1), get_reg(c, i->regf, 1));
}

/*
 * A store the TLB refused: beside decoded code in a watched page it is a
 * plain store after all (mem.c watched_store_ptr(), what the generic
 * handler's mem_write_slow() tries first), done here without the generic
 * handler's decoding of the operands; anything else goes to the generic
 * handler. The specialised handlers name these as their slow path, so
 * their fast paths stay as they were.
 */
static inline __attribute__((always_inline)) uint8_t *
store_beside_code(struct cpu *c, const struct insn *i, unsigned size)
{
	const struct seg *s = &c->seg[i->seg];
	if (s->slow)
		return NULL;
	uint32_t lin = s->base + ea32(c, i), off = lin & PAGE_MASK;
	const struct tlb_entry *e = tlb_slot(&c->mmu, lin);
	const struct phys_mem *pm = c->pm;
	/* The common case inline: a watched page still holding code, the
	 * store outside its code chunks (mmu/phys.h code_bits). */
	if (likely(e->vpage == lin >> PAGE_SHIFT && (e->perm & TLB_W_WATCHED(c->wperm)) &&
		   off <= PAGE_SIZE - size && pm->code_page[e->ppage] &&
		   !(pm->code_bits[e->ppage] & phys_chunks(off, size))))
		return e->host + off;
	return watched_store_ptr(c, lin, size, c->wperm);
}

/* The store done, the run goes on threaded, as after the fast path. */
#define BESIDE_CODE(name, size, STORE)                                                             \
	static void name##_beside_code(struct cpu *c, const struct insn *i)                        \
	{                                                                                          \
		uint8_t *p = store_beside_code(c, i, size);                                        \
		if (unlikely(!p)) {                                                                \
			note_cur(c, i);                                                            \
			h_##name(c, i);                                                            \
			return;                                                                    \
		}                                                                                  \
		STORE;                                                                             \
		run_next(c, i);                                                                    \
	}
BESIDE_CODE(mov_EbIb, 1, *p = (uint8_t)i->imm)
BESIDE_CODE(mov_EbGb, 1, *p = (uint8_t)get_reg(c, i->regf, 1))
BESIDE_CODE(mov_EvGv, 4, store_le(p, 4, c->reg[i->regf]))
BESIDE_CODE(mov_EvIv, 4, store_le(p, 4, i->imm))
#undef BESIDE_CODE

FAST_M(f_mov_EbIb_m)
{
	uint8_t *p = mem_ptr_form(c, i, 1, c->wtag, form);
	if (likely(p))
		*p = (uint8_t)i->imm;
	else
		*slow = mov_EbIb_beside_code;
}

FAST_M(f_mov_EbGb_m)
{
	uint8_t *p = mem_ptr_form(c, i, 1, c->wtag, form);
	if (likely(p))
		*p = (uint8_t)get_reg(c, i->regf, 1);
	else
		*slow = mov_EbGb_beside_code;
}

FAST_M(f_mov_GbEb_m)
{
	const uint8_t *p = mem_ptr_form(c, i, 1, c->rtag, form);
	if (likely(p))
		set_reg(c, i->regf, 1, *p);
	else
		*slow = h_mov_GbEb;
}

/* ---- shifts of a 32-bit register (ops_shift.c shift_op) ---- */
/* shift_count(): the count as the generic handler takes it, then masked
 * to 5 bits (SDM "SAL/SAR/SHL/SHR"). */
static inline unsigned count5(const struct cpu *c, const struct insn *i)
{
	unsigned n = i->opcode == 0xc1 ? i->imm : i->opcode == 0xd1 ? 1 : c->reg[ECX];
	return n & 0x1f;
}

/* shl, shr and sar (and mul, imul: below) set all six arithmetic flags (AF
 * cleared, undefined per the SDM) whatever came before: nothing to
 * materialise. SF, ZF and
 * PF of the result with AF cleared are what a logic record gives
 * (flags.c op_flags); CF and OF go into eflags beside it, marked
 * LF_CFOF_EAGER as after a rotate. Fewer host instructions than all six
 * computed at once, and the same flags for every reader. */
static inline __attribute__((always_inline)) void
shift_flags(struct cpu *c, uint32_t r, unsigned size, uint32_t cf, uint32_t of)
{
	c->eflags = (c->eflags & ~(FL_CF | FL_OF)) | (cf ? FL_CF : 0) | (of ? FL_OF : 0);
	c->lf.op = LF_LOGIC | LF_CFOF_EAGER;
	c->lf.size = (uint8_t)size;
	c->lf.res = r;
}

FAST(f_shl_r)
{
	unsigned n = count5(c, i);
	if (n == 0)
		return; /* no flags change for a masked count of 0 */
	uint32_t a = c->reg[i->rm];
	uint64_t w = (uint64_t)a << n;
	uint32_t r = (uint32_t)w, cf = (uint32_t)(w >> 32) & 1;
	shift_flags(c, r, 4, cf, (r >> 31) ^ cf);
	c->reg[i->rm] = r;
}

FAST(f_shr_r)
{
	unsigned n = count5(c, i);
	if (n == 0)
		return;
	uint32_t a = c->reg[i->rm], r = a >> n, cf = (a >> (n - 1)) & 1;
	shift_flags(c, r, 4, cf, (a >> 31) && n == 1);
	c->reg[i->rm] = r;
}

/* The same by an immediate count that is not 0 once masked (fast_handler()
 * picks these only then): the count is a constant of the instruction, so
 * there is neither a count to fetch nor a zero count to test. */
static inline unsigned imm5(const struct insn *i)
{
	return i->imm & 0x1f;
}

FAST(f_shl_ri)
{
	unsigned n = imm5(i);
	uint32_t a = c->reg[i->rm], r = a << n, cf = (a >> (32 - n)) & 1;
	shift_flags(c, r, 4, cf, (r >> 31) ^ cf);
	c->reg[i->rm] = r;
}

FAST(f_shr_ri)
{
	unsigned n = imm5(i);
	uint32_t a = c->reg[i->rm], r = a >> n, cf = (a >> (n - 1)) & 1;
	shift_flags(c, r, 4, cf, (a >> 31) && n == 1);
	c->reg[i->rm] = r;
}

FAST(f_sar_ri)
{
	unsigned n = imm5(i);
	int32_t s = (int32_t)c->reg[i->rm];
	uint32_t r = (uint32_t)(s >> n), cf = (uint32_t)(s >> (n - 1)) & 1;
	shift_flags(c, r, 4, cf, 0);
	c->reg[i->rm] = r;
}

/* shl/sal, shr and sar of an 8-bit register: shift_op() for size 1, the
 * same formulas (CF for a count past 8 as it defines it). */
FAST(f_shift8_r)
{
	unsigned n = (i->opcode == 0xc0 ? i->imm : i->opcode == 0xd0 ? 1 : c->reg[ECX]) & 0x1f;
	if (n == 0)
		return;
	uint32_t a = get_reg(c, i->rm, 1), r, cf, of;
	if (i->regf == 5) { /* shr */
		r = a >> n;
		cf = n > 8 ? 0 : (a >> (n - 1)) & 1;
		of = (a >> 7) && n == 1;
	} else if (i->regf == 7) { /* sar */
		int32_t sa = (int8_t)a;
		r = (uint32_t)(sa >> n) & 0xff;
		cf = (uint32_t)(sa >> (n - 1)) & 1;
		of = 0;
	} else { /* shl, sal */
		uint64_t w = (uint64_t)a << n;
		r = (uint32_t)w & 0xff;
		cf = (uint32_t)(w >> 8) & 1;
		of = (r >> 7) ^ cf;
	}
	shift_flags(c, r, 1, cf, of);
	set_reg(c, i->rm, 1, r);
}

/* shr of an 8-bit register by 1 (D0 /5), the form of bit-serial loops
 * (a CRC over bytes): CF the bit shifted out, OF the operand's top bit. */
FAST(f_shr8_1)
{
	uint32_t a = get_reg(c, i->rm, 1);
	shift_flags(c, a >> 1, 1, a & 1, a >> 7);
	set_reg(c, i->rm, 1, a >> 1);
}

FAST(f_sar_r)
{
	unsigned n = count5(c, i);
	if (n == 0)
		return;
	int64_t s = (int32_t)c->reg[i->rm];
	uint32_t r = (uint32_t)(s >> n), cf = (uint32_t)(s >> (n - 1)) & 1;
	shift_flags(c, r, 4, cf, 0);
	c->reg[i->rm] = r;
}

/* rol and ror change only CF and OF (SDM vol. 2 "RCL/RCR/ROL/ROR"): the
 * others stay in the lazy record, marked LF_CFOF_EAGER. */
static inline void set_cf_of(struct cpu *c, uint32_t cf, uint32_t of)
{
	c->eflags = (c->eflags & ~(FL_CF | FL_OF)) | (cf ? FL_CF : 0) | (of ? FL_OF : 0);
	if (c->lf.op != LF_NONE)
		c->lf.op |= LF_CFOF_EAGER;
}

FAST(f_rol_r)
{
	unsigned n = count5(c, i);
	if (n == 0)
		return;
	uint32_t a = c->reg[i->rm], r = (a << n) | (a >> (32 - n)), cf = r & 1;
	set_cf_of(c, cf, (r >> 31) ^ cf);
	c->reg[i->rm] = r;
}

FAST(f_ror_r)
{
	unsigned n = count5(c, i);
	if (n == 0)
		return;
	uint32_t a = c->reg[i->rm], r = (a >> n) | (a << (32 - n)), cf = r >> 31;
	set_cf_of(c, cf, cf ^ ((r >> 30) & 1));
	c->reg[i->rm] = r;
}

FAST(f_rol_ri)
{
	unsigned n = imm5(i);
	uint32_t a = c->reg[i->rm], r = (a << n) | (a >> (32 - n)), cf = r & 1;
	set_cf_of(c, cf, (r >> 31) ^ cf);
	c->reg[i->rm] = r;
}

FAST(f_ror_ri)
{
	unsigned n = imm5(i);
	uint32_t a = c->reg[i->rm], r = (a >> n) | (a << (32 - n)), cf = r >> 31;
	set_cf_of(c, cf, cf ^ ((r >> 30) & 1));
	c->reg[i->rm] = r;
}

/* ---- imul r32, r/m32 (ops_alu.c imul_trunc, mul_flags) ---- */
static inline uint32_t imul4(struct cpu *c, uint32_t a, uint32_t b)
{
	int64_t r = (int64_t)(int32_t)a * (int32_t)b;
	/* CF = OF = the product does not fit; SF, ZF, PF from the low half
	 * (undefined per the SDM, as the generic handler makes them); AF 0:
	 * what a shift's record gives, with SF, ZF and PF left lazy. */
	uint32_t ovf = r != (int32_t)r;
	shift_flags(c, (uint32_t)r, 4, ovf, ovf);
	return (uint32_t)r;
}

FAST(f_imul_GvEv_r)
{
	c->reg[i->regf] = imul4(c, c->reg[i->regf], c->reg[i->rm]);
}

FAST_M(f_imul_GvEv_m)
{
	const uint8_t *p = mem_ptr_form(c, i, 4, c->rtag, form);
	if (unlikely(!p)) {
		*slow = h_imul_GvEv;
		return;
	}
	c->reg[i->regf] = imul4(c, c->reg[i->regf], load_le(p, 4));
}

/* ---- one-operand mul and imul, div, not, neg of a 32-bit register
 * (ops_alu.c mul_common, div_common, notneg) ---- */
FAST(f_mul_Ev_r)
{
	uint64_t r = (uint64_t)c->reg[EAX] * c->reg[i->rm];
	c->reg[EAX] = (uint32_t)r;
	c->reg[EDX] = (uint32_t)(r >> 32);
	/* CF = OF = a nonzero upper half; SF, ZF, PF from the low half
	 * (undefined per the SDM, as the generic handler makes them). */
	shift_flags(c, (uint32_t)r, 4, (r >> 32) != 0, (r >> 32) != 0);
}

FAST(f_imul_Ev_r)
{
	int64_t r = (int64_t)(int32_t)c->reg[EAX] * (int32_t)c->reg[i->rm];
	c->reg[EAX] = (uint32_t)r;
	c->reg[EDX] = (uint32_t)((uint64_t)r >> 32);
	shift_flags(c, (uint32_t)r, 4, r != (int32_t)r, r != (int32_t)r);
}

/* A divisor of 0 or a quotient too wide (#DE) takes the generic handler,
 * which raises it. The flags are undefined (SDM "DIV"): unchanged, as
 * there. */
FAST(f_div_Ev_r)
{
	uint32_t d = c->reg[i->rm];
	uint64_t n = ((uint64_t)c->reg[EDX] << 32) | c->reg[EAX];
	if (unlikely(d == 0 || c->reg[EDX] >= d)) {
		*slow = h_div_Ev;
		return;
	}
	c->reg[EAX] = (uint32_t)(n / d);
	c->reg[EDX] = (uint32_t)(n % d);
}

/* idiv: the same, a signed dividend EDX:EAX and divisor; #DE (a divisor
 * of 0, a quotient outside 32 bits, INT64_MIN / -1 among them) goes to the
 * generic handler, before the host divides. */
FAST(f_idiv_Ev_r)
{
	int64_t d = (int32_t)c->reg[i->rm];
	int64_t n = (int64_t)(((uint64_t)c->reg[EDX] << 32) | c->reg[EAX]);
	if (unlikely(d == 0 || (d == -1 && n == INT64_MIN))) {
		*slow = h_idiv_Ev;
		return;
	}
	int64_t q = n / d;
	if (unlikely(q != (int32_t)q)) {
		*slow = h_idiv_Ev;
		return;
	}
	c->reg[EAX] = (uint32_t)q;
	c->reg[EDX] = (uint32_t)(n % d);
}

/* cdq (ops_move.c h_cwd, 32-bit operand size): EDX = EAX's sign. */
FAST(f_cdq)
{
	c->reg[EDX] = 0u - (c->reg[EAX] >> 31);
}

/* mov $imm8 into an 8-bit register (B0+r: AL..BH). */
FAST(f_mov_ZbIb)
{
	set_reg(c, i->opcode & 7, 1, i->imm & 0xff);
}

FAST(f_not_Ev_r)
{
	c->reg[i->rm] = ~c->reg[i->rm];
}

FAST(f_neg_Ev_r)
{
	c->reg[i->rm] = alu4(c, F_SUB, 0, c->reg[i->rm]);
}

FAST(f_imul_GvEvI_r)
{
	c->reg[i->regf] = imul4(c, c->reg[i->rm], i->imm);
}

/* ---- moves (ops_move.c) ---- */
FAST(f_mov_EvGv_r)
{
	c->reg[i->rm] = c->reg[i->regf];
}

FAST_M(f_mov_EvGv_m)
{
	uint8_t *p = mem_ptr_form(c, i, 4, c->wtag, form);
	if (likely(p))
		store_le(p, 4, c->reg[i->regf]);
	else
		*slow = mov_EvGv_beside_code;
}

FAST(f_mov_GvEv_r)
{
	c->reg[i->regf] = c->reg[i->rm];
}

FAST_M(f_mov_GvEv_m)
{
	const uint8_t *p = mem_ptr_form(c, i, 4, c->rtag, form);
	if (likely(p))
		c->reg[i->regf] = load_le(p, 4);
	else
		*slow = h_mov_GvEv;
}

FAST(f_mov_ZvIv)
{
	c->reg[i->opcode & 7] = i->imm;
}

/* mov $imm16,%r16 (66 B8+r iw), the trap stub's `mov $SEL_KDATA,%ax`: a
 * 16-bit destination is the register's low word, the upper 16 bits are
 * not changed (SDM vol. 2 "MOV", vol. 1 §3.4.1.1). No flags. */
FAST(f_mov_ZwIw)
{
	uint32_t *r = &c->reg[i->opcode & 7];
	*r = (*r & 0xffff0000u) | (i->imm & 0xffffu);
}

FAST(f_mov_EvIv_r)
{
	c->reg[i->rm] = i->imm;
}

FAST_M(f_mov_EvIv_m)
{
	uint8_t *p = mem_ptr_form(c, i, 4, c->wtag, form);
	if (likely(p))
		store_le(p, 4, i->imm);
	else
		*slow = mov_EvIv_beside_code;
}

FAST(f_movzx_Eb_r)
{
	c->reg[i->regf] = get_reg(c, i->rm, 1);
}

FAST_M(f_movzx_Eb_m)
{
	const uint8_t *p = mem_ptr_form(c, i, 1, c->rtag, form);
	if (likely(p))
		c->reg[i->regf] = *p;
	else
		*slow = h_movzx_Eb;
}

FAST_M(f_movsx_Eb_m)
{
	const uint8_t *p = mem_ptr_form(c, i, 1, c->rtag, form);
	if (likely(p))
		c->reg[i->regf] = (uint32_t)(int32_t)(int8_t)*p;
	else
		*slow = h_movsx_Eb;
}

FAST_M(f_movzx_Ew_m)
{
	const uint8_t *p = mem_ptr_form(c, i, 2, c->rtag, form);
	if (likely(p))
		c->reg[i->regf] = load_le(p, 2);
	else
		*slow = h_movzx_Ew;
}

FAST(f_movzx_Ew_r)
{
	c->reg[i->regf] = c->reg[i->rm] & 0xffff;
}

FAST(f_movsx_Ew_r)
{
	c->reg[i->regf] = (uint32_t)(int32_t)(int16_t)c->reg[i->rm];
}

FAST(f_movsx_Eb_r)
{
	c->reg[i->regf] = (uint32_t)(int32_t)(int8_t)get_reg(c, i->rm, 1);
}

FAST_M(f_movsx_Ew_m)
{
	const uint8_t *p = mem_ptr_form(c, i, 2, c->rtag, form);
	if (likely(p))
		c->reg[i->regf] = (uint32_t)(int32_t)(int16_t)load_le(p, 2);
	else
		*slow = h_movsx_Ew;
}

FAST_M(f_lea)
{
	c->reg[i->regf] = ea32_form(c, i, form);
}

/* ---- inc/dec: CF is kept (ops_alu.c incdec) ---- */
FAST(f_inc_Zv)
{
	unsigned r = i->opcode & 7;
	uint32_t a = c->reg[r], cf = cf_now(c);
	c->eflags = (c->eflags & ~FL_CF) | cf;
	lazy_set(c, LF_INC, 4, a, 1, a + 1);
	c->reg[r] = a + 1;
}

/* inc/dec of an 8-bit register (FE /0, /1): CF kept, the rest lazy. */
FAST(f_incdec8_r)
{
	uint32_t a = get_reg(c, i->rm, 1), cf = cf_now(c);
	uint32_t r = (i->regf ? a - 1 : a + 1) & 0xff;
	c->eflags = (c->eflags & ~FL_CF) | cf;
	lazy_set(c, i->regf ? LF_DEC : LF_INC, 1, a, 1, r);
	set_reg(c, i->rm, 1, r);
}

FAST(f_dec_Zv)
{
	unsigned r = i->opcode & 7;
	uint32_t a = c->reg[r], cf = cf_now(c);
	c->eflags = (c->eflags & ~FL_CF) | cf;
	lazy_set(c, LF_DEC, 4, a, 1, a - 1);
	c->reg[r] = a - 1;
}

/* inc/dec of a 32-bit memory operand (FF /0, /1): CF kept, the rest lazy. */
FAST_M(f_incdec_Ev_m)
{
	uint8_t *p = mem_ptr_form(c, i, 4, c->wtag, form);
	if (unlikely(!p)) {
		*slow = i->regf ? h_dec_Ev : h_inc_Ev;
		return;
	}
	uint32_t a = load_le(p, 4), cf = cf_now(c);
	uint32_t r = i->regf ? a - 1 : a + 1;
	c->eflags = (c->eflags & ~FL_CF) | cf;
	lazy_set(c, i->regf ? LF_DEC : LF_INC, 4, a, 1, r);
	store_le(p, 4, r);
}

/* ---- stack (ops_move.c) ---- */
FAST(f_push_Zv)
{
	uint32_t v = c->reg[i->opcode & 7]; /* push %esp pushes the old value */
	uint32_t sp = c->reg[ESP] - 4;
	uint8_t *p = stack_ptr(c, sp, c->wtag);
	if (unlikely(!p)) {
		*slow = h_push_Zv;
		return;
	}
	store_le(p, 4, v);
	c->reg[ESP] = sp;
}

FAST(f_pop_Zv)
{
	uint32_t sp = c->reg[ESP];
	const uint8_t *p = stack_ptr(c, sp, c->rtag);
	if (unlikely(!p)) {
		*slow = h_pop_Zv;
		return;
	}
	c->reg[ESP] = sp + 4;
	c->reg[i->opcode & 7] = load_le(p, 4); /* pop %esp: the popped value wins */
}

/* ---- branches (ops_ctrl.c) ---- */
/* The end of a direct jmp or a jcc ending its block: another round of the
 * loop it closes, or on to the block after it (accel.h). */
static inline __attribute__((always_inline)) void jcc_end(struct cpu *c, const struct insn *i,
							  bool taken)
{
	if (!taken) {
		chain_next(c, i, 1);
		return;
	}
	if (loop_again(c, i))
		return;
	c->next_eip = branch_target(c, i);
	chain_next(c, i, 0);
}

/* cond_true() (flags.c) for the states a compare, a subtraction or a logic
 * operation leaves (lazy_cc(), accel.h); other states take the generic
 * h_jcc. One handler per condition code, fixed at decode time. */
#define JCC_FAST(cc, n)                                                                            \
	static void f_j##cc(struct cpu *c, const struct insn *i)                                   \
	{                                                                                          \
		int t = lazy_cc(c, n);                                                             \
		if (unlikely(t < 0)) {                                                             \
			note_cur(c, i);                                                            \
			h_jcc(c, i);                                                               \
			return;                                                                    \
		}                                                                                  \
		jcc_end(c, i, t);                                                                  \
	}

JCC_FAST(o, 0)
JCC_FAST(no, 1)
JCC_FAST(b, 2)
JCC_FAST(ae, 3)
JCC_FAST(e, 4)
JCC_FAST(ne, 5)
JCC_FAST(be, 6)
JCC_FAST(a, 7)
JCC_FAST(s, 8)
JCC_FAST(ns, 9)
JCC_FAST(l, 12)
JCC_FAST(ge, 13)
JCC_FAST(le, 14)
JCC_FAST(g, 15)

/* Parity has no shortcut: the generic handler. */
static const exec_fn jcc_fast[16] = {
    f_jo, f_jno, f_jb, f_jae, f_je, f_jne, f_jbe, f_ja,
    f_js, f_jns, NULL, NULL,  f_jl, f_jge, f_jle, f_jg,
};

/* A guard whose condition the record cannot give inline (lazy_cc):
 * cond_true(), in a function of its own that the guard reaches by a tail
 * call, so the guards call no function and save no registers. The
 * condition is the opcode's low nibble (70+cc, 0F 80+cc). */
static __attribute__((noinline)) void guard_cond_true(struct cpu *c, const struct insn *i)
{
	if (cond_true(c, i->opcode & 15u)) {
		side_exit(c, i);
		return;
	}
	run_next(c, i);
}

/* The same for a jcc inside a block (a guard): taken, it ends the run
 * (side_exit); not taken, the run goes on. */
#define GUARD(cc, n)                                                                               \
	static void g_j##cc(struct cpu *c, const struct insn *i)                                   \
	{                                                                                          \
		int t = lazy_cc(c, n);                                                             \
		if (unlikely(t < 0)) {                                                             \
			guard_cond_true(c, i);                                                     \
			return;                                                                    \
		}                                                                                  \
		if (t) {                                                                           \
			side_exit(c, i);                                                           \
			return;                                                                    \
		}                                                                                  \
		run_next(c, i);                                                                    \
	}

GUARD(o, 0)
GUARD(no, 1)
GUARD(b, 2)
GUARD(ae, 3)
GUARD(e, 4)
GUARD(ne, 5)
GUARD(be, 6)
GUARD(a, 7)
GUARD(s, 8)
GUARD(ns, 9)
GUARD(l, 12)
GUARD(ge, 13)
GUARD(le, 14)
GUARD(g, 15)

static const exec_fn jcc_guard[16] = {
    g_jo, g_jno, g_jb, g_jae, g_je, g_jne, g_jbe, g_ja,
    g_js, g_jns, NULL, NULL,  g_jl, g_jge, g_jle, g_jg,
};

bool fast_direct_jump(const struct insn *i)
{
	exec_fn gen = op_handlers[i->row];
	return i->opsize == 4 && (gen == h_jcc || i->row == ROW_jmp_Jb || i->row == ROW_jmp_Jv);
}

exec_fn guard_handler(const struct insn *i)
{
	return op_handlers[i->row] == h_jcc ? jcc_guard[i->opcode & 15] : NULL;
}

FAST_M_JUMP_ANY(f_jmp_Ev_m)
{
	const uint8_t *p = mem_ptr_form(c, i, 4, c->rtag, form);
	uint32_t target = p ? load_le(p, 4) : 0;
	if (unlikely(!p || target > c->seg[SEG_CS].limit)) {
		*slow = h_jmp_Ev;
		return;
	}
	c->next_eip = target;
}

static void f_jmp_J(struct cpu *c, const struct insn *i)
{
	jcc_end(c, i, true);
}

FAST_JUMP(f_call_J)
{
	uint32_t target = c->next_eip + i->imm;
	uint32_t sp = c->reg[ESP] - 4;
	uint8_t *p = stack_ptr(c, sp, c->wtag);
	if (unlikely(!p || target > c->seg[SEG_CS].limit)) {
		*slow = h_call_J;
		return;
	}
	store_le(p, 4, c->next_eip);
	c->reg[ESP] = sp;
	c->next_eip = target;
}

FAST_JUMP_ANY(f_ret)
{
	uint32_t sp = c->reg[ESP];
	const uint8_t *p = stack_ptr(c, sp, c->rtag);
	uint32_t target = p ? load_le(p, 4) : 0;
	if (unlikely(!p || target > c->seg[SEG_CS].limit)) {
		*slow = h_ret;
		return;
	}
	c->reg[ESP] = sp + 4;
	c->next_eip = target;
}

/* Inlined in a block (fast.h): the jump itself is the decoding going on
 * at the target; a call pushes the EIP after it as its return address. */
FAST(f_jmp_inline)
{
	(void)c, (void)i;
}

/* Its push the general way (a 16-bit or checked stack, or a TLB miss),
 * reached as a slow path, with fast_cur noted (push() may fault): a
 * function called from f_call_inline itself would cost each of its runs
 * the saving of registers. */
FAST(f_call_inline_push)
{
	push(c, 4, c->eip + (uint32_t)(int32_t)i->eoff + i->len);
}

FAST(f_call_inline)
{
	uint32_t ret = c->eip + (uint32_t)(int32_t)i->eoff + i->len;
	uint32_t sp = c->reg[ESP] - 4;
	uint8_t *p = stack_ptr(c, sp, c->wtag);
	if (unlikely(!p)) {
		*slow = f_call_inline_push;
		return;
	}
	store_le(p, 4, ret);
	c->reg[ESP] = sp;
}

exec_fn inline_jump_handler(const struct insn *i)
{
	switch (i->row) {
	case ROW_jmp_Jb:
	case ROW_jmp_Jv: return f_jmp_inline;
	case ROW_call_Jv: return f_call_inline;
	default: return NULL;
	}
}

/*
 * Flag liveness (block.c): an operation into a register whose six status
 * flags the next instruction of its block overwrites, all of them, without
 * reading one and without being able to fault (fast_kills_flags()), needs
 * no lazy-flag record: its twin below only computes the result. Where a
 * run can stop between the two (a budget or an event cuts the stretch
 * there, or the instruction runs alone: fast_end at or before i + 1), the
 * twin does the whole operation, so the flags are exact wherever anyone
 * can see them. tests/unit/test_blocks.c compares block runs with single
 * steps at every budget.
 */
static inline bool next_runs(const struct cpu *c, const struct insn *i)
{
	return i + 1 < c->fast_end;
}

/* A 32-bit rotate left by n (0..31). */
static inline uint32_t rotl32(uint32_t a, unsigned n)
{
	return (a << n) | (a >> ((32 - n) & 31));
}

/* The twin of handler `full`: STMT, the operation without its flags, when
 * the next instruction runs in this stretch; else the whole operation. */
#define DEAD_TWIN(full, STMT)                                                                      \
	FAST(full##_df)                                                                            \
	{                                                                                          \
		if (unlikely(!next_runs(c, i))) {                                                  \
			*slow = full;                                                              \
			return;                                                                    \
		}                                                                                  \
		STMT;                                                                              \
	}
#define DEAD_ALU(name, OP)                                                                         \
	DEAD_TWIN(f_##name##_EvGv_r, c->reg[i->rm] OP## = c->reg[i->regf])                         \
	DEAD_TWIN(f_##name##_GvEv_r, c->reg[i->regf] OP## = c->reg[i->rm])                         \
	DEAD_TWIN(f_##name##_EvI_r, c->reg[i->rm] OP## = i->imm)                                   \
	DEAD_TWIN(f_##name##_eAXIv, c->reg[EAX] OP## = i->imm)
DEAD_ALU(add, +)
DEAD_ALU(or, |)
DEAD_ALU(and, &)
DEAD_ALU(sub, -)
DEAD_ALU(xor, ^)
#undef DEAD_ALU

/* The byte forms of register operands. */
#define DEAD_ALU8(name, OP)                                                                        \
	DEAD_TWIN(f_##name##_EbGb_r,                                                               \
		  set_reg(c, i->rm, 1, get_reg(c, i->rm, 1) OP get_reg(c, i->regf, 1)))            \
	DEAD_TWIN(f_##name##_GbEb_r,                                                               \
		  set_reg(c, i->regf, 1, get_reg(c, i->regf, 1) OP get_reg(c, i->rm, 1)))          \
	DEAD_TWIN(f_##name##_EbIb_r, set_reg(c, i->rm, 1, get_reg(c, i->rm, 1) OP i->imm))         \
	DEAD_TWIN(f_##name##_ALIb, set_reg(c, EAX, 1, c->reg[EAX] OP i->imm))
DEAD_ALU8(add, +)
DEAD_ALU8(or, |)
DEAD_ALU8(and, &)
DEAD_ALU8(sub, -)
DEAD_ALU8(xor, ^)
#undef DEAD_ALU8

/* Register-destination ALU ops with a memory source: the load may fault
 * (or leave the fast path), before anything changes, as in the full form. */
#define DEAD_MEM(name, OP, suffix, BO)                                                             \
	FAST(f_##name##_GvEv_m##suffix##_df)                                                       \
	{                                                                                          \
		if (unlikely(!next_runs(c, i))) {                                                  \
			f_##name##_GvEv_m_form(c, i, slow, BO);                                    \
			return;                                                                    \
		}                                                                                  \
		const uint8_t *p = mem_ptr_form(c, i, 4, c->rtag, BO);                             \
		if (unlikely(!p)) {                                                                \
			*slow = h_##name##_GvEv;                                                   \
			return;                                                                    \
		}                                                                                  \
		c->reg[i->regf] OP## = load_le(p, 4);                                              \
	}
#define DEAD_MEMS(name, OP)                                                                        \
	DEAD_MEM(name, OP, , EA_ANY) DEAD_MEM(name, OP, _b, EA_BASE) DEAD_MEM(name, OP, _x4, EA_X4)
DEAD_MEMS(add, +)
DEAD_MEMS(or, |)
DEAD_MEMS(and, &)
DEAD_MEMS(sub, -)
DEAD_MEMS(xor, ^)
#undef DEAD_MEMS
#undef DEAD_MEM

/* imul of registers: the low half of the product alone. Shifts: the
 * result alone (a masked count of 0 changes nothing either way). */
DEAD_TWIN(f_imul_GvEv_r, c->reg[i->regf] *= c->reg[i->rm])
DEAD_TWIN(f_imul_GvEvI_r, c->reg[i->regf] = c->reg[i->rm] * i->imm)
DEAD_TWIN(f_shl_r, c->reg[i->rm] <<= count5(c, i))
DEAD_TWIN(f_shr_r, c->reg[i->rm] >>= count5(c, i))
DEAD_TWIN(f_sar_r, c->reg[i->rm] = (uint32_t)((int32_t)c->reg[i->rm] >> count5(c, i)))
/* Rotates write CF and OF only; a count of 0 changes nothing. */
DEAD_TWIN(f_rol_r, c->reg[i->rm] = rotl32(c->reg[i->rm], count5(c, i)))
DEAD_TWIN(f_ror_r, c->reg[i->rm] = rotl32(c->reg[i->rm], (32 - count5(c, i)) & 31))
DEAD_TWIN(f_shr8_1, set_reg(c, i->rm, 1, get_reg(c, i->rm, 1) >> 1))
DEAD_TWIN(f_shl_ri, c->reg[i->rm] <<= imm5(i))
DEAD_TWIN(f_shr_ri, c->reg[i->rm] >>= imm5(i))
DEAD_TWIN(f_sar_ri, c->reg[i->rm] = (uint32_t)((int32_t)c->reg[i->rm] >> imm5(i)))
DEAD_TWIN(f_rol_ri, c->reg[i->rm] = rotl32(c->reg[i->rm], imm5(i)))
DEAD_TWIN(f_ror_ri, c->reg[i->rm] = rotl32(c->reg[i->rm], 32 - imm5(i)))
DEAD_TWIN(f_inc_Zv, c->reg[i->opcode & 7]++)
DEAD_TWIN(f_dec_Zv, c->reg[i->opcode & 7]--)
#undef DEAD_TWIN

exec_fn fast_dead_flags_twin(exec_fn f)
{
#define TWIN(h)                                                                                    \
	if (f == h)                                                                                \
		return h##_df;
#define TWINS(name)                                                                                \
	TWIN(f_##name##_EvGv_r)                                                                    \
	TWIN(f_##name##_GvEv_r)                                                                    \
	TWIN(f_##name##_EvI_r)                                                                     \
	TWIN(f_##name##_eAXIv)                                                                     \
	TWIN(f_##name##_GvEv_m) TWIN(f_##name##_GvEv_m_b) TWIN(f_##name##_GvEv_m_x4)
#define TWINS8(name)                                                                               \
	TWIN(f_##name##_EbGb_r)                                                                    \
	TWIN(f_##name##_GbEb_r) TWIN(f_##name##_EbIb_r) TWIN(f_##name##_ALIb)
	TWINS(add)
	TWINS(or)
	TWINS(and)
	TWINS(sub)
	TWINS(xor)
	TWINS8(add)
	TWINS8(or)
	TWINS8(and)
	TWINS8(sub)
	TWINS8(xor)
#undef TWINS8
	TWIN(f_inc_Zv)
	TWIN(f_dec_Zv)
	TWIN(f_imul_GvEv_r)
	TWIN(f_imul_GvEvI_r)
	TWIN(f_shl_r)
	TWIN(f_shr_r)
	TWIN(f_sar_r)
	TWIN(f_rol_r)
	TWIN(f_ror_r)
	TWIN(f_shr8_1)
	TWIN(f_shl_ri)
	TWIN(f_shr_ri)
	TWIN(f_sar_ri)
	TWIN(f_rol_ri)
	TWIN(f_ror_ri)
#undef TWINS
#undef TWIN
	return NULL;
}

bool fast_kills_flags(const struct insn *i)
{
	/* As decoded (its row's handler: not a #UD), without lock, and with
	 * register or immediate operands only: it cannot fault. ADD, SUB,
	 * CMP set all six from the operands; AND, OR, XOR, TEST clear CF and
	 * OF, set SF, ZF, PF from the result and leave AF undefined, which the
	 * lazy record defines as cleared whatever came before (flags.c). */
	if (i->fn != op_handlers[i->row] || i->lock || (i->has_modrm && i->mod != 3))
		return false;
	switch (i->row) {
#define KILL_ALU(name)                                                                             \
	case ROW_##name##_EbGb:                                                                    \
	case ROW_##name##_EvGv:                                                                    \
	case ROW_##name##_GbEb:                                                                    \
	case ROW_##name##_GvEv:                                                                    \
	case ROW_##name##_ALIb:                                                                    \
	case ROW_##name##_eAXIv:                                                                   \
	case ROW_##name##_EbIb:                                                                    \
	case ROW_##name##_EvIv:                                                                    \
	case ROW_##name##_EbIb82:                                                                  \
	case ROW_##name##_EvIbs:
		KILL_ALU(add)
		KILL_ALU(or)
		KILL_ALU(and)
		KILL_ALU(sub)
		KILL_ALU(xor)
		KILL_ALU(cmp)
#undef KILL_ALU
	case ROW_test_EbGb:
	case ROW_test_EvGv:
	case ROW_test_ALIb:
	case ROW_test_eAXIv:
	case ROW_test_EbIb:
	case ROW_test_EbIb1:
	case ROW_test_EvIv:
	case ROW_test_EvIv1:
		return true;
		/* SHL, SHR and SAR by a count that is not 0 (masked to 5
		 * bits) set CF, OF, SF, ZF, PF and clear AF (ops_shift.c,
		 * with the SDM's undefined cases made definite); by 0 they
		 * change no flag. */
#define KILL_SHIFT(name)                                                                           \
	case ROW_##name##_EbIb:                                                                    \
	case ROW_##name##_EvIb: return (i->imm & 0x1f) != 0;                                       \
	case ROW_##name##_Eb1:                                                                     \
	case ROW_##name##_Ev1: return true;
		KILL_SHIFT(shl)
		KILL_SHIFT(sal)
		KILL_SHIFT(shr)
		KILL_SHIFT(sar)
#undef KILL_SHIFT
	default: return false;
	}
}

/* A memory form's handler: base + displacement or any (FAST_M). */
#define MEM_FORM(h) (form == EA_BASE ? h##_b : form == EA_X4 ? h##_x4 : h)

#define ALU_CASES(name)                                                                            \
	case ROW_##name##_EvGv: return reg ? f_##name##_EvGv_r : MEM_FORM(f_##name##_EvGv_m);      \
	case ROW_##name##_GvEv: return reg ? f_##name##_GvEv_r : MEM_FORM(f_##name##_GvEv_m);      \
	case ROW_##name##_EvIv: return reg ? f_##name##_EvI_r : MEM_FORM(f_##name##_EvIv_m);       \
	case ROW_##name##_EvIbs: return reg ? f_##name##_EvI_r : MEM_FORM(f_##name##_EvIbs_m);     \
	case ROW_##name##_eAXIv: return f_##name##_eAXIv;

/* The byte forms: register and immediate operands only. */
#define ALU8_CASES(name)                                                                           \
	case ROW_##name##_EbGb: return reg ? f_##name##_EbGb_r : NULL;                             \
	case ROW_##name##_GbEb: return reg ? f_##name##_GbEb_r : NULL;                             \
	case ROW_##name##_EbIb:                                                                    \
	case ROW_##name##_EbIb82: return reg ? f_##name##_EbIb_r : NULL;                           \
	case ROW_##name##_ALIb: return f_##name##_ALIb;

exec_fn fast_handler(const struct insn *i)
{
	/* Only plain 32-bit decodes the decoder left with their row's handler
	 * (not a #UD for a bad lock prefix, say). */
	if (i->fn != op_handlers[i->row] || i->lock || i->adsize != 4)
		return NULL;
	if (i->opsize == 2) /* of the 16-bit forms, only this one so far */
		return i->row == ROW_mov_ZvIv ? f_mov_ZwIw : NULL;
	if (i->opsize != 4)
		return NULL;
	bool reg = i->mod == 3;
	unsigned form = i->findex == REG_ZERO ? EA_BASE : i->scale == 2 ? EA_X4 : EA_ANY;
	switch (i->row) {
		ALU_CASES(add)
		ALU_CASES(or)
		ALU_CASES(and)
		ALU_CASES(sub)
		ALU_CASES(xor)
		ALU_CASES(cmp)
		ALU8_CASES(add)
		ALU8_CASES(or)
		ALU8_CASES(and)
		ALU8_CASES(sub)
		ALU8_CASES(xor)
	case ROW_cmp_GbEb: return reg ? f_cmp_GbEb_r : NULL;
	case ROW_test_EvGv: return reg ? f_test_EvGv_r : NULL;
	case ROW_test_EbGb: return reg ? f_test_EbGb_r : NULL;
	case ROW_cmp_EbIb:
	case ROW_cmp_EbIb82: return reg ? f_cmp_EbIb_r : MEM_FORM(f_cmp_EbIb_m);
	case ROW_cmp_EbGb: return reg ? f_cmp_EbGb_r : NULL;
	case ROW_cmp_ALIb: return f_cmp_ALIb;
	case ROW_mov_EbIb: return reg ? NULL : MEM_FORM(f_mov_EbIb_m);
	case ROW_mov_EbGb: return reg ? f_mov_EbGb_r : MEM_FORM(f_mov_EbGb_m);
	case ROW_mov_GbEb: return reg ? f_mov_GbEb_r : MEM_FORM(f_mov_GbEb_m);
	case ROW_shl_EvIb:
	case ROW_sal_EvIb: return !reg ? NULL : imm5(i) ? f_shl_ri : f_shl_r;
	case ROW_shr_EvIb: return !reg ? NULL : imm5(i) ? f_shr_ri : f_shr_r;
	case ROW_sar_EvIb: return !reg ? NULL : imm5(i) ? f_sar_ri : f_sar_r;
	case ROW_rol_EvIb: return !reg ? NULL : imm5(i) ? f_rol_ri : f_rol_r;
	case ROW_ror_EvIb: return !reg ? NULL : imm5(i) ? f_ror_ri : f_ror_r;
	case ROW_shl_Ev1:
	case ROW_shl_EvCL:
	case ROW_sal_Ev1:
	case ROW_sal_EvCL: return reg ? f_shl_r : NULL;
	case ROW_shr_Ev1:
	case ROW_shr_EvCL: return reg ? f_shr_r : NULL;
	case ROW_shr_Eb1: return reg ? f_shr8_1 : NULL;
	case ROW_shl_EbIb:
	case ROW_shl_Eb1:
	case ROW_shl_EbCL:
	case ROW_sal_EbIb:
	case ROW_sal_Eb1:
	case ROW_sal_EbCL:
	case ROW_shr_EbIb:
	case ROW_shr_EbCL:
	case ROW_sar_EbIb:
	case ROW_sar_Eb1:
	case ROW_sar_EbCL: return reg ? f_shift8_r : NULL;
	case ROW_inc_Eb:
	case ROW_dec_Eb: return reg ? f_incdec8_r : NULL;
	case ROW_inc_Ev:
	case ROW_dec_Ev: return reg ? NULL : MEM_FORM(f_incdec_Ev_m);
	case ROW_sar_Ev1:
	case ROW_sar_EvCL: return reg ? f_sar_r : NULL;
	case ROW_rol_Ev1:
	case ROW_rol_EvCL: return reg ? f_rol_r : NULL;
	case ROW_ror_Ev1:
	case ROW_ror_EvCL: return reg ? f_ror_r : NULL;
	case ROW_mov_EvGv: return reg ? f_mov_EvGv_r : MEM_FORM(f_mov_EvGv_m);
	case ROW_mov_GvEv: return reg ? f_mov_GvEv_r : MEM_FORM(f_mov_GvEv_m);
	case ROW_mov_ZvIv: return f_mov_ZvIv;
	case ROW_mov_EvIv: return reg ? f_mov_EvIv_r : MEM_FORM(f_mov_EvIv_m);
	case ROW_movzx_Eb: return reg ? f_movzx_Eb_r : MEM_FORM(f_movzx_Eb_m);
	case ROW_lea: return reg ? NULL : MEM_FORM(f_lea);
	case ROW_movsx_Eb: return reg ? f_movsx_Eb_r : MEM_FORM(f_movsx_Eb_m);
	case ROW_movzx_Ew: return reg ? f_movzx_Ew_r : MEM_FORM(f_movzx_Ew_m);
	case ROW_movsx_Ew: return reg ? f_movsx_Ew_r : MEM_FORM(f_movsx_Ew_m);
	case ROW_imul_GvEv: return reg ? f_imul_GvEv_r : MEM_FORM(f_imul_GvEv_m);
	case ROW_mul_Ev: return reg ? f_mul_Ev_r : NULL;
	case ROW_imul_Ev: return reg ? f_imul_Ev_r : NULL;
	case ROW_div_Ev: return reg ? f_div_Ev_r : NULL;
	case ROW_idiv_Ev: return reg ? f_idiv_Ev_r : NULL;
	case ROW_cwd: return f_cdq;
	case ROW_mov_ZbIb: return f_mov_ZbIb;
	case ROW_not_Ev: return reg ? f_not_Ev_r : NULL;
	case ROW_neg_Ev: return reg ? f_neg_Ev_r : NULL;
	case ROW_imul_GvEvIv:
	case ROW_imul_GvEvIbs: return reg ? f_imul_GvEvI_r : NULL;
	case ROW_jmp_Ev: return reg ? NULL : MEM_FORM(f_jmp_Ev_m);
	case ROW_inc_Zv: return f_inc_Zv;
	case ROW_dec_Zv: return f_dec_Zv;
	case ROW_push_Zv: return f_push_Zv;
	case ROW_pop_Zv: return f_pop_Zv;
	case ROW_jmp_Jb:
	case ROW_jmp_Jv: return f_jmp_J;
	case ROW_call_Jv: return f_call_J;
	case ROW_ret: return f_ret;
	default: return i->fn == h_jcc ? jcc_fast[i->opcode & 15] : NULL;
	}
}
