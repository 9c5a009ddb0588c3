/*
 * The protection checks on a bare CPU (no kernel): segment-register loads
 * (SDM vol. 2 "MOV", "POP"; vol. 3 §5.5-5.8), data segments nulled on a
 * return to an outer level (vol. 2 "IRET"), far jumps, segment limits,
 * IOPL and the I/O permission bitmap (vol. 1 §19.5), the POPF/IRET rules
 * for IOPL and IF, CR0.WP, and the timer (delivered only with IF=1, waking
 * hlt).
 */
#include "unit.h"

#include <string.h>

static struct bare B;

static void setup(void)
{
	bare_setup(&B);
	/* Every exception handler is the fixture's `hlt`: the first delivery
	 * stops the run, and B.last says what was delivered. */
	for (unsigned v = 0; v < 32; v++)
		bare_gate(&B, v, 0x0e, 0, 1);
	bare_gate(&B, 32, 0x0e, 0, 1);
}

static void teardown(void)
{
	bare_teardown(&B);
}

/* GDT entry `idx` (the fixture uses 1-5), growing the GDT limit. */
static void gdt_desc(unsigned idx, uint32_t base, uint32_t limit, unsigned access, unsigned flags)
{
	uint32_t lo = (limit & 0xffff) | (base << 16);
	uint32_t hi = ((base >> 16) & 0xff) | (access << 8) | (limit & 0xf0000u) | (flags << 20) |
		      (base & 0xff000000u);
	bare_wr32(&B, BARE_GDT + 8 * idx, lo);
	bare_wr32(&B, BARE_GDT + 8 * idx + 4, hi);
	if (B.c.gdtr.limit < 8 * idx + 7) {
		B.c.gdtr.limit = (uint16_t)(8 * idx + 7);
		cpu_tables_changed(&B.c);
	}
}

static enum stop_reason run_at(unsigned cpl, const void *code, size_t n)
{
	bare_code(&B, BARE_UCODE, code, n);
	if (cpl == 3) {
		bare_user(&B, BARE_UCODE);
	} else {
		B.c.eip = BARE_UCODE;
		B.c.reg[ESP] = BARE_USTACK;
	}
	return cpu_run(&B.c, 1000);
}

static void expect_fault(unsigned vec, uint32_t err)
{
	ck_assert_uint_ge(B.ndeliver, 1);
	ck_assert_uint_eq(B.last.vector, vec);
	ck_assert_uint_eq(B.last.error, err);
}

/* mov $sel,%ax; mov %ax,<sreg>; then `tail` bytes. */
static size_t load_seq(uint8_t *b, uint16_t sel, uint8_t modrm, const uint8_t *tail, size_t n)
{
	uint8_t head[] = {0x66, 0xb8, (uint8_t)sel, (uint8_t)(sel >> 8), 0x8e, modrm};
	memcpy(b, head, sizeof(head));
	memcpy(b + sizeof(head), tail, n);
	return sizeof(head) + n;
}
#define TO_DS 0xd8
#define TO_SS 0xd0

static const uint8_t HLT[] = {0xf4};

START_TEST(null_selector_in_ds_faults_on_use)
{
	uint8_t b[32];
	static const uint8_t use[] = {0xa1, 0x00, 0x10, 0x00, 0x00}; /* mov 0x1000,%eax */
	size_t n = load_seq(b, 0x0003, TO_DS, use, sizeof(use));
	ck_assert_int_eq(run_at(3, b, n), STOP_HALT);
	/* Loading it is allowed; the access through it is #GP(0) (SDM §5.4.1). */
	expect_fault(EXC_GP, 0);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 20), BARE_UCODE + 6);
}
END_TEST

START_TEST(null_selector_in_ss_is_gp0)
{
	uint8_t b[32];
	size_t n = load_seq(b, 0x0003, TO_SS, HLT, 1);
	ck_assert_int_eq(run_at(3, b, n), STOP_HALT);
	expect_fault(EXC_GP, 0);
}
END_TEST

START_TEST(selector_beyond_gdt_limit_is_gp_sel)
{
	uint8_t b[32];
	size_t n = load_seq(b, 0x0033, TO_DS, HLT, 1); /* index 6, limit covers 0-5 */
	ck_assert_int_eq(run_at(3, b, n), STOP_HALT);
	expect_fault(EXC_GP, 0x30);
}
END_TEST

START_TEST(ldt_selector_without_ldt_is_gp_sel)
{
	uint8_t b[32];
	size_t n = load_seq(b, 0x000f, TO_DS, HLT, 1); /* TI=1, no LDT loaded */
	ck_assert_int_eq(run_at(3, b, n), STOP_HALT);
	expect_fault(EXC_GP, 0x0c);
}
END_TEST

START_TEST(system_descriptor_in_ds_is_gp_sel)
{
	uint8_t b[32];
	size_t n = load_seq(b, 0x0028, TO_DS, HLT, 1); /* the TSS, at CPL 0 */
	ck_assert_int_eq(run_at(0, b, n), STOP_HALT);
	expect_fault(EXC_GP, 0x28);
}
END_TEST

START_TEST(dpl_below_cpl_is_gp_sel)
{
	uint8_t b[32];
	size_t n = load_seq(b, 0x0013, TO_DS, HLT, 1);
	ck_assert_int_eq(run_at(3, b, n), STOP_HALT);
	expect_fault(EXC_GP, 0x10);
}
END_TEST

START_TEST(rpl_above_dpl_is_gp_sel_even_at_cpl0)
{
	uint8_t b[32];
	size_t n = load_seq(b, 0x0013, TO_DS, HLT, 1); /* RPL 3 > DPL 0 */
	ck_assert_int_eq(run_at(0, b, n), STOP_HALT);
	expect_fault(EXC_GP, 0x10);
	ck_assert_uint_eq(B.last.old_cpl, 0);
}
END_TEST

START_TEST(user_data_selector_loads_at_cpl3)
{
	uint8_t b[32];
	size_t n = load_seq(b, 0x0023, TO_DS, (const uint8_t[]){0xcd, 0x0d}, 2);
	ck_assert_int_eq(run_at(3, b, n), STOP_HALT);
	/* No fault from the load: the int $13 after it is the first event. */
	expect_fault(EXC_GP, 13 * 8 + 2);
	ck_assert_uint_eq(B.c.seg[SEG_DS].sel, 0x23);
	/* The CPU set the descriptor's accessed bit (SDM §3.4.5.1). */
	ck_assert(bare_rd32(&B, BARE_GDT + 4 * 8 + 4) & 0x100);
}
END_TEST

START_TEST(not_present_data_is_np_sel)
{
	uint8_t b[32];
	gdt_desc(6, 0, 0xfffff, 0x72, 0xc); /* DPL 3 data, P=0 */
	size_t n = load_seq(b, 0x0033, TO_DS, HLT, 1);
	ck_assert_int_eq(run_at(3, b, n), STOP_HALT);
	expect_fault(EXC_NP, 0x30);
}
END_TEST

START_TEST(not_present_stack_is_ss_sel)
{
	uint8_t b[32];
	gdt_desc(6, 0, 0xfffff, 0x72, 0xc);
	size_t n = load_seq(b, 0x0033, TO_SS, HLT, 1);
	ck_assert_int_eq(run_at(3, b, n), STOP_HALT);
	expect_fault(EXC_SS, 0x30);
}
END_TEST

START_TEST(read_only_data_in_ss_is_gp_sel)
{
	uint8_t b[32];
	gdt_desc(6, 0, 0xfffff, 0xf0, 0xc); /* DPL 3 read-only data */
	size_t n = load_seq(b, 0x0033, TO_SS, HLT, 1);
	ck_assert_int_eq(run_at(3, b, n), STOP_HALT);
	expect_fault(EXC_GP, 0x30);
}
END_TEST

START_TEST(execute_only_code_in_ds_is_gp_sel)
{
	uint8_t b[32];
	gdt_desc(6, 0, 0xfffff, 0xf8, 0xc); /* DPL 3 execute-only code */
	gdt_desc(7, 0, 0xfffff, 0xfa, 0xc); /* DPL 3 readable code */
	size_t n =
	    load_seq(b, 0x003b, TO_DS, (const uint8_t[]){0x66, 0xb8, 0x33, 0x00, 0x8e, 0xd8}, 6);
	ck_assert_int_eq(run_at(3, b, n), STOP_HALT);
	/* Readable code loads; execute-only code does not (SDM vol. 2 "MOV"). */
	expect_fault(EXC_GP, 0x30);
	ck_assert_uint_eq(B.c.seg[SEG_DS].sel, 0x3b);
}
END_TEST

START_TEST(data_limit_is_gp0_and_stack_limit_is_ss0)
{
	uint8_t b[32];
	gdt_desc(6, 0x20000, 0xfff, 0xf2, 0x4); /* DPL 3, 4 KiB, byte granular */
	static const uint8_t use[] = {0x8b, 0x80, 0xfe, 0x0f, 0x00, 0x00}; /* mov 0xffe(%eax) */
	size_t n = load_seq(b, 0x0033, TO_DS, use, sizeof(use));
	B.c.reg[EAX] = 0;
	ck_assert_int_eq(run_at(3, b, n), STOP_HALT);
	expect_fault(EXC_GP, 0); /* bytes 0xffe-0x1001 cross the limit 0xfff */

	bare_teardown(&B);
	setup();
	gdt_desc(6, 0x20000, 0xfff, 0xf2, 0x4);
	/* mov %ax,%ss; mov $0x2000,%esp; push %eax: beyond the limit. */
	static const uint8_t st[] = {0xbc, 0x00, 0x20, 0x00, 0x00, 0x50};
	n = load_seq(b, 0x0033, TO_SS, st, sizeof(st));
	ck_assert_int_eq(run_at(3, b, n), STOP_HALT);
	expect_fault(EXC_SS, 0);
}
END_TEST

/* The frame of an iret to CPL 3 at 0x10100 (user code and stack), built
 * at CPL 0, and the iret. */
static const uint8_t iret_to_user[] = {
    0x6a, 0x23,			  /* push ss */
    0x68, 0x00, 0x00, 0x02, 0x00, /* push esp */
    0x68, 0x02, 0x02, 0x00, 0x00, /* push eflags */
    0x6a, 0x1b,			  /* push cs */
    0x68, 0x00, 0x01, 0x01, 0x00, /* push eip 0x10100 */
    0xcf,
};

START_TEST(iret_to_outer_level_nulls_kernel_data_segments)
{
	/* At CPL 0 with DS = ES = kernel data, FS = user data: iret to CPL 3. */
	static const uint8_t loads[] = {
	    0x66, 0xb8, 0x10, 0x00, 0x8e, 0xd8, 0x8e, 0xc0, /* ds, es = 0x10 */
	    0x66, 0xb8, 0x23, 0x00, 0x8e, 0xe0,		    /* fs = 0x23 */
	};
	uint8_t code[sizeof(loads) + sizeof(iret_to_user)];
	memcpy(code, loads, sizeof(loads));
	memcpy(code + sizeof(loads), iret_to_user, sizeof(iret_to_user));
	bare_code(&B, BARE_UCODE + 0x100, HLT, 1);
	ck_assert_int_eq(run_at(0, code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.niret, 1);
	ck_assert_uint_eq(B.last_iret.new_cpl, 3);
	/* The hlt at 0x10100 ran at CPL 3: #GP(0), frame CS 0x1b. */
	expect_fault(EXC_GP, 0);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 20), BARE_UCODE + 0x100);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 16), 0x1b);
	/* The delivery back to CPL 0 leaves DS/ES/FS/GS alone, so they still
	 * show what the iret did: DPL-0 data nulled, DPL-3 data kept. */
	ck_assert_uint_eq(B.c.seg[SEG_DS].sel, 0);
	ck_assert(!B.c.seg[SEG_DS].valid);
	ck_assert_uint_eq(B.c.seg[SEG_ES].sel, 0);
	ck_assert_uint_eq(B.c.seg[SEG_GS].sel, 0);
	ck_assert_uint_eq(B.c.seg[SEG_FS].sel, 0x23);
	ck_assert(B.c.seg[SEG_FS].valid);
}
END_TEST

/* One of DS, ES, FS, GS holding kernel data (DPL 0), the other three user
 * data: the iret to CPL 3 nulls that one only, through the full checks
 * and through the return memo (the same iret again). */
START_TEST(iret_nulls_each_kernel_data_segment_alone)
{
	static const int data[] = {SEG_ES, SEG_DS, SEG_FS, SEG_GS};
	bare_code(&B, BARE_UCODE + 0x100, HLT, 1);
	const struct seg kcs = B.c.seg[SEG_CS], kss = B.c.seg[SEG_SS];
	for (int pass = 0; pass < 3; pass++)
		for (int k = 0; k < 4; k++) {
			B.c.seg[SEG_CS] = kcs;
			B.c.seg[SEG_SS] = kss;
			cpu_set_cpl(&B.c, 0);
			for (int j = 0; j < 4; j++)
				ck_assert_int_eq(
				    cpu_load_seg_unchecked(&B.c, data[j], j == k ? 0x10 : 0x23), 0);
			B.c.halted = false;
			B.niret = 0;
			ck_assert_int_eq(run_at(0, iret_to_user, sizeof(iret_to_user)), STOP_HALT);
			ck_assert_uint_eq(B.niret, 1);
			ck_assert_uint_eq(B.last_iret.new_cpl, 3);
			for (int j = 0; j < 4; j++) {
				ck_assert_msg(B.c.seg[data[j]].sel == (j == k ? 0 : 0x23),
					      "pass %d, kernel data in %d: %d holds %#x", pass, k,
					      j, B.c.seg[data[j]].sel);
				ck_assert(B.c.seg[data[j]].valid == (j != k));
			}
		}
}
END_TEST

START_TEST(faulting_pop_ds_leaves_esp)
{
	static const uint8_t code[] = {0x6a, 0x10, 0x1f}; /* push $0x10; pop %ds */
	ck_assert_int_eq(run_at(3, code, sizeof(code)), STOP_HALT);
	expect_fault(EXC_GP, 0x10);
	/* A fault is restartable: the saved ESP still points at the 0x10. */
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 8), BARE_USTACK - 4);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 20), BARE_UCODE + 2);
}
END_TEST

START_TEST(far_jmp_to_kernel_code_from_cpl3_is_gp_sel)
{
	static const uint8_t code[] = {0xea, 0x00, 0x50, 0x00, 0x00, 0x08, 0x00};
	ck_assert_int_eq(run_at(3, code, sizeof(code)), STOP_HALT);
	expect_fault(EXC_GP, 0x08);
}
END_TEST

START_TEST(far_jmp_reloads_cs_at_cpl0)
{
	/* ljmp $0x08,$0x5000: the handler page's hlt, at CPL 0 (no fault). */
	static const uint8_t code[] = {0xea, 0x00, 0x50, 0x00, 0x00, 0x08, 0x00};
	ck_assert_int_eq(run_at(0, code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 0);
	ck_assert_uint_eq(B.c.eip, BARE_HANDLER + 1);
	ck_assert_uint_eq(B.c.seg[SEG_CS].sel, 0x08);
}
END_TEST

/* A second TSS at 0x40000 (clear of the fixture's handler page) whose I/O
 * bitmap allows only port 0x80: bitmap at offset 104, 8 KiB and the
 * terminating byte, with the TSS limit given. */
#define IO_TSS 0x40000u
static void tss_with_bitmap(uint32_t limit)
{
	bare_wr32(&B, IO_TSS + 4, BARE_ESP0);
	bare_wr32(&B, IO_TSS + 8, 0x10);
	bare_wr32(&B, IO_TSS + 100, 104u << 16);
	for (uint32_t off = 104; off < 104 + 8193; off += 4)
		bare_wr32(&B, IO_TSS + off, 0xffffffffu);
	uint32_t w = bare_rd32(&B, IO_TSS + 104 + 0x10);
	bare_wr32(&B, IO_TSS + 104 + 0x10, w & ~1u); /* port 0x80 */
	gdt_desc(6, IO_TSS, limit, 0x89, 0);
	ck_assert_int_eq(cpu_load_tr_unchecked(&B.c, 0x30), 0);
}

START_TEST(io_bitmap_allows_granted_port_only)
{
	tss_with_bitmap(104 + 8192);
	/* in $0x80,%al (allowed), then in $0x81,%al (denied). */
	static const uint8_t code[] = {0xe4, 0x80, 0xe4, 0x81};
	ck_assert_int_eq(run_at(3, code, sizeof(code)), STOP_HALT);
	expect_fault(EXC_GP, 0);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 24), 0); /* error code */
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 20), BARE_UCODE + 2);
}
END_TEST

START_TEST(io_bitmap_word_access_needs_every_bit_clear)
{
	tss_with_bitmap(104 + 8192);
	static const uint8_t code[] = {0x66, 0xe5, 0x80}; /* in $0x80,%ax: 0x80 and 0x81 */
	ck_assert_int_eq(run_at(3, code, sizeof(code)), STOP_HALT);
	expect_fault(EXC_GP, 0);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 20), BARE_UCODE);
}
END_TEST

START_TEST(io_bitmap_beyond_tss_limit_denies)
{
	tss_with_bitmap(104 + 8); /* the byte for port 0x80 lies beyond the limit */
	static const uint8_t code[] = {0xe4, 0x80};
	ck_assert_int_eq(run_at(3, code, sizeof(code)), STOP_HALT);
	expect_fault(EXC_GP, 0);
	ck_assert_uint_eq(bare_rd32(&B, BARE_ESP0 - 20), BARE_UCODE);
}
END_TEST

START_TEST(iopl3_allows_io_cli_sti_at_cpl3)
{
	static const uint8_t code[] = {0xe4, 0x81, 0xfa, 0xfb, 0xcd, 0x0d};
	bare_code(&B, BARE_UCODE, code, sizeof(code));
	bare_user(&B, BARE_UCODE);
	cpu_set_eflags_raw(&B.c, FL_1 | FL_IF | (3u << IOPL_SHIFT));
	ck_assert_int_eq(cpu_run(&B.c, 1000), STOP_HALT);
	expect_fault(EXC_GP, 13 * 8 + 2); /* only the int $13 faulted */
}
END_TEST

/* push $flags; popf; int $13 at `cpl` with `start` EFLAGS: the frame
 * pushed by the #GP shows what popf left. */
static uint32_t flags_after_popf(unsigned cpl, uint32_t start, uint32_t pushed)
{
	uint8_t code[] = {0x68, 0, 0, 0, 0, 0x9d, 0xcd, 0x0d};
	memcpy(code + 1, &pushed, 4);
	bare_gate(&B, 13, 0x0e, 3, 1); /* so int $13 works at CPL 3 */
	bare_code(&B, BARE_UCODE, code, sizeof(code));
	if (cpl == 3)
		bare_user(&B, BARE_UCODE);
	else
		B.c.eip = BARE_UCODE, B.c.reg[ESP] = BARE_USTACK;
	cpu_set_eflags_raw(&B.c, start);
	ck_assert_int_eq(cpu_run(&B.c, 1000), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, 13);
	return cpl == 3 ? bare_rd32(&B, BARE_ESP0 - 12) : bare_rd32(&B, BARE_USTACK - 4);
}

START_TEST(popf_at_cpl3_keeps_iopl_and_if_silently)
{
	uint32_t f = flags_after_popf(3, FL_1 | FL_IF, FL_1 | (3u << IOPL_SHIFT) | FL_CF);
	ck_assert_uint_eq(f & FL_IOPL, 0);
	ck_assert(f & FL_IF);
	ck_assert(f & FL_CF);		  /* the ordinary flags did change */
	ck_assert_uint_eq(B.ndeliver, 1); /* no fault from popf */
}
END_TEST

START_TEST(popf_at_cpl3_with_iopl3_changes_if_not_iopl)
{
	uint32_t f = flags_after_popf(3, FL_1 | FL_IF | (3u << IOPL_SHIFT), FL_1);
	ck_assert_uint_eq(f & FL_IOPL, 3u << IOPL_SHIFT);
	ck_assert(!(f & FL_IF));
}
END_TEST

START_TEST(popf_at_cpl0_changes_iopl_and_if)
{
	uint32_t f = flags_after_popf(0, FL_1 | FL_IF, FL_1 | (2u << IOPL_SHIFT));
	ck_assert_uint_eq(f & FL_IOPL, 2u << IOPL_SHIFT);
	ck_assert(!(f & FL_IF));
}
END_TEST

START_TEST(iret_at_cpl3_cannot_raise_iopl_or_clear_if)
{
	/* A same-level iret at CPL 3 whose frame asks for IOPL 3 and IF 0. */
	static const uint8_t code[] = {
	    0x68, 0x02, 0x30, 0x00, 0x00, /* push $0x3002 */
	    0x6a, 0x1b,			  /* push $0x1b */
	    0x68, 0x0e, 0x00, 0x01, 0x00, /* push $0x1000e (the int below) */
	    0xcf, 0x90,			  /* iret; nop */
	    0xcd, 0x0d,			  /* int $13 */
	};
	bare_gate(&B, 13, 0x0e, 3, 1);
	ck_assert_int_eq(run_at(3, code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, 13);
	uint32_t f = bare_rd32(&B, BARE_ESP0 - 12);
	ck_assert_uint_eq(f & FL_IOPL, 0);
	ck_assert(f & FL_IF);
}
END_TEST

/* Supervisor writes to a read-only user page: allowed with CR0.WP=0,
 * #PF error 3 with WP=1 (SDM vol. 3 §4.6.1). */
static enum stop_reason sup_write_ro(bool wp)
{
	uint32_t pd = 0x30000, pt = 0x31000;
	bare_wr32(&B, pd, pt | 7);
	for (uint32_t k = 0; k < 1024; k++)
		bare_wr32(&B, pt + 4 * k, (k << 12) | 7);
	bare_wr32(&B, pt + 4 * 0x40, 0x40000 | 5); /* user read-only */
	cpu_set_cr(&B.c, 3, pd);
	cpu_set_cr(&B.c, 0, CR0_PE | CR0_PG | (wp ? CR0_WP : 0));
	static const uint8_t code[] = {0xa3, 0x00, 0x00, 0x04, 0x00, 0xf4}; /* mov %eax,0x40000 */
	B.c.reg[EAX] = 0x12345678;
	return run_at(0, code, sizeof(code));
}

START_TEST(wp0_lets_supervisor_write_read_only_page)
{
	ck_assert_int_eq(sup_write_ro(false), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 0);
	ck_assert_uint_eq(bare_rd32(&B, 0x40000), 0x12345678);
}
END_TEST

START_TEST(wp1_makes_it_a_page_fault)
{
	ck_assert_int_eq(sup_write_ro(true), STOP_HALT);
	expect_fault(EXC_PF, PF_P | PF_W);
	ck_assert_uint_eq(B.c.cr2, 0x40000);
	ck_assert_uint_eq(bare_rd32(&B, 0x40000), 0);
}
END_TEST

START_TEST(timer_waits_for_if)
{
	static const uint8_t spin[] = {0xeb, 0xfe}; /* jmp . */
	bare_code(&B, BARE_UCODE, spin, sizeof(spin));
	B.c.eip = BARE_UCODE;
	cpu_set_eflags_raw(&B.c, FL_1); /* IF = 0 */
	cpu_set_timer(&B.c, 10);
	ck_assert_int_eq(cpu_run(&B.c, 500), STOP_BUDGET);
	ck_assert_uint_eq(B.ndeliver, 0);
	/* IF = 1: the pending tick is delivered as an external interrupt. */
	cpu_set_eflags_raw(&B.c, FL_1 | FL_IF);
	ck_assert_int_eq(cpu_run(&B.c, 500), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 1);
	ck_assert_uint_eq(B.last.vector, 32);
	ck_assert_uint_eq(B.last.kind, EV_EXTERNAL);
	ck_assert(!B.last.has_error);
	/* An interrupt gate cleared IF; the frame holds IF = 1. */
	ck_assert(!(B.c.eflags & FL_IF));
	ck_assert(bare_rd32(&B, B.c.reg[ESP] + 8) & FL_IF);
}
END_TEST

START_TEST(hlt_wakes_on_timer_only_with_if)
{
	static const uint8_t code[] = {0xfb, 0xf4, 0xf4}; /* sti; hlt; hlt */
	bare_code(&B, BARE_UCODE, code, sizeof(code));
	B.c.eip = BARE_UCODE;
	B.c.reg[ESP] = BARE_USTACK;
	cpu_set_timer(&B.c, 1000);
	ck_assert_int_eq(cpu_run(&B.c, 100000), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 1);
	ck_assert_uint_eq(B.last.vector, 32);
	/* The saved EIP is the instruction after the first hlt. */
	ck_assert_uint_eq(bare_rd32(&B, B.c.reg[ESP]), BARE_UCODE + 2);
	/* Virtual time jumped to the tick. */
	ck_assert_uint_ge(B.c.icount, 1000);
}
END_TEST

START_TEST(hlt_with_if_clear_stops)
{
	static const uint8_t code[] = {0xfa, 0xf4}; /* cli; hlt */
	cpu_set_timer(&B.c, 10);
	ck_assert_int_eq(run_at(0, code, sizeof(code)), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 0);
}
END_TEST

START_TEST(tss_with_null_ss0_is_ts_and_escalates)
{
	/* int $0x40 to CPL 0 needs SS0 from the TSS; a null SS0 is #TS(0)
	 * (SDM vol. 2 "INT n"), whose own delivery needs it too: #DF, then a
	 * triple fault. */
	static const uint8_t code[] = {0xcd, 0x40};
	bare_gate(&B, 64, 0x0f, 3, 1);
	bare_wr32(&B, BARE_TSS + 8, 0);
	ck_assert_int_eq(run_at(3, code, sizeof(code)), STOP_SHUTDOWN);
	ck_assert_ptr_nonnull(strstr(B.c.shutdown_msg, "triple fault"));
	ck_assert_uint_eq(B.ndeliver, 0);
}
END_TEST

START_TEST(tss_ss0_of_wrong_dpl_is_ts_sel)
{
	/* SS0 = user data (DPL 3 != 0): #TS(0x20). The #TS gate leads to user
	 * code (DPL 3), so it is delivered without a stack switch; that
	 * handler spins until the budget ends. */
	static const uint8_t code[] = {0xcd, 0x40};
	static const uint8_t spin[] = {0xeb, 0xfe};
	bare_code(&B, 0x18000, spin, sizeof(spin));
	bare_gate(&B, 64, 0x0f, 3, 1);
	bare_wr32(&B, BARE_TSS + 8, 0x23);
	bare_wr32(&B, BARE_IDT + 8 * 10, 0x8000u | (0x1bu << 16));
	bare_wr32(&B, BARE_IDT + 8 * 10 + 4, 0x00018e00u); /* offset 0x18000, P, int gate */
	ck_assert_int_eq(run_at(3, code, sizeof(code)), STOP_BUDGET);
	expect_fault(EXC_TS, 0x20);
	ck_assert_uint_eq(B.ndeliver, 1);
	ck_assert_uint_eq(B.last.new_cpl, 3);
}
END_TEST

/* Paging on, identity-mapped 4 MiB, user pages everywhere except page
 * `absent`, which is not present. */
static void paging_with_hole(uint32_t absent)
{
	uint32_t pd = 0x30000, pt = 0x31000;
	bare_wr32(&B, pd, pt | 7);
	for (uint32_t k = 0; k < 1024; k++)
		bare_wr32(&B, pt + 4 * k, (k << 12) | 7);
	bare_wr32(&B, pt + 4 * (absent >> 12), 0);
	cpu_set_cr(&B.c, 3, pd);
	cpu_set_cr(&B.c, 0, CR0_PE | CR0_PG | CR0_WP);
}

START_TEST(page_fault_then_contributory_is_double_fault)
{
	/* A user #PF whose handler's code segment is not present: #NP while
	 * delivering #PF, a page-fault/contributory pair: #DF (SDM table 6-5). */
	static const uint8_t code[] = {0xa1, 0x00, 0x00, 0x38, 0x00}; /* mov 0x380000,%eax */
	paging_with_hole(0x380000);
	gdt_desc(6, 0, 0xfffff, 0x1a, 0xc); /* DPL 0 code, not present */
	bare_wr32(&B, BARE_IDT + 8 * 14, (BARE_HANDLER & 0xffff) | (0x30u << 16));
	ck_assert_int_eq(run_at(3, code, sizeof(code)), STOP_HALT);
	expect_fault(EXC_DF, 0);
	ck_assert_uint_eq(B.c.cr2, 0x380000);
}
END_TEST

START_TEST(page_fault_while_delivering_page_fault_is_double_fault)
{
	/* The TSS stack page is absent: pushing the #PF frame faults again;
	 * #PF then #PF is #DF, whose delivery needs the same stack: a triple
	 * fault (SDM §6.15 "Interrupt 8"). */
	static const uint8_t code[] = {0xa1, 0x00, 0x00, 0x38, 0x00};
	paging_with_hole(0x380000);
	bare_wr32(&B, 0x31000 + 4 * ((BARE_ESP0 - 4) >> 12), 0);
	ck_assert_int_eq(run_at(3, code, sizeof(code)), STOP_SHUTDOWN);
	ck_assert_ptr_nonnull(strstr(B.c.shutdown_msg, "triple fault"));
	ck_assert_uint_eq(B.ndeliver, 0);
}
END_TEST

START_TEST(external_interrupt_with_absent_gate_sets_ext)
{
	static const uint8_t spin[] = {0xeb, 0xfe};
	bare_gate(&B, 32, 0x0e, 0, 0);
	bare_code(&B, BARE_UCODE, spin, sizeof(spin));
	bare_user(&B, BARE_UCODE);
	cpu_set_timer(&B.c, 5);
	ck_assert_int_eq(cpu_run(&B.c, 1000), STOP_HALT);
	/* #NP(32*8 + IDT bit + EXT bit) (SDM vol. 3 §6.13). */
	expect_fault(EXC_NP, 32 * 8 + 2 + 1);
}
END_TEST

START_TEST(cr4_accepts_pse_and_tsd_only)
{
	/* mov %eax,%cr4 with PSE|TSD, then with VME: #GP(0) (not supported). */
	static const uint8_t code[] = {0x0f, 0x22, 0xe0, 0x89, 0xd8, 0x0f, 0x22, 0xe0, 0xf4};
	B.c.reg[EAX] = 0x14;
	B.c.reg[EBX] = 0x15;
	ck_assert_int_eq(run_at(0, code, sizeof(code)), STOP_HALT);
	expect_fault(EXC_GP, 0);
	ck_assert_uint_eq(cpu_get_cr(&B.c, 4), 0x14);
	ck_assert_uint_eq(bare_rd32(&B, BARE_USTACK - 12), BARE_UCODE + 5);
}
END_TEST

START_TEST(lar_reports_call_gates_lsl_does_not)
{
	/* GDT 6: a 16-bit call gate (type 4, DPL 3). lar sets ZF, lsl clears
	 * it (SDM vol. 2 "LAR", "LSL"). */
	gdt_desc(6, 0, 0, 0xe4, 0);
	/* lar %ax,%ebx; pushf; lsl %ax,%ecx; pushf; hlt */
	static const uint8_t code[] = {0x0f, 0x02, 0xd8, 0x9c, 0x0f, 0x03, 0xc8, 0x9c, 0xf4};
	B.c.reg[EAX] = 0x33;
	ck_assert_int_eq(run_at(0, code, sizeof(code)), STOP_HALT);
	ck_assert(bare_rd32(&B, BARE_USTACK - 4) & FL_ZF);
	ck_assert(!(bare_rd32(&B, BARE_USTACK - 8) & FL_ZF));
	ck_assert_uint_eq(B.c.reg[EBX], 0x0000e400);
}
END_TEST

Suite *prot_suite(void)
{
	Suite *s = suite_create("prot");
	TCase *seg = tcase_create("segments");
	tcase_add_checked_fixture(seg, setup, teardown);
	tcase_add_test(seg, null_selector_in_ds_faults_on_use);
	tcase_add_test(seg, iret_nulls_each_kernel_data_segment_alone);
	tcase_add_test(seg, null_selector_in_ss_is_gp0);
	tcase_add_test(seg, selector_beyond_gdt_limit_is_gp_sel);
	tcase_add_test(seg, ldt_selector_without_ldt_is_gp_sel);
	tcase_add_test(seg, system_descriptor_in_ds_is_gp_sel);
	tcase_add_test(seg, dpl_below_cpl_is_gp_sel);
	tcase_add_test(seg, rpl_above_dpl_is_gp_sel_even_at_cpl0);
	tcase_add_test(seg, user_data_selector_loads_at_cpl3);
	tcase_add_test(seg, not_present_data_is_np_sel);
	tcase_add_test(seg, not_present_stack_is_ss_sel);
	tcase_add_test(seg, read_only_data_in_ss_is_gp_sel);
	tcase_add_test(seg, execute_only_code_in_ds_is_gp_sel);
	tcase_add_test(seg, data_limit_is_gp0_and_stack_limit_is_ss0);
	tcase_add_test(seg, iret_to_outer_level_nulls_kernel_data_segments);
	tcase_add_test(seg, faulting_pop_ds_leaves_esp);
	tcase_add_test(seg, far_jmp_to_kernel_code_from_cpl3_is_gp_sel);
	tcase_add_test(seg, far_jmp_reloads_cs_at_cpl0);
	suite_add_tcase(s, seg);
	TCase *io = tcase_create("iopl");
	tcase_add_checked_fixture(io, setup, teardown);
	tcase_add_test(io, io_bitmap_allows_granted_port_only);
	tcase_add_test(io, io_bitmap_word_access_needs_every_bit_clear);
	tcase_add_test(io, io_bitmap_beyond_tss_limit_denies);
	tcase_add_test(io, iopl3_allows_io_cli_sti_at_cpl3);
	tcase_add_test(io, popf_at_cpl3_keeps_iopl_and_if_silently);
	tcase_add_test(io, popf_at_cpl3_with_iopl3_changes_if_not_iopl);
	tcase_add_test(io, popf_at_cpl0_changes_iopl_and_if);
	tcase_add_test(io, iret_at_cpl3_cannot_raise_iopl_or_clear_if);
	suite_add_tcase(s, io);
	TCase *misc = tcase_create("paging-timer-tss");
	tcase_add_checked_fixture(misc, setup, teardown);
	tcase_add_test(misc, wp0_lets_supervisor_write_read_only_page);
	tcase_add_test(misc, wp1_makes_it_a_page_fault);
	tcase_add_test(misc, timer_waits_for_if);
	tcase_add_test(misc, hlt_wakes_on_timer_only_with_if);
	tcase_add_test(misc, hlt_with_if_clear_stops);
	tcase_add_test(misc, tss_with_null_ss0_is_ts_and_escalates);
	tcase_add_test(misc, tss_ss0_of_wrong_dpl_is_ts_sel);
	tcase_add_test(misc, page_fault_then_contributory_is_double_fault);
	tcase_add_test(misc, page_fault_while_delivering_page_fault_is_double_fault);
	tcase_add_test(misc, external_interrupt_with_absent_gate_sets_ext);
	tcase_add_test(misc, cr4_accepts_pse_and_tsd_only);
	tcase_add_test(misc, lar_reports_call_gates_lsl_does_not);
	suite_add_tcase(s, misc);
	return s;
}
