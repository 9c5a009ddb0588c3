/*
 * The specialised handlers (cpu/accel/fast.c) against the generic handlers of
 * their rows (cpu/ref/ops_*.c): each test instruction runs from the same random
 * state through both, and registers, EIP, EFLAGS (with the lazy flags
 * folded in), memory and any fault must come out the same. The states mix
 * every kind of lazy-flag record, flat and limit-checked data segments,
 * 32- and 16-bit stacks and a CS limit that some branch targets exceed, so
 * the fast paths and their fallbacks are both compared.
 */
#include "../../cpu/ref/ref.h"
#include "../../cpu/accel/fast.h"
#include "../../cpu/accel/fuse.h"
#include "unit.h"

#include <setjmp.h>
#include <string.h>

#define DATA	 0x30000u /* memory operands: EBX points into [DATA, DATA+4K) */
#define STACK	 0x34000u
#define WIN	 0x8000u /* compared window: DATA .. DATA+WIN */
#define CODE_EIP 0x1000u

static struct bare B;

static void setup(void)
{
	bare_setup(&B);
}

static void teardown(void)
{
	bare_teardown(&B);
}

struct outcome {
	uint32_t reg[8], next_eip, eflags;
	int fault; /* -1: none, else the vector */
	uint8_t mem[WIN];
};

struct state {
	uint32_t reg[8], eflags;
	struct lazy_flags lf;
	uint8_t mem[WIN];
	bool ds_slow, ss16, cs_small, ss_limit;
};

static uint32_t rnd_state = 12345;

static uint32_t rnd(void)
{
	return xorshift32(&rnd_state);
}

static void random_state(struct state *s)
{
	/* Small values of both signs too: products that fit (imul's CF, OF). */
	for (int r = 0; r < 8; r++) {
		uint32_t k = rnd() & 7;
		s->reg[r] = k < 2 ? rnd() & 0xff : k == 2 ? 0u - (rnd() & 0xff) : rnd();
	}
	s->reg[EBX] = DATA + (rnd() & 0xff0);
	s->reg[ESP] = STACK + (rnd() & 0x3c);
	if (rnd() & 1)
		s->reg[ECX] &= 0x3f; /* shift counts of 0..63 */
	if ((rnd() & 3) == 0)	     /* as cdq leaves it: an idiv whose quotient fits */
		s->reg[EDX] = 0u - (s->reg[EAX] >> 31);
	s->eflags = FL_1 | (rnd() & (FL_ARITH | FL_DF));
	static const uint8_t ops[] = {LF_NONE, LF_ADD,	 LF_ADC, LF_SUB,
				      LF_SBB,  LF_LOGIC, LF_INC, LF_DEC};
	static const uint8_t sizes[] = {1, 2, 4};
	uint8_t op = ops[rnd() % sizeof(ops)], size = sizes[rnd() % 3];
	uint32_t m = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	uint32_t a = rnd() & m, b = (rnd() & 1) ? a : rnd() & m, carry = rnd() & 1, r;
	if (op == LF_ADC && (rnd() & 3) == 0)
		b = m, carry = 1; /* a result equal to src1 with a carry: CF set */
	switch (op) {
	case LF_ADD: r = a + b; break;
	case LF_ADC: r = a + b + carry; break;
	case LF_SUB: r = a - b; break;
	case LF_SBB: r = a - b - carry; break;
	case LF_INC: r = a + 1, b = 1; break;
	case LF_DEC: r = a - 1, b = 1; break;
	default: r = (rnd() & 1) ? a & b : a ^ b; break;
	}
	s->lf = (struct lazy_flags){
	    .res = r & m, .src1 = a, .src2 = b, .op = op, .size = size, .carry = (uint8_t)carry};
	if (op != LF_NONE && (rnd() & 3) == 0)
		s->lf.op |= LF_CFOF_EAGER; /* after a rotate: CF and OF in eflags */
	for (unsigned k = 0; k < WIN; k++)
		s->mem[k] = (uint8_t)rnd();
	s->ds_slow = (rnd() & 3) == 0;
	s->ss16 = (rnd() & 7) == 0;
	s->cs_small = (rnd() & 7) == 0;
	s->ss_limit = (rnd() & 7) == 0;
}

static void load_state(const struct state *s)
{
	struct cpu *c = &B.c;
	memcpy(c->reg, s->reg, sizeof(s->reg));
	c->eflags = s->eflags;
	c->lf = s->lf;
	memcpy(phys_ptr(&B.pm, DATA, WIN), s->mem, WIN);
	c->eip = CODE_EIP;
	/* cpu_init's flat segments, then the variations. */
	for (int r = 0; r < SEG_COUNT; r++) {
		c->seg[r].limit = 0xffffffffu;
		c->seg[r].attr |= DESC_DB;
		c->seg[r].slow = r == SEG_CS;
	}
	if (s->ds_slow) {
		/* A data segment with a limit: every access is checked. */
		c->seg[SEG_DS].limit = 0x000fffffu;
		c->seg[SEG_DS].slow = true;
	}
	if (s->ss16)
		c->seg[SEG_SS].attr &= ~DESC_DB; /* 16-bit stack: SP, not ESP */
	if (s->cs_small)
		c->seg[SEG_CS].limit = 0x0000ffffu; /* some branch targets fault */
	if (s->ss_limit) {
		/* A stack with a limit inside the slots ESP ranges over: some
		 * pushes and pops fault (#SS), all are checked. */
		c->seg[SEG_SS].limit = STACK + 0x1f;
		c->seg[SEG_SS].slow = true;
	}
	for (int r = 0; r < SEG_COUNT; r++)
		seg_sync_fbase(&c->seg[r]); /* as cpu_run() does: handlers are called here */
}

static void run_one(const struct insn *i, exec_fn fn, struct outcome *o)
{
	struct cpu *c = &B.c;
	o->fault = -1;
	c->next_eip = c->eip + i->len;
	/* Alone, as exec.c runs an instruction alone: the one after it
	 * stops a handler running on (accel.h run_next). */
	struct insn two[2] = {*i};
	two[1].tfn = insn_stop;
	if (setjmp(c->fault_jmp) == 0)
		fn(c, &two[0]);
	else
		o->fault = c->fault_vec;
	memcpy(o->reg, c->reg, sizeof(o->reg));
	o->next_eip = c->next_eip;
	o->eflags = cpu_get_eflags(c);
	memcpy(o->mem, phys_ptr(&B.pm, DATA, WIN), WIN);
}

struct tcase {
	const char *name;
	uint8_t bytes[16];
	uint8_t len;
};

#define T(name, ...)                                                                               \
	{                                                                                          \
		name, {__VA_ARGS__}, sizeof((uint8_t[]){__VA_ARGS__})                              \
	}

static const struct tcase cases[] = {
    T("add r,r", 0x01, 0xd8),
    T("add r,m", 0x01, 0x03),
    T("add m,r", 0x03, 0x03),
    T("add imm8,r", 0x83, 0xc0, 0x85),
    T("add imm8,m", 0x83, 0x03, 0xf0),
    T("add imm32,r", 0x81, 0xc1, 0x78, 0x56, 0x34, 0x12),
    T("add imm32,m", 0x81, 0x03, 0x00, 0x00, 0x00, 0x80),
    T("add imm,eax", 0x05, 1, 0, 0, 0x80),
    T("or r,r", 0x09, 0xd8),
    T("or r,m", 0x09, 0x03),
    T("or m,r", 0x0b, 0x03),
    T("or imm8,r", 0x83, 0xc8, 0x01),
    T("or imm,eax", 0x0d, 0, 0, 0, 0),
    T("and r,r", 0x21, 0xd8),
    T("and r,m", 0x21, 0x43, 0x04),
    T("and m,r", 0x23, 0x03),
    T("and imm8,m", 0x83, 0x23, 0x0f),
    T("and imm,eax", 0x25, 0xff, 0, 0xff, 0),
    T("sub r,r", 0x29, 0xd8),
    T("sub r,m", 0x29, 0x03),
    T("sub m,r", 0x2b, 0x03),
    T("sub imm8,r", 0x83, 0xe9, 0x01),
    T("sub imm,eax", 0x2d, 0x10, 0, 0, 0),
    T("xor r,r", 0x31, 0xc0),
    T("xor r,m", 0x31, 0x03),
    T("xor m,r", 0x33, 0x03),
    T("xor imm8,m", 0x83, 0x33, 0xff),
    T("xor imm,eax", 0x35, 1, 2, 3, 4),
    T("cmp r,r", 0x39, 0xd8),
    T("cmp r,m", 0x39, 0x03),
    T("cmp m,r", 0x3b, 0x03),
    T("cmp imm8,r", 0x83, 0xf8, 0x05),
    T("cmp imm8,m", 0x83, 0x3b, 0x80),
    T("cmp imm32,r", 0x81, 0xf9, 0, 0, 0, 0x80),
    T("cmp imm,eax", 0x3d, 0xff, 0xff, 0, 0),
    T("test r,r", 0x85, 0xd8),
    T("test r8,r8", 0x84, 0xe0),
    T("cmp r8,r8", 0x38, 0xfc),
    T("cmp imm8,r8", 0x80, 0xfb, 0x7f),
    T("cmp imm8,m8", 0x80, 0x3b, 0x80),
    T("cmp imm8,m8 (82)", 0x82, 0x7b, 0x01, 0x00),
    T("cmp imm8,al", 0x3c, 0x41),
    T("cmp r8,r8 (3a)", 0x3a, 0xe3),
    T("add r8,r8", 0x00, 0xd8),
    T("add r8,r8 (02)", 0x02, 0xfc),
    T("add imm8,r8", 0x80, 0xc5, 0x90),
    T("add imm8,r8 (82)", 0x82, 0xc1, 0x7f),
    T("add imm8,al", 0x04, 0x80),
    T("or r8,r8", 0x08, 0xe1),
    T("or r8,r8 (0a)", 0x0a, 0xc3),
    T("or imm8,r8", 0x80, 0xcc, 0x01),
    T("or imm8,al", 0x0c, 0x10),
    T("and r8,r8", 0x20, 0xf9),
    T("and r8,r8 (22)", 0x22, 0xd0),
    T("and imm8,r8", 0x80, 0xe2, 0x0f),
    T("and imm8,al", 0x24, 0x7f),
    T("sub r8,r8", 0x28, 0xc4),
    T("sub r8,r8 (2a)", 0x2a, 0xdf),
    T("sub imm8,r8", 0x80, 0xef, 0x81),
    T("sub imm8,al", 0x2c, 0x01),
    T("xor r8,r8", 0x30, 0xc1),
    T("xor r8,r8 (32)", 0x32, 0xe7),
    T("xor r8,r8 same", 0x30, 0xdb),
    T("xor imm8,r8", 0x80, 0xf3, 0xaa),
    T("xor imm8,al", 0x34, 0xff),
    T("mov r8,r8", 0x88, 0xc4),
    T("mul r", 0xf7, 0xe3),
    T("mul eax", 0xf7, 0xe0),
    T("imul r", 0xf7, 0xe9),
    T("imul edx", 0xf7, 0xea),
    T("idiv r", 0xf7, 0xf9),
    T("idiv edx", 0xf7, 0xfa),
    T("idiv eax", 0xf7, 0xf8),
    T("cdq", 0x99),
    T("mov imm8,r8", 0xb1, 0x7f),
    T("mov imm8,r8 high", 0xb4, 0x92),
    T("imul r,r", 0x0f, 0xaf, 0xc1),
    T("imul r,m", 0x0f, 0xaf, 0x03),
    T("imul r,m+d8", 0x0f, 0xaf, 0x43, 0x10),
    T("imul r,r,imm32", 0x69, 0xc1, 0x78, 0x56, 0x34, 0x12),
    T("imul r,r,imm8", 0x6b, 0xc1, 0xfd),
    T("div r", 0xf7, 0xf1),
    T("div eax", 0xf7, 0xf0),
    T("div edx", 0xf7, 0xf2),
    T("not r", 0xf7, 0xd6),
    T("neg r", 0xf7, 0xdf),
    T("mov r8,r8 (8a)", 0x8a, 0xfa),
    T("mov r,r", 0x89, 0xd8),
    T("mov r,m", 0x89, 0x03),
    T("mov m,r", 0x8b, 0x03),
    T("mov m,r sib", 0x8b, 0x44, 0x4b, 0x08),
    T("mov r,r (8b)", 0x8b, 0xc3),
    T("mov imm,r", 0xb9, 0x78, 0x56, 0x34, 0x12),
    T("mov imm16,ax", 0x66, 0xb8, 0x10, 0x00),
    T("mov imm16,si", 0x66, 0xbe, 0xff, 0x80),
    T("mov imm16,sp", 0x66, 0xbc, 0x34, 0x12),
    T("mov imm,r/m", 0xc7, 0xc0, 1, 2, 3, 4),
    T("mov imm,m", 0xc7, 0x03, 1, 2, 3, 4),
    T("mov imm8,m8", 0xc6, 0x03, 0x55),
    T("mov r8,m8", 0x88, 0x23),
    T("mov m8,r8", 0x8a, 0x3b),
    T("mov m8,r8 low", 0x8a, 0x13),
    T("movzx r8", 0x0f, 0xb6, 0xc3),
    T("movzx r8 high", 0x0f, 0xb6, 0xc7),
    T("movzx m8", 0x0f, 0xb6, 0x03),
    T("movzx r16", 0x0f, 0xb7, 0xc8),
    T("movzx m16", 0x0f, 0xb7, 0x03),
    T("movsx r8", 0x0f, 0xbe, 0xc3),
    T("movsx r8 high", 0x0f, 0xbe, 0xc7),
    T("movsx m8", 0x0f, 0xbe, 0x03),
    T("movsx r16", 0x0f, 0xbf, 0xc8),
    T("movsx m16", 0x0f, 0xbf, 0x03),
    T("movsx m16 sib", 0x0f, 0xbf, 0x44, 0x4b, 0x08),
    T("lea", 0x8d, 0x44, 0x8b, 0x08),
    T("lea disp32", 0x8d, 0x80, 0x00, 0x10, 0x00, 0x00),
    T("inc", 0x40),
    T("inc esp", 0x44),
    T("dec", 0x4b),
    T("push", 0x50),
    T("push esp", 0x54),
    T("pop", 0x58),
    T("pop esp", 0x5c),
    T("shl imm r8", 0xc0, 0xe0, 0x05),
    T("shl 1 r8 high", 0xd0, 0xe4),
    T("shl cl r8", 0xd2, 0xe1),
    T("sal cl r8", 0xd2, 0xf0),
    T("shr imm r8", 0xc0, 0xe8, 0x03),
    T("shr 1 r8", 0xd0, 0xe8),
    T("shr cl r8 high", 0xd2, 0xed),
    T("shr 9 r8", 0xc0, 0xe8, 0x09),
    T("sar imm r8", 0xc0, 0xf8, 0x02),
    T("sar 1 r8", 0xd0, 0xf8),
    T("sar cl r8", 0xd2, 0xfa),
    T("shl 0 r8", 0xc0, 0xe0, 0x00),
    T("inc m", 0xff, 0x03),
    T("dec m", 0xff, 0x0b),
    T("dec m disp8", 0xff, 0x4b, 0x08),
    T("inc r8", 0xfe, 0xc0),
    T("inc r8 high", 0xfe, 0xc4),
    T("dec r8", 0xfe, 0xc9),
    T("dec r8 high", 0xfe, 0xcd),
    T("shl imm", 0xc1, 0xe0, 0x05),
    T("shl 1", 0xd1, 0xe0),
    T("shl cl", 0xd3, 0xe0),
    T("shl 0", 0xc1, 0xe0, 0x00),
    T("shl 32", 0xc1, 0xe0, 0x20),
    T("sal cl", 0xd3, 0xf2),
    T("shr imm", 0xc1, 0xe8, 0x07),
    T("shr 1", 0xd1, 0xe9),
    T("shr cl", 0xd3, 0xea),
    T("sar imm", 0xc1, 0xf8, 0x1f),
    T("sar 1", 0xd1, 0xfb),
    T("sar cl", 0xd3, 0xf8),
    T("rol imm", 0xc1, 0xc0, 0x03),
    T("rol 1", 0xd1, 0xc1),
    T("rol cl", 0xd3, 0xc2),
    T("ror imm", 0xc1, 0xc8, 0x07),
    T("ror 1", 0xd1, 0xcb),
    T("ror cl", 0xd3, 0xc8),
    T("jmp rel8", 0xeb, 0x10),
    T("jmp rel32", 0xe9, 0, 0, 1, 0),
    T("call", 0xe8, 0x00, 0x00, 0x02, 0x00),
    T("ret", 0xc3),
};

static const uint8_t jcc_bytes[16] = {0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
				      0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f};

static int compare(const char *name, const struct tcase *t)
{
	struct insn i;
	ck_assert_msg(decode(t->bytes, t->len, &i) == (int)t->len, "%s: decode", name);
	exec_fn fast = fast_handler(&i);
	if (!fast)
		return 0; /* the parity jcc keep the generic handler */
	exec_fn slow = op_handlers[i.row];
	static struct outcome a, b;
	for (int trial = 0; trial < 300; trial++) {
		static struct state s;
		random_state(&s);
		load_state(&s);
		run_one(&i, slow, &a);
		load_state(&s);
		run_one(&i, fast, &b);
		ck_assert_msg(a.fault == b.fault, "%s trial %d: fault %d vs %d", name, trial,
			      a.fault, b.fault);
		for (int r = 0; r < 8; r++)
			ck_assert_msg(a.reg[r] == b.reg[r], "%s trial %d: reg %d %08x vs %08x",
				      name, trial, r, a.reg[r], b.reg[r]);
		ck_assert_msg(a.next_eip == b.next_eip, "%s trial %d: eip %08x vs %08x", name,
			      trial, a.next_eip, b.next_eip);
		ck_assert_msg(a.eflags == b.eflags, "%s trial %d: eflags %08x vs %08x", name, trial,
			      a.eflags, b.eflags);
		ck_assert_msg(memcmp(a.mem, b.mem, WIN) == 0, "%s trial %d: memory differs", name,
			      trial);
	}
	return 1;
}

/* A case whose operand is [ebx] or [ebx+disp8] runs the base + displacement
 * entry of its handler (FAST_M, accel.h); the same instruction with the
 * operand as [ebx*1+disp32] (SIB `sib` with an index, no base; the
 * displacement less disp_less) runs the general one. Returns compare()'s
 * answer for that twin, 0 for other cases. */
static int compare_general_form(const struct tcase *t, uint8_t sib, uint32_t disp_less)
{
	struct insn i;
	if (decode(t->bytes, t->len, &i) != (int)t->len || !i.has_modrm || i.has_sib ||
	    i.rm != EBX || i.mod > 1)
		return 0;
	unsigned at = i.npfx + (i.map ? 2u : 1u); /* the ModRM byte */
	unsigned rest = at + 1 + i.mod;		  /* after it and a disp8 */
	struct tcase g = {"general form", {0}, 0};
	memcpy(g.bytes, t->bytes, at);
	g.bytes[at] = (uint8_t)((i.regf << 3) | 4); /* mod 0, rm 4: a SIB follows */
	g.bytes[at + 1] = sib;			    /* index EBX, no base: disp32 */
	uint32_t disp = i.disp - disp_less;
	memcpy(g.bytes + at + 2, &disp, 4);
	memcpy(g.bytes + at + 6, t->bytes + rest, t->len - rest);
	g.len = (uint8_t)(t->len - rest + at + 6);
	struct insn gi;
	ck_assert_int_eq(decode(g.bytes, g.len, &gi), g.len);
	ck_assert_uint_eq(gi.findex, EBX);
	ck_assert_ptr_ne(fast_handler(&gi), fast_handler(&i));
	return compare(t->name, &g);
}

/* The same operand as [ebx*4+disp32] runs the scaled-index entry (the
 * address as before: the displacement less 3 * DATA, EBX being DATA +
 * an offset, so the offset is 4 times as far into the window). */
static int compare_scaled_form(const struct tcase *t)
{
	return compare_general_form(t, 0x9d, 3 * DATA);
}

START_TEST(fast_handlers_match_generic)
{
	int n = 0, general = 0, scaled = 0;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		n += compare(cases[k].name, &cases[k]);
		general += compare_general_form(&cases[k], 0x1d, 0); /* scale 1 */
		scaled += compare_scaled_form(&cases[k]);
	}
	ck_assert_int_ge(general, 30); /* the memory forms, every entry */
	ck_assert_int_eq(scaled, general);
	/* Every listed form is specialised: a regression in fast_handler()
	 * that silently drops one shows here. */
	ck_assert_int_eq(n, (int)(sizeof(cases) / sizeof(cases[0])));
}
END_TEST

START_TEST(fast_jcc_match_generic)
{
	int n = 0;
	for (int cc = 0; cc < 16; cc++) {
		struct tcase t8 = {"jcc rel8", {jcc_bytes[cc], 0x40}, 2};
		struct tcase t32 = {"jcc rel32", {0x0f, (uint8_t)(0x80 + cc), 0, 0, 2, 0}, 6};
		n += compare(t8.name, &t8) + compare(t32.name, &t32);
	}
	ck_assert_int_eq(n, 28); /* all but jp/jnp in both encodings */
}
END_TEST

/* A head and a jcc the generic way (each handler in turn, as the
 * per-instruction loop runs them) or fused (the pair as one handler). */
static void run_pair(const struct insn *p, exec_fn fused, struct outcome *o)
{
	struct cpu *c = &B.c;
	o->fault = -1;
	c->fast_cur = NULL;
	if (setjmp(c->fault_jmp) == 0) {
		if (fused) {
			c->next_eip = c->eip + p[0].len + p[1].len;
			c->fast_cur = &p[0];
			c->fast_end = &p[2]; /* a block run that includes the jcc */
			fused(c, &p[0]);
		} else {
			c->next_eip = c->eip + p[0].len;
			op_handlers[p[0].row](c, &p[0]);
			c->eip = c->next_eip;
			c->next_eip = c->eip + p[1].len;
			op_handlers[p[1].row](c, &p[1]);
		}
	} else {
		/* Which instruction faulted: the generic run says by EIP, the
		 * fused one by fast_cur (exec.c does the same). */
		o->fault = c->fault_vec * 4 + (fused ? (int)(c->fast_cur - p) : c->eip != CODE_EIP);
	}
	c->fast_end = NULL;
	c->side_exit = NULL;
	memcpy(o->reg, c->reg, sizeof(o->reg));
	o->next_eip = c->next_eip;
	o->eflags = cpu_get_eflags(c);
	memcpy(o->mem, phys_ptr(&B.pm, DATA, WIN), WIN);
}

static const struct tcase heads[] = {
    T("cmp r,r", 0x39, 0xd8),
    T("cmp m,r", 0x3b, 0x03),
    T("cmp r,m", 0x39, 0x03),
    T("cmp imm8,r", 0x83, 0xf8, 0x05),
    T("cmp imm32,r", 0x81, 0xf9, 0, 0, 0, 0x80),
    T("cmp imm8,m", 0x83, 0x3b, 0x80),
    T("cmp imm,eax", 0x3d, 0xff, 0xff, 0, 0),
    T("cmp r,r (3b)", 0x3b, 0xc3),
    T("cmp imm8,r8", 0x80, 0xfb, 0x7f),
    T("cmp imm8,r8 high", 0x80, 0xfc, 0x80),
    T("cmp imm8,m8", 0x80, 0x3b, 0x80),
    T("cmp imm8,m8 (82)", 0x82, 0x7b, 0x01, 0x00),
    /* The memory heads above are base + displacement; with an index the
     * general address form (accel.h FAST_M): [ebx*1+0]. */
    T("cmp m,r index", 0x3b, 0x04, 0x1d, 0, 0, 0, 0),
    T("cmp r,m index", 0x39, 0x04, 0x1d, 0, 0, 0, 0),
    T("cmp imm8,m index", 0x83, 0x3c, 0x1d, 0, 0, 0, 0, 0x80),
    T("cmp imm8,m8 index", 0x80, 0x3c, 0x1d, 0, 0, 0, 0, 0x80),
    T("cmp r8,r8", 0x38, 0xfc),
    T("cmp imm8,al", 0x3c, 0x41),
    T("test r,r", 0x85, 0xd8),
    T("test r,r same", 0x85, 0xc0),
    T("test r8,r8", 0x84, 0xe0),
    T("sub imm8,r", 0x83, 0xe9, 0x01),
    T("sub imm32,r", 0x81, 0xe9, 0, 0, 0, 0x80),
    T("add imm8,r", 0x83, 0xc0, 0xff),
    T("add imm32,r", 0x81, 0xc1, 0x78, 0x56, 0x34, 0x12),
};

static void compare_pair(const char *name, int cc, const struct insn *p, exec_fn z)
{
	static struct outcome a, b;
	for (int trial = 0; trial < 200; trial++) {
		static struct state s;
		random_state(&s);
		load_state(&s);
		run_pair(p, NULL, &a);
		load_state(&s);
		run_pair(p, z, &b);
		ck_assert_msg(a.fault == b.fault, "%s+j%d trial %d: fault %d vs %d", name, cc,
			      trial, a.fault, b.fault);
		ck_assert_msg(memcmp(a.reg, b.reg, sizeof(a.reg)) == 0,
			      "%s+j%d trial %d: registers differ", name, cc, trial);
		ck_assert_msg(a.next_eip == b.next_eip, "%s+j%d trial %d: eip %08x vs %08x", name,
			      cc, trial, a.next_eip, b.next_eip);
		ck_assert_msg(a.eflags == b.eflags, "%s+j%d trial %d: eflags %08x vs %08x", name,
			      cc, trial, a.eflags, b.eflags);
		ck_assert_msg(memcmp(a.mem, b.mem, WIN) == 0, "%s+j%d trial %d: memory differs",
			      name, cc, trial);
	}
}

START_TEST(fused_pairs_match_generic)
{
	int fused_n = 0;
	for (size_t h = 0; h < sizeof(heads) / sizeof(heads[0]); h++) {
		for (int cc = 0; cc < 16; cc++) {
			/* A backward rel32 jcc: some targets pass the small CS limit. */
			const struct tcase *t = &heads[h];
			uint8_t bytes[16];
			memcpy(bytes, t->bytes, t->len);
			const uint8_t j[] = {0x0f, (uint8_t)(0x80 + cc), 0x00, 0xf0, 0xff, 0xff};
			memcpy(bytes + t->len, j, sizeof(j));
			struct insn p[3]; /* p[2]: where the run stops (accel.h run_next) */
			ck_assert_int_eq(decode(bytes, t->len, &p[0]), t->len);
			ck_assert_int_eq(decode(bytes + t->len, sizeof(j), &p[1]), (int)sizeof(j));
			p[2].tfn = insn_stop;
			exec_fn hf = fast_handler(&p[0]), jf = fast_handler(&p[1]);
			ck_assert_msg(hf != NULL, "%s: no fast head", t->name);
			if (!jf) {
				ck_assert_int_eq(cc >> 1, 5); /* jp, jnp */
				continue;
			}
			p[0].fn = hf;
			p[1].fn = jf;
			/* The jcc last in its block, then inside it (a guard,
			 * with the EIPs a block gives: the head's is the
			 * block's first, EIP during the run). */
			for (int guard = 0; guard < 2; guard++) {
				p[1].guard = (uint8_t)guard;
				p[1].fn = guard ? guard_handler(&p[1]) : jf;
				p[1].eoff = (int16_t)p[0].len;
				exec_fn z = fuse_handler(&p[0], &p[1]);
				ck_assert_msg(z != NULL, "%s + jcc %d: not fused", t->name, cc);
				ck_assert_ptr_nonnull(p[1].fn);
				fused_n++;
				compare_pair(t->name, cc, p, z);
			}
		}
	}
	ck_assert_int_eq(fused_n, (int)(sizeof(heads) / sizeof(heads[0])) * 14 * 2);
}
END_TEST

/* One jcc, by `fn`, in a block run (guard) or alone; the fault or -1. */
static int run_jcc(exec_fn fn, const struct insn *i, bool in_run)
{
	struct cpu *c = &B.c;
	int fault = -1;
	c->next_eip = c->eip + i->len;
	if (in_run) {
		c->fast_cur = i;
		c->fast_end = i + 1;
	}
	if (setjmp(c->fault_jmp) == 0)
		fn(c, i);
	else
		fault = c->fault_vec;
	c->fast_end = NULL;
	c->fast_cur = NULL;
	return fault;
}

START_TEST(guards_match_generic)
{
	/* A jcc inside a block run: not taken, the run goes on (next_eip as
	 * the block set it); taken, the run ends at the target. The same
	 * next_eip as the generic jcc, from every lazy-flag state. */
	struct cpu *c = &B.c;
	int n = 0;
	for (int cc = 0; cc < 16; cc++) {
		const uint8_t j[] = {0x0f, (uint8_t)(0x80 + cc), 0x00, 0xf0, 0xff, 0xff};
		struct insn i[2];
		ck_assert_int_eq(decode(j, sizeof(j), &i[0]), (int)sizeof(j));
		i[1].tfn = insn_stop; /* the run's end (run_jcc) */
		exec_fn g = guard_handler(&i[0]);
		if (!fast_handler(&i[0])) {
			ck_assert_int_eq(cc >> 1, 5); /* jp, jnp: never guards */
			continue;
		}
		ck_assert_ptr_nonnull(g);
		n++;
		for (int trial = 0; trial < 300; trial++) {
			static struct state s;
			random_state(&s);
			load_state(&s);
			int fa = run_jcc(op_handlers[i[0].row], &i[0], false);
			uint32_t want = c->next_eip;
			load_state(&s);
			int fb = run_jcc(g, &i[0], true);
			ck_assert_int_eq(fa, fb);
			if (fa < 0) {
				ck_assert_msg(c->next_eip == want, "j%d trial %d: %08x vs %08x", cc,
					      trial, c->next_eip, want);
				bool taken = want != c->eip + i[0].len;
				ck_assert(c->side_exit == (taken ? &i[0] : NULL));
			}
			c->side_exit = NULL;
		}
	}
	ck_assert_int_eq(n, 14);
}
END_TEST

START_TEST(each_flag_agrees_with_materialised)
{
	/* flags_cf() and the others read one flag from the lazy record; they
	 * must agree with the record folded into EFLAGS, for every kind of
	 * record (with LF_CFOF_EAGER too). */
	struct cpu *c = &B.c;
	for (int trial = 0; trial < 5000; trial++) {
		static struct state s;
		random_state(&s);
		load_state(&s);
		uint32_t got = (flags_cf(c) ? FL_CF : 0) | (flags_pf(c) ? FL_PF : 0) |
			       (flags_af(c) ? FL_AF : 0) | (flags_zf(c) ? FL_ZF : 0) |
			       (flags_sf(c) ? FL_SF : 0) | (flags_of(c) ? FL_OF : 0);
		uint8_t op = c->lf.op;
		uint32_t want = cpu_get_eflags(c) & FL_ARITH;
		ck_assert_msg(got == want, "trial %d, op %#x: %03x vs %03x", trial, op, got, want);
	}
}
END_TEST

START_TEST(fuse_only_jcc)
{
	/* cmp then jmp, or cmp then a 16-bit jcc: no fused form. */
	static const uint8_t cmp[] = {0x39, 0xd8}, jmp[] = {0xeb, 0x10},
			     jcc16[] = {0x66, 0x0f, 0x84, 0x10, 0x00};
	struct insn p[2];
	decode(cmp, sizeof(cmp), &p[0]);
	decode(jmp, sizeof(jmp), &p[1]);
	ck_assert_ptr_null(fuse_handler(&p[0], &p[1]));
	decode(jcc16, sizeof(jcc16), &p[1]);
	ck_assert_ptr_null(fast_handler(&p[1])); /* so build() never asks */
}
END_TEST

START_TEST(mov_imm16_keeps_upper_half)
{
	/* SDM vol. 1 §3.4.1.1: a 16-bit destination is bits 15:0 of the
	 * register; bits 31:16 keep their value. */
	static const uint8_t mov[] = {0x66, 0xba, 0x34, 0x12}; /* mov $0x1234,%dx */
	struct cpu *c = &B.c;
	struct insn i[2]; /* i[1]: the end of the run (accel.h run_next) */
	ck_assert_int_eq(decode(mov, sizeof(mov), &i[0]), 4);
	i[1].tfn = insn_stop;
	exec_fn f = fast_handler(&i[0]);
	ck_assert_ptr_nonnull(f);
	memset(c->reg, 0xa5, sizeof(c->reg));
	c->reg[EDX] = 0xdeadbeefu;
	c->fast_end = NULL;
	f(c, &i[0]);
	ck_assert_uint_eq(c->reg[EDX], 0xdead1234u);
	for (int r = 0; r < 8; r++)
		if (r != EDX)
			ck_assert_uint_eq(c->reg[r], 0xa5a5a5a5u);
}
END_TEST

START_TEST(fast_not_for_other_sizes_or_lock)
{
	struct insn i;
	static const uint8_t add16[] = {0x66, 0x01, 0xd8};
	static const uint8_t lockadd[] = {0xf0, 0x01, 0x03};
	static const uint8_t addr16[] = {0x67, 0x8b, 0x07};
	static const uint8_t movrm16[] = {0x66, 0xc7, 0xc0, 0x10, 0x00}; /* mov $imm16,r/m16 */
	ck_assert_int_eq(decode(add16, 3, &i), 3);
	ck_assert_ptr_null(fast_handler(&i));
	ck_assert_int_eq(decode(lockadd, 3, &i), 3);
	ck_assert_ptr_null(fast_handler(&i));
	ck_assert_int_eq(decode(addr16, 3, &i), 3);
	ck_assert_ptr_null(fast_handler(&i));
	ck_assert_int_eq(decode(movrm16, 5, &i), 5);
	ck_assert_ptr_null(fast_handler(&i));
}
END_TEST

Suite *fast_suite(void)
{
	Suite *s = suite_create("fast");
	TCase *tc = tcase_create("fast");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, fast_handlers_match_generic);
	tcase_add_test(tc, fast_jcc_match_generic);
	tcase_add_test(tc, fast_not_for_other_sizes_or_lock);
	tcase_add_test(tc, mov_imm16_keeps_upper_half);
	tcase_add_test(tc, fused_pairs_match_generic);
	tcase_add_test(tc, fuse_only_jcc);
	tcase_add_test(tc, each_flag_agrees_with_materialised);
	tcase_add_test(tc, guards_match_generic);
	suite_add_tcase(s, tc);
	return s;
}
