/* Gate checks, the TSS stack switch, the pushed frame, iret, #DF and
 * shutdown (SDM vol. 3 §6.12-6.15), on a bare CPU with no kernel. */
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

static enum stop_reason run_user(const void *code, size_t n)
{
	bare_code(&B, BARE_UCODE, code, n);
	bare_user(&B, BARE_UCODE);
	return cpu_run(&B.c, 1000);
}

START_TEST(int64_trap_gate_dpl3_switches_stack)
{
	static const uint8_t code[] = {0xcd, 0x40}; /* int $0x40 */
	bare_gate(&B, 64, 0x0f, 3, 1);
	ck_assert_int_eq(run_user(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 1);
	ck_assert_uint_eq(B.last.vector, 64);
	ck_assert_uint_eq(B.last.old_cpl, 3);
	ck_assert_uint_eq(B.last.new_cpl, 0);
	ck_assert_uint_eq(B.c.cpl, 0);
	/* SS:ESP from the TSS, then SS, ESP, EFLAGS, CS, EIP pushed (fig. 6-4). */
	ck_assert_uint_eq(B.c.seg[SEG_SS].sel, 0x10);
	ck_assert_uint_eq(B.c.reg[ESP], BARE_ESP0 - 20);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 4), 0x23);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 8), BARE_USTACK);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 12) & (FL_IF | FL_1), FL_IF | FL_1);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 16), 0x1b);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 20), BARE_UCODE + 2);
	/* A trap gate leaves IF set. */
	ck_assert(B.c.eflags & FL_IF);
}
END_TEST

START_TEST(int13_dpl0_gate_is_gp_6a)
{
	static const uint8_t code[] = {0xcd, 0x0d}; /* int $13 */
	bare_gate(&B, 13, 0x0e, 0, 1);
	ck_assert_int_eq(run_user(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, 13);
	ck_assert_uint_eq(B.last.kind, EV_EXCEPTION);
	ck_assert(B.last.has_error);
	ck_assert_uint_eq(B.last.error, 13 * 8 + 2);
	/* #GP is a fault: the saved EIP is the int instruction itself. */
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 24), 0x6a);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 20), BARE_UCODE);
	/* An interrupt gate clears IF. */
	ck_assert(!(B.c.eflags & FL_IF));
}
END_TEST

START_TEST(gate_not_present_is_np)
{
	static const uint8_t code[] = {0xcd, 0x40};
	bare_gate(&B, 64, 0x0f, 3, 0);
	bare_gate(&B, 11, 0x0e, 0, 1);
	ck_assert_int_eq(run_user(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, 11);
	ck_assert_uint_eq(B.last.error, 64 * 8 + 2);
}
END_TEST

START_TEST(vector_beyond_idt_limit_is_gp)
{
	static const uint8_t code[] = {0xcd, 0x40};
	bare_gate(&B, 13, 0x0e, 0, 1);
	B.c.idtr.limit = 8 * 20 - 1;
	cpu_tables_changed(&B.c);
	ck_assert_int_eq(run_user(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, 13);
	ck_assert_uint_eq(B.last.error, 64 * 8 + 2);
}
END_TEST

START_TEST(iret_returns_to_cpl3)
{
	/* Gate 64's handler is `iret`; then the user executes int $13. */
	static const uint8_t iret = 0xcf;
	static const uint8_t code[] = {0xcd, 0x40, 0xcd, 0x0d};
	bare_code(&B, BARE_HANDLER + 0x100, &iret, 1);
	bare_gate(&B, 13, 0x0e, 0, 1);
	bare_gate(&B, 64, 0x0f, 3, 1);
	bare_wr32(&B, BARE_IDT + 8 * 64, ((BARE_HANDLER + 0x100) & 0xffff) | (0x08u << 16));
	ck_assert_int_eq(run_user(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.niret, 1);
	ck_assert_uint_eq(B.last_iret.old_cpl, 0);
	ck_assert_uint_eq(B.last_iret.new_cpl, 3);
	ck_assert_uint_eq(B.last_iret.eip, BARE_UCODE + 2);
	ck_assert_uint_eq(B.last_iret.esp, BARE_USTACK);
	ck_assert_uint_eq(B.last.vector, 13);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 20), BARE_UCODE + 2);
}
END_TEST

START_TEST(iret_to_cpl0_from_cpl3_is_gp)
{
	static const uint8_t code[] = {
	    0x68, 0x02, 0x02, 0x00, 0x00, /* push $0x202 (eflags) */
	    0x6a, 0x08,			  /* push $0x08 (kernel CS, RPL 0) */
	    0x68, 0x00, 0x50, 0x00, 0x00, /* push $0x5000 */
	    0xcf,			  /* iret */
	};
	bare_gate(&B, 13, 0x0e, 0, 1);
	ck_assert_int_eq(run_user(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.niret, 0);
	ck_assert_uint_eq(B.last.vector, 13);
	ck_assert_uint_eq(B.last.error, 0x08);
	ck_assert_uint_eq(B.last.old_cpl, 3);
	/* The fault left ESP as it was before the iret. */
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 8), BARE_USTACK - 12);
}
END_TEST

START_TEST(contributory_pair_is_double_fault)
{
	/* #GP from int $13, then gate 13 not present: #NP while delivering
	 * #GP, both contributory: #DF with error 0 (SDM table 6-5). */
	static const uint8_t code[] = {0xcd, 0x0d};
	bare_gate(&B, 13, 0x0e, 0, 0);
	bare_gate(&B, 8, 0x0e, 0, 1);
	ck_assert_int_eq(run_user(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, 8);
	ck_assert_uint_eq(B.last.error, 0);
}
END_TEST

START_TEST(fault_in_double_fault_is_shutdown)
{
	static const uint8_t code[] = {0xcd, 0x0d};
	bare_gate(&B, 13, 0x0e, 0, 0);
	ck_assert_int_eq(run_user(code, sizeof(code)), STOP_SHUTDOWN);
	ck_assert_ptr_nonnull(strstr(B.c.shutdown_msg, "triple fault"));
}
END_TEST

START_TEST(int3_gate_dpl_checked)
{
	static const uint8_t code[] = {0xcc};
	bare_gate(&B, 3, 0x0e, 0, 1);
	bare_gate(&B, 13, 0x0e, 0, 1);
	ck_assert_int_eq(run_user(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, 13);
	ck_assert_uint_eq(B.last.error, 3 * 8 + 2);
}
END_TEST

START_TEST(user_out_port_is_gp0)
{
	static const uint8_t code[] = {0xe6, 0xe0}; /* out %al,$0xe0 */
	bare_gate(&B, 13, 0x0e, 0, 1);
	ck_assert_int_eq(run_user(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, 13);
	ck_assert_uint_eq(B.last.error, 0);
}
END_TEST

Suite *gate_suite(void)
{
	Suite *s = suite_create("gate");
	TCase *tc = tcase_create("delivery");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, int64_trap_gate_dpl3_switches_stack);
	tcase_add_test(tc, int13_dpl0_gate_is_gp_6a);
	tcase_add_test(tc, gate_not_present_is_np);
	tcase_add_test(tc, vector_beyond_idt_limit_is_gp);
	tcase_add_test(tc, iret_returns_to_cpl3);
	tcase_add_test(tc, iret_to_cpl0_from_cpl3_is_gp);
	tcase_add_test(tc, contributory_pair_is_double_fault);
	tcase_add_test(tc, fault_in_double_fault_is_shutdown);
	tcase_add_test(tc, int3_gate_dpl_checked);
	tcase_add_test(tc, user_out_port_is_gp0);
	suite_add_tcase(s, tc);
	return s;
}
