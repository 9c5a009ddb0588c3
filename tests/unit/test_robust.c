/* Regression tests for what the fuzzers found (tests/fuzz/README.md). */
#include "unit.h"

#include <string.h>

static struct bare B;

static void setup(void)
{
	bare_setup(&B);
}

static void teardown(void)
{
	bare_teardown(&B);
}

/* 13 rep prefixes, f7 /6 (div %ebx): a legal 15-byte instruction (SDM vol.
 * 2 §2.3.11: the limit is 15). Found by fuzz_decode. */
static const uint8_t div15[15] = {0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf3,
				  0xf3, 0xf3, 0xf3, 0xf3, 0xf3, 0xf7, 0xf3};

START_TEST(decode_missing_modrm_needs_more_not_too_long)
{
	struct insn i;
	/* Without its ModRM byte the row is unknown (f7 /0 would take an
	 * imm32 past 15 bytes): the answer must be "need more", not #GP. */
	ck_assert_int_eq(decode(div15, 14, &i), DEC_NEED_MORE);
	ck_assert_int_eq(decode(div15, 15, &i), 15);
}
END_TEST

START_TEST(fifteen_byte_insn_across_a_page_executes)
{
	/* The ModRM byte is the first byte of the next page, so the fetch
	 * sees 14 bytes on the first page. It used to raise #GP(0). */
	uint32_t at = BARE_UCODE + 0x1000 - 14;
	bare_code(&B, at, div15, sizeof(div15));
	bare_gate(&B, EXC_GP, 0x0e, 0, 1);
	bare_gate(&B, EXC_DE, 0x0e, 0, 1);
	B.c.eip = at;
	B.c.reg[EAX] = 100;
	B.c.reg[EDX] = 0;
	B.c.reg[EBX] = 7;
	ck_assert_int_eq(cpu_run(&B.c, 1), STOP_BUDGET);
	ck_assert_uint_eq(B.ndeliver, 0);
	ck_assert_uint_eq(B.c.eip, at + 15);
	ck_assert_uint_eq(B.c.reg[EAX], 14);
	ck_assert_uint_eq(B.c.reg[EDX], 2);
}
END_TEST

/* A handler that faults itself: #UD's handler is a ud2. Each delivery
 * retires nothing, so without charging deliveries to the budget cpu_run
 * never returned (found by fuzz_bare: code that overwrote its handler). */
START_TEST(fault_storm_ends_at_the_budget)
{
	static const uint8_t ud2[] = {0x0f, 0x0b};
	bare_code(&B, BARE_HANDLER, ud2, sizeof(ud2));
	bare_code(&B, BARE_UCODE, ud2, sizeof(ud2));
	bare_gate(&B, EXC_UD, 0x0e, 0, 1);
	B.c.eip = BARE_UCODE;
	B.c.reg[ESP] = BARE_ESP0;
	ck_assert_int_eq(cpu_run(&B.c, 500), STOP_BUDGET);
	ck_assert_uint_eq(B.ndeliver, 500);
	ck_assert_uint_eq(B.last.vector, EXC_UD);
	ck_assert_uint_eq(B.c.icount, 0); /* the virtual clock did not move */
	/* Interleaved: instructions and deliveries share one budget. */
	ck_assert_int_eq(cpu_run(&B.c, 10), STOP_BUDGET);
	ck_assert_uint_eq(B.ndeliver, 510);
}
END_TEST

Suite *robust_suite(void)
{
	Suite *s = suite_create("robust");
	TCase *t = tcase_create("fuzz-regressions");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, decode_missing_modrm_needs_more_not_too_long);
	tcase_add_test(t, fifteen_byte_insn_across_a_page_executes);
	tcase_add_test(t, fault_storm_ends_at_the_budget);
	suite_add_tcase(s, t);
	return s;
}
