/*
 * Decoded blocks run in one go (cpu/exec.c, cpu/block.c): a fault, a
 * budget or a write to code inside a block that inlines a jmp and a call
 * must leave EIP, the count, the stack and the results exactly as one
 * instruction at a time would.
 */
#include "unit.h"

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

Suite *blocks_suite(void)
{
	Suite *s = suite_create("blocks");
	TCase *tc = tcase_create("blocks");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fault_after_inlined_jumps);
	tcase_add_test(tc, budget_inside_block);
	tcase_add_test(tc, write_to_inlined_target);
	suite_add_tcase(s, tc);
	return s;
}
