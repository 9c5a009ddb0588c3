/*
 * Fused compare-and-branch handlers (fuse.h). Each head mirrors its
 * specialised handler in fast.c (which mirrors the generic one): it records
 * the same lazy flags and writes the same result, and hands back the
 * operands and the result shifted to the top of 32 bits, so the formulas
 * of flags.c for size 4 give the flags of sizes 1 and 4 alike.
 */
#include "fuse.h"

#include "accel.h"

/* The jcc's branch: ops_ctrl.c near_branch() for a 32-bit operand size.
 * Its #GP belongs to the jcc: fast_cur is on it. */
static inline __attribute__((always_inline)) void take(struct cpu *c, const struct insn *j)
{
	if (loop_again(c, j))
		return;
	uint32_t target = c->next_eip + j->imm;
	if (unlikely(target > c->seg[SEG_CS].limit))
		cpu_raise(c, EXC_GP, 0);
	c->next_eip = target;
	chain_next(c, j, 0);
}

/* The pair the plain way: the head's generic handler, then the jcc's
 * (if in the run). */
static void fused_slow(struct cpu *c, const struct insn *i)
{
	note_cur(c, i);
	op_handlers[i->row](c, i);
	if (i + 1 < c->fast_end) {
		c->fast_cur = i + 1;
		i[1].fn(c, i + 1);
	}
}

/* ---- heads: false (and nothing done) when off the fast path ---- */
#define HEAD(name)                                                                                 \
	static inline __attribute__((always_inline)) bool head_##name(                             \
	    struct cpu *c, const struct insn *i, uint32_t *a, uint32_t *b, uint32_t *r)

static inline bool sub4(struct cpu *c, uint32_t x, uint32_t y, uint32_t *a, uint32_t *b,
			uint32_t *r)
{
	*a = x, *b = y, *r = alu4(c, F_SUB, x, y);
	return true;
}

static inline bool sub1(struct cpu *c, uint32_t x, uint32_t y, uint32_t *a, uint32_t *b,
			uint32_t *r)
{
	*a = x << 24, *b = (y & 0xff) << 24, *r = alu1(c, F_CMP, x, y) << 24;
	return true;
}

HEAD(cmp_EvGv_r)
{
	return sub4(c, c->reg[i->rm], c->reg[i->regf], a, b, r);
}

HEAD(cmp_GvEv_r)
{
	return sub4(c, c->reg[i->regf], c->reg[i->rm], a, b, r);
}

HEAD(cmp_EvI_r)
{
	return sub4(c, c->reg[i->rm], i->imm, a, b, r);
}

HEAD(cmp_eAXIv)
{
	return sub4(c, c->reg[EAX], i->imm, a, b, r);
}

HEAD(cmp_EvGv_m)
{
	const uint8_t *p = mem_ptr(c, i, 4, c->rtag);
	return p && sub4(c, load_le(p, 4), c->reg[i->regf], a, b, r);
}

HEAD(cmp_GvEv_m)
{
	const uint8_t *p = mem_ptr(c, i, 4, c->rtag);
	return p && sub4(c, c->reg[i->regf], load_le(p, 4), a, b, r);
}

HEAD(cmp_EvI_m)
{
	const uint8_t *p = mem_ptr(c, i, 4, c->rtag);
	return p && sub4(c, load_le(p, 4), i->imm, a, b, r);
}

HEAD(cmp_EbIb_r)
{
	return sub1(c, get_reg(c, i->rm, 1), i->imm, a, b, r);
}

HEAD(cmp_EbIb_m)
{
	const uint8_t *p = mem_ptr(c, i, 1, c->rtag);
	return p && sub1(c, *p, i->imm, a, b, r);
}

/* The same four for base + displacement operands (accel.h FAST_M). */
HEAD(cmp_EvGv_mb)
{
	const uint8_t *p = mem_ptr_form(c, i, 4, c->rtag, true);
	return p && sub4(c, load_le(p, 4), c->reg[i->regf], a, b, r);
}

HEAD(cmp_GvEv_mb)
{
	const uint8_t *p = mem_ptr_form(c, i, 4, c->rtag, true);
	return p && sub4(c, c->reg[i->regf], load_le(p, 4), a, b, r);
}

HEAD(cmp_EvI_mb)
{
	const uint8_t *p = mem_ptr_form(c, i, 4, c->rtag, true);
	return p && sub4(c, load_le(p, 4), i->imm, a, b, r);
}

HEAD(cmp_EbIb_mb)
{
	const uint8_t *p = mem_ptr_form(c, i, 1, c->rtag, true);
	return p && sub1(c, *p, i->imm, a, b, r);
}

HEAD(cmp_EbGb_r)
{
	return sub1(c, get_reg(c, i->rm, 1), get_reg(c, i->regf, 1), a, b, r);
}

HEAD(cmp_ALIb)
{
	return sub1(c, c->reg[EAX] & 0xff, i->imm, a, b, r);
}

HEAD(test_EvGv_r)
{
	*a = *b = 0;
	*r = alu4(c, F_AND, c->reg[i->rm], c->reg[i->regf]);
	return true;
}

HEAD(test_EbGb_r)
{
	*a = *b = 0;
	*r = alu1(c, F_AND, get_reg(c, i->rm, 1), get_reg(c, i->regf, 1)) << 24;
	return true;
}

HEAD(sub_EvI_r)
{
	sub4(c, c->reg[i->rm], i->imm, a, b, r);
	c->reg[i->rm] = *r;
	return true;
}

HEAD(add_EvI_r)
{
	*a = c->reg[i->rm], *b = i->imm;
	*r = c->reg[i->rm] = alu4(c, F_ADD, *a, *b);
	return true;
}

/* One handler per head and condition, so the condition folds at compile
 * time, and a table per head indexed by the condition code. */
#define Z(H, KIND, cc)                                                                             \
	static void z_##H##_##cc(struct cpu *c, const struct insn *i)                              \
	{                                                                                          \
		uint32_t a, b, r;                                                                  \
		if (unlikely(!head_##H(c, i, &a, &b, &r))) {                                       \
			fused_slow(c, i);                                                          \
			return;                                                                    \
		}                                                                                  \
		if (unlikely(i + 1 >= c->fast_end)) {                                              \
			note_cur(c, i);                                                            \
			return; /* the jcc is not in this run */                                   \
		}                                                                                  \
		c->fast_cur = i + 1;                                                               \
		bool t = cc_holds(KIND, cc, a, b, r);                                              \
		if (i[1].guard) {                                                                  \
			if (t)                                                                     \
				side_exit(c, i + 1);                                               \
			else                                                                       \
				run_next(c, i + 1);                                                \
		} else if (t) {                                                                    \
			take(c, i + 1);                                                            \
		} else {                                                                           \
			chain_next(c, i + 1, 1);                                                   \
		}                                                                                  \
	}
#define ZTABLE(H, KIND)                                                                            \
	Z(H, KIND, 0)                                                                              \
	Z(H, KIND, 1)                                                                              \
	Z(H, KIND, 2)                                                                              \
	Z(H, KIND, 3)                                                                              \
	Z(H, KIND, 4)                                                                              \
	Z(H, KIND, 5)                                                                              \
	Z(H, KIND, 6)                                                                              \
	Z(H, KIND, 7)                                                                              \
	Z(H, KIND, 8)                                                                              \
	Z(H, KIND, 9)                                                                              \
	Z(H, KIND, 12)                                                                             \
	Z(H, KIND, 13)                                                                             \
	Z(H, KIND, 14)                                                                             \
	Z(H, KIND, 15)                                                                             \
	static const exec_fn z_##H[16] = {                                                         \
	    z_##H##_0,	z_##H##_1,  z_##H##_2,	z_##H##_3,  z_##H##_4, z_##H##_5,                  \
	    z_##H##_6,	z_##H##_7,  z_##H##_8,	z_##H##_9,  NULL,      NULL,                       \
	    z_##H##_12, z_##H##_13, z_##H##_14, z_##H##_15,                                        \
	};

ZTABLE(cmp_EvGv_r, K_SUB)
ZTABLE(cmp_GvEv_r, K_SUB)
ZTABLE(cmp_EvI_r, K_SUB)
ZTABLE(cmp_eAXIv, K_SUB)
ZTABLE(cmp_EvGv_m, K_SUB)
ZTABLE(cmp_GvEv_m, K_SUB)
ZTABLE(cmp_EvI_m, K_SUB)
ZTABLE(cmp_EbIb_r, K_SUB)
ZTABLE(cmp_EbIb_m, K_SUB)
ZTABLE(cmp_EvGv_mb, K_SUB)
ZTABLE(cmp_GvEv_mb, K_SUB)
ZTABLE(cmp_EvI_mb, K_SUB)
ZTABLE(cmp_EbIb_mb, K_SUB)
ZTABLE(cmp_EbGb_r, K_SUB)
ZTABLE(cmp_ALIb, K_SUB)
ZTABLE(test_EvGv_r, K_LOGIC)
ZTABLE(test_EbGb_r, K_LOGIC)
ZTABLE(sub_EvI_r, K_SUB)
ZTABLE(add_EvI_r, K_ADD)

static const exec_fn *fused_table(const struct insn *h)
{
	bool reg = h->mod == 3, bo = h->findex == REG_ZERO; /* base + displacement */
	switch (h->row) {
	case ROW_cmp_EvGv: return reg ? z_cmp_EvGv_r : bo ? z_cmp_EvGv_mb : z_cmp_EvGv_m;
	case ROW_cmp_GvEv: return reg ? z_cmp_GvEv_r : bo ? z_cmp_GvEv_mb : z_cmp_GvEv_m;
	case ROW_cmp_EvIv:
	case ROW_cmp_EvIbs: return reg ? z_cmp_EvI_r : bo ? z_cmp_EvI_mb : z_cmp_EvI_m;
	case ROW_cmp_eAXIv: return z_cmp_eAXIv;
	case ROW_cmp_EbIb:
	case ROW_cmp_EbIb82: return reg ? z_cmp_EbIb_r : bo ? z_cmp_EbIb_mb : z_cmp_EbIb_m;
	case ROW_cmp_EbGb: return reg ? z_cmp_EbGb_r : NULL;
	case ROW_cmp_ALIb: return z_cmp_ALIb;
	case ROW_test_EvGv: return reg ? z_test_EvGv_r : NULL;
	case ROW_test_EbGb: return reg ? z_test_EbGb_r : NULL;
	case ROW_sub_EvIv:
	case ROW_sub_EvIbs: return reg ? z_sub_EvI_r : NULL;
	case ROW_add_EvIv:
	case ROW_add_EvIbs: return reg ? z_add_EvI_r : NULL;
	default: return NULL;
	}
}

exec_fn fuse_handler(const struct insn *head, const struct insn *jcc)
{
	if (op_handlers[jcc->row] != h_jcc)
		return NULL;
	const exec_fn *t = fused_table(head);
	return t ? t[jcc->opcode & 15] : NULL;
}
