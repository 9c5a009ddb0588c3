/*
 * Block links (cpu/accel/block.h struct block_link, exec.c follow_link): after a
 * block, the next one is the one found last time only while everything
 * the look-up depended on is unchanged. Each test lets a block lead to
 * another (so the link is made), changes one thing the look-up read, runs
 * the first block again, and checks that the CPU did what the new state
 * says: the permission of the CPL (SDM vol. 3 §4.6), the translation after
 * a flush (§4.10.4), the code after a write, the linear address under
 * another CS base (§3.4). The same holds for the successors a block's
 * jumps take from inside a run (cpu/accel/block.h struct block_succ): the
 * last jump's target, a last jcc not taken, a guard taken.
 */
#include "unit.h"

#include "../../cpu/accel/block.h"

#include <string.h>

#define PD     0x30000u
#define PT     0x31000u
#define FROM   0x10000u /* user page: the first block */
#define TO     0x12000u /* the page it jumps to */
#define TO_PA2 0x14000u /* another physical page for TO */

static struct bare B;

static void setup(void)
{
	bare_setup(&B);
	for (unsigned v = 0; v < 32; v++)
		bare_gate(&B, v, 0x0e, 0, 1);
	/* Paging: 0-4 MiB one to one, user pages. */
	for (uint32_t j = 0; j < 1024; j++)
		bare_wr32(&B, PT + 4 * j, (j << 12) | 7);
	bare_wr32(&B, PD, PT | 7);
	cpu_set_cr(&B.c, 3, PD);
	cpu_set_cr(&B.c, 0, cpu_get_cr(&B.c, 0) | CR0_PG | CR0_PE);
}

static void teardown(void)
{
	bare_teardown(&B);
}

/* mov $v,%eax; hlt at physical `pa`. */
static void put_target(uint32_t pa, uint32_t v)
{
	uint8_t k[] = {0xb8, (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24),
		       0xf4};
	bare_code(&B, pa, k, sizeof(k));
}

/* jmp TO, at FROM. */
static void put_jump(void)
{
	int32_t rel = (int32_t)(TO - (FROM + 5));
	uint8_t k[] = {0xe9, (uint8_t)rel, (uint8_t)(rel >> 8), (uint8_t)(rel >> 16),
		       (uint8_t)(rel >> 24)};
	bare_code(&B, FROM, k, sizeof(k));
}

static enum stop_reason run_at(uint32_t eip)
{
	B.c.halted = false;
	B.c.eip = eip;
	B.c.reg[EAX] = 0;
	B.c.reg[ESP] = B.c.cpl == 3 ? BARE_USTACK : BARE_ESP0;
	return cpu_run(&B.c, 1u << 20); /* room for successors taken inside a run */
}

/* Runs from `eip` twice: the first run decodes both blocks, the second
 * finds the second by a look-up and links it to the first. */
static enum stop_reason run_twice(uint32_t eip)
{
	ck_assert_int_eq(run_at(eip), STOP_HALT);
	return run_at(eip);
}

/* The link was made at CPL 0; at CPL 3 the target page is supervisor
 * only, so the fetch there is a #PF, not the block found before. */
START_TEST(other_cpl_is_looked_up)
{
	/* The user descriptors already accessed: entering CPL 3 writes
	 * nothing, so only the change of CPL and CS tells the link apart. */
	bare_wr32(&B, BARE_GDT + 3 * 8 + 4, 0x00cffb00u);
	bare_wr32(&B, BARE_GDT + 4 * 8 + 4, 0x00cff300u);
	put_jump();
	put_target(TO, 1);
	bare_wr32(&B, PT + 4 * (TO >> 12), TO | 3); /* supervisor page */
	ck_assert_int_eq(run_twice(FROM), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EAX], 1);
	ck_assert_uint_eq(B.ndeliver, 0);
	bare_user(&B, FROM);
	ck_assert_int_eq(run_at(FROM), STOP_HALT); /* the #PF handler's hlt */
	ck_assert_uint_eq(B.ndeliver, 1);
	ck_assert_uint_eq(B.last.vector, EXC_PF);
	ck_assert_uint_eq(B.last.cr2, TO);
	ck_assert_uint_eq(B.last.error, 0x5); /* present, read, user */
	ck_assert_uint_eq(B.c.reg[EAX], 0);
}
END_TEST

/* TO is mapped to another physical page and the TLB flushed (a CR3
 * load): the jump reaches the code of the new page. */
START_TEST(flush_is_looked_up)
{
	put_jump();
	put_target(TO, 1);
	put_target(TO_PA2, 2);
	ck_assert_int_eq(run_twice(FROM), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EAX], 1);
	bare_wr32(&B, PT + 4 * (TO >> 12), TO_PA2 | 7);
	cpu_set_cr(&B.c, 3, PD);
	ck_assert_int_eq(run_at(FROM), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EAX], 2);
}
END_TEST

/* The target's code is rewritten: the new code runs. */
START_TEST(code_write_is_seen)
{
	put_jump();
	put_target(TO, 1);
	ck_assert_int_eq(run_twice(FROM), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EAX], 1);
	put_target(TO, 3);
	ck_assert_int_eq(run_at(FROM), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EAX], 3);
}
END_TEST

/* The same block (by physical address) jumps to the same EIP, now under
 * a CS whose base is 0x1000 higher: a different linear address, with
 * other code. */
START_TEST(other_cs_base_is_looked_up)
{
	static const uint8_t jmp_ebx[] = {0xff, 0xe3}; /* jmp *%ebx */
	bare_code(&B, FROM, jmp_ebx, sizeof(jmp_ebx));
	put_target(TO, 1);
	put_target(TO + 0x1000, 4);
	/* GDT entry 6: kernel code based at 0x1000, limit 4 GiB - 1 (wraps). */
	bare_wr32(&B, BARE_GDT + 0x30, 0x1000u << 16 | 0xffff);
	bare_wr32(&B, BARE_GDT + 0x34, 0x00cf9b00u);
	B.c.gdtr.limit = 7 * 8 - 1;
	cpu_tables_changed(&B.c);
	B.c.reg[EBX] = TO;
	ck_assert_int_eq(run_twice(FROM), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EAX], 1);
	ck_assert_int_eq(cpu_load_seg_unchecked(&B.c, SEG_CS, 0x30), 0);
	B.c.reg[EBX] = TO;
	ck_assert_int_eq(run_at(FROM - 0x1000), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EAX], 4);
}
END_TEST

/* The same jump under a CS whose limit ends inside the target's first
 * instruction: its fetch is #GP(0) (SDM vol. 3 §5.3), so the block found
 * under the flat CS must not be taken. */
START_TEST(cs_limit_is_looked_up)
{
	put_jump();
	put_target(TO, 1);
	ck_assert_int_eq(run_twice(FROM), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EAX], 1);
	/* GDT entry 6: kernel code, base 0, byte limit TO + 2. */
	bare_wr32(&B, BARE_GDT + 0x30, (TO + 2) & 0xffff);
	bare_wr32(&B, BARE_GDT + 0x34, 0x00409b00u | ((TO + 2) & 0xf0000u));
	B.c.gdtr.limit = 7 * 8 - 1;
	cpu_tables_changed(&B.c);
	ck_assert_int_eq(cpu_load_seg_unchecked(&B.c, SEG_CS, 0x30), 0);
	ck_assert_int_eq(run_at(FROM), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 1);
	ck_assert_uint_eq(B.last.vector, EXC_GP);
	ck_assert_uint_eq(B.c.reg[EAX], 0);
}
END_TEST

/* A guard (a forward jcc inside its block) taken to another page: after
 * the target is rewritten the new code runs, not the block that followed
 * the guard before. */
START_TEST(guard_successor_sees_code_write)
{
	int32_t rel = (int32_t)(TO - (FROM + 2 + 6));
	/* xor %eax,%eax (ZF = 1); je TO, a guard; mov $9,%eax; hlt */
	uint8_t k[] = {0x31,
		       0xc0,
		       0x0f,
		       0x84,
		       (uint8_t)rel,
		       (uint8_t)(rel >> 8),
		       (uint8_t)(rel >> 16),
		       (uint8_t)(rel >> 24),
		       0xb8,
		       9,
		       0,
		       0,
		       0,
		       0xf4};
	bare_code(&B, FROM, k, sizeof(k));
	put_target(TO, 1);
	ck_assert_int_eq(run_twice(FROM), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EAX], 1);
	put_target(TO, 3);
	ck_assert_int_eq(run_at(FROM), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EAX], 3);
}
END_TEST

/* A last jcc not taken, at the end of a page: the block after it, in the
 * next page, is rewritten; the new code runs. */
START_TEST(fallthrough_successor_sees_code_write)
{
	const uint32_t at = TO - 8, next = TO;
	/* xor %eax,%eax (ZF = 1); jne at, not taken */
	uint8_t k[] = {0x31, 0xc0, 0x0f, 0x85, 0xf8, 0xff, 0xff, 0xff};
	bare_code(&B, at, k, sizeof(k));
	put_target(next, 1);
	ck_assert_int_eq(run_twice(at), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EAX], 1);
	put_target(next, 3);
	ck_assert_int_eq(run_at(at), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EAX], 3);
}
END_TEST

/* A call is its block's last jump, and its successor is the block it
 * calls; its own push rewrites that block (the stack is on its code): the
 * run stops after the call, and the new code runs (the pushed return
 * address becomes the immediate of mov $imm,%eax). */
START_TEST(call_successor_sees_its_own_push)
{
	int32_t rel = (int32_t)(TO - (FROM + 5));
	/* call TO */
	uint8_t k[] = {0xe8, (uint8_t)rel, (uint8_t)(rel >> 8), (uint8_t)(rel >> 16),
		       (uint8_t)(rel >> 24)};
	bare_code(&B, FROM, k, sizeof(k));
	put_target(TO, 1);
	/* First with the stack in TO's page beside its code: the blocks are
	 * decoded, the successor is taken, the TLB entry has write access;
	 * then the push lands on TO+1..TO+4. */
	const uint32_t sp[] = {TO + 0x800, TO + 0x800, TO + 0x800, TO + 5};
	for (unsigned r = 0; r < 4; r++) {
		B.c.halted = false;
		B.c.eip = FROM;
		B.c.reg[EAX] = 0;
		B.c.reg[ESP] = sp[r];
		ck_assert_int_eq(cpu_run(&B.c, 1u << 20), STOP_HALT);
		ck_assert_uint_eq(B.c.reg[EAX], r < 3 ? 1 : FROM + 5);
	}
}
END_TEST

/* A block of 32 plain instructions (inc %ecx) falls into the next one,
 * the target, from inside the run once it followed there (block.h
 * falls, block_fall): after the target is rewritten, the new code runs. */
START_TEST(fall_successor_sees_code_write)
{
	uint8_t k[BLOCK_MAX];
	memset(k, 0x41, sizeof(k));
	bare_code(&B, FROM, k, sizeof(k));
	for (uint32_t v = 1; v <= 3; v++) {
		put_target(FROM + BLOCK_MAX, v);
		for (int r = 0; r < 3; r++) { /* decode, follow, go on from inside */
			B.c.reg[ECX] = 0;
			ck_assert_int_eq(run_at(FROM), STOP_HALT);
			ck_assert_uint_eq(B.c.reg[EAX], v);
			ck_assert_uint_eq(B.c.reg[ECX], BLOCK_MAX);
		}
	}
}
END_TEST

/* An indirect jump to another target than last time, in its own page,
 * goes on in the block there (block.h chain_beside) only while that block
 * is the page's current code: after the target is rewritten, the new code
 * runs. */
START_TEST(indirect_target_beside_sees_code_write)
{
	const uint32_t slot = FROM + 0x100, t1 = FROM + 0x200, t2 = FROM + 0x300;
	/* jmp *slot */
	uint8_t k[] = {0xff,
		       0x25,
		       (uint8_t)slot,
		       (uint8_t)(slot >> 8),
		       (uint8_t)(slot >> 16),
		       (uint8_t)(slot >> 24)};
	bare_code(&B, FROM, k, sizeof(k));
	put_target(t1, 1);
	put_target(t2, 2);
	const uint32_t to[] = {t2, t1, t2, t1};
	for (unsigned r = 0; r < 4; r++) {
		bare_wr32(&B, slot, to[r]);
		ck_assert_int_eq(run_at(FROM), STOP_HALT);
		ck_assert_uint_eq(B.c.reg[EAX], to[r] == t1 ? 1 : 2);
	}
	put_target(t2, 3);
	bare_wr32(&B, slot, t2);
	ck_assert_int_eq(run_at(FROM), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EAX], 3);
}
END_TEST

/* The targets of an indirect jump in another page are kept by target
 * (block.h `any`), valid under the stamp: after one of them is rewritten,
 * the new code runs. */
START_TEST(indirect_targets_kept_see_code_write)
{
	const uint32_t slot = 0x20000, t1 = TO, t2 = TO + 0x100; /* slot: a data page */
	/* jmp *slot */
	uint8_t k[] = {0xff,
		       0x25,
		       (uint8_t)slot,
		       (uint8_t)(slot >> 8),
		       (uint8_t)(slot >> 16),
		       (uint8_t)(slot >> 24)};
	bare_code(&B, FROM, k, sizeof(k));
	put_target(t1, 1);
	put_target(t2, 2);
	for (unsigned r = 0; r < 6; r++) {
		uint32_t to = r & 1 ? t2 : t1;
		bare_wr32(&B, slot, to);
		ck_assert_int_eq(run_at(FROM), STOP_HALT);
		ck_assert_uint_eq(B.c.reg[EAX], to == t1 ? 1 : 2);
	}
	put_target(t2, 3);
	bare_wr32(&B, slot, t2);
	ck_assert_int_eq(run_at(FROM), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[EAX], 3);
}
END_TEST

Suite *links_suite(void)
{
	Suite *s = suite_create("links");
	TCase *t = tcase_create("links");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, other_cpl_is_looked_up);
	tcase_add_test(t, indirect_targets_kept_see_code_write);
	tcase_add_test(t, indirect_target_beside_sees_code_write);
	tcase_add_test(t, call_successor_sees_its_own_push);
	tcase_add_test(t, flush_is_looked_up);
	tcase_add_test(t, code_write_is_seen);
	tcase_add_test(t, other_cs_base_is_looked_up);
	tcase_add_test(t, cs_limit_is_looked_up);
	tcase_add_test(t, guard_successor_sees_code_write);
	tcase_add_test(t, fallthrough_successor_sees_code_write);
	tcase_add_test(t, fall_successor_sees_code_write);
	suite_add_tcase(s, t);
	return s;
}
