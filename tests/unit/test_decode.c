/* The decoder on byte strings, and the disassembler on known encodings
 * (expected texts are GNU objdump's, binutils 2.40). */
#include "unit.h"

#include <string.h>

static int dec(const char *bytes, size_t n, struct insn *i)
{
	return decode((const uint8_t *)bytes, n, i);
}

#define DEC(s, i) dec(s, sizeof(s) - 1, i)

START_TEST(modrm_register_form)
{
	struct insn i;
	ck_assert_int_eq(DEC("\x89\xe5", &i), 2);
	ck_assert_uint_eq(i.row, ROW_mov_EvGv);
	ck_assert_uint_eq(i.mod, 3);
	ck_assert_uint_eq(i.regf, ESP);
	ck_assert_uint_eq(i.rm, EBP);
	ck_assert_uint_eq(i.opsize, 4);
}
END_TEST

START_TEST(sib_forms)
{
	struct insn i;
	ck_assert_int_eq(DEC("\x8b\x04\x85\x00\x10\x00\x00", &i), 7);
	ck_assert_uint_eq(i.base, REG_NONE);
	ck_assert_uint_eq(i.index, EAX);
	ck_assert_uint_eq(i.scale, 2);
	ck_assert_uint_eq(i.disp, 0x1000);
	ck_assert_uint_eq(i.seg, SEG_DS);
	ck_assert_int_eq(DEC("\xc7\x44\x24\x04\x78\x56\x34\x12", &i), 8);
	ck_assert_uint_eq(i.row, ROW_mov_EvIv);
	ck_assert_uint_eq(i.base, ESP);
	ck_assert_uint_eq(i.index, REG_NONE);
	ck_assert_uint_eq(i.disp, 4);
	ck_assert_uint_eq(i.imm, 0x12345678);
	ck_assert_uint_eq(i.seg, SEG_SS); /* ESP base: stack segment */
}
END_TEST

START_TEST(prefixes)
{
	struct insn i;
	ck_assert_int_eq(DEC("\x66\xb8\x34\x12", &i), 4);
	ck_assert_uint_eq(i.row, ROW_mov_ZvIv);
	ck_assert_uint_eq(i.opsize, 2);
	ck_assert_uint_eq(i.imm, 0x1234);
	ck_assert_int_eq(DEC("\xf3\xa5", &i), 2);
	ck_assert_uint_eq(i.row, ROW_movsv);
	ck_assert_uint_eq(i.rep, PFX_REP);
	ck_assert_int_eq(DEC("\x64\x8b\x00", &i), 3);
	ck_assert_uint_eq(i.seg, SEG_FS);
	ck_assert_int_eq(DEC("\x67\x8b\x00", &i), 3);
	ck_assert_uint_eq(i.adsize, 2);
	ck_assert_uint_eq(i.base, EBX);
	ck_assert_uint_eq(i.index, ESI);
	ck_assert_uint_eq(i.ea_mask, 0xffff);
}
END_TEST

START_TEST(immediates_and_groups)
{
	struct insn i;
	ck_assert_int_eq(DEC("\x83\xc4\xf0", &i), 3);
	ck_assert_uint_eq(i.row, ROW_add_EvIbs);
	ck_assert_uint_eq(i.imm, 0xfffffff0u);
	ck_assert_int_eq(DEC("\xe8\xfb\xff\xff\xff", &i), 5);
	ck_assert_uint_eq(i.row, ROW_call_Jv);
	ck_assert_uint_eq(i.imm, 0xfffffffbu);
	ck_assert_int_eq(DEC("\xf7\xd8", &i), 2);
	ck_assert_uint_eq(i.row, ROW_neg_Ev);
	ck_assert_int_eq(DEC("\xf7\xc0\x01\x00\x00\x00", &i), 6);
	ck_assert_uint_eq(i.row, ROW_test_EvIv);
	ck_assert_int_eq(DEC("\x0f\x1f\x44\x00\x00", &i), 5);
	ck_assert_uint_eq(i.row, ROW_nop_Ev);
	ck_assert_int_eq(DEC("\xc8\x10\x00\x02", &i), 4);
	ck_assert_uint_eq(i.imm, 0x10);
	ck_assert_uint_eq(i.imm2, 2);
	ck_assert_int_eq(DEC("\x90", &i), 1);
	ck_assert_uint_eq(i.row, ROW_nop);
	ck_assert_int_eq(DEC("\x93", &i), 1);
	ck_assert_uint_eq(i.row, ROW_xchg_ZveAX);
	ck_assert_int_eq(DEC("\x98", &i), 1);
	ck_assert_uint_eq(i.row, ROW_cbw);
}
END_TEST

START_TEST(length_limits)
{
	struct insn i;
	/* 15 prefixes and an opcode: 16 bytes, #GP (SDM vol. 2 §2.3.11). */
	ck_assert_int_eq(
	    DEC("\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x90", &i),
	    DEC_TOO_LONG);
	ck_assert_int_eq(DEC("\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x90", &i),
			 15);
	ck_assert_int_eq(DEC("\x8b\x04", &i), DEC_NEED_MORE);
	ck_assert_int_eq(decode((const uint8_t *)"", 0, &i), DEC_NEED_MORE);
}
END_TEST

START_TEST(undefined_encodings)
{
	struct insn i;
	/* x87: register forms by ModRM byte, reserved ones invalid; fwait
	 * taken with a following x87 instruction, as objdump does. */
	ck_assert_int_eq(DEC("\xd9\xc3", &i), 2);
	ck_assert_uint_eq(i.row, ROW_fld_sti);
	ck_assert_uint_eq(i.rm, 3);
	ck_assert_int_eq(DEC("\xd9\xd1", &i), 2);
	ck_assert_uint_eq(i.row, ROW_INVALID);
	ck_assert_int_eq(DEC("\xdd\x74\x24\x08", &i), 4);
	ck_assert_uint_eq(i.row, ROW_fnsave);
	ck_assert_int_eq(DEC("\x9b\xdf\xe0", &i), 3);
	ck_assert_uint_eq(i.row, ROW_fnstsw_ax);
	ck_assert_uint_eq(i.fwait, 1);
	ck_assert_int_eq(DEC("\x66\x9b\xd9\x30", &i), 4);
	ck_assert_uint_eq(i.row, ROW_fnstenv);
	ck_assert_uint_eq(i.fwait, 2);
	ck_assert_int_eq(DEC("\x9b\x9b\xd8\x00", &i), 4);
	ck_assert_uint_eq(i.row, ROW_fadd_m32);
	ck_assert_int_eq(DEC("\x9b\x9b\x9b\xd8\x00", &i), 1);
	ck_assert_uint_eq(i.row, ROW_fwait);
	ck_assert_int_eq(DEC("\x9b\x90", &i), 1);
	ck_assert_uint_eq(i.row, ROW_fwait);
	ck_assert_uint_eq(i.fwait, 0);
	ck_assert_int_eq(DEC("\x9b", &i), 1);
	ck_assert_uint_eq(i.row, ROW_fwait);
	ck_assert_int_eq(DEC("\x0f\x28\xc1", &i), 3);
	ck_assert_uint_eq(i.row, ROW_SIMD);
	/* VEX and EVEX (C4/C5/62 followed by mod = 3): AVX, #UD, full length;
	 * with a memory ModRM they stay les/lds/bound (SDM vol. 2 §2.3.5). */
	ck_assert_int_eq(DEC("\xc5\xf8\x77", &i), 3);
	ck_assert_uint_eq(i.row, ROW_SIMD);
	ck_assert_int_eq(DEC("\xc4\xe2\x79\x18\x07", &i), 5);
	ck_assert_uint_eq(i.row, ROW_SIMD);
	ck_assert_int_eq(DEC("\xc4\xe3\x79\x04\xc1\x05", &i), 6);
	ck_assert_int_eq(DEC("\x62\xf1\x7c\x48\x58\xc1", &i), 6);
	ck_assert_uint_eq(i.row, ROW_SIMD);
	ck_assert_str_eq(row_ud_reason(&i), "MMX/SSE/AVX instruction, not in the subset");
	ck_assert_int_eq(DEC("\xc5\x06", &i), 2);
	ck_assert_uint_eq(i.row, ROW_lds);
	ck_assert_int_eq(DEC("\x62\x06", &i), 2);
	ck_assert_uint_eq(i.row, ROW_bound);
	/* 0F 01 with mod = 3 (rdtscp, xgetbv, monitor, ...): outside the
	 * subset; smsw/lmsw with a register stay. */
	ck_assert_int_eq(DEC("\x0f\x01\xf9", &i), 3);
	ck_assert_uint_eq(i.row, ROW_UNSUPPORTED);
	ck_assert_int_eq(DEC("\x0f\x01\xd0", &i), 3);
	ck_assert_uint_eq(i.row, ROW_UNSUPPORTED);
	ck_assert_int_eq(DEC("\x0f\x01\xe0", &i), 3);
	ck_assert_uint_eq(i.row, ROW_smsw);
	/* lock on a register destination: decoded, but executes as #UD. */
	ck_assert_int_eq(DEC("\xf0\x01\xc0", &i), 3);
	ck_assert_uint_eq(i.row, ROW_add_EvGv);
	ck_assert_ptr_ne((void *)i.fn, (void *)op_handlers[ROW_add_EvGv]);
	ck_assert_int_eq(DEC("\xf0\x01\x00", &i), 3);
	ck_assert_ptr_eq((void *)i.fn, (void *)op_handlers[ROW_add_EvGv]);
	/* lea with a register operand is #UD. */
	ck_assert_int_eq(DEC("\x8d\xc0", &i), 2);
	ck_assert_ptr_ne((void *)i.fn, (void *)op_handlers[ROW_lea]);
}
END_TEST

START_TEST(every_row_is_complete)
{
	for (unsigned r = ROW_UNSUPPORTED + 1; r < ROW_COUNT; r++) {
		ck_assert_ptr_nonnull(op_rows[r].mnem);
		ck_assert_ptr_nonnull((void *)op_handlers[r]);
	}
}
END_TEST

static void check_dis(const char *bytes, size_t n, uint32_t eip, const char *want)
{
	struct insn i;
	char text[96];
	ck_assert_int_eq(decode((const uint8_t *)bytes, n, &i), (int)n);
	disasm(&i, eip, text, sizeof(text));
	/* objdump pads the mnemonic; compare with runs of spaces folded. */
	char norm[96];
	size_t k = 0;
	for (const char *p = text; *p && k + 1 < sizeof(norm); p++)
		if (!(*p == ' ' && k && norm[k - 1] == ' '))
			norm[k++] = *p;
	norm[k] = 0;
	ck_assert_str_eq(norm, want);
}

#define DIS(s, eip, want) check_dis(s, sizeof(s) - 1, eip, want)

START_TEST(disassembly_spelling)
{
	DIS("\x89\xe5", 0, "mov %esp,%ebp");
	DIS("\xe8\x00\x00\x00\x00", 2, "call 0x7");
	DIS("\xc7\x00\x06\x00\x00\x00", 0, "movl $0x6,(%eax)");
	DIS("\xcd\x40", 0, "int $0x40");
	DIS("\x0f\xb6\x45\x08", 0, "movzbl 0x8(%ebp),%eax");
	DIS("\x8d\x74\x26\x00", 0, "lea 0x0(%esi,%eiz,1),%esi");
	DIS("\x66\x90", 0, "xchg %ax,%ax");
	DIS("\xf3\xa5", 0, "rep movsl %ds:(%esi),%es:(%edi)");
	DIS("\x83\xc4\x10", 0, "add $0x10,%esp");
	DIS("\x8b\x04\x85\x00\x10\x00\x00", 0, "mov 0x1000(,%eax,4),%eax");
	DIS("\x0f\x1f\x44\x00\x00", 0, "nopl 0x0(%eax,%eax,1)");
	DIS("\x8b\x85\xf8\xfe\xff\xff", 0, "mov -0x108(%ebp),%eax");
	DIS("\xff\x30", 0, "push (%eax)");
	DIS("\xd1\x20", 0, "shll (%eax)");
	DIS("\xaa", 0, "stos %al,%es:(%edi)");
	DIS("\x98", 0, "cwtl");
	DIS("\x66\x99", 0, "cwtd");
	DIS("\xf2\xae", 0, "repnz scas %es:(%edi),%al");
	DIS("\x0f\x20\xc0", 0, "mov %cr0,%eax");
	DIS("\xea\x00\x10\x00\x00\x08\x00", 0, "ljmp $0x8,$0x1000");
	DIS("\x8e\xd8", 0, "mov %eax,%ds");
	DIS("\xf0\x01\x00", 0, "lock add %eax,(%eax)");
	DIS("\xf3\x0f\x1e\xfb", 0, "endbr32");
	DIS("\xf3\x0f\x1e\xfa", 0, "endbr64");
	DIS("\x0f\x1e\xfb", 0, "nop %ebx");
	/* Prefixes nothing uses, named as objdump names them. */
	DIS("\x36\x37", 0, "ss aaa");
	DIS("\x26\xaa", 0, "es stos %al,%es:(%edi)");
	DIS("\x26\x2e\x89\x00", 0, "es mov %eax,%cs:(%eax)");
	DIS("\x2e\x72\x00", 0, "jb,pn 0x3");
	DIS("\x3e\x72\x00", 0, "jb,pt 0x3");
	DIS("\x2e\x3e\x72\x00", 0, "cs ds jb 0x4");
	DIS("\x66\x00\xc0", 0, "data16 add %al,%al");
	DIS("\x67\x90", 0, "addr16 nop");
	DIS("\x67\xe3\x00", 0, "jcxz 0x3");
}
END_TEST

Suite *decode_suite(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("bytes");
	tcase_add_test(tc, modrm_register_form);
	tcase_add_test(tc, sib_forms);
	tcase_add_test(tc, prefixes);
	tcase_add_test(tc, immediates_and_groups);
	tcase_add_test(tc, length_limits);
	tcase_add_test(tc, undefined_encodings);
	tcase_add_test(tc, every_row_is_complete);
	tcase_add_test(tc, disassembly_spelling);
	suite_add_tcase(s, tc);
	return s;
}
