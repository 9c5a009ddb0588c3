/*
 * The FPU's state machine: #NM from CR0.EM/TS/MP (SDM vol. 3 §2.5 table
 * 2-2), #MF at the next waiting instruction after an unmasked exception
 * (vol. 1 §8.6, vol. 3 §6.15), no-wait instructions passing it by, a
 * faulting store leaving the FPU as it was with W/R = 1 in the #PF error
 * code, on a bare CPU; and through the kernel (kernel/fpu.c, programs/
 * fpuproc.c): the lazy switch between two processes that both use the FPU,
 * fork copying the state, exec resetting it, #MF stopping a process.
 */
#include "unit.h"

#include "../../cpu/fpu/host.h"
#include "../../kernel/kernel.h"
#include "../../kernel/machine.h"

#include <stdio.h>
#include <stdlib.h>
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
	B.c.halted = false; /* a previous run ended in the handler's hlt */
	return cpu_run(&B.c, 1000);
}

/* The EIP the handler's frame holds (CPL 3 -> 0: EIP at ESP0 - 20). */
static uint32_t frame_eip(void)
{
	return bare_rd32(&B, BARE_ESP0 - 20);
}

static const uint8_t fld1_fld1[] = {0xd9, 0xe8, 0xd9, 0xe8, 0xf4};

START_TEST(ts_gives_nm_and_clts_resumes)
{
	bare_gate(&B, 7, 0x0e, 0, 1);
	cpu_set_cr(&B.c, 0, cpu_get_cr(&B.c, 0) | CR0_TS);
	ck_assert_int_eq(run_user(fld1_fld1, sizeof(fld1_fld1)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_NM);
	ck_assert_uint_eq(frame_eip(), BARE_UCODE);
	/* Nothing happened to the FPU: TOP and tags as after FNINIT. */
	ck_assert_uint_eq(fpu_top(&B.c.fpu), 0);
	ck_assert_uint_eq(B.c.fpu.tw, 0xffff);
	/* With TS clear the same code runs (it then halts at CPL 3: #GP). */
	cpu_set_cr(&B.c, 0, cpu_get_cr(&B.c, 0) & ~CR0_TS);
	bare_gate(&B, 13, 0x0e, 0, 1);
	ck_assert_int_eq(run_user(fld1_fld1, sizeof(fld1_fld1)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_GP);
	ck_assert_uint_eq(fpu_top(&B.c.fpu), 6);
}
END_TEST

START_TEST(em_gives_nm_fwait_only_with_mp_and_ts)
{
	static const uint8_t fwait_hlt[] = {0x9b, 0xf4};
	bare_gate(&B, 7, 0x0e, 0, 1);
	bare_gate(&B, 13, 0x0e, 0, 1);
	cpu_set_cr(&B.c, 0, cpu_get_cr(&B.c, 0) | CR0_EM);
	ck_assert_int_eq(run_user(fld1_fld1, sizeof(fld1_fld1)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_NM);
	/* fwait ignores EM; with TS it faults only when MP is set too. */
	ck_assert_int_eq(run_user(fwait_hlt, sizeof(fwait_hlt)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_GP); /* the hlt */
	cpu_set_cr(&B.c, 0, (cpu_get_cr(&B.c, 0) & ~CR0_EM) | CR0_TS);
	ck_assert_int_eq(run_user(fwait_hlt, sizeof(fwait_hlt)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_GP);
	cpu_set_cr(&B.c, 0, cpu_get_cr(&B.c, 0) | CR0_MP);
	ck_assert_int_eq(run_user(fwait_hlt, sizeof(fwait_hlt)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_NM);
	ck_assert_uint_eq(frame_eip(), BARE_UCODE);
}
END_TEST

START_TEST(unmasked_exception_is_mf_at_next_waiting_insn)
{
	/* fldcw (ZE unmasked); fld1; fldz; fdivp (1/0: ZE, ES); fnstsw %ax
	 * (no-wait: passes); fwait: #MF. */
	static const uint8_t code[] = {
	    0xd9, 0x2d, 0x00, 0x01, 0x01, 0x00, /* fldcw 0x10100 */
	    0xd9, 0xe8, 0xd9, 0xee, 0xde, 0xf9, /* fld1 fldz fdivp: 1/0 */
	    0xdf, 0xe0,				/* fnstsw %ax */
	    0x9b,				/* fwait: #MF */
	    0xf4};
	bare_wr32(&B, 0x10100, 0x037b);
	bare_gate(&B, 16, 0x0e, 0, 1);
	cpu_set_cr(&B.c, 0, cpu_get_cr(&B.c, 0) | CR0_NE);
	ck_assert_int_eq(run_user(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_MF);
	ck_assert_uint_eq(frame_eip(), BARE_UCODE + 14);
	/* fnstsw saw ZE and ES; the divide left its operands (SDM vol. 1
	 * §8.5.3: unmasked, the destination is unchanged), no pop. */
	ck_assert_uint_eq(B.c.reg[EAX] & 0xffff, FSW_B | 6 << 11 | FSW_ES | FSW_ZE);
	ck_assert_uint_eq(fpu_top(&B.c.fpu), 6);
	/* The last instruction pointer names the fdivrp. */
	ck_assert_uint_eq(B.c.fpu.fip, BARE_UCODE + 10);
	ck_assert_uint_eq(B.c.fpu.fop, 0x6f9);
	/* With NE clear the pending exception is ignored (no FERR#/IRQ 13). */
	B.c.fpu.sw |= FSW_ES;
	cpu_set_cr(&B.c, 0, cpu_get_cr(&B.c, 0) & ~CR0_NE);
	bare_gate(&B, 13, 0x0e, 0, 1);
	static const uint8_t fwait_hlt[] = {0x9b, 0xf4};
	ck_assert_int_eq(run_user(fwait_hlt, sizeof(fwait_hlt)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_GP);
}
END_TEST

/* fstpt to a read-only page at CPL 3: #PF with P, W, U set; the FPU is as
 * it was (no pop), the memory too. */
START_TEST(faulting_store_is_restartable)
{
	const uint32_t PD = 0x30000, PT = 0x31000, RO = 0x40000;
	bare_wr32(&B, PD, PT | PTE_P | PTE_W | PTE_U);
	for (uint32_t k = 0; k < 1024; k++)
		bare_wr32(&B, PT + 4 * k, k << 12 | PTE_P | PTE_W | PTE_U);
	bare_wr32(&B, PT + 4 * (RO >> 12), RO | PTE_P | PTE_U);
	cpu_set_cr(&B.c, 3, PD);
	cpu_set_cr(&B.c, 0, cpu_get_cr(&B.c, 0) | CR0_PG | CR0_WP);
	bare_gate(&B, 14, 0x0e, 0, 1);
	/* fldpi; fstpt 0x40ffa (crosses into the read-only page) */
	static const uint8_t code[] = {0xd9, 0xeb, 0xdb, 0x3d, 0xfa, 0xff, 0x03, 0x00, 0xf4};
	ck_assert_int_eq(run_user(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_PF);
	ck_assert_uint_eq(B.last.error, PF_P | PF_W | PF_U);
	ck_assert_uint_eq(B.c.cr2, RO);
	ck_assert_uint_eq(frame_eip(), BARE_UCODE + 2);
	ck_assert_uint_eq(fpu_top(&B.c.fpu), 7);
	ck_assert_uint_eq((B.c.fpu.tw >> 14) & 3, 0); /* still valid */
	ck_assert_uint_eq(bare_rd32(&B, 0x3fffc), 0);
	/* Not present: the error code is a write's too. */
	bare_wr32(&B, PT + 4 * (RO >> 12), 0);
	tlb_flush_all(&B.c.mmu);
	static const uint8_t code2[] = {0xd9, 0xe8, 0xdd, 0x1d, 0x00, 0x00, 0x04, 0x00, 0xf4};
	ck_assert_int_eq(run_user(code2, sizeof(code2)), STOP_HALT);
	ck_assert_uint_eq(B.last.error, PF_W | PF_U);
}
END_TEST

/* FNSTENV's pointers (SDM vol. 1 figure 8-9, 8-10): the last non-control
 * instruction's CS:EIP and opcode, its operand's DS:offset; fnstenv, a
 * control instruction, does not replace them. 32- and 16-bit formats. */
START_TEST(fnstenv_stores_the_pointers)
{
	static const uint8_t code[] = {0xd9, 0x05, 0x00, 0x01, 0x01, 0x00, /* flds 0x10100 */
				       0xd9, 0x35, 0x00, 0x02, 0x01, 0x00, /* fnstenv 0x10200 */
				       0x66, 0xd9, 0x35, 0x00, 0x03, 0x01, 0x00, /* fnstenvs */
				       0xf4};
	bare_wr32(&B, 0x10100, 0x3f800000u); /* 1.0f */
	bare_gate(&B, 13, 0x0e, 0, 1);
	ck_assert_int_eq(run_user(code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_GP); /* the hlt */
	const uint32_t cs = 0x1b, ds = 0x23;	  /* bare_user() */
	ck_assert_uint_eq(bare_rd32(&B, 0x10200), 0xffff037fu);
	ck_assert_uint_eq(bare_rd32(&B, 0x10204), 0xffff3800u); /* TOP 7 */
	ck_assert_uint_eq(bare_rd32(&B, 0x10208), 0xffff3fffu); /* R7 valid */
	ck_assert_uint_eq(bare_rd32(&B, 0x1020c), BARE_UCODE);
	ck_assert_uint_eq(bare_rd32(&B, 0x10210), cs | 0x105u << 16);
	ck_assert_uint_eq(bare_rd32(&B, 0x10214), 0x10100);
	ck_assert_uint_eq(bare_rd32(&B, 0x10218), 0xffff0000u | ds);
	/* 16-bit: seven words; fnstenv masked all exceptions (already). */
	ck_assert_uint_eq(bare_rd32(&B, 0x10300), 0x3800037fu);
	ck_assert_uint_eq(bare_rd32(&B, 0x10304), (BARE_UCODE & 0xffff) << 16 | 0x3fffu);
	ck_assert_uint_eq(bare_rd32(&B, 0x10308), 0x0100u << 16 | cs);
	ck_assert_uint_eq(bare_rd32(&B, 0x1030c) & 0xffff, ds);
}
END_TEST

/* Every row h_x87 serves runs on the host (hostops.def): a row missing
 * there would do nothing. */
void h_x87(struct cpu *c, const struct insn *i);
START_TEST(every_host_row_is_known)
{
	unsigned n = 0;
	for (unsigned r = ROW_UNSUPPORTED + 1; r < ROW_COUNT; r++) {
		const struct op_row *row = &op_rows[r];
		if (op_handlers[r] != h_x87)
			continue;
		if (row->map == 0) {
			ck_assert_msg(x87_host_known(row->opcode, (unsigned)row->reg << 3), "%s",
				      row->mnem);
			n++;
			continue;
		}
		unsigned esc = 0xd8u + row->map - X87_MAP(0xd8);
		unsigned k = (row->attr & A_REGOP) ? 8 : 1;
		for (unsigned j = 0; j < k; j++, n++)
			ck_assert_msg(x87_host_known(esc, row->opcode + j), "%s %02x %02x",
				      row->mnem, esc, row->opcode + j);
	}
	ck_assert_uint_gt(n, 400);
}
END_TEST

/* ---- through the kernel ---- */

struct counts {
	unsigned nm, mf;
};

static void on_deliver(void *opaque, struct machine *m, const struct delivery_info *d)
{
	struct counts *n = opaque;
	(void)m;
	n->nm += d->vector == EXC_NM;
	n->mf += d->vector == EXC_MF;
}

static struct machine *boot(const char *arg1, const char *arg2, struct counts *n)
{
	struct machine_config cfg;
	char err[256], path[512];
	machine_config_default(&cfg);
	cfg.mem_bytes = 16u << 20;
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	const char *dir = getenv("IA32EMU_PROGRAMS");
	snprintf(path, sizeof(path), "%s/fpuproc", dir ? dir : "build/programs");
	char *argv[] = {path, (char *)arg1, (char *)arg2, NULL};
	ck_assert_msg(machine_load(m, path, arg2 ? 3 : 2, argv, err, sizeof(err)) == 0, "%s: %s",
		      path, err);
	struct machine_events ev;
	memset(&ev, 0, sizeof(ev));
	ev.opaque = n;
	ev.deliver = on_deliver;
	machine_subscribe(m, &ev);
	return m;
}

static int run_to_exit(struct machine *m)
{
	ck_assert_int_eq(machine_run(m, 200000000u), RUN_EXITED);
	return machine_exit_status(m);
}

START_TEST(lazy_switch_between_two_processes)
{
	struct counts n = {0, 0};
	struct machine *m = boot("lazy", "40", &n);
	ck_assert_int_eq(run_to_exit(m), 0);
	/* Each preemption that gave the FPU to the other process cost one #NM;
	 * with 40 rounds of both, there are many. */
	ck_assert_uint_ge(n.nm, 4);
	ck_assert_uint_eq(n.mf, 0);
	machine_destroy(m);
}
END_TEST

START_TEST(fork_copies_exec_resets)
{
	struct counts n = {0, 0};
	struct machine *m = boot("fork", NULL, &n);
	ck_assert_int_eq(run_to_exit(m), 0);
	machine_destroy(m);
	m = boot("exec", NULL, &n);
	ck_assert_int_eq(run_to_exit(m), 0);
	/* exec reset the FPU of the process that owned it. */
	struct kernel *k = machine_kernel(m);
	ck_assert_uint_eq(k->cpu->fpu.cw, 0x037f);
	machine_destroy(m);
}
END_TEST

START_TEST(mf_stops_the_process_with_136)
{
	struct counts n = {0, 0};
	struct machine *m = boot("mf", NULL, &n);
	enum run_result r = machine_run(m, 10000000u);
	(void)r;
	ck_assert_int_eq(machine_exit_status(m), 136);
	ck_assert_uint_eq(n.mf, 1);
	ck_assert_ptr_nonnull(strstr(machine_message(m), "#MF"));
	machine_destroy(m);
}
END_TEST

Suite *fpu_suite(void)
{
	Suite *s = suite_create("fpu");
	TCase *tc = tcase_create("bare");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, ts_gives_nm_and_clts_resumes);
	tcase_add_test(tc, em_gives_nm_fwait_only_with_mp_and_ts);
	tcase_add_test(tc, unmasked_exception_is_mf_at_next_waiting_insn);
	tcase_add_test(tc, faulting_store_is_restartable);
	tcase_add_test(tc, every_host_row_is_known);
	tcase_add_test(tc, fnstenv_stores_the_pointers);
	suite_add_tcase(s, tc);
	TCase *tk = tcase_create("kernel");
	tcase_set_timeout(tk, 60);
	tcase_add_test(tk, lazy_switch_between_two_processes);
	tcase_add_test(tk, fork_copies_exec_resets);
	tcase_add_test(tk, mf_stops_the_process_with_136);
	suite_add_tcase(s, tk);
	return s;
}
