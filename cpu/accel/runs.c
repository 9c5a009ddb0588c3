/*
 * Runs of stack instructions (runs.h).
 *
 * Why doing a run at once is the same as one instruction after another:
 *  - Pushes: each PUSH decrements ESP and writes at SS:ESP (SDM vol. 2
 *    "PUSH"); `push %esp` pushes ESP as it was before that push, pusha the
 *    ESP before pusha (SDM vol. 2 "PUSH", "PUSHA"). The values pushed
 *    depend on nothing the run writes but ESP, which the handler tracks
 *    per instruction. When all the bytes lie in one page that the TLB lets
 *    the current CPL write, through a flat 32-bit SS, no push can fault.
 *    Those writes reach no decoded code nor watched descriptor: a page
 *    holding either never has write permission in a TLB entry
 *    (mmu/tlb.c: mmu_translate() leaves it out for a watched page, and
 *    tlb_protect_code() takes it out of every entry when block.c or
 *    segment.c starts watching one; it comes back only from a walk made
 *    after a slow-path write ended the watch and bumped the page's
 *    generation), so c->fast_end stays as it is.
 *  - Pops: POPA loads EDI, ESI, EBP, EBX, EDX, ECX, EAX from ascending
 *    addresses, skips the saved ESP and adds 32 to ESP (SDM vol. 2
 *    "POPA"); POP reads at SS:ESP and adds 4 (SDM vol. 2 "POP"). Every
 *    stack access goes through SS (SDM vol. 1 §6.2), which no member
 *    loads, and only ESP moves it, by amounts fixed at decode (pop %esp,
 *    whose value is popped, is no member); so which bytes each member reads
 *    is known up front, and a load of DS, ES, FS or GS in between changes
 *    none of them. Such a load checks its selector against the descriptor
 *    it names, the CPL and the GDT (SDM vol. 2 "POP", "MOV", protected-mode
 *    exceptions; vol. 3 §5.6); none of these is changed by an earlier
 *    member (popa writes general registers only, and a load the descriptor
 *    cache passes sets no accessed bit: seg_load_check()), so all the checks
 *    can be made before anything is committed, in order. The run commits
 *    the members before the first whose check misses, then dispatch goes
 *    on at that one, which takes its own path (and fault).
 *  - The final `add $imm,%esp` records the lazy flags f_add_EvI_r does
 *    (alu4(), accel.h).
 */
#include "runs.h"

#include "fast.h"
#include "accel.h"

#include <stddef.h>

/* Member kinds: the class in the high nibble, a register in the low. */
enum {
	RK_PUSH_R = 0x10, /* | register */
	RK_PUSH_S = 0x20, /* | segment register */
	RK_PUSH_I = 0x30,
	RK_PUSHA = 0x40,
	RK_CALL = 0x50,	 /* an inlined call: pushes its return address */
	RK_JMP = 0x60,	 /* an inlined jmp: nothing */
	RK_POP_R = 0x70, /* | register (not ESP) */
	RK_POP_S = 0x80, /* | segment register (DS, ES, FS, GS) */
	RK_POPA = 0x90,
	RK_ADD_SP = 0xa0, /* add $imm,%esp, last */
};

static const struct block *block_of(const struct insn *i)
{
	return (const struct block *)((const char *)(i - i->bidx) - offsetof(struct block, insn));
}

/* The run cannot be done at once: the first instruction alone, by its
 * row's handler (which faults or takes a slow path as it must), then
 * dispatch goes on with the next instruction's own handler. */
static __attribute__((noinline)) void run_head_alone(struct cpu *c, const struct insn *i)
{
	note_cur(c, i);
	op_handlers[i->row](c, i);
	/* A generic handler may have ended the run (a write to watched
	 * bytes, as setting a descriptor's accessed bit is: mem.c): the loop
	 * then goes on afresh, as after any generic handler. */
	if (likely(c->fast_end))
		run_next(c, i);
}

#define INLINE static inline __attribute__((always_inline))

/* One push of a run, of class `cl` (kd & 0xf0: a constant in the handlers
 * for a fixed shape); *p is the host address of SS:ESP, *sp ESP. */
INLINE void push_one(struct cpu *c, const struct insn *j, unsigned cl, unsigned kd, uint8_t **p,
		     uint32_t *sp)
{
	uint32_t v;
	switch (cl) {
	case RK_PUSH_R: v = (kd & 7) == ESP ? *sp : c->reg[kd & 7]; break;
	case RK_PUSH_S: v = c->seg[kd & 7].sel; break; /* zero-extended, as h_push_seg */
	case RK_PUSH_I: v = j->imm; break;
	case RK_CALL: v = c->eip + (uint32_t)(int32_t)j->eoff + j->len; break;
	case RK_PUSHA: {
		/* EAX at the highest address, ECX, EDX, EBX, the ESP before
		 * pusha, EBP, ESI, EDI. */
		uint8_t *q = *p - 32;
		store_le(q + 28, 4, c->reg[EAX]);
		store_le(q + 24, 4, c->reg[ECX]);
		store_le(q + 20, 4, c->reg[EDX]);
		store_le(q + 16, 4, c->reg[EBX]);
		store_le(q + 12, 4, *sp);
		store_le(q + 8, 4, c->reg[EBP]);
		store_le(q + 4, 4, c->reg[ESI]);
		store_le(q, 4, c->reg[EDI]);
		*p = q;
		*sp -= 32;
		return;
	}
	default: return; /* RK_JMP */
	}
	*p -= 4;
	*sp -= 4;
	store_le(*p, 4, v);
}

/* A push run; `shape`: its classes when fixed (n members), or NULL. */
INLINE void push_run(struct cpu *c, const struct insn *i, unsigned n, const uint8_t *shape)
{
	const struct block *b = block_of(i);
	const uint8_t *kind = b->run_kind + i->bidx;
	unsigned bytes = b->run_bytes[i->bidx];
	if (!shape)
		n = b->run_n[i->bidx];
	const struct insn *last = i + n - 1;
	uint32_t sp = c->reg[ESP];
	uint8_t *p = ss_ptr(c, sp - bytes, bytes, c->wperm);
	if (unlikely(last >= c->fast_end) || unlikely(!p)) {
		run_head_alone(c, i);
		return;
	}
	p += bytes; /* SS:ESP */
	if (shape) {
#pragma GCC unroll 16
		for (unsigned k = 0; k < n; k++)
			push_one(c, i + k, shape[k], kind[k], &p, &sp);
	} else {
		for (unsigned k = 0; k < n; k++)
			push_one(c, i + k, kind[k] & 0xf0, kind[k], &p, &sp);
	}
	c->reg[ESP] = sp;
	c->fast_cur = last;
	run_next(c, last);
}

static unsigned pop_bytes(unsigned cl)
{
	return cl == RK_POPA ? 32 : cl == RK_ADD_SP ? 0 : 4;
}

/* The checks of one pop of a run, committing nothing: false if it cannot
 * be done here. A selector the run checked before passes again, as the
 * checks' inputs have not changed (a trap frame pops the same one four
 * times): *last holds the last one checked and its slot, *last_d. */
INLINE bool pop_check(struct cpu *c, unsigned cl, const uint8_t *p, const struct desc_slot **d,
		      uint32_t *last, const struct desc_slot **last_d)
{
	*d = NULL;
	if (cl != RK_POP_S)
		return true;
	uint16_t sel = (uint16_t)load_le(p, 4);
	if (sel == *last) {
		*d = *last_d;
		return true;
	}
	*d = seg_load_check(c, sel);
	*last = sel;
	*last_d = *d;
	return *d != NULL;
}

/* POPA's loads from host address p: EDI from the lowest address; the
 * saved ESP is skipped. */
INLINE void popa_at(struct cpu *c, const uint8_t *p)
{
	c->reg[EDI] = load_le(p, 4);
	c->reg[ESI] = load_le(p + 4, 4);
	c->reg[EBP] = load_le(p + 8, 4);
	c->reg[EBX] = load_le(p + 16, 4);
	c->reg[EDX] = load_le(p + 20, 4);
	c->reg[ECX] = load_le(p + 24, 4);
	c->reg[EAX] = load_le(p + 28, 4);
}

/* One pop of a run, checked; returns ESP after it. */
INLINE uint32_t pop_one(struct cpu *c, const struct insn *j, unsigned cl, unsigned kd,
			const uint8_t *p, uint32_t sp, const struct desc_slot *d)
{
	switch (cl) {
	case RK_POP_R: c->reg[kd & 7] = load_le(p, 4); return sp + 4;
	case RK_POP_S: seg_load_commit(c, kd & 7, (uint16_t)load_le(p, 4), d); return sp + 4;
	case RK_POPA: popa_at(c, p); return sp + 32;
	default: return alu4(c, F_ADD, sp, j->imm); /* RK_ADD_SP */
	}
}

/* A pop run; `shape` as for push_run(). */
INLINE void pop_run(struct cpu *c, const struct insn *i, unsigned n, const uint8_t *shape)
{
	const struct block *b = block_of(i);
	const uint8_t *kind = b->run_kind + i->bidx;
	unsigned bytes = b->run_bytes[i->bidx];
	if (!shape)
		n = b->run_n[i->bidx];
	uint32_t sp = c->reg[ESP];
	const uint8_t *p = ss_ptr(c, sp, bytes, c->rperm);
	if (unlikely(i + n - 1 >= c->fast_end) || unlikely(!p)) {
		run_head_alone(c, i);
		return;
	}
	/* Every segment load's checks first, committing nothing: the first
	 * m members can be done. */
	const struct desc_slot *d[BLOCK_MAX], *last_d = NULL;
	uint32_t last = 0x10000; /* no selector */
	unsigned m = 0, off = 0;
	if (shape) {
#pragma GCC unroll 16
		for (unsigned k = 0; k < n; k++)
			d[k] = NULL; /* registers: only to tell the compiler */
#pragma GCC unroll 16
		for (; m < n; m++) {
			if (unlikely(!pop_check(c, shape[m], p + off, &d[m], &last, &last_d)))
				break;
			off += pop_bytes(shape[m]);
		}
	} else {
		for (; m < n; m++) {
			if (unlikely(!pop_check(c, kind[m] & 0xf0, p + off, &d[m], &last, &last_d)))
				break;
			off += pop_bytes(kind[m] & 0xf0);
		}
	}
	if (unlikely(m == 0)) {
		run_head_alone(c, i);
		return;
	}
	if (shape) {
#pragma GCC unroll 16
		for (unsigned k = 0; k < n; k++) {
			if (k == m)
				break;
			sp = pop_one(c, i + k, shape[k], kind[k], p, sp, d[k]);
			p += pop_bytes(shape[k]);
		}
	} else {
		for (unsigned k = 0; k < m; k++) {
			sp = pop_one(c, i + k, kind[k] & 0xf0, kind[k], p, sp, d[k]);
			p += pop_bytes(kind[k] & 0xf0);
		}
	}
	c->reg[ESP] = sp;
	c->fast_cur = i + m - 1;
	run_next(c, i + m - 1);
}

static void run_push(struct cpu *c, const struct insn *i)
{
	push_run(c, i, 0, NULL);
}

static void run_pop(struct cpu *c, const struct insn *i)
{
	pop_run(c, i, 0, NULL);
}

/* Handlers for the frequent shapes, the classes fixed at compile time:
 * the trap stubs' entries (with and without an error code: push $0,
 * push $n, jmp, push of DS, ES, FS, GS, pusha) and trapret (popa, pop of
 * GS, FS, ES, DS, add), and register saves and restores. */
#define SHAPE(name, run, ...)                                                                      \
	static const uint8_t shape_##name[] = {__VA_ARGS__};                                       \
	static void run_##name(struct cpu *c, const struct insn *i)                                \
	{                                                                                          \
		run(c, i, sizeof(shape_##name), shape_##name);                                     \
	}
#define R_ RK_PUSH_R
#define S_ RK_PUSH_S
SHAPE(stub_entry, push_run, RK_PUSH_I, RK_PUSH_I, RK_JMP, S_, S_, S_, S_, RK_PUSHA)
SHAPE(stub_entry_err, push_run, RK_PUSH_I, RK_JMP, S_, S_, S_, S_, RK_PUSHA)
SHAPE(push2, push_run, R_, R_)
SHAPE(push3, push_run, R_, R_, R_)
SHAPE(push4, push_run, R_, R_, R_, R_)
SHAPE(trapret_any, pop_run, RK_POPA, RK_POP_S, RK_POP_S, RK_POP_S, RK_POP_S, RK_ADD_SP)
SHAPE(pop2, pop_run, RK_POP_R, RK_POP_R)
SHAPE(pop3, pop_run, RK_POP_R, RK_POP_R, RK_POP_R)
SHAPE(pop4, pop_run, RK_POP_R, RK_POP_R, RK_POP_R, RK_POP_R)
#undef R_
#undef S_

/*
 * The stub's entry from its pushes to its `out` (kernel/trapstub.c: the
 * vector's pushes, the jmp, alltraps' pushes, then `mov $sel,%ax;
 * mov %ax,%ds; mov %ax,%es; out`): the pushes as push_run() makes them,
 * then the mov and both loads at once when the descriptor cache passes
 * the load of sel (seg_load_check()). The pushes change none of its
 * inputs (the selector, the descriptor, GDTR, the CPL: SDM vol. 2 "MOV";
 * they reach no watched page, above), nor does the first load, so the
 * check, made before anything is committed, holds for both. The pushes
 * read DS and ES before the loads, as one by one. Then dispatch goes on
 * at the out (its sys_end() in a whole run). Otherwise: the pushes alone
 * (`alone`), and the rest by their own handlers.
 */
INLINE void stub_entry_out(struct cpu *c, const struct insn *i, unsigned nimm, exec_fn alone)
{
	const struct insn *m = i + nimm + 6; /* mov $sel,%ax; then the two loads */
	unsigned bytes = 4 * nimm + 48;
	uint16_t sel = (uint16_t)m->imm;
	uint32_t sp = c->reg[ESP];
	uint8_t *p = ss_ptr(c, sp - bytes, bytes, c->wperm);
	const struct desc_slot *d = NULL;
	if (unlikely(!p) || unlikely(m + 2 >= c->fast_end) ||
	    unlikely(!(d = seg_load_check(c, sel)))) {
		alone(c, i);
		return;
	}
	/* The immediates, then DS, ES, FS, GS (zero-extended, as
	 * h_push_seg), then pusha: EAX highest, ..., the ESP before it, ...,
	 * EDI lowest. */
	uint8_t *q = p + bytes;
	store_le(q - 4, 4, i[0].imm);
	if (nimm == 2)
		store_le(q - 8, 4, i[1].imm);
	q -= 4 * nimm;
	store_le(q - 4, 4, c->seg[SEG_DS].sel);
	store_le(q - 8, 4, c->seg[SEG_ES].sel);
	store_le(q - 12, 4, c->seg[SEG_FS].sel);
	store_le(q - 16, 4, c->seg[SEG_GS].sel);
	store_le(p + 28, 4, c->reg[EAX]);
	store_le(p + 24, 4, c->reg[ECX]);
	store_le(p + 20, 4, c->reg[EDX]);
	store_le(p + 16, 4, c->reg[EBX]);
	store_le(p + 12, 4, sp - 4 * nimm - 16);
	store_le(p + 8, 4, c->reg[EBP]);
	store_le(p + 4, 4, c->reg[ESI]);
	store_le(p, 4, c->reg[EDI]);
	c->reg[ESP] = sp - bytes;
	c->reg[EAX] = (c->reg[EAX] & 0xffff0000u) | sel;
	struct seg_image v = seg_image_of(&d->seg);
	seg_put(&c->seg[SEG_DS], v);
	seg_put(&c->seg[SEG_ES], v);
	c->seg[SEG_DS].sel = c->seg[SEG_ES].sel = sel;
	c->fast_cur = m + 2;
	run_next(c, m + 2);
}

static void run_stub_entry_out(struct cpu *c, const struct insn *i)
{
	stub_entry_out(c, i, 2, run_stub_entry);
}

static void run_stub_entry_err_out(struct cpu *c, const struct insn *i)
{
	stub_entry_out(c, i, 1, run_stub_entry_err);
}

/* trapret's pops from host address p (the 48 bytes at SS:ESP) when the
 * frame's four selectors are one that passes its checks (a trap from user
 * mode, whose stub pushed the user's DS, ES, FS and GS): pop_run() with
 * the checks made once, as pop_check() would repeat them for the same
 * selector. False, with nothing done, otherwise. ESP is the caller's. */
INLINE bool trapret_at(struct cpu *c, const struct insn *i, const uint8_t *p, bool stub_order)
{
	const uint8_t *kind = block_of(i)->run_kind + i->bidx;
	uint32_t s0 = load_le(p + 32, 4), s1 = load_le(p + 36, 4), s2 = load_le(p + 40, 4),
		 s3 = load_le(p + 44, 4);
	uint16_t sel = (uint16_t)s0;
	if (unlikely((uint16_t)(s0 ^ s1) | (uint16_t)(s0 ^ s2) | (uint16_t)(s0 ^ s3)))
		return false;
	const struct desc_slot *d = seg_load_check(c, sel);
	if (unlikely(!d))
		return false;
	popa_at(c, p);
	if (stub_order) {
		/* The four loads in the stub's order, the descriptor read
		 * once (the compiler cannot know that the segment registers
		 * do not alias the descriptor cache). */
		struct seg_image v = seg_image_of(&d->seg);
		seg_put(&c->seg[SEG_GS], v);
		seg_put(&c->seg[SEG_FS], v);
		seg_put(&c->seg[SEG_ES], v);
		seg_put(&c->seg[SEG_DS], v);
		c->seg[SEG_GS].sel = c->seg[SEG_FS].sel = sel;
		c->seg[SEG_ES].sel = c->seg[SEG_DS].sel = sel;
		return true;
	}
	for (unsigned k = 1; k <= 4; k++)
		seg_load_commit(c, kind[k] & 7, sel, d);
	return true;
}

/* After trapret_at(): the add (i[5]) with its flags, then dispatch goes
 * on after it. */
INLINE void trapret_add(struct cpu *c, const struct insn *i, uint32_t sp)
{
	c->reg[ESP] = alu4(c, F_ADD, sp + 48, i[5].imm);
	c->fast_cur = i + 5;
	run_next(c, i + 5);
}

/* trapret: trapret_at(), or pop_run() for any other frame. */
static const uint8_t shape_trapret[] = {RK_POPA, RK_POP_S, RK_POP_S, RK_POP_S, RK_POP_S, RK_ADD_SP};
static void run_trapret(struct cpu *c, const struct insn *i)
{
	uint32_t sp = c->reg[ESP];
	const uint8_t *p = ss_ptr(c, sp, 48, c->rperm);
	if (unlikely(!p) || unlikely(i + 5 >= c->fast_end) ||
	    unlikely(!trapret_at(c, i, p, false))) {
		run_trapret_any(c, i);
		return;
	}
	trapret_add(c, i, sp);
}

/*
 * trapret in the stub's order (pop %gs, %fs, %es, %ds), then the iret
 * that ends its block (the trap stub's way back, kernel/trapstub.c) made
 * at once when the return memo concludes it (iret_memo_holds(), sys.h):
 * the iret's frame follows the run's 48 bytes and the 8 the add drops, in
 * the same page. The add's flags are then never read (the iret loads
 * EFLAGS from its frame) and are not recorded.
 * The iret retires as sys_end() retires it (exec.c): EIP, the count and
 * fast_cur around it as there, and the run goes on as there. Any other
 * case: run_trapret(), and the iret's own sys_end().
 */
static void run_trapret_iret(struct cpu *c, const struct insn *i)
{
	const struct insn *j = i + 6; /* the iret */
	uint32_t sp = c->reg[ESP];
	const uint8_t *p = ss_ptr(c, sp, 76, c->rperm);
	if (unlikely(!p) || unlikely(j >= c->fast_end) || unlikely(c->eflags & FL_NT)) {
		run_trapret(c, i);
		return;
	}
	if (unlikely(!trapret_at(c, i, p, true))) {
		run_trapret_any(c, i);
		return;
	}
	if (unlikely(!iret_memo_holds(c, p + 56))) {
		trapret_add(c, i, sp);
		return;
	}
	c->eip += (uint32_t)(int32_t)j->eoff;
	c->icount += j->bidx;
	c->fast_cur = NULL;
	c->next_eip = c->eip + j->len;
	iret_by_memo_inline(c, p + 56);
	c->eip = c->next_eip;
	c->icount++;
	c->fast_cur = j;
	sys_end_go_on(c);
}

static const struct shape {
	const uint8_t *cls;
	unsigned n;
	exec_fn fn;
	const char *name;
} shapes[] = {
#define S(name)                                                                                    \
	{                                                                                          \
		shape_##name, sizeof(shape_##name), run_##name, #name                              \
	}
    S(stub_entry), S(stub_entry_err), S(push2), S(push3), S(push4),
    S(trapret),	   S(pop2),	      S(pop3),	S(pop4),
#undef S
};

/* The handler for the run of kinds kd[0..n): a fixed shape's, or the
 * generic one. */
static exec_fn run_handler(const uint8_t *kd, unsigned n)
{
	for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
		if (shapes[s].n != n)
			continue;
		unsigned k = 0;
		while (k < n && (kd[k] & 0xf0) == shapes[s].cls[k])
			k++;
		if (k == n)
			return shapes[s].fn;
	}
	return kd[0] < RK_CALL ? run_push : run_pop;
}

const char *runs_handler_name(exec_fn fn)
{
	if (fn == run_trapret_iret)
		return "trapret_iret";
	if (fn == run_stub_entry_out)
		return "stub_entry_out";
	if (fn == run_stub_entry_err_out)
		return "stub_entry_err_out";
	if (fn == run_push)
		return "push";
	if (fn == run_pop)
		return "pop";
	for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++)
		if (fn == shapes[s].fn)
			return shapes[s].name;
	return NULL;
}

/* ---- finding the runs (block build) ---- */

/* The member kind of instruction `i` (specialised: `spec`), 0 for none. */
static unsigned kind_of(const struct insn *i, bool spec)
{
	exec_fn inl = inline_jump_handler(i);
	if (inl && i->fn == inl)
		return i->row == ROW_call_Jv ? RK_CALL : RK_JMP;
	if (!spec)
		return 0;
	unsigned r = i->opcode & 7;
	switch (i->row) {
	case ROW_push_Zv: return RK_PUSH_R | r;
	case ROW_push_Iv:
	case ROW_push_Ibs: return RK_PUSH_I;
	case ROW_push_ES: return RK_PUSH_S + SEG_ES;
	case ROW_push_CS: return RK_PUSH_S + SEG_CS;
	case ROW_push_SS: return RK_PUSH_S + SEG_SS;
	case ROW_push_DS: return RK_PUSH_S + SEG_DS;
	case ROW_push_FS: return RK_PUSH_S + SEG_FS;
	case ROW_push_GS: return RK_PUSH_S + SEG_GS;
	case ROW_pusha: return RK_PUSHA;
	case ROW_pop_Zv: return r == ESP ? 0 : RK_POP_R | r;
	case ROW_pop_ES: return RK_POP_S + SEG_ES;
	case ROW_pop_DS: return RK_POP_S + SEG_DS;
	case ROW_pop_FS: return RK_POP_S + SEG_FS;
	case ROW_pop_GS: return RK_POP_S + SEG_GS;
	case ROW_popa: return RK_POPA;
	case ROW_add_EvIv:
	case ROW_add_EvIbs: return i->mod == 3 && i->rm == ESP ? RK_ADD_SP : 0;
	default: return 0;
	}
}

static bool is_push(unsigned kd)
{
	return kd >= RK_PUSH_R && kd < RK_CALL;
}

static bool is_pop(unsigned kd)
{
	return kd >= RK_POP_R && kd <= RK_POPA;
}

/* The run starting at `k`, of the kinds in `kd`: its length (0: none).
 * Pushes take inlined jmps and calls after the first; a pop run may end
 * with the add. */
static unsigned run_at(const uint8_t *kd, unsigned k, unsigned lim, unsigned *bytes)
{
	bool pushes = is_push(kd[k]);
	if (!pushes && !is_pop(kd[k]))
		return 0;
	unsigned e = k + 1, real = 1, end = k + 1, sum = 0;
	for (; e < lim; e++) {
		if (pushes ? !(is_push(kd[e]) || kd[e] == RK_CALL || kd[e] == RK_JMP)
			   : !is_pop(kd[e]))
			break;
		if (kd[e] != RK_JMP)
			real++, end = e + 1; /* a run does not end with a jmp */
	}
	if (!pushes && end < lim && kd[end] == RK_ADD_SP)
		real++, end++;
	if (real < 2)
		return 0;
	for (unsigned j = k; j < end; j++)
		sum += pushes ? (kd[j] == RK_PUSHA ? 32
				 : kd[j] == RK_JMP ? 0
						   : 4)
			      : pop_bytes(kd[j]);
	*bytes = sum;
	return end - k;
}

/* Whether trapret's run at `k` (kinds kd) is the stub's way back
 * (run_trapret_iret): its pops in the stub's order, then an add of 8 to
 * ESP and, last in the block, a 32-bit iret that ends the block's run as
 * sysend (block.c). */
static bool stub_return(const struct block *b, const uint8_t *kd, unsigned k)
{
	const struct insn *j = &b->insn[k + 6];
	return kd[k + 1] == RK_POP_S + SEG_GS && kd[k + 2] == RK_POP_S + SEG_FS &&
	       kd[k + 3] == RK_POP_S + SEG_ES && kd[k + 4] == RK_POP_S + SEG_DS &&
	       b->insn[k + 5].imm == 8 && b->sysend && k + 7u == b->n && j->row == ROW_iret &&
	       j->fn == op_handlers[ROW_iret] && j->opsize == 4;
}

/* Whether the stub entry's run of `len` at `k` is followed by the rest of
 * alltraps (run_stub_entry_out): `mov $sel,%ax`, `mov %ax,%ds` and
 * `mov %ax,%es` (in either order: one check passes both), each in the plain form a specialised handler took (bit
 * of `spec`: fast.c f_mov_ZwIw, sysfast.c s_mov_sreg_r), then, last in
 * the block, an `out` that ends its run as sysend (block.c). */
static bool stub_entry_rest(const struct block *b, unsigned k, unsigned len, uint32_t spec)
{
	unsigned e = k + len;
	if (e + 4 != b->n || !b->sysend || ((spec >> e) & 7) != 7)
		return false;
	const uint8_t *kd = b->run_kind + e - 5; /* the stub's order of pushes */
	if (kd[0] != RK_PUSH_S + SEG_DS || kd[1] != RK_PUSH_S + SEG_ES ||
	    kd[2] != RK_PUSH_S + SEG_FS || kd[3] != RK_PUSH_S + SEG_GS)
		return false;
	const struct insn *m = &b->insn[e], *ld = m + 1, *le = m + 2, *o = m + 3;
	return m->row == ROW_mov_ZvIv && m->opsize == 2 && (m->opcode & 7) == EAX &&
	       ld->row == ROW_mov_SwEw && ld->rm == EAX && le->row == ROW_mov_SwEw &&
	       le->rm == EAX &&
	       (1u << ld->regf | 1u << le->regf) == (1u << SEG_DS | 1u << SEG_ES) &&
	       o->fn == op_handlers[o->row] &&
	       (o->row == ROW_out_IbAL || o->row == ROW_out_IbeAX || o->row == ROW_out_DXAL ||
		o->row == ROW_out_DXeAX);
}

void runs_fuse(struct block *b, uint32_t specmask)
{
	/* Only the instructions a block run dispatches (exec.c): the last of
	 * a block not ending in a jump runs alone. */
	unsigned lim = b->nloop;
	uint8_t kd[BLOCK_MAX];
	for (unsigned k = 0; k < lim; k++)
		kd[k] = (uint8_t)kind_of(&b->insn[k], (specmask >> k) & 1);
	for (unsigned k = 0; k < lim;) {
		unsigned bytes = 0, len = run_at(kd, k, lim, &bytes);
		if (!len) {
			k++;
			continue;
		}
		b->run_n[k] = (uint8_t)len;
		b->run_bytes[k] = (uint16_t)bytes;
		for (unsigned j = k; j < k + len; j++)
			b->run_kind[j] = kd[j];
		b->insn[k].fn = run_handler(kd + k, len);
		if (b->insn[k].fn == run_trapret && stub_return(b, kd, k))
			b->insn[k].fn = run_trapret_iret;
		if (b->insn[k].fn == run_stub_entry && stub_entry_rest(b, k, len, specmask))
			b->insn[k].fn = run_stub_entry_out;
		if (b->insn[k].fn == run_stub_entry_err && stub_entry_rest(b, k, len, specmask))
			b->insn[k].fn = run_stub_entry_err_out;
		k += len;
	}
}
