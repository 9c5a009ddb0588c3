/*
 * Decoded blocks run in one go (cpu/exec.c, cpu/accel/block.c): a fault, a
 * budget or a write to code inside a block that inlines a jmp and a call
 * must leave EIP, the count, the stack and the results exactly as one
 * instruction at a time would.
 */
#include "unit.h"

#include "../../cpu/accel/block.h"

#include <string.h>

static struct bare B;

static void setup(void)
{
	bare_setup(&B);
	B.c.reg[ESP] = 0x8000;
}

static void teardown(void)
{
	bare_teardown(&B);
}

#define CODE 0x10000u

/* mov $5,%eax; jmp L; ... L: call F; ... F: xor %edx,%edx; xor %ecx,%ecx;
 * div %ecx (#DE). The jmp and the call are inlined into one block. */
static void load_div_program(void)
{
	static const uint8_t a[] = {0xb8, 0x05, 0, 0, 0, 0xeb, 0x19};
	static const uint8_t l[] = {0xe8, 0x1b, 0, 0, 0};
	static const uint8_t f[] = {0x31, 0xd2, 0x31, 0xc9, 0xf7, 0xf1};
	bare_code(&B, CODE, a, sizeof(a));
	bare_code(&B, CODE + 0x20, l, sizeof(l));
	bare_code(&B, CODE + 0x40, f, sizeof(f));
	bare_gate(&B, EXC_DE, 0xe, 0, 1);
	B.c.eip = CODE;
}

START_TEST(fault_after_inlined_jumps)
{
	load_div_program();
	ck_assert_int_eq(cpu_run(&B.c, 1000), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 1);
	ck_assert_uint_eq(B.last.vector, EXC_DE);
	ck_assert_uint_eq(B.last.old_eip, CODE + 0x44); /* the div itself */
	/* mov, jmp, call, xor, xor retired; the div did not; then the hlt. */
	ck_assert_uint_eq(B.c.icount, 6);
	/* Below the fault's frame (EIP, CS, EFLAGS), the call's return address. */
	ck_assert_uint_eq(B.c.reg[ESP], 0x8000 - 4 - 12);
	ck_assert_uint_eq(bare_rd32(&B, 0x8000 - 4), CODE + 0x25);
	ck_assert_uint_eq(bare_rd32(&B, 0x8000 - 16), CODE + 0x44);
}
END_TEST

/* A data segment loaded inside a run changes what the specialised
 * handlers of the same block do next (struct seg fbase): its base is
 * added, its limit checked, a null selector faults. GDT 0x30: base 0,
 * limit 0xfff; 0x38: base 0x1000, 4 GiB.
 *	mov $0x38,%eax; mov %ax,%ds; mov 0x100,%ebx
 *	mov $0x30,%eax; mov %ax,%ds; mov 0x800,%ecx; mov 0x2000,%edx (#GP)
 * and then: mov $0x38,%eax; mov %ax,%ds; xor %eax,%eax; mov %ax,%ds;
 *	mov 0x10,%esi (#GP) */
START_TEST(segment_loaded_in_a_run_is_checked)
{
	bare_wr32(&B, BARE_GDT + 0x30, 0x00000fffu);
	bare_wr32(&B, BARE_GDT + 0x34, 0x00409300u);
	bare_wr32(&B, BARE_GDT + 0x38, 0x1000ffffu);
	bare_wr32(&B, BARE_GDT + 0x3c, 0x00cf9300u);
	B.c.gdtr.limit = 8 * 8 - 1;
	cpu_tables_changed(&B.c);
	bare_gate(&B, EXC_GP, 0xe, 0, 1);
	bare_wr32(&B, 0x100, 0x11111111u);
	bare_wr32(&B, 0x1100, 0x22222222u);
	bare_wr32(&B, 0x800, 0x33333333u);
	static const uint8_t a[] = {0xb8, 0x38, 0,    0,    0,	  0x8e, 0xd8, 0x8b, 0x1d,
				    0x00, 0x01, 0,    0,    0xb8, 0x30, 0,    0,    0,
				    0x8e, 0xd8, 0x8b, 0x0d, 0x00, 0x08, 0,    0,    0x8b,
				    0x15, 0x00, 0x20, 0,    0,	  0xf4};
	static const uint8_t n[] = {0xb8, 0x38, 0,    0,    0,	  0x8e, 0xd8, 0x31, 0xc0,
				    0x8e, 0xd8, 0x8b, 0x35, 0x10, 0,	0,    0,    0xf4};
	bare_code(&B, CODE, a, sizeof(a));
	bare_code(&B, CODE + 0x40, n, sizeof(n));
	for (int pass = 0; pass < 2; pass++) { /* decoded, then cached */
		B.c.seg[SEG_DS] = B.c.seg[SEG_ES];
		B.c.reg[ESP] = 0x8000;
		B.c.halted = false;
		B.ndeliver = 0;
		B.c.eip = CODE;
		ck_assert_int_eq(cpu_run(&B.c, 1000), STOP_HALT);
		ck_assert_uint_eq(B.c.reg[EBX], 0x22222222u);
		ck_assert_uint_eq(B.c.reg[ECX], 0x33333333u);
		ck_assert_uint_eq(B.ndeliver, 1);
		ck_assert_uint_eq(B.last.vector, EXC_GP);
		ck_assert_uint_eq(B.last.old_eip, CODE + 26);
		B.c.halted = false;
		B.ndeliver = 0;
		B.c.reg[ESI] = 0;
		B.c.eip = CODE + 0x40;
		ck_assert_int_eq(cpu_run(&B.c, 1000), STOP_HALT);
		ck_assert_uint_eq(B.ndeliver, 1);
		ck_assert_uint_eq(B.last.vector, EXC_GP);
		ck_assert_uint_eq(B.last.old_eip, CODE + 0x4b);
		ck_assert_uint_eq(B.c.reg[ESI], 0);
	}
}
END_TEST

/* A return to CPL 3 nulls a data segment register the user may not use
 * (SDM vol. 2 "IRET"): the kernel's DS here, so the user's first load
 * through it, run by a specialised handler, is a #GP(0), by iret's full
 * checks and by its memo of them (the second pass):
 *	push $0x23; push $0x20000; push $2; push $0x1b; push $0x12000; iret
 *   0x12000: mov %ss:0x100,%ebx (the page in the TLB for the user);
 *	mov 0x100,%eax */
START_TEST(data_segment_nulled_by_iret_is_checked)
{
	static const uint8_t k[] = {0x6a, 0x23, 0x68, 0x00, 0x00, 0x02, 0x00, 0x6a, 0x02,
				    0x6a, 0x1b, 0x68, 0x00, 0x20, 0x01, 0x00, 0xcf};
	static const uint8_t u[] = {0x36, 0x8b, 0x1d, 0x00, 0x01, 0x00, 0x00,
				    0x8b, 0x05, 0x00, 0x01, 0x00, 0x00, 0xf4};
	bare_code(&B, CODE, k, sizeof(k));
	bare_code(&B, 0x12000, u, sizeof(u));
	bare_gate(&B, EXC_GP, 0xe, 0, 1);
	const struct seg kds = B.c.seg[SEG_DS], kcs = B.c.seg[SEG_CS], kss = B.c.seg[SEG_SS];
	for (int pass = 0; pass < 2; pass++) {
		B.c.seg[SEG_DS] = kds;
		B.c.seg[SEG_CS] = kcs;
		B.c.seg[SEG_SS] = kss;
		cpu_set_cpl(&B.c, 0);
		B.c.reg[ESP] = 0x8000;
		B.c.reg[EAX] = 0x5a5a5a5au;
		B.c.halted = false;
		B.ndeliver = 0;
		B.c.eip = CODE;
		ck_assert_int_eq(cpu_run(&B.c, 1000), STOP_HALT);
		ck_assert_uint_eq(B.ndeliver, 1);
		ck_assert_uint_eq(B.last.vector, EXC_GP);
		ck_assert_uint_eq(B.last.old_cpl, 3);
		ck_assert_uint_eq(B.last.old_eip, 0x12007);
		ck_assert_uint_eq(B.c.reg[EAX], 0x5a5a5a5au);
	}
}
END_TEST

START_TEST(budget_inside_block)
{
	load_div_program();
	/* Decode the block once, then rerun from the start with budgets that
	 * end inside it, at each instruction. */
	ck_assert_int_eq(cpu_run(&B.c, 1000), STOP_HALT);
	static const uint32_t eip_after[] = {CODE,	  CODE + 5,    CODE + 0x20,
					     CODE + 0x40, CODE + 0x42, CODE + 0x44};
	for (unsigned n = 1; n <= 5; n++) {
		B.c.eip = CODE;
		B.c.reg[ESP] = 0x8000;
		B.c.halted = false;
		B.c.icount = 0;
		bare_wr32(&B, 0x8000 - 4, 0);
		ck_assert_int_eq(cpu_run(&B.c, n), STOP_BUDGET);
		ck_assert_uint_eq(B.c.icount, n);
		ck_assert_uint_eq(B.c.eip, eip_after[n]);
		ck_assert_uint_eq(B.c.reg[ESP], n >= 3 ? 0x8000 - 4 : 0x8000);
		ck_assert_uint_eq(bare_rd32(&B, 0x8000 - 4), n >= 3 ? CODE + 0x25 : 0);
		ck_assert_uint_eq(B.c.reg[EAX], 5);
	}
}
END_TEST

/* Threaded dispatch as block.c set it up (accel.h run_next): within each
 * cached block every instruction of the run is run into by the one before
 * (by its handler, or for a generic one a handler that enters it), and
 * only its stop and the slot after its last end a run (or go on, in a
 * block that falls); nothing is left
 * marked for a shorter run (exec.c stop_at). */
static void assert_dispatch_intact(void)
{
	ck_assert_ptr_null(B.c.stop_insn);
	for (unsigned s = 0; s < BLOCK_SLOTS; s++) {
		const struct block *b = &B.c.blocks[s];
		if (!b->n)
			continue;
		for (unsigned k = 0; k < b->nloop; k++)
			ck_assert_msg(b->insn[k].tfn != insn_stop, "slot %u insn %u", s, k);
		/* A block that falls goes on from there (block.h). */
		exec_fn end = b->falls ? block_fall : insn_stop;
		ck_assert(b->insn[b->nloop].tfn == end);
		ck_assert(b->insn[b->n].tfn == end);
	}
}

/* The div faults inside runs shorter than the block (an event, here the
 * budget, falls due after it): the run's end is unmarked again, so the
 * next whole run of the block goes on past it. */
START_TEST(fault_in_short_run_keeps_dispatch)
{
	load_div_program();
	ck_assert_int_eq(cpu_run(&B.c, 1000), STOP_HALT);
	for (unsigned n = 1; n <= 12; n++) {
		B.c.eip = CODE;
		B.c.reg[ESP] = 0x8000;
		B.c.halted = false;
		B.c.icount = 0;
		B.ndeliver = 0;
		cpu_run(&B.c, n);
		assert_dispatch_intact();
		ck_assert_uint_eq(B.ndeliver, n >= 6 ? 1 : 0);
	}
}
END_TEST

/* With a code segment limit below 4 GiB instructions run one at a time
 * (block.c fetch), also those of a block decoded while CS was flat: the
 * first of it alone, not the rest of its run after it. */
START_TEST(limited_cs_runs_a_cached_block_one_at_a_time)
{
	load_div_program();
	ck_assert_int_eq(cpu_run(&B.c, 1000), STOP_HALT);
	static const uint32_t eip_after[] = {CODE, CODE + 5, CODE + 0x20, CODE + 0x40};
	for (unsigned n = 1; n <= 3; n++) {
		B.c.seg[SEG_CS].limit = 0x000fffffu;
		B.c.eip = CODE;
		B.c.reg[ESP] = 0x8000;
		B.c.reg[EAX] = 0;
		B.c.halted = false;
		B.c.icount = 0;
		bare_wr32(&B, 0x8000 - 4, 0);
		ck_assert_int_eq(cpu_run(&B.c, n), STOP_BUDGET);
		ck_assert_uint_eq(B.c.icount, n);
		ck_assert_uint_eq(B.c.eip, eip_after[n]);
		ck_assert_uint_eq(B.c.reg[ESP], n >= 3 ? 0x8000 - 4 : 0x8000);
		ck_assert_uint_eq(B.c.reg[EAX], 5);
		assert_dispatch_intact();
	}
}
END_TEST

/* Two pages that share a TLB slot (1 MiB apart): the second's fill
 * replaces the first's entry, host address included, so a load from the
 * fast path after it reads the second page (mmu/tlb.c mmu_translate keeps
 * mmu.host with the entry). */
START_TEST(pages_sharing_a_tlb_slot)
{
	/* mov 0x20000,%eax; mov 0x120000,%ebx; mov 0x120000,%ecx;
	 * mov 0x20000,%edx; mov 0x20000,%esi; hlt */
	static const uint8_t prog[] = {0xa1, 0x00, 0x00, 0x02, 0x00, 0x8b, 0x1d, 0x00, 0x00, 0x12,
				       0x00, 0x8b, 0x0d, 0x00, 0x00, 0x12, 0x00, 0x8b, 0x15, 0x00,
				       0x00, 0x02, 0x00, 0x8b, 0x35, 0x00, 0x00, 0x02, 0x00, 0xf4};
	bare_code(&B, CODE, prog, sizeof(prog));
	bare_wr32(&B, 0x20000, 0x11111111u);
	bare_wr32(&B, 0x120000, 0x22222222u);
	for (int pass = 0; pass < 2; pass++) { /* decoding, then the cached block */
		B.c.eip = CODE;
		B.c.halted = false;
		memset(B.c.reg, 0, sizeof(uint32_t) * 8);
		B.c.reg[ESP] = 0x8000;
		ck_assert_int_eq(cpu_run(&B.c, 100), STOP_HALT);
		ck_assert_uint_eq(B.c.reg[EAX], 0x11111111u);
		ck_assert_uint_eq(B.c.reg[EBX], 0x22222222u);
		ck_assert_uint_eq(B.c.reg[ECX], 0x22222222u);
		ck_assert_uint_eq(B.c.reg[EDX], 0x11111111u);
		ck_assert_uint_eq(B.c.reg[ESI], 0x11111111u);
	}
}
END_TEST

START_TEST(write_to_inlined_target)
{
	/*        mov $2,%ecx
	 *  L:    mov %cl,T+1       (the imm8 of the mov at T)
	 *        jmp T             (inlined: T is in the same block as the store)
	 *        ...
	 *  T:    mov $0,%eax
	 *        add %eax,%ebx
	 *        loop L
	 *        hlt
	 * Each pass patches T before running it: the first pass adds 2, the
	 * second 1. The second pass's block at L is cached (the first pass's
	 * store made the old one stale, and it was decoded again) and holds the
	 * store and T: the store must stop it before the stale copy of T. */
	static const uint8_t a[] = {0xb9, 0x02, 0x00, 0x00, 0x00, 0x88, 0x0d,
				    0x31, 0x00, 0x01, 0x00, 0xeb, 0x23};
	static const uint8_t t[] = {0xb8, 0x00, 0, 0, 0, 0x01, 0xc3, 0xe2, 0xcc, 0xf4};
	bare_code(&B, CODE, a, sizeof(a));
	bare_code(&B, CODE + 0x30, t, sizeof(t));
	B.c.eip = CODE;
	ck_assert_int_eq(cpu_run(&B.c, 1000), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EBX], 3);
	ck_assert_uint_eq(B.c.reg[EAX], 1);
	ck_assert_uint_eq(B.c.icount, 1 + 2 * 5 + 1);
	ck_assert_uint_eq(B.c.eip, CODE + 0x3a);
}
END_TEST

START_TEST(write_to_backward_inlined_target)
{
	/*        mov $2,%ecx
	 *        jmp L
	 *  T:    mov $0,%eax       (CODE+0x40: before L, in another chunk)
	 *        add %eax,%ebx
	 *        dec %ecx
	 *        jnz L
	 *        hlt
	 *  L:    mov %cl,T+1       (CODE+0x100)
	 *        jmp T             (inlined, backward)
	 * The block at L holds T's instructions: T's bytes must be watched
	 * although they lie before the block's first byte (block.c). */
	static const uint8_t a[] = {0xb9, 0x02, 0, 0, 0, 0xe9, 0xf6, 0, 0, 0};
	static const uint8_t t[] = {0xb8, 0,	0,    0, 0, 0x01, 0xc3, 0x49,
				    0x0f, 0x85, 0xb2, 0, 0, 0,	  0xf4};
	static const uint8_t l[] = {0x88, 0x0d, 0x41, 0x00, 0x01, 0x00,
				    0xe9, 0x35, 0xff, 0xff, 0xff};
	bare_code(&B, CODE, a, sizeof(a));
	bare_code(&B, CODE + 0x40, t, sizeof(t));
	bare_code(&B, CODE + 0x100, l, sizeof(l));
	B.c.eip = CODE;
	ck_assert_int_eq(cpu_run(&B.c, 1000), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EBX], 3);
	ck_assert_uint_eq(B.c.reg[EAX], 1);
	ck_assert_uint_eq(B.c.icount, 2 + 2 * 6 + 1);
	ck_assert_uint_eq(B.c.eip, CODE + 0x4f);
}
END_TEST

START_TEST(store_beside_code_keeps_blocks)
{
	/*        mov $100,%ecx
	 *  L:    mov %ecx,CODE+0x800   (the code's page, not its bytes)
	 *        add %ecx,CODE+0x804
	 *        loop L
	 *        hlt
	 * Sub-page tracking (mmu/phys.h): the stores leave the page's decoded
	 * blocks alone, so its generation never moves. */
	static const uint8_t a[] = {0xb9, 0x64, 0,    0,    0,	  0x89, 0x0d, 0x00, 0x08, 0x01,
				    0x00, 0x01, 0x0d, 0x04, 0x08, 0x01, 0x00, 0xe2, 0xf2, 0xf4};
	bare_code(&B, CODE, a, sizeof(a));
	B.c.eip = CODE;
	uint32_t pn = CODE >> PAGE_SHIFT, g = B.pm.code_gen[pn];
	ck_assert_int_eq(cpu_run(&B.c, 1000), STOP_HALT);
	ck_assert_uint_eq(B.c.icount, 1 + 3 * 100 + 1);
	ck_assert_uint_eq(bare_rd32(&B, CODE + 0x800), 1);
	ck_assert_uint_eq(bare_rd32(&B, CODE + 0x804), 5050);
	ck_assert_uint_eq(B.pm.code_gen[pn], g);
	ck_assert(B.pm.code_page[pn]);
	/* A store into the code's own chunk still drops them. */
	B.c.eip = CODE + 0x5;
	B.c.reg[ECX] = 1;
	B.c.halted = false;
	B.c.reg[EAX] = 0;
	static const uint8_t st[] = {0x89, 0x0d, 0x12, 0x00, 0x01, 0x00}; /* over loop's rel8 */
	bare_code(&B, CODE + 0x5, st, sizeof(st));
	g = B.pm.code_gen[pn];
	ck_assert_int_eq(cpu_run(&B.c, 1), STOP_BUDGET);
	ck_assert_uint_ne(B.pm.code_gen[pn], g);
}
END_TEST

/* A loop with a fused test and forward guard, an inlined jmp, an inlined
 * call and its ret, a fused cmp and backward jcc:
 *   xor %eax,%eax; xor %ebx,%ebx; mov $7,%ecx
 * L: inc %ebx; mov %ebx,%edx; and $1,%edx; test %edx,%edx; je E
 *    add $10,%eax; jmp C
 * E: sub $1,%eax
 * C: call F; cmp %ecx,%ebx; jl L; hlt
 * F: add $100,%eax; ret */
static const uint8_t loop_code[] = {
    0x31, 0xc0, 0x31, 0xdb, 0xb9, 0x07, 0x00, 0x00, 0x00, 0x43, 0x89, 0xda, 0x83, 0xe2, 0x01, 0x85,
    0xd2, 0x74, 0x05, 0x83, 0xc0, 0x0a, 0xeb, 0x03, 0x83, 0xe8, 0x01, 0xe8, 0x0a, 0x00, 0x00, 0x00,
    0x39, 0xcb, 0x7c, 0xe5, 0xf4, 0x90, 0x90, 0x90, 0x90, 0x90, 0x83, 0xc0, 0x64, 0xc3,
};

struct snap {
	enum stop_reason why;
	uint32_t reg[8], eip, eflags;
	uint64_t icount;
	uint32_t stack[8];
};

static void no_op_hook(struct cpu *c, void *opaque, const struct insn *i)
{
	(void)c, (void)opaque, (void)i;
}

/* The second pass of a warm pair of runs: `budget` instructions, one at a
 * time when `stepped` (a subscriber attached: the reference); the first
 * pass warms the block cache with a large budget, in blocks. */
static enum stop_reason run_pass(struct cpu *c, int pass, bool stepped, uint64_t budget)
{
	c->hooks = stepped && pass ? CPU_HOOK_INSN : 0;
	c->env.on_insn = stepped && pass ? no_op_hook : NULL;
	return cpu_run(c, pass ? budget : 1u << 20);
}

/* Runs loop_code for `budget` instructions, from a warm block cache, one
 * instruction at a time (a subscriber attached: the reference) or in
 * blocks. */
static void run_loop_code(uint64_t budget, bool stepped, struct snap *s)
{
	struct cpu *c = &B.c;
	for (int pass = 0; pass < 2; pass++) {
		memset(c->reg, 0, sizeof(uint32_t) * 8);
		c->reg[ESP] = 0x8000;
		for (int k = 0; k < 8; k++)
			bare_wr32(&B, 0x8000 - 4 * (k + 1), 0);
		c->eip = CODE;
		c->icount = 0;
		c->halted = false;
		cpu_set_eflags_raw(c, FL_1);
		s->why = run_pass(c, pass, stepped, budget);
	}
	memcpy(s->reg, c->reg, sizeof(s->reg));
	s->eip = c->eip;
	s->eflags = cpu_get_eflags(c);
	s->icount = c->icount;
	for (int k = 0; k < 8; k++)
		s->stack[k] = bare_rd32(&B, 0x8000 - 4 * (k + 1));
	c->hooks = 0;
	c->env.on_insn = NULL;
}

static void match_single_steps(unsigned rounds, unsigned every)
{
	uint8_t code[sizeof(loop_code)];
	memcpy(code, loop_code, sizeof(code));
	code[5] = (uint8_t)rounds; /* mov $rounds,%ecx */
	bare_code(&B, CODE, code, sizeof(code));
	struct snap full;
	run_loop_code(1u << 20, false, &full);
	ck_assert_int_eq(full.why, STOP_HALT);
	/* (rounds + 1) / 2 odd ebx (add 10), rounds / 2 even (sub 1), each
	 * + 100. */
	ck_assert_uint_eq(full.reg[EAX], (rounds + 1) / 2 * 10 - rounds / 2 + rounds * 100);
	for (uint64_t n = 1; n <= full.icount + 1; n++) {
		if (n % every && n + 100 < full.icount)
			continue;
		struct snap a, b;
		run_loop_code(n, true, &a);
		run_loop_code(n, false, &b);
		ck_assert_msg(a.why == b.why && a.eip == b.eip && a.icount == b.icount,
			      "budget %llu: stop %d/%d eip %08x/%08x count %llu/%llu",
			      (unsigned long long)n, a.why, b.why, a.eip, b.eip,
			      (unsigned long long)a.icount, (unsigned long long)b.icount);
		ck_assert_msg(memcmp(a.reg, b.reg, sizeof(a.reg)) == 0, "budget %llu: registers",
			      (unsigned long long)n);
		ck_assert_msg(a.eflags == b.eflags, "budget %llu: eflags %08x/%08x",
			      (unsigned long long)n, a.eflags, b.eflags);
		ck_assert_msg(memcmp(a.stack, b.stack, sizeof(a.stack)) == 0, "budget %llu: stack",
			      (unsigned long long)n);
	}
}

START_TEST(blocks_match_single_steps)
{
	match_single_steps(7, 1);
}
END_TEST

/* The same over 250 rounds, at every 13th budget and the last 100: runs
 * long enough that block successors and loop rounds are taken from inside
 * a run (accel.h chain_to, loop_again: only with room for all of them
 * before the budget ends). */
START_TEST(successors_match_single_steps)
{
	match_single_steps(250, 13);
}
END_TEST

/* Flag liveness (cpu/accel/fast.c): operations on registers whose flags
 * the next one overwrites unread (inc before add, add before sub, dec
 * before test, and before or, adds of memory, imul, xor of memory before
 * add, and, cmp, shr before sub) write no
 * flags in a block run, and those whose flags are read (add before adc,
 * xor before dec, which keeps CF) still do. A budget that stops the run
 * right after any of them must see its flags:
 *	mov $7,%ecx; xor %eax,%eax; xor %ebx,%ebx; mov $-1,%esi
 *   L: inc %ebx; add %ebx,%eax; sub $3,%eax; add %esi,%eax; adc $0,%edi
 *	xor %edx,%edx; dec %edx; test %edx,%edx; and $0x7fffffff,%edx
 *	or %eax,%edx; add 0x20000,%edx; add $5,%eax; imul $3,%edx,%edx
 *	and $0x7fffffff,%edx; xor 0x20000(,%ebx,4),%eax; cmp $1,%bl
 *	dec %esi; shr %esi; sub %ebx,%esi; cmp %ecx,%ebx; jne L; hlt
 * (the loads: a memory source in both address forms) */
static const uint8_t dead_flags_code[] = {
    0xb9, 0x07, 0x00, 0x00, 0x00, 0x31, 0xc0, 0x31, 0xdb, 0xbe, 0xff, 0xff, 0xff, 0xff, 0x43, 0x01,
    0xd8, 0x83, 0xe8, 0x03, 0x01, 0xf0, 0x83, 0xd7, 0x00, 0x31, 0xd2, 0x4a, 0x85, 0xd2, 0x81, 0xe2,
    0xff, 0xff, 0xff, 0x7f, 0x09, 0xc2, 0x03, 0x15, 0x00, 0x00, 0x02, 0x00, 0x83, 0xc0, 0x05, 0x6b,
    0xd2, 0x03, 0x81, 0xe2, 0xff, 0xff, 0xff, 0x7f, 0x33, 0x04, 0x9d, 0x00, 0x00, 0x02, 0x00, 0x80,
    0xfb, 0x01, 0x4e, 0xd1, 0xee, 0x29, 0xde, 0x39, 0xcb, 0x75, 0xc3, 0xf4,
};

/* The reference interpreter alone, for `budget` instructions: each one
 * decoded afresh and run by its row's generic handler (cpu/ref), so no
 * block and no specialised handler is involved. */
static void run_generic(uint64_t budget, struct snap *s)
{
	struct cpu *c = &B.c;
	memset(c->reg, 0, sizeof(uint32_t) * 8);
	c->reg[ESP] = 0x8000;
	c->eip = CODE;
	c->icount = 0;
	c->halted = false;
	cpu_set_eflags_raw(c, FL_1);
	while (c->icount < budget && !c->halted) {
		struct insn i;
		ck_assert_int_gt(decode(phys_ptr(&B.pm, c->eip, 16), 16, &i), 0);
		c->next_eip = c->eip + i.len;
		i.fn(c, &i);
		c->eip = c->next_eip;
		c->icount++;
	}
	memcpy(s->reg, c->reg, sizeof(s->reg));
	s->eip = c->eip;
	s->eflags = cpu_get_eflags(c);
	s->icount = c->icount;
}

/* A block run of `code` at every budget against the generic handlers
 * alone (but from `sparse` on below `dense`, every 64th); `insns` is the
 * whole run's count. The whole run's registers are left in `full`. */
static void match_generic_sparse(const uint8_t *code, size_t len, uint64_t insns, struct snap *full,
				 uint64_t sparse, uint64_t dense)
{
	bare_code(&B, CODE, code, len);
	struct snap ref;
	run_loop_code(1u << 20, false, full);
	run_generic(1u << 20, &ref);
	ck_assert_int_eq(full->why, STOP_HALT);
	ck_assert_uint_eq(full->icount, insns);
	ck_assert_msg(memcmp(full->reg, ref.reg, sizeof(full->reg)) == 0 &&
			  full->eflags == ref.eflags,
		      "whole run: registers or eflags %08x/%08x", full->eflags, ref.eflags);
	for (uint64_t n = 1; n <= full->icount + 1; n++) {
		if (n >= sparse && n < dense && n % 64)
			continue;
		struct snap a, b;
		run_generic(n, &a);
		run_loop_code(n, false, &b);
		ck_assert_msg(a.eip == b.eip && a.icount == b.icount, "budget %llu: eip %08x/%08x",
			      (unsigned long long)n, a.eip, b.eip);
		ck_assert_msg(memcmp(a.reg, b.reg, sizeof(a.reg)) == 0, "budget %llu: registers",
			      (unsigned long long)n);
		ck_assert_msg(a.eflags == b.eflags, "budget %llu: eflags %08x/%08x",
			      (unsigned long long)n, a.eflags, b.eflags);
	}
}

static void match_generic(const uint8_t *code, size_t len, uint64_t insns, struct snap *full)
{
	match_generic_sparse(code, len, insns, full, UINT64_MAX, UINT64_MAX);
}

static void dead_flags_match_generic(const uint8_t *code, size_t len, uint64_t insns)
{
	struct snap full;
	match_generic(code, len, insns, &full);
	ck_assert_uint_ne(full.reg[EDI], 0); /* the adc saw carries */
}

START_TEST(dead_flags_at_every_budget)
{
	for (uint32_t k = 0; k < 9; k++)
		bare_wr32(&B, 0x20000 + 4 * k, 0x9e3779b9u * (k + 1));
	dead_flags_match_generic(dead_flags_code, sizeof(dead_flags_code), 4 + 7 * 21 + 1);
}
END_TEST

/* Rotates whose CF and OF the next instruction overwrites unread (rol
 * before xor, ror before add and cmp) write none; one whose CF an adc
 * reads still does:
 *	mov $7,%ecx; mov $0x12345678,%edx; xor %ebx,%ebx; xor %edi,%edi
 *   L: inc %ebx; rol $3,%edx; xor %ebx,%edx; ror $5,%edx; add %ebx,%edx
 *	rol %cl,%edx; adc $0,%edi; ror $1,%edx; cmp %ecx,%ebx; jne L; hlt */
static const uint8_t dead_rotate_code[] = {
    0xb9, 0x07, 0x00, 0x00, 0x00, 0xba, 0x78, 0x56, 0x34, 0x12, 0x31, 0xdb, 0x31,
    0xff, 0x43, 0xc1, 0xc2, 0x03, 0x31, 0xda, 0xc1, 0xca, 0x05, 0x01, 0xda, 0xd3,
    0xc2, 0x83, 0xd7, 0x00, 0xd1, 0xca, 0x39, 0xcb, 0x75, 0xea, 0xf4,
};

/* Shifts by a count that is not 0 overwrite every flag (xor of bytes
 * before shr, add of a byte before sar, and of AL before shl: none
 * written); a shift by 0 overwrites none (or before shl $0 before adc:
 * written):
 *	mov $7,%ecx; mov $0x12345678,%edx; xor %ebx,%ebx; xor %edi,%edi
 *   L: inc %ebx; xor %bl,%dl; shr $3,%edx; add %ebx,%edx; add $0x35,%dh
 *	sar %edx; sub %cl,%al; adc $0,%edi; or %al,%dl; shl $0,%edx
 *	adc $0,%edi; and $0x7f,%al; shl $4,%edx; cmp %ecx,%ebx; jne L; hlt */
static const uint8_t dead_shift_code[] = {
    0xb9, 0x07, 0x00, 0x00, 0x00, 0xba, 0x78, 0x56, 0x34, 0x12, 0x31, 0xdb, 0x31,
    0xff, 0x43, 0x30, 0xda, 0xc1, 0xea, 0x03, 0x01, 0xda, 0x80, 0xc6, 0x35, 0xd1,
    0xfa, 0x28, 0xc8, 0x83, 0xd7, 0x00, 0x08, 0xc2, 0xc1, 0xe2, 0x00, 0x83, 0xd7,
    0x00, 0x24, 0x7f, 0xc1, 0xe2, 0x04, 0x39, 0xcb, 0x75, 0xdd, 0xf4,
};

/* An indirect jump whose two targets, in its own page, alternate and
 * share a slot of its kept successors (block.h succ_any_slot), so each
 * jump misses that slot and goes on in the target's block found beside it
 * (block.c chain_beside), at every budget:
 * the budgets from 2,080 before the end on letting the run take its
 * successors (exec.c run_block):
 *	movl $T1,0x20000; movl $T2,0x20004; mov $401,%ecx; xor %edx,%edx
 *   L: mov %ecx,%eax; and $1,%eax; jmp *0x20000(,%eax,4)
 *  T1 (0x10040): inc %edx; dec %ecx; jnz L; hlt
 *  T2 (0x10051): add $2,%edx; dec %ecx; jnz L; hlt */
START_TEST(indirect_jumps_beside_at_every_budget)
{
	uint8_t code[0x5b];
	memset(code, 0x90, sizeof(code));
	static const uint8_t head[] = {
	    0xc7, 0x05, 0x00, 0x00, 0x02, 0x00, 0x40, 0x00, 0x01, 0x00, 0xc7, 0x05, 0x04,
	    0x00, 0x02, 0x00, 0x51, 0x00, 0x01, 0x00, 0xb9, 0x91, 0x01, 0x00, 0x00, 0x31,
	    0xd2, 0x89, 0xc8, 0x83, 0xe0, 0x01, 0xff, 0x24, 0x85, 0x00, 0x00, 0x02, 0x00,
	};
	static const uint8_t t1[] = {0x42, 0x49, 0x75, 0xd7, 0xf4};
	static const uint8_t t2[] = {0x83, 0xc2, 0x02, 0x49, 0x75, 0xc4, 0xf4};
	memcpy(code, head, sizeof(head));
	memcpy(code + 0x40, t1, sizeof(t1));
	memcpy(code + 0x51, t2, sizeof(t2));
	ck_assert_uint_eq(succ_any_slot(CODE + 0x40), succ_any_slot(CODE + 0x51));
	struct snap full;
	/* Every budget where the run can take successors (from 2,080 on),
	 * and where it starts. */
	match_generic_sparse(code, sizeof(code), 4 + 6 * 401 + 1, &full, 65, 2048);
	ck_assert_uint_eq(full.reg[EDX], 201 * 2 + 200);
}
END_TEST

/* An 8-bit shr by 1 (a specialised form) whose flags an add overwrites
 * writes none; one whose CF an adc reads does:
 *	mov $7,%ecx; mov $0x5a,%edx; xor %ebx,%ebx; xor %edi,%edi
 *   L: inc %ebx; shr %dl; add %bl,%dl; shr %dl; adc $0,%edi
 *	cmp %ecx,%ebx; jne L; hlt */
static const uint8_t dead_shift8_code[] = {
    0xb9, 0x07, 0x00, 0x00, 0x00, 0xba, 0x5a, 0x00, 0x00, 0x00, 0x31, 0xdb, 0x31, 0xff, 0x43,
    0xd0, 0xea, 0x00, 0xda, 0xd0, 0xea, 0x83, 0xd7, 0x00, 0x39, 0xcb, 0x75, 0xf2, 0xf4,
};

START_TEST(dead_flags_of_byte_shifts_at_every_budget)
{
	dead_flags_match_generic(dead_shift8_code, sizeof(dead_shift8_code), 4 + 7 * 7 + 1);
}
END_TEST

START_TEST(dead_flags_before_shifts_at_every_budget)
{
	dead_flags_match_generic(dead_shift_code, sizeof(dead_shift_code), 4 + 7 * 15 + 1);
}
END_TEST

START_TEST(dead_rotate_flags_at_every_budget)
{
	dead_flags_match_generic(dead_rotate_code, sizeof(dead_rotate_code), 4 + 7 * 10 + 1);
}
END_TEST

/* Two loads of DS and ES from one register (the trap stub's pair, one
 * handler: sysfast.c), twice, then hlt; a budget may stop the run between
 * the two of a pair. */
static const uint8_t seg_code[] = {
    0xba, 0x23, 0, 0, 0, 0x8e, 0xda, 0x8e, 0xc2, /* mov $0x23,%edx; mov %dx,%ds; mov %dx,%es */
    0xba, 0x10, 0, 0, 0, 0x8e, 0xda, 0x8e, 0xc2, /* the same with 0x10 */
    0xba, 0x23, 0, 0, 0, 0x8e, 0xda, 0xf4,	 /* mov $0x23,%edx; mov %dx,%ds; hlt */
};

static void run_seg_code(uint64_t budget, bool stepped, uint16_t sel[2], uint64_t *count)
{
	struct cpu *c = &B.c;
	for (int pass = 0; pass < 2; pass++) { /* the first sets accessed bits, decodes */
		ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_DS, 0x10), 0);
		ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_ES, 0x10), 0);
		c->eip = CODE;
		c->icount = 0;
		c->halted = false;
		c->hooks = stepped && pass ? CPU_HOOK_INSN : 0;
		c->env.on_insn = stepped && pass ? no_op_hook : NULL;
		cpu_run(c, pass ? budget : 1000);
	}
	sel[0] = c->seg[SEG_DS].sel;
	sel[1] = c->seg[SEG_ES].sel;
	*count = c->icount;
	c->hooks = 0;
	c->env.on_insn = NULL;
}

START_TEST(seg_pair_at_every_budget)
{
	bare_code(&B, CODE, seg_code, sizeof(seg_code));
	for (uint64_t n = 1; n <= 10; n++) {
		uint16_t a[2], b[2];
		uint64_t ca, cb;
		run_seg_code(n, true, a, &ca);
		run_seg_code(n, false, b, &cb);
		ck_assert_msg(a[0] == b[0] && a[1] == b[1] && ca == cb,
			      "budget %llu: ds %x/%x es %x/%x count %llu/%llu",
			      (unsigned long long)n, a[0], b[0], a[1], b[1], (unsigned long long)ca,
			      (unsigned long long)cb);
	}
}
END_TEST

/* Blocks that fall (block.h): a loop body of 42 plain instructions is
 * cut at BLOCK_MAX, and the run goes on from the first part into the
 * second (block_fall, successor [1]):
 *	mov $60,%ecx
 *   L: 14 x (inc %ebx; add %ebx,%eax; xor %eax,%edx)
 *	dec %ecx; jnz L; hlt
 * Every budget where the run can take successors (from 2,080 on), and
 * where it starts. */
START_TEST(falling_blocks_at_every_budget)
{
	uint8_t code[5 + 14 * 5 + 4];
	size_t n = 0;
	static const uint8_t head[] = {0xb9, 60, 0, 0, 0};
	memcpy(code, head, sizeof(head));
	n = sizeof(head);
	for (int k = 0; k < 14; k++) {
		static const uint8_t body[] = {0x43, 0x01, 0xd8, 0x31, 0xc2};
		memcpy(code + n, body, sizeof(body));
		n += sizeof(body);
	}
	int8_t back = (int8_t)(5 - (int)(n + 3));
	code[n++] = 0x49;
	code[n++] = 0x75;
	code[n++] = (uint8_t)back;
	code[n++] = 0xf4;
	struct snap full;
	match_generic_sparse(code, n, 1 + 60 * 44 + 1, &full, 65, 2048);
	ck_assert_uint_eq(full.reg[EBX], 60 * 14);
	const struct block *b = &B.c.blocks[block_slot(CODE + 5)];
	ck_assert_uint_eq(b->paddr, CODE + 5);
	ck_assert(b->falls && b->n == BLOCK_MAX);
}
END_TEST

/*
 * System calls inside a run (cpu/exec.c sys_end): a block ending in int n,
 * out or iret runs that one at its end, exact, and the run goes on in the
 * block linked after it. At CPL 3:
 *	mov $R,%ecx
 *   L: add $1,%ebx; cld; int $0x40; add %eax,%esi; dec %ecx; jnz L; int $0x41
 * and the trap gate 0x40 (DPL 3) at CPL 0:
 *	H: inc %eax; out %al,$0x80; add $2,%edx; mov 0x7000,%edi;
 *	   or %edi,8(%esp); iret
 * (0x7000 holds 0, or TF to set in the frame's EFLAGS); 0x41 ends the run
 * at the bare handler's hlt.
 */
#define SYS_H	 0x6000u
#define SYS_WORD 0x7000u

static const uint8_t sys_user[] = {0xb9, 0,    0,    0, 0, /* mov $R,%ecx */
				   0x83, 0xc3, 0x01,	   /* L: add $1,%ebx */
				   0xfc,		   /* cld (a generic handler) */
				   0xcd, 0x40,		   /* int $0x40 */
				   0x01, 0xc6,		   /* add %eax,%esi */
				   0x49,		   /* dec %ecx */
				   0x75, 0xf5,		   /* jnz L */
				   0xcd, 0x41};		   /* int $0x41 */
static const uint8_t sys_kernel[] = {0x40, 0xe6, 0x80,	   /* inc; out */
				     0x83, 0xc2, 0x02,	   /* add $2,%edx */
				     0x8b, 0x3d, 0x00, 0x70, 0x00, 0x00, /* mov 0x7000,%edi */
				     0x09, 0x7c, 0x24, 0x08,		 /* or %edi,8(%esp) */
				     0xcf};				 /* iret */

struct sys_snap {
	enum stop_reason why;
	uint32_t reg[8], eip, eflags;
	unsigned cpl, ndeliver, outs;
	uint32_t outsum;
	uint64_t icount;
	uint32_t kstack[5];
};

/* Outs seen, a sum of their ports, sizes and values, and at which one
 * the port callback asks the loop to stop (0: never). */
static unsigned sys_outs, sys_stop_at;
static uint32_t sys_outsum;

static void sys_out(struct cpu *c, void *opaque, uint16_t port, unsigned size, uint32_t val)
{
	(void)opaque;
	sys_outsum = sys_outsum * 33u + (val ^ (uint32_t)port << 12 ^ size << 28);
	if (++sys_outs == sys_stop_at)
		cpu_request_stop(c);
}

static void sys_setup(unsigned rounds)
{
	uint8_t u[sizeof(sys_user)];
	memcpy(u, sys_user, sizeof(u));
	u[1] = (uint8_t)rounds;
	u[2] = (uint8_t)(rounds >> 8);
	bare_code(&B, BARE_UCODE, u, sizeof(u));
	bare_code(&B, SYS_H, sys_kernel, sizeof(sys_kernel));
	bare_wr32(&B, BARE_IDT + 8 * 0x40, (SYS_H & 0xffff) | (0x08u << 16));
	bare_wr32(&B, BARE_IDT + 8 * 0x40 + 4, 0x8000u | (3u << 13) | (0xfu << 8));
	bare_gate(&B, 0x41, 0xe, 3, 1);
	bare_gate(&B, EXC_DB, 0xe, 0, 1);
	B.c.env.io_out = sys_out;
}

/* From the same state each time (the first pass warms the block cache and
 * makes the links): `budget` instructions, stepped or in blocks. */
static void run_sys_code(uint64_t budget, bool stepped, uint32_t word, struct sys_snap *s)
{
	struct cpu *c = &B.c;
	for (int pass = 0; pass < 2; pass++) {
		bare_wr32(&B, SYS_WORD, pass ? word : 0);
		ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_CS, 0x08), 0);
		ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_SS, 0x10), 0);
		cpu_set_cpl(c, 0);
		bare_user(&B, BARE_UCODE);
		memset(c->reg, 0, sizeof(uint32_t) * 8);
		c->reg[ESP] = BARE_USTACK;
		for (int k = 0; k < 5; k++)
			bare_wr32(&B, BARE_ESP0 - 4 * (k + 1), 0);
		c->icount = 0;
		c->halted = false;
		B.ndeliver = 0;
		sys_outs = 0;
		sys_outsum = 0;
		s->why = run_pass(c, pass, stepped, budget);
	}
	memcpy(s->reg, c->reg, sizeof(s->reg));
	s->eip = c->eip;
	s->eflags = cpu_get_eflags(c);
	s->cpl = c->cpl;
	s->ndeliver = B.ndeliver;
	s->outs = sys_outs;
	s->outsum = sys_outsum;
	s->icount = c->icount;
	for (int k = 0; k < 5; k++)
		s->kstack[k] = bare_rd32(&B, BARE_ESP0 - 4 * (k + 1));
	c->hooks = 0;
	c->env.on_insn = NULL;
}

static void assert_sys_same(const struct sys_snap *a, const struct sys_snap *b, uint64_t n)
{
	ck_assert_msg(a->why == b->why && a->eip == b->eip && a->icount == b->icount &&
			  a->cpl == b->cpl,
		      "budget %llu: stop %d/%d eip %08x/%08x count %llu/%llu cpl %u/%u",
		      (unsigned long long)n, a->why, b->why, a->eip, b->eip,
		      (unsigned long long)a->icount, (unsigned long long)b->icount, a->cpl, b->cpl);
	ck_assert_msg(memcmp(a->reg, b->reg, sizeof(a->reg)) == 0, "budget %llu: registers",
		      (unsigned long long)n);
	ck_assert_msg(a->eflags == b->eflags && a->ndeliver == b->ndeliver && a->outs == b->outs &&
			  a->outsum == b->outsum,
		      "budget %llu: eflags %08x/%08x deliveries %u/%u outs %u/%u (sum %08x/%08x)",
		      (unsigned long long)n, a->eflags, b->eflags, a->ndeliver, b->ndeliver,
		      a->outs, b->outs, a->outsum, b->outsum);
	ck_assert_msg(memcmp(a->kstack, b->kstack, sizeof(a->kstack)) == 0,
		      "budget %llu: kernel stack", (unsigned long long)n);
}

/* 300 rounds (long enough for runs that go on through the system
 * instructions: they need room for all their hops), at every 7th budget
 * and the last 100. */
START_TEST(system_calls_match_single_steps)
{
	sys_setup(300);
	struct sys_snap full;
	run_sys_code(1u << 20, false, 0, &full);
	ck_assert_int_eq(full.why, STOP_HALT);
	ck_assert_uint_eq(full.reg[EAX], 300);
	ck_assert_uint_eq(full.reg[EDX], 600);
	ck_assert_uint_eq(full.reg[ESI], 300 * 301 / 2);
	ck_assert_uint_eq(full.ndeliver, 301);
	for (uint64_t n = 1; n <= full.icount + 1; n++) {
		if (n % 7 && n + 100 < full.icount)
			continue;
		struct sys_snap a, b;
		run_sys_code(n, true, 0, &a);
		run_sys_code(n, false, 0, &b);
		assert_sys_same(&a, &b, n);
	}
}
END_TEST

/* An iret that sets TF: the single-step trap comes after the first user
 * instruction after it (SDM vol. 3 §17.3.1.4), not later in a run that
 * went on. */
START_TEST(trap_flag_from_iret_is_seen_in_a_run)
{
	sys_setup(300);
	struct sys_snap a, b;
	run_sys_code(1u << 20, true, FL_TF, &a);
	run_sys_code(1u << 20, false, FL_TF, &b);
	assert_sys_same(&a, &b, 1u << 20);
	ck_assert_int_eq(b.why, STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_DB);
	ck_assert_uint_eq(B.last.old_eip, BARE_UCODE + 13); /* after add %eax,%esi */
	ck_assert_uint_eq(b.reg[EAX], 1);
}
END_TEST

/* A stop asked for by the out's port callback: the run ends right after
 * the out, in the middle of the kernel's code. */
START_TEST(stop_requested_by_out_ends_the_run)
{
	sys_setup(300);
	for (unsigned at = 1; at <= 200; at += 199) {
		sys_stop_at = at;
		struct sys_snap a, b;
		run_sys_code(1u << 20, true, 0, &a);
		run_sys_code(1u << 20, false, 0, &b);
		assert_sys_same(&a, &b, 1u << 20);
		ck_assert_int_eq(b.why, STOP_REQUEST);
		ck_assert_uint_eq(b.eip, SYS_H + 3);
		ck_assert_uint_eq(b.outs, at);
	}
	sys_stop_at = 0;
}
END_TEST

/* A gate not present: the int faults (#NP, SDM vol. 3 §6.12.1.1) at its
 * own EIP, with the count of the instructions before it, though those ran
 * in one go with it, one of them by its generic handler (cld), which names
 * itself the one running (accel.h note_cur):
 *	add $1,%ebx; cld; int $0x40 */
START_TEST(fault_of_a_block_ending_int_is_exact)
{
	static const uint8_t k[] = {0x83, 0xc3, 0x01, 0xfc, 0xcd, 0x40};
	sys_setup(300);
	bare_code(&B, BARE_UCODE + 0x100, k, sizeof(k));
	bare_gate(&B, EXC_NP, 0xe, 0, 1);
	bare_wr32(&B, BARE_IDT + 8 * 0x40 + 4, (3u << 13) | (0xfu << 8)); /* P = 0 */
	struct cpu *c = &B.c;
	for (int pass = 0; pass < 2; pass++) {
		ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_CS, 0x08), 0);
		ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_SS, 0x10), 0);
		cpu_set_cpl(c, 0);
		bare_user(&B, BARE_UCODE + 0x100);
		c->reg[EBX] = 0;
		c->icount = 0;
		c->halted = false;
		B.ndeliver = 0;
		ck_assert_int_eq(cpu_run(c, 1000), STOP_HALT);
		ck_assert_uint_eq(B.ndeliver, 1);
		ck_assert_uint_eq(B.last.vector, EXC_NP);
		ck_assert_uint_eq(B.last.old_eip, BARE_UCODE + 0x104);
		ck_assert_uint_eq(B.last.error, 0x40 * 8 + 2); /* IDT, the vector's gate */
		ck_assert_uint_eq(c->reg[EBX], 1);
		ck_assert_uint_eq(c->icount, 3); /* add, cld, then hlt; the int retired none */
	}
}
END_TEST

/* `inc %eax; out %al,$0x80; int $0x41` at CPL 3, the out ending its block
 * (cpu/exec.c sys_end_out): with IOPL 0 and no I/O bitmap it raises #GP(0)
 * at its own EIP (SDM vol. 1 §19.5.1), the inc retired; with IOPL 3 the
 * write is made, port, size and value as stepped. */
START_TEST(out_at_cpl3_ending_a_block)
{
	static const uint8_t u[] = {0x40, 0xe6, 0x80, 0xcd, 0x41};
	sys_setup(300);
	bare_code(&B, BARE_UCODE + 0x100, u, sizeof(u));
	bare_gate(&B, EXC_GP, 0xe, 0, 1);
	struct cpu *c = &B.c;
	for (unsigned iopl = 0; iopl <= 3; iopl += 3)
		for (int pass = 0; pass < 3; pass++) {
			ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_CS, 0x08), 0);
			ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_SS, 0x10), 0);
			cpu_set_cpl(c, 0);
			bare_user(&B, BARE_UCODE + 0x100);
			cpu_set_eflags_raw(c, FL_1 | FL_IF | iopl << 12);
			c->reg[EAX] = 0x1233;
			c->icount = 0;
			c->halted = false;
			B.ndeliver = 0;
			sys_outs = 0;
			sys_outsum = 0;
			/* pass 0 warms the cache; pass 2 is the reference, stepped */
			c->hooks = pass == 2 ? CPU_HOOK_INSN : 0;
			c->env.on_insn = pass == 2 ? no_op_hook : NULL;
			ck_assert_int_eq(cpu_run(c, 1000), STOP_HALT);
			c->hooks = 0;
			c->env.on_insn = NULL;
			ck_assert_uint_eq(B.ndeliver, 1);
			ck_assert_uint_eq(c->reg[EAX], 0x1234);
			if (iopl == 0) {
				ck_assert_uint_eq(B.last.vector, EXC_GP);
				ck_assert_uint_eq(B.last.old_eip, BARE_UCODE + 0x101);
				ck_assert_uint_eq(B.last.error, 0);
				ck_assert_uint_eq(sys_outs, 0);
				ck_assert_uint_eq(c->icount, 2); /* inc, then hlt */
			} else {
				ck_assert_uint_eq(B.last.vector, 0x41);
				ck_assert_uint_eq(sys_outs, 1);
				ck_assert_uint_eq(sys_outsum, 0x34u ^ 0x80u << 12 ^ 1u << 28);
				ck_assert_uint_eq(c->icount, 4);
			}
		}
}
END_TEST

Suite *blocks_suite(void)
{
	Suite *s = suite_create("blocks");
	TCase *tc = tcase_create("blocks");
	tcase_set_timeout(tc, 60); /* budget sweeps, slow under the sanitizers */
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fault_after_inlined_jumps);
	tcase_add_test(tc, budget_inside_block);
	tcase_add_test(tc, fault_in_short_run_keeps_dispatch);
	tcase_add_test(tc, pages_sharing_a_tlb_slot);
	tcase_add_test(tc, limited_cs_runs_a_cached_block_one_at_a_time);
	tcase_add_test(tc, write_to_inlined_target);
	tcase_add_test(tc, write_to_backward_inlined_target);
	tcase_add_test(tc, store_beside_code_keeps_blocks);
	tcase_add_test(tc, blocks_match_single_steps);
	tcase_add_test(tc, successors_match_single_steps);
	tcase_add_test(tc, seg_pair_at_every_budget);
	tcase_add_test(tc, dead_flags_at_every_budget);
	tcase_add_test(tc, dead_rotate_flags_at_every_budget);
	tcase_add_test(tc, dead_flags_before_shifts_at_every_budget);
	tcase_add_test(tc, dead_flags_of_byte_shifts_at_every_budget);
	tcase_add_test(tc, indirect_jumps_beside_at_every_budget);
	tcase_add_test(tc, segment_loaded_in_a_run_is_checked);
	tcase_add_test(tc, data_segment_nulled_by_iret_is_checked);
	tcase_add_test(tc, falling_blocks_at_every_budget);
	tcase_add_test(tc, system_calls_match_single_steps);
	tcase_add_test(tc, trap_flag_from_iret_is_seen_in_a_run);
	tcase_add_test(tc, stop_requested_by_out_ends_the_run);
	tcase_add_test(tc, fault_of_a_block_ending_int_is_exact);
	tcase_add_test(tc, out_at_cpl3_ending_a_block);
	suite_add_tcase(s, tc);
	return s;
}
