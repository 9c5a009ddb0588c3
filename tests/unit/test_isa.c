/* ISA rules that need a fault to observe, on a bare CPU: a fault inside a
 * rep string instruction is restartable at the faulting iteration (SDM
 * vol. 2 "REP/REPE/REPZ/REPNE/REPNZ", vol. 3 §6.5), instructions longer
 * than 15 bytes are #GP(0) (SDM vol. 2 §2.3.11), lock is #UD outside the
 * lockable memory forms (SDM vol. 2 "LOCK"), and x87/SSE encodings are #UD
 * with a reason naming them. */
#include "unit.h"

#include <string.h>

static struct bare B;

#define PD	 0x30000u
#define PT	 0x31000u
#define HOLE	 0x40000u /* the one not-present page */
#define SRC	 0x20000u
#define KSTACK	 0x8000u
#define CODE_PTE (PTE_P | PTE_W | PTE_U)

static void setup(void)
{
	bare_setup(&B);
}

static void teardown(void)
{
	bare_teardown(&B);
}

/* Identity paging of the first 4 MiB with the page at HOLE not present. */
static void paging_with_hole(void)
{
	bare_wr32(&B, PD, PT | CODE_PTE);
	for (uint32_t k = 0; k < 1024; k++)
		bare_wr32(&B, PT + 4 * k, k << 12 | CODE_PTE);
	bare_wr32(&B, PT + 4 * (HOLE >> 12), 0);
	cpu_set_cr(&B.c, 3, PD);
	cpu_set_cr(&B.c, 0, cpu_get_cr(&B.c, 0) | CR0_PG);
	bare_gate(&B, 14, 0x0e, 0, 1);
}

/* Runs `code` at CPL 0 with the stack at KSTACK until the handler's hlt. */
static enum stop_reason run_kernel(const void *code, size_t n)
{
	bare_code(&B, BARE_UCODE, code, n);
	B.c.eip = BARE_UCODE;
	B.c.reg[ESP] = KSTACK;
	return cpu_run(&B.c, 1000);
}

static enum stop_reason run_user(const void *code, size_t n)
{
	bare_code(&B, BARE_UCODE, code, n);
	bare_user(&B, BARE_UCODE);
	return cpu_run(&B.c, 1000);
}

START_TEST(rep_movsb_fault_is_restartable)
{
	static const uint8_t code[] = {
	    0xbe, 0x00, 0x00, 0x02, 0x00, /* mov $0x20000,%esi */
	    0xbf, 0xf8, 0xff, 0x03, 0x00, /* mov $0x3fff8,%edi */
	    0xb9, 0x10, 0x00, 0x00, 0x00, /* mov $16,%ecx */
	    0xf3, 0xa4,			  /* rep movsb (offset 15) */
	};
	paging_with_hole();
	for (uint32_t k = 0; k < 16; k += 4)
		bare_wr32(&B, SRC + k, 0x11223344u + k);
	ck_assert_int_eq(run_kernel(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_PF);
	ck_assert_uint_eq(B.last.cr2, HOLE);
	/* 8 bytes moved; the 9th faulted: the registers describe it. */
	ck_assert_uint_eq(B.c.reg[ECX], 8);
	ck_assert_uint_eq(B.c.reg[ESI], SRC + 8);
	ck_assert_uint_eq(B.c.reg[EDI], HOLE);
	ck_assert_uint_eq(bare_rd32(&B, HOLE - 8), 0x11223344u);
	ck_assert_uint_eq(bare_rd32(&B, HOLE - 4), 0x11223348u);
	/* The saved EIP is the rep movsb itself (error, EIP, CS, EFLAGS). */
	ck_assert_uint_eq(bare_rd32(&B, KSTACK - 12), BARE_UCODE + 15);
}
END_TEST

START_TEST(rep_stosl_backwards_fault_is_restartable)
{
	static const uint8_t code[] = {
	    0xbf, 0x04, 0x10, 0x04, 0x00, /* mov $0x41004,%edi */
	    0xb9, 0x04, 0x00, 0x00, 0x00, /* mov $4,%ecx */
	    0xb8, 0x44, 0x33, 0x22, 0x11, /* mov $0x11223344,%eax */
	    0xfd,			  /* std */
	    0xf3, 0xab,			  /* rep stosl (offset 16) */
	};
	paging_with_hole();
	ck_assert_int_eq(run_kernel(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_PF);
	ck_assert_uint_eq(B.last.cr2, HOLE + 0xffc);
	ck_assert_uint_eq(B.c.reg[ECX], 2);
	ck_assert_uint_eq(B.c.reg[EDI], HOLE + 0xffc);
	ck_assert_uint_eq(bare_rd32(&B, HOLE + 0x1000), 0x11223344u);
	ck_assert_uint_eq(bare_rd32(&B, HOLE + 0x1004), 0x11223344u);
	ck_assert_uint_eq(bare_rd32(&B, KSTACK - 12), BARE_UCODE + 16);
}
END_TEST

START_TEST(fifteen_bytes_run_sixteen_are_gp0)
{
	uint8_t code[31];
	memset(code, 0x66, sizeof(code));
	code[14] = 0x90; /* 14 prefixes + nop: 15 bytes, legal */
	code[30] = 0x90; /* 15 prefixes + nop: 16 bytes */
	bare_gate(&B, 13, 0x0e, 0, 1);
	ck_assert_int_eq(run_user(code, 31), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_GP);
	ck_assert_uint_eq(B.last.error, 0);
	/* The first instruction ran; the fault is at the second. */
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 20), BARE_UCODE + 15);
}
END_TEST

static void expect_ud(const uint8_t *code, size_t n, const char *why)
{
	bare_gate(&B, 6, 0x0e, 0, 1);
	ck_assert_int_eq(run_user(code, n), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_UD);
	ck_assert_ptr_nonnull(B.c.ud_reason);
	ck_assert_str_eq(B.c.ud_reason, why);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 20), BARE_UCODE);
}

START_TEST(x87_is_ud_named)
{
	/* The FPU is emulated; fisttp is SSE3, outside the subset. */
	static const uint8_t fisttp[] = {0xdb, 0x08};
	expect_ud(fisttp, sizeof(fisttp), "fisttp is an SSE3 instruction, not in the subset");
}
END_TEST

START_TEST(sse_is_ud_named)
{
	static const uint8_t addps[] = {0x0f, 0x58, 0xc1};
	expect_ud(addps, sizeof(addps), "MMX/SSE/AVX instruction, not in the subset");
}
END_TEST

START_TEST(lock_register_destination_is_ud)
{
	static const uint8_t lock_add_reg[] = {0xf0, 0x01, 0xc8}; /* lock add %ecx,%eax */
	expect_ud(lock_add_reg, sizeof(lock_add_reg),
		  "lock prefix on an instruction that cannot be locked");
}
END_TEST

START_TEST(lock_memory_destination_runs)
{
	static const uint8_t code[] = {
	    0xb8, 0x05, 0x00, 0x00, 0x00,		    /* mov $5,%eax */
	    0xf0, 0x01, 0x05, 0x00, 0x00, 0x02, 0x00,	    /* lock add %eax,0x20000 */
	    0xf0, 0x0f, 0xc1, 0x05, 0x00, 0x00, 0x02, 0x00, /* lock xadd %eax,0x20000 */
	    0xcd, 0x40,					    /* int $0x40 */
	};
	bare_gate(&B, 64, 0x0f, 3, 1);
	bare_wr32(&B, SRC, 10);
	ck_assert_int_eq(run_user(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, 64);
	ck_assert_uint_eq(bare_rd32(&B, SRC), 20);
	ck_assert_uint_eq(B.c.reg[EAX], 15);
}
END_TEST

/* 0x67: 16-bit ModRM addressing wraps at 64 KiB and ignores the upper
 * halves of BX/SI/DI/BP (SDM vol. 2 table 2-1); string instructions use
 * SI/DI/CX and leave the upper halves alone; moffs are 16-bit. */
START_TEST(address_size_16_executes)
{
	static const uint8_t code[] = {
	    0x67, 0x8a, 0x38,		  /* mov (%bx,%si),%bh: 0x100+0xff00 wraps to 0 */
	    0x67, 0x8b, 0x0e, 0x00, 0x70, /* mov 0x7000,%ecx */
	    0x67, 0xa1, 0x04, 0x70,	  /* mov 0x7004,%eax (moffs16) */
	    0xba, 0x02, 0x00, 0xcd, 0xab, /* mov $0xabcd0002,%edx */
	    0x87, 0xd1,			  /* xchg %edx,%ecx */
	    0x67, 0xf3, 0xa4,		  /* rep movsb (%si),(%di) with CX */
	    0xf4,			  /* hlt */
	};
	bare_wr32(&B, 0x0, 0x5a);
	bare_wr32(&B, 0xfffc, 0xa5000000u);
	bare_wr32(&B, 0x7000, 0x11111111u);
	bare_wr32(&B, 0x7004, 0x22222222u);
	B.c.reg[EBX] = 0x12340100u;
	B.c.reg[ESI] = 0x5678ff00u;
	B.c.reg[EDI] = 0x9abc7100u;
	ck_assert_int_eq(run_kernel(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EBX], 0x12345a00u);
	ck_assert_uint_eq(B.c.reg[EDX], 0x11111111u);
	ck_assert_uint_eq(B.c.reg[EAX], 0x22222222u);
	/* SI was 0xff00: the copy read 0xff00 and 0xff01 (not 0x1_0000). */
	ck_assert_uint_eq(B.c.reg[ECX], 0xabcd0000u);
	ck_assert_uint_eq(B.c.reg[ESI], 0x5678ff02u);
	ck_assert_uint_eq(B.c.reg[EDI], 0x9abc7102u);
}
END_TEST

/* 0x66 on near branches: EIP is truncated to 16 bits and 2-byte return
 * addresses are pushed and popped (SDM vol. 2 "CALL", "RET", "JMP"). */
START_TEST(operand_size_16_branches)
{
	static const uint8_t code[] = {
	    0x66, 0xe8, 0x0a, 0x00, /* callw .+0xa+4 (0x600e) */
	    0xf4,		    /* 0x6004: hlt */
	};
	static const uint8_t ret16[] = {0x66, 0xc3}; /* 0x600e: retw */
	bare_code(&B, 0x6000, code, sizeof(code));
	bare_code(&B, 0x600e, ret16, sizeof(ret16));
	B.c.eip = 0x6000;
	B.c.reg[ESP] = KSTACK;
	ck_assert_int_eq(cpu_run(&B.c, 100), STOP_HALT);
	ck_assert_uint_eq(B.c.eip, 0x6005);
	ck_assert_uint_eq(B.c.reg[ESP], KSTACK);
	ck_assert_uint_eq(bare_rd32(&B, KSTACK - 4) >> 16, 0x6004);
	/* A 16-bit jump from above 64 KiB lands below it. */
	static const uint8_t jmp16[] = {0x66, 0xe9, 0x00, 0x00}; /* jmpw .+4 */
	bare_code(&B, 0x10000, jmp16, sizeof(jmp16));
	static const uint8_t hlt = 0xf4;
	bare_code(&B, 0x0004, &hlt, 1);
	B.c.eip = 0x10000;
	B.c.halted = false;
	ck_assert_int_eq(cpu_run(&B.c, 100), STOP_HALT);
	ck_assert_uint_eq(B.c.eip, 0x0005);
}
END_TEST

Suite *isa_suite(void)
{
	Suite *s = suite_create("isa");
	TCase *tc = tcase_create("faults");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, rep_movsb_fault_is_restartable);
	tcase_add_test(tc, rep_stosl_backwards_fault_is_restartable);
	tcase_add_test(tc, fifteen_bytes_run_sixteen_are_gp0);
	tcase_add_test(tc, x87_is_ud_named);
	tcase_add_test(tc, sse_is_ud_named);
	tcase_add_test(tc, lock_register_destination_is_ud);
	tcase_add_test(tc, lock_memory_destination_runs);
	tcase_add_test(tc, address_size_16_executes);
	tcase_add_test(tc, operand_size_16_branches);
	suite_add_tcase(s, tc);
	return s;
}
