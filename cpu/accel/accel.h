/*
 * Helpers shared by the specialised handlers (fast.c) and the fused
 * compare-and-branch handlers (fuse.c).
 */
#ifndef CPU_ACCEL_ACCEL_H
#define CPU_ACCEL_ACCEL_H

#include "../ref/ref.h"
#include "block.h"

/* The generic handlers, to fall back on. */
#define OP(id, map, opc, reg, mn, o1, o2, o3, fn, attr) HANDLER(fn);
#include "../decode/optable.def"
#undef OP

/*
 * Threaded dispatch: a specialised handler ends by running the next
 * instruction of the block itself, so the run loop (exec.c run_block) is
 * entered once per stretch of them rather than once per instruction.
 * fast_end bounds the run; it is NULL outside a block run (one instruction
 * alone runs alone) and a write to decoded code sets it to NULL (mem.c).
 * The instruction at fast_end has insn_stop as its threaded handler
 * (insn.tfn: always at a block's stop and after its last instruction,
 * for a shorter run or an instruction alone exec.c sets it there for the
 * time of the run), so the handlers need no test here. A write to code
 * happens only in a generic handler, which returns to the loop, and the
 * loop tests fast_end. fast_cur names the instruction running, for faults
 * and for the loop to go on after a handler that returns.
 */
static inline __attribute__((always_inline)) void run_next(struct cpu *c, const struct insn *i)
{
	const struct insn *n = i + 1;
#if defined(__x86_64__)
	/* n in the register of the call's second argument before its
	 * handler is loaded through it: add and an indirect jump, where GCC
	 * otherwise often computes n elsewhere and moves it over (two more). */
	__asm__("" : "+S"(n));
#endif
	n->tfn(c, n); /* a tail call */
}

/*
 * fast_cur is written only where it is read: run_next() leaves it, so it
 * names the instruction running only once that instruction is about to
 * leave the threaded path: before it calls a generic handler (which may
 * fault, or return to the loop), before it raises a fault itself, before
 * it returns to the loop. The generic handlers run into by threading set
 * it first (block.c enter_generic), and insn_stop sets it where a run
 * ends. In a run of one instruction alone (fast_end NULL) it stays NULL:
 * EIP is that instruction's own (exec.c).
 */
static inline __attribute__((always_inline)) void note_cur(struct cpu *c, const struct insn *i)
{
	if (c->fast_end)
		c->fast_cur = i;
}

/* Condition codes from an operation's operands, shifted to the top of 32
 * bits: r = a - b (K_SUB), a + b (K_ADD) or a logic result (K_LOGIC, with CF = OF = 0: SDM vol. 2 "AND", "TEST"). */
enum { K_SUB, K_ADD, K_LOGIC };

/* Condition code `cc` (SDM vol. 2 appendix B.1) after the operation.
 * Parity (10, 11) is never fused. */
static inline __attribute__((always_inline)) bool cc_holds(int kind, unsigned cc, uint32_t a,
							   uint32_t b, uint32_t r)
{
	bool cf = kind == K_SUB ? a < b : kind == K_ADD ? r < a : false;
	bool of = kind == K_SUB	  ? (((a ^ b) & (a ^ r)) >> 31) != 0
		  : kind == K_ADD ? ((~(a ^ b) & (a ^ r)) >> 31) != 0
				  : false;
	bool zf = r == 0, sf = (r >> 31) != 0;
	bool t;
	switch (cc >> 1) {
	case 0: t = of; break;
	case 1: t = cf; break;
	case 2: t = zf; break;
	case 3: t = cf || zf; break;
	case 4: t = sf; break;
	case 6: t = sf != of; break;
	default: t = zf || sf != of; break; /* 7 */
	}
	return (cc & 1) ? !t : t;
}

/* cc_holds() from the lazy-flag record, when it holds a subtraction, an
 * addition or a logic operation (what a compare, test, add or sub
 * leaves), or an inc or dec for the conditions that do not read CF, or a
 * shift's or multiply's for those that read neither CF nor OF; -1
 * for other records, which take the generic cond_true(). The operands are
 * shifted to the top of 32 bits so sizes 1 and 2 use the formulas of size
 * 4. */
static inline __attribute__((always_inline)) int lazy_cc(const struct cpu *c, unsigned cc)
{
	const struct lazy_flags *l = &c->lf;
	unsigned sh = 32 - 8 * l->size;
	switch (l->op) {
	case LF_LOGIC: return cc_holds(K_LOGIC, cc, 0, 0, l->res << sh);
	case LF_LOGIC | LF_CFOF_EAGER:
		/* After a shift, mul or imul: ZF and SF the result's, CF and
		 * OF in eflags; e, ne, s, ns read only the first two. */
		if ((cc >> 1) != 2 && (cc >> 1) != 4)
			return -1;
		return cc_holds(K_LOGIC, cc, 0, 0, l->res << sh);
	case LF_SUB: return cc_holds(K_SUB, cc, l->src1 << sh, l->src2 << sh, l->res << sh);
	case LF_ADD: return cc_holds(K_ADD, cc, l->src1 << sh, l->src2 << sh, l->res << sh);
	case LF_INC:
	case LF_DEC:
		/* OF, SF, ZF as for an add or subtract of 1; CF is the one kept
		 * in eflags, so the conditions that read it go the long way. */
		if ((cc >> 1) == 1 || (cc >> 1) == 3)
			return -1;
		return cc_holds(l->op == LF_INC ? K_ADD : K_SUB, cc, l->src1 << sh, 1u << sh,
				l->res << sh);
	default: return -1;
	}
}

/* A specialised handler: its body, then the next instruction. A body
 * that leaves the instruction to the generic handler sets *slow to it;
 * that handler then runs (and the loop goes on after it), reached by a
 * tail call so the fast path needs no stack frame. */
#define FAST(name) FAST_ENDING(name, run_next(c, i))
/* A jump that ends its block: the run goes on in the next block. */
#define FAST_JUMP(name) FAST_ENDING(name, chain_next(c, i, 0))
/* The same for a jump whose target varies (ret, jmp through memory). */
#define FAST_JUMP_ANY(name) FAST_ENDING(name, chain_any(c, i))
#define FAST_ENDING(name, END)                                                                     \
	static inline void name##_body(struct cpu *c, const struct insn *i,                        \
				       __attribute__((unused)) exec_fn *slow);                     \
	static void name(struct cpu *c, const struct insn *i)                                      \
	{                                                                                          \
		exec_fn slow = NULL;                                                               \
		name##_body(c, i, &slow);                                                          \
		if (unlikely(slow)) {                                                              \
			note_cur(c, i);                                                            \
			slow(c, i);                                                                \
			return;                                                                    \
		}                                                                                  \
		END;                                                                               \
	}                                                                                          \
	static inline void name##_body(struct cpu *c,                                              \
				       __attribute__((unused)) const struct insn *i,               \
				       __attribute__((unused)) exec_fn *slow)

enum { F_ADD, F_OR, F_AND, F_SUB, F_XOR, F_CMP };

/* flags_cf() (flags.c) inline, for every record, so that no fast handler
 * calls a function for it (a call costs every run of the handler the
 * saving of the registers it keeps across it). */
static inline uint32_t cf_now(const struct cpu *c)
{
	const struct lazy_flags *l = &c->lf;
	switch (l->op) {
	case LF_SUB:
		if (likely(l->size == 4))
			return l->src1 < l->src2;
		return (l->src1 & size_mask(l->size)) < (l->src2 & size_mask(l->size));
	case LF_ADD:
		if (likely(l->size == 4))
			return l->res < l->src1;
		return l->res < (l->src1 & size_mask(l->size));
	case LF_LOGIC: return 0;
	case LF_ADC: {
		uint32_t a = l->src1 & size_mask(l->size);
		return l->res < a || (l->carry && l->res == a);
	}
	case LF_SBB: {
		uint32_t m = size_mask(l->size), a = l->src1 & m, b = l->src2 & m;
		return a < b || (l->carry && a == b);
	}
	default: return (c->eflags & FL_CF) != 0; /* none, inc, dec, LF_CFOF_EAGER */
	}
}

/*
 * Host pointers for the memory operand when everything is on the fast path:
 * a segment with no checks to make (flat), a TLB hit with the permission
 * the access needs, no page crossing. NULL otherwise: the caller then
 * tail-calls the generic handler, which does the whole instruction the
 * general way (so every slow path and fault is the generic one's), having
 * changed nothing before.
 *
 * lin: an address of up to 34 bits, a segment's fbase plus an offset
 * (struct seg): one past 4 GiB matches no tag, its page number being at
 * least 2^20 (and below 2^22), every tag a page number below 2^20 or
 * TLB_INVALID. tag: the TLB's tags of the access kind (c->rtag, c->wtag);
 * a slot's holds its page only where the entry grants that access (mmu.h
 * tlb_set), so one compare checks page, permission and segment. NULL also
 * for a store beside decoded code in its page: the generic handler's slow
 * path lets it through (mem.c watched_store_ptr()).
 */
static inline uint8_t *lin_ptr(struct cpu *c, uint64_t lin, unsigned size, const uint32_t *tag)
{
	uint32_t vp = (uint32_t)(lin >> PAGE_SHIFT), k = vp & (TLB_SIZE - 1);
	if (likely(tag[k] == vp && (lin & PAGE_MASK) <= PAGE_SIZE - size)) {
		uint8_t *p = c->mmu.host[k] + (lin & PAGE_MASK);
		if (!p)
			__builtin_unreachable();
		return p;
	}
	return NULL;
}

/* insn_ea() for 32-bit addressing, without tests: an absent base or
 * index is reg[REG_ZERO]. */
static inline uint32_t ea32(const struct cpu *c, const struct insn *i)
{
	return i->disp + c->reg[i->fbase] + (c->reg[i->findex] << i->scale);
}

/*
 * Address forms: a memory handler defined with FAST_M has three entry
 * points, name for any 32-bit form, name_b for base + displacement (no
 * index; no base either: REG_ZERO), the most frequent form, whose address
 * is two loads and an add, and name_x4 for an index scaled by 4 (an array
 * or a table of words, with a base or not), whose scale is a constant.
 * fast_handler() picks by the decoded instruction.
 */
enum { EA_ANY, EA_BASE, EA_X4 };
static inline uint32_t ea32_form(const struct cpu *c, const struct insn *i, unsigned form)
{
	if (form == EA_BASE)
		return i->disp + c->reg[i->fbase];
	if (form == EA_X4)
		return i->disp + c->reg[i->fbase] + (c->reg[i->findex] << 2);
	return ea32(c, i);
}

static inline uint8_t *mem_ptr_form(struct cpu *c, const struct insn *i, unsigned size,
				    const uint32_t *tag, unsigned form)
{
	/* &c->seg[i->seg], by the offset decode() computed: two host
	 * instructions fewer on every memory operand. A slow segment's fbase
	 * makes the TLB look-up miss: no test of its own. */
	const struct seg *s = (const struct seg *)((const char *)c->seg + i->segoff);
	return lin_ptr(c, s->fbase + ea32_form(c, i, form), size, tag);
}

/* Any 32-bit form. */
static inline uint8_t *mem_ptr(struct cpu *c, const struct insn *i, unsigned size,
			       const uint32_t *tag)
{
	return mem_ptr_form(c, i, size, tag, EA_ANY);
}

#define FAST_M(name)	      FAST_M_ENDING(name, FAST)
#define FAST_M_JUMP(name)     FAST_M_ENDING(name, FAST_JUMP)
#define FAST_M_JUMP_ANY(name) FAST_M_ENDING(name, FAST_JUMP_ANY)
#define FAST_M_ENDING(name, KIND)                                                                  \
	static inline void name##_form(struct cpu *c, const struct insn *i, exec_fn *slow,         \
				       unsigned form);                                             \
	KIND(name)                                                                                 \
	{                                                                                          \
		name##_form(c, i, slow, EA_ANY);                                                   \
	}                                                                                          \
	KIND(name##_b)                                                                             \
	{                                                                                          \
		name##_form(c, i, slow, EA_BASE);                                                  \
	}                                                                                          \
	KIND(name##_x4)                                                                            \
	{                                                                                          \
		name##_form(c, i, slow, EA_X4);                                                    \
	}                                                                                          \
	static inline __attribute__((always_inline)) void name##_form(                             \
	    struct cpu *c, __attribute__((unused)) const struct insn *i,                           \
	    __attribute__((unused)) exec_fn *slow, __attribute__((unused)) unsigned form)

/* The stack slot at ESP + off for a 32-bit flat stack, or NULL. */
static inline uint8_t *stack_ptr(struct cpu *c, uint32_t sp, const uint32_t *tag)
{
	const struct seg *ss = &c->seg[SEG_SS];
	if (unlikely(!(ss->attr & DESC_DB)))
		return NULL;
	return lin_ptr(c, ss->fbase + sp, 4, tag); /* a slow SS misses (struct seg) */
}

/* ops_alu.c alu() for size 4: the result, flags recorded lazily. */
static inline uint32_t alu4(struct cpu *c, int op, uint32_t a, uint32_t b)
{
	uint32_t r;
	switch (op) {
	case F_ADD:
		r = a + b;
		lazy_set(c, LF_ADD, 4, a, b, r);
		return r;
	case F_OR: r = a | b; break;
	case F_AND: r = a & b; break;
	case F_XOR: r = a ^ b; break;
	default: /* F_SUB, F_CMP */
		r = a - b;
		lazy_set(c, LF_SUB, 4, a, b, r);
		return r;
	}
	lazy_set(c, LF_LOGIC, 4, a, b, r);
	return r;
}

/* SF, ZF, PF of a 32-bit result (flags.c flags_szp). */
static inline uint32_t szp4(uint32_t r)
{
	return (r == 0 ? FL_ZF : 0) | ((r >> 31) ? FL_SF : 0) |
	       (__builtin_parity(r & 0xff) ? 0 : FL_PF);
}

/*
 * A loop closed by the jump that ends its block (j->loops: a direct jump
 * back to the block's first instruction), taken, in a whole run of the
 * block (c->hops, set only then, and only when all of them fit before the
 * next event: exec.c run_block()): the next round starts here,
 * threaded, instead of returning to run_block(), which would retire the
 * round and start it again the same way: the count goes up by the block's
 * length, EIP stays the block's first, next_eip stays the EIP after the
 * jump (the way out). The target is EIP itself, within the CS limit. At
 * most LOOP_SPINS rounds and successors nest so, as the call below need
 * not be a tail call (it is not in a sanitizer build): the host stack
 * stays bounded. Returns whether it took the round; false leaves
 * everything to the caller.
 */
static inline __attribute__((always_inline)) bool loop_again(struct cpu *c, const struct insn *j)
{
	if (!j->loops || !c->hops)
		return false;
	const struct insn *first = j - j->bidx;
	c->hops--;
	c->icount += j->bidx + 1u;
	c->fast_cur = first;
	first->fn(c, first);
	return true;
}

/* The run goes on in block `to` at next_eip, after the first `ran`
 * instructions of this one (chain_to, chain_any). */
static inline __attribute__((always_inline)) void chain_into(struct cpu *c, const struct block *to,
							     unsigned ran)
{
	uint32_t eip = c->next_eip;
	c->hops--;
	c->icount += ran;
	c->eip = eip;
	c->next_eip = eip + (uint32_t)to->next_off;
	c->cur_block = to;
	c->fast_end = to->stop;
	c->fast_cur = to->insn;
	to->insn->fn(c, to->insn);
}

/*
 * A run of a block (c->hops nonzero: a whole run, cur_block, with room
 * for that many more blocks before the next event) leaves it after its
 * first `ran` instructions for next_eip, on side k (struct block_succ):
 * when the block that followed there last time from this EIP is still
 * the one (the same code epoch), it runs next from here, as exec.c
 * run_chain() would run it after retiring these: the count goes up by
 * `ran`, EIP becomes the next block's, and the run goes on in it. Returns
 * whether it did; otherwise the run ends here and run_chain() looks the
 * next block up (and links it).
 */
static inline __attribute__((always_inline)) bool chain_to(struct cpu *c, unsigned ran, unsigned k)
{
	if (!c->hops)
		return false;
	const struct block_succ *s = &c->cur_block->succ[k];
	if (s->eip != c->next_eip || s->stamp != c->stamp)
		return false;
	chain_into(c, s->to, ran);
	return true;
}

/* The end of a block's last jump j, on side k: 0 where it jumped, 1 after
 * a jcc not taken (next_eip set). */
static inline __attribute__((always_inline)) void chain_next(struct cpu *c, const struct insn *j,
							     unsigned k)
{
	if (!chain_to(c, j->bidx + 1u, k))
		note_cur(c, j); /* the run ends here */
}

/* chain_next(c, j, 0) for a jump whose target varies (a ret, a jmp
 * through memory): its successors are kept by target (block.any), and a
 * target not kept goes on in the block there when that is in the same
 * page (block.h chain_beside), which is kept then. */
static inline __attribute__((always_inline)) void chain_any(struct cpu *c, const struct insn *j)
{
	if (!c->hops) {
		note_cur(c, j);
		return;
	}
	/* The block is const to the handlers; its successors are the
	 * cache's to update. */
	struct block_succ *s = &c->blocks[c->cur_block - c->blocks].any[succ_any_slot(c->next_eip)];
	if (likely(s->eip == c->next_eip && s->stamp == c->stamp))
		chain_into(c, s->to, j->bidx + 1u);
	else
		chain_beside(c, j, s);
}

/* A jcc inside a block (a guard, block.c) is taken: the run ends after it,
 * at its target (exec.c), or goes on there in the block that followed
 * last time (chain_next, side 2). A block run only: EIP is the block's
 * first. */
static inline __attribute__((always_inline)) void side_exit(struct cpu *c, const struct insn *j)
{
	uint32_t target = c->eip + (uint32_t)(int32_t)j->eoff + j->len + j->imm;
	/* SDM "Jcc": #GP(0) when the target is beyond the CS limit. */
	if (unlikely(target > c->seg[SEG_CS].limit)) {
		note_cur(c, j);
		cpu_raise(c, EXC_GP, 0);
	}
	c->next_eip = target;
	if (chain_to(c, j->bidx + 1u, 2))
		return;
	note_cur(c, j);
	c->side_exit = j;
	c->fast_end = NULL;
}

static inline uint32_t branch_target(struct cpu *c, const struct insn *i)
{
	uint32_t target = c->next_eip + i->imm;
	/* SDM "Jcc": #GP(0) when the target is beyond the CS limit. */
	if (unlikely(target > c->seg[SEG_CS].limit)) {
		note_cur(c, i);
		cpu_raise(c, EXC_GP, 0);
	}
	return target;
}

/* ops_alu.c alu() for size 1. */
static inline uint32_t alu1(struct cpu *c, int op, uint32_t a, uint32_t b)
{
	uint32_t r;
	switch (op) {
	case F_ADD:
		r = a + b;
		lazy_set(c, LF_ADD, 1, a, b, r);
		return r & 0xff;
	case F_OR: r = a | b; break;
	case F_AND: r = a & b; break;
	case F_XOR: r = a ^ b; break;
	default:
		r = a - b;
		lazy_set(c, LF_SUB, 1, a, b, r);
		return r & 0xff;
	}
	lazy_set(c, LF_LOGIC, 1, a, b, r);
	return r & 0xff;
}

#endif
