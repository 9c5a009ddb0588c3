/*
 * The specialised trap-stub handlers (cpu/accel/sysfast.c) against the generic
 * handlers of their rows (cpu/ref/ops_move.c): each instruction runs from the
 * same state through both, and registers, segment registers, the stack,
 * the GDT (accessed bits) and any fault with its error code must come out
 * the same. The states vary the CPL (0, 3), the stack (flat 32-bit,
 * 16-bit, limit-checked with ESP near the limit, ESP wrapping below 0),
 * and the selector popped or moved (valid at either CPL, RPL above DPL,
 * null, beyond the GDT limit, the TSS, not present, accessed bit clear,
 * LDT), so both the fast paths and their fallbacks are compared.
 */
#include "../../cpu/accel/sysfast.h"
#include "unit.h"

#include <setjmp.h>
#include <string.h>

#define STACK 0x34000u
#define WIN   0x2000u /* compared stack window: STACK-WIN/2 .. STACK+WIN/2 */

static struct bare B;

static uint32_t rnd_state = 777;

static uint32_t rnd(void)
{
	return xorshift32(&rnd_state);
}

static void desc(unsigned idx, unsigned access)
{
	bare_wr32(&B, BARE_GDT + 8 * idx, 0xffff);
	bare_wr32(&B, BARE_GDT + 8 * idx + 4, (access << 8) | 0xcf0000u);
}

static void setup(void)
{
	bare_setup(&B);
	desc(1, 0x9b); /* kernel code, accessed */
	desc(2, 0x93); /* kernel data */
	desc(3, 0xfb); /* user code */
	desc(4, 0xf3); /* user data */
	desc(6, 0x73); /* user data, not present */
	desc(7, 0x92); /* kernel data, accessed bit clear */
	desc(8, 0xfa); /* user code, readable */
	desc(9, 0xf7); /* user data, expand-down */
	B.c.gdtr.limit = 10 * 8 - 1;
	cpu_tables_changed(&B.c);
}

static void teardown(void)
{
	bare_teardown(&B);
}

static const uint16_t sels[] = {0x10, 0x13, 0x23, 0x20, 0x1b, 0x43, 0x00, 0x03, 0x50,
				0x28, 0x33, 0x38, 0x3b, 0x4b, 0x0f, 0x08, 0x18, 0xfff8};

struct state {
	unsigned cpl, stack; /* stack: 0 flat 32, 1 16-bit, 2 limited */
	uint32_t reg[8];
	uint8_t mem[WIN];
};

struct outcome {
	uint32_t reg[8];
	struct seg seg[SEG_COUNT];
	int fault;
	uint32_t err;
	uint8_t mem[WIN];
	uint32_t gdt[20];
};

static void random_state(struct state *s)
{
	s->cpl = (rnd() & 1) ? 3 : 0;
	s->stack = rnd() % 3;
	for (int r = 0; r < 8; r++)
		s->reg[r] = rnd();
	/* The register a mov takes its selector from, and the stack top a
	 * pop takes it from, hold one of the selectors (high bits random). */
	uint32_t sel = sels[rnd() % (sizeof(sels) / sizeof(sels[0]))];
	s->reg[EAX] = (s->reg[EAX] & 0xffff0000u) | sel;
	switch (rnd() % 4) {
	case 0: s->reg[ESP] = 0x10 + (rnd() & 0xc); break; /* a push of 32 wraps */
	case 1: s->reg[ESP] = STACK + 0x800 - 16 + (rnd() & 0x1c); break;
	default: s->reg[ESP] = STACK + (rnd() & 0x3c); break;
	}
	for (unsigned k = 0; k < WIN; k++)
		s->mem[k] = (uint8_t)rnd();
	uint32_t top = s->reg[ESP] - (STACK - WIN / 2);
	if (top + 4 <= WIN)
		memcpy(s->mem + top, &sel, 2);
}

static void load_state(const struct state *s)
{
	struct cpu *c = &B.c;
	/* Entry 7 with its accessed bit clear again (rewritten only when a
	 * load set it, as a write empties the descriptor cache). */
	if (bare_rd32(&B, BARE_GDT + 7 * 8 + 4) & 0x100)
		desc(7, 0x92);
	ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_CS, s->cpl ? 0x1b : 0x08), 0);
	ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_SS, s->cpl ? 0x23 : 0x10), 0);
	for (int r = SEG_DS; r <= SEG_GS; r++)
		ck_assert_int_eq(cpu_load_seg_unchecked(c, r, s->cpl ? 0x23 : 0x10), 0);
	ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_ES, s->cpl ? 0x23 : 0x10), 0);
	if (s->stack == 1)
		c->seg[SEG_SS].attr &= ~DESC_DB;
	if (s->stack == 2) {
		c->seg[SEG_SS].limit = STACK + 0x800 - 1;
		c->seg[SEG_SS].slow = true;
		seg_sync_fbase(&c->seg[SEG_SS]);
	}
	memcpy(c->reg, s->reg, sizeof(s->reg)); /* not reg[REG_ZERO] */
	memcpy(phys_ptr(&B.pm, STACK - WIN / 2, WIN), s->mem, WIN);
	phys_note_write(&B.pm, STACK - WIN / 2);
	phys_note_write(&B.pm, STACK + WIN / 2 - 1);
	c->eip = 0x1000;
}

static void run_one(const struct insn *i, exec_fn fn, struct outcome *o)
{
	struct cpu *c = &B.c;
	o->fault = -1;
	o->err = 0;
	c->next_eip = c->eip + i->len;
	/* Alone, as exec.c runs an instruction alone: the one after it
	 * stops a handler running on (accel.h run_next). */
	struct insn two[2] = {*i};
	two[1].tfn = insn_stop;
	if (setjmp(c->fault_jmp) == 0) {
		fn(c, &two[0]);
	} else {
		o->fault = c->fault_vec;
		o->err = c->fault_err;
	}
	memcpy(o->reg, c->reg, sizeof(o->reg));
	memcpy(o->seg, c->seg, sizeof(o->seg));
	memcpy(o->mem, phys_ptr(&B.pm, STACK - WIN / 2, WIN), WIN);
	for (unsigned k = 0; k < 20; k++)
		o->gdt[k] = bare_rd32(&B, BARE_GDT + 4 * k);
}

static void same_seg(const char *name, int trial, int r, const struct seg *a, const struct seg *b)
{
	ck_assert_msg(a->sel == b->sel && a->valid == b->valid, "%s trial %d: seg %d sel %x/%x",
		      name, trial, r, a->sel, b->sel);
	if (!a->valid)
		return;
	ck_assert_msg(a->base == b->base && a->limit == b->limit && a->attr == b->attr &&
			  a->slow == b->slow,
		      "%s trial %d: seg %d hidden part differs", name, trial, r);
}

struct tcase {
	const char *name;
	uint8_t bytes[6];
	uint8_t len;
};

#define T(name, ...)                                                                               \
	{                                                                                          \
		name, {__VA_ARGS__}, sizeof((uint8_t[]){__VA_ARGS__})                              \
	}

static const struct tcase cases[] = {
    T("push es", 0x06),		T("push cs", 0x0e),
    T("push ss", 0x16),		T("push ds", 0x1e),
    T("push fs", 0x0f, 0xa0),	T("push gs", 0x0f, 0xa8),
    T("pop es", 0x07),		T("pop ds", 0x1f),
    T("pop fs", 0x0f, 0xa1),	T("pop gs", 0x0f, 0xa9),
    T("mov ax,es", 0x8e, 0xc0), T("mov ax,ds", 0x8e, 0xd8),
    T("mov ax,fs", 0x8e, 0xe0), T("mov eax,gs", 0x8e, 0xe8),
    T("pusha", 0x60),		T("popa", 0x61),
    T("push imm8", 0x6a, 0x80), T("push imm32", 0x68, 1, 2, 3, 4),
};

static void compare(const struct tcase *t)
{
	struct insn i;
	ck_assert_msg(decode(t->bytes, t->len, &i) == (int)t->len, "%s: decode", t->name);
	exec_fn fast = sys_fast_handler(&i);
	ck_assert_msg(fast != NULL, "%s: not specialised", t->name);
	exec_fn slow = op_handlers[i.row];
	static struct outcome a, b;
	for (int trial = 0; trial < 400; trial++) {
		static struct state s;
		random_state(&s);
		/* The generic handler first: it also fills the descriptor
		 * cache, so the specialised one then finds it warm. */
		load_state(&s);
		run_one(&i, slow, &a);
		load_state(&s);
		run_one(&i, fast, &b);
		ck_assert_msg(a.fault == b.fault && a.err == b.err,
			      "%s trial %d: fault %d/%x vs %d/%x", t->name, trial, a.fault, a.err,
			      b.fault, b.err);
		for (int r = 0; r < 8; r++)
			ck_assert_msg(a.reg[r] == b.reg[r], "%s trial %d: reg %d %08x vs %08x",
				      t->name, trial, r, a.reg[r], b.reg[r]);
		for (int r = 0; r < SEG_COUNT; r++)
			same_seg(t->name, trial, r, &a.seg[r], &b.seg[r]);
		ck_assert_msg(memcmp(a.mem, b.mem, WIN) == 0, "%s trial %d: stack differs", t->name,
			      trial);
		ck_assert_msg(memcmp(a.gdt, b.gdt, sizeof(a.gdt)) == 0, "%s trial %d: GDT differs",
			      t->name, trial);
	}
}

START_TEST(sys_fast_handlers_match_generic)
{
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		compare(&cases[k]);
}
END_TEST

/* Runs pair[0] and pair[1] as a block run does (fast_end after the
 * second) with `fn` on the first; the index of a faulting one in *at. */
static void run_pair(const struct insn *pair, exec_fn fn, struct outcome *o, int *at)
{
	struct cpu *c = &B.c;
	o->fault = -1;
	o->err = 0;
	*at = -1;
	c->next_eip = c->eip + pair[0].len;
	/* The dispatch loop of exec.c run_stretch(). */
	struct insn run[3] = {pair[0], pair[1]};
	run[0].fn = fn;
	/* Threaded as in a block (block.c): each into the next, the third
	 * where the run stops. */
	run[0].tfn = run[0].fn;
	run[1].tfn = run[1].fn;
	run[2].tfn = insn_stop;
	const struct insn *volatile i = run;
	if (setjmp(c->fault_jmp) == 0) {
		/* A write to a watched page (an accessed bit) cuts the run
		 * after the writing instruction (fast_end NULL): the loop of
		 * exec.c then goes on with the next one afresh. */
		while (i < run + 2) {
			c->fast_end = run + 2;
			c->fast_cur = i;
			i->fn(c, i);
			i = c->fast_cur + 1;
		}
	} else {
		o->fault = c->fault_vec;
		o->err = c->fault_err;
		*at = (int)(c->fast_cur - run);
	}
	c->fast_end = c->fast_cur = NULL;
	memcpy(o->reg, c->reg, sizeof(o->reg));
	memcpy(o->seg, c->seg, sizeof(o->seg));
	for (unsigned k = 0; k < 20; k++)
		o->gdt[k] = bare_rd32(&B, BARE_GDT + 4 * k);
}

/* mov %ax,%Sreg; mov %ax,%Sreg2 by the pair handler against the generic
 * handler of each, one after the other. */
START_TEST(sys_pair_matches_generic_steps)
{
	static const uint8_t regs[][2] = {{0xd8, 0xc0}, {0xc0, 0xe0}, {0xe0, 0xe8}, {0xe8, 0xd8}};
	for (size_t r = 0; r < sizeof(regs) / sizeof(regs[0]); r++) {
		struct insn pair[2];
		uint8_t b0[2] = {0x8e, regs[r][0]}, b1[2] = {0x8e, regs[r][1]};
		ck_assert_int_eq(decode(b0, 2, &pair[0]), 2);
		ck_assert_int_eq(decode(b1, 2, &pair[1]), 2);
		exec_fn generic = op_handlers[pair[0].row];
		pair[0].fn = sys_fast_handler(&pair[0]);
		pair[1].fn = sys_fast_handler(&pair[1]);
		exec_fn both = sys_pair_handler(&pair[0], &pair[1]);
		ck_assert_ptr_nonnull(both);
		static struct outcome a, b;
		for (int trial = 0; trial < 400; trial++) {
			static struct state s;
			random_state(&s);
			int at_a = -1, at_b;
			load_state(&s);
			for (int k = 0; k < 2 && at_a < 0; k++) {
				run_one(&pair[k], generic, &a);
				if (a.fault >= 0)
					at_a = k;
			}
			load_state(&s);
			run_pair(pair, both, &b, &at_b);
			ck_assert_msg(a.fault == b.fault && a.err == b.err && at_a == at_b,
				      "pair %zu trial %d: fault %d/%x at %d vs %d/%x at %d", r,
				      trial, a.fault, a.err, at_a, b.fault, b.err, at_b);
			for (int k = 0; k < SEG_COUNT; k++)
				same_seg("pair", trial, k, &a.seg[k], &b.seg[k]);
			ck_assert_msg(memcmp(a.gdt, b.gdt, sizeof(a.gdt)) == 0,
				      "pair trial %d: GDT differs", trial);
		}
	}
}
END_TEST

START_TEST(sys_fast_not_for_16bit_ss_or_memory)
{
	struct insn i;
	static const uint8_t pop16[] = {0x66, 0x1f};   /* pop %ds, 16-bit */
	static const uint8_t movss[] = {0x8e, 0xd0};   /* mov %ax,%ss */
	static const uint8_t movcs[] = {0x8e, 0xc8};   /* mov %ax,%cs: #UD */
	static const uint8_t movmem[] = {0x8e, 0x1b};  /* mov (%ebx),%ds */
	static const uint8_t popss[] = {0x17};	       /* pop %ss */
	static const uint8_t pusha16[] = {0x66, 0x60}; /* pushaw */
	ck_assert_int_eq(decode(pop16, 2, &i), 2);
	ck_assert_ptr_null(sys_fast_handler(&i));
	ck_assert_int_eq(decode(movss, 2, &i), 2);
	ck_assert_ptr_null(sys_fast_handler(&i));
	ck_assert_int_eq(decode(movcs, 2, &i), 2);
	ck_assert_ptr_null(sys_fast_handler(&i));
	ck_assert_int_eq(decode(movmem, 2, &i), 2);
	ck_assert_ptr_null(sys_fast_handler(&i));
	ck_assert_int_eq(decode(popss, 1, &i), 1);
	ck_assert_ptr_null(sys_fast_handler(&i));
	ck_assert_int_eq(decode(pusha16, 2, &i), 2);
	ck_assert_ptr_null(sys_fast_handler(&i));
}
END_TEST

Suite *sysfast_suite(void)
{
	Suite *s = suite_create("sysfast");
	TCase *tc = tcase_create("sysfast");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, sys_pair_matches_generic_steps);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, sys_fast_handlers_match_generic);
	tcase_add_test(tc, sys_fast_not_for_16bit_ss_or_memory);
	suite_add_tcase(s, tc);
	return s;
}
