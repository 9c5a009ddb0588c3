/*
 * The transition memos (cpu.h struct gate_memo, struct return_memo): an
 * interrupt delivery and an iret to an outer level reuse what the checks
 * of the last such transition concluded while every input of those
 * checks is unchanged. Each test warms a CPU (so its memos hold), changes
 * one input, and compares what the warm CPU does with what a cold CPU
 * (no memo, no descriptor cache) does in the same state: the SDM rules
 * (vol. 3 §6.12.1 delivery, vol. 2 "IRET") must give the same answer.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#define H_IRET	(BARE_HANDLER + 0x10) /* handler of int $0x40: iret */
#define H_IRET2 (BARE_HANDLER + 0x40) /* the same in the second IDT */
#define IDT2	0x6000u		      /* a second IDT (lidt) */
#define TSS2	0x7000u		      /* a second TSS (ltr) */
#define ESP0_2	0xa000u		      /* its ESP0 */
#define GDT2	0xc000u		      /* a second GDT: SS0 not present */
#define GDT3	0xc800u		      /* a third: the user's SS not present */
#define MAXLOG	8
#define SYSVEC	0x40
#define UDATA	0x23
#define UCODE	0x1b
#define UDATA2	0x33 /* GDT entries 6 and 7: user data and code again */
#define UCODE2	0x3b
#define GATE_LO (BARE_IDT + 8 * SYSVEC)
#define GATE_HI (GATE_LO + 4)

/* A bare CPU that logs its deliveries and returns. */
struct rig {
	struct bare b;
	unsigned n;
	struct delivery_info d[MAXLOG];
	unsigned nr;
	struct iret_info r[MAXLOG];
};

static void log_deliver(struct cpu *c, void *opaque, const struct delivery_info *d)
{
	struct rig *g = opaque;
	(void)c;
	if (g->n < MAXLOG)
		g->d[g->n] = *d;
	g->n++;
}

static void log_iret(struct cpu *c, void *opaque, const struct iret_info *r)
{
	struct rig *g = opaque;
	(void)c;
	if (g->nr < MAXLOG)
		g->r[g->nr] = *r;
	g->nr++;
}

static void gate(struct bare *b, uint32_t idt, unsigned vec, uint32_t off, unsigned dpl)
{
	bare_wr32(b, idt + 8 * vec, (off & 0xffff) | (0x08u << 16));
	bare_wr32(b, idt + 8 * vec + 4, (off & 0xffff0000u) | 0x8000u | (dpl << 13) | (0x0fu << 8));
}

/* User code: int $0x40 twice, then a jump to itself until the budget. */
static const uint8_t USER[] = {0xcd, SYSVEC, 0xcd, SYSVEC, 0xeb, 0xfe};
#define BUDGET 100

/* The handler of int $0x40: ESI, when not zero, replaces the SS of its
 * frame, and EDI its CS; then iret. So a test changes the iret's
 * selectors without writing to a watched page. */
static const uint8_t HANDLER[] = {
    0x85, 0xf6, 0x74, 0x04, 0x89, 0x74, 0x24, 0x10, /* test %esi; jz; mov %esi,16(%esp) */
    0x85, 0xff, 0x74, 0x04, 0x89, 0x7c, 0x24, 0x04, /* test %edi; jz; mov %edi,4(%esp) */
    0xcf,					    /* iret */
};

static void rig_setup(struct rig *g)
{
	memset(g, 0, sizeof(*g));
	bare_setup(&g->b);
	g->b.c.env.opaque = g;
	g->b.c.env.on_deliver = log_deliver;
	g->b.c.env.on_iret = log_iret;
	for (unsigned v = 0; v < 32; v++)
		bare_gate(&g->b, v, 0x0e, 0, 1);
	bare_code(&g->b, H_IRET, HANDLER, sizeof(HANDLER));
	bare_code(&g->b, H_IRET2, HANDLER, sizeof(HANDLER));
	for (unsigned k = 0; k < 8; k += 4) {
		bare_wr32(&g->b, BARE_GDT + 0x30 + k, bare_rd32(&g->b, BARE_GDT + 0x20 + k));
		bare_wr32(&g->b, BARE_GDT + 0x38 + k, bare_rd32(&g->b, BARE_GDT + 0x18 + k));
	}
	g->b.c.gdtr.limit = 8 * 8 - 1;
	cpu_tables_changed(&g->b.c);

	gate(&g->b, BARE_IDT, SYSVEC, H_IRET, 3);
	/* A second IDT and TSS, alike but for the handler and the stack. */
	for (unsigned k = 0; k < 256 * 8; k += 4)
		bare_wr32(&g->b, IDT2 + k, bare_rd32(&g->b, BARE_IDT + k));
	gate(&g->b, IDT2, SYSVEC, H_IRET2, 3);
	for (unsigned k = 0; k < 104; k += 4)
		bare_wr32(&g->b, TSS2 + k, bare_rd32(&g->b, BARE_TSS + k));
	bare_wr32(&g->b, TSS2 + 4, ESP0_2);
	bare_code(&g->b, BARE_UCODE, USER, sizeof(USER));
}

/* Puts the CPU at the start of the user code with the user stack. */
static void rig_start(struct rig *g)
{
	g->n = g->nr = 0;
	bare_user(&g->b, BARE_UCODE);
	/* FS and GS too, so that no state is left from an earlier run. */
	ck_assert_int_eq(cpu_load_seg_unchecked(&g->b.c, SEG_FS, UDATA), 0);
	ck_assert_int_eq(cpu_load_seg_unchecked(&g->b.c, SEG_GS, UDATA), 0);
	g->b.c.halted = false;
}

static enum stop_reason rig_go(struct rig *g)
{
	return cpu_run(&g->b.c, BUDGET);
}

static enum stop_reason rig_run(struct rig *g)
{
	rig_start(g);
	return rig_go(g);
}

/* The two CPUs hold the same architectural state and memory. */
static void same_state(struct rig *w, struct rig *k, enum stop_reason sw, enum stop_reason sk)
{
	struct cpu *a = &w->b.c, *b = &k->b.c;
	ck_assert_int_eq(sw, sk);
	ck_assert_uint_eq(a->eip, b->eip);
	ck_assert_uint_eq(a->cpl, b->cpl);
	ck_assert_uint_eq(cpu_get_eflags(a), cpu_get_eflags(b));
	for (int r = 0; r < 8; r++)
		ck_assert_uint_eq(a->reg[r], b->reg[r]);
	for (int s = 0; s < SEG_COUNT; s++) {
		ck_assert_uint_eq(a->seg[s].sel, b->seg[s].sel);
		ck_assert_uint_eq(a->seg[s].base, b->seg[s].base);
		ck_assert_uint_eq(a->seg[s].limit, b->seg[s].limit);
		ck_assert_uint_eq(a->seg[s].attr, b->seg[s].attr);
		ck_assert_int_eq(a->seg[s].valid, b->seg[s].valid);
	}
	ck_assert_uint_eq(w->n, k->n);
	ck_assert_uint_eq(w->nr, k->nr);
	for (unsigned j = 0; j < w->n && j < MAXLOG; j++) {
		const struct delivery_info *x = &w->d[j], *y = &k->d[j];
		ck_assert_uint_eq(x->vector, y->vector);
		ck_assert_int_eq(x->has_error, y->has_error);
		ck_assert_uint_eq(x->error, y->error);
		ck_assert_uint_eq(x->gate_type, y->gate_type);
		ck_assert_uint_eq(x->new_cpl, y->new_cpl);
		ck_assert_uint_eq(x->new_cs, y->new_cs);
		ck_assert_uint_eq(x->new_ss, y->new_ss);
		ck_assert_uint_eq(x->new_esp, y->new_esp);
		ck_assert_uint_eq(x->new_eip, y->new_eip);
		ck_assert_uint_eq(x->kind, y->kind);
		ck_assert_uint_eq(x->gate_dpl, y->gate_dpl);
		ck_assert_uint_eq(x->old_cpl, y->old_cpl);
		ck_assert_uint_eq(x->old_eip, y->old_eip);
	}
	for (unsigned j = 0; j < w->nr && j < MAXLOG; j++) {
		const struct iret_info *x = &w->r[j], *y = &k->r[j];
		ck_assert_uint_eq(x->new_cpl, y->new_cpl);
		ck_assert_uint_eq(x->cs, y->cs);
		ck_assert_uint_eq(x->ss, y->ss);
		ck_assert_uint_eq(x->eip, y->eip);
		ck_assert_uint_eq(x->esp, y->esp);
	}
	ck_assert_int_eq(memcmp(w->b.pm.ram, k->b.pm.ram, w->b.pm.size), 0);
}

/* A warm CPU (its memos filled by earlier round trips) and a cold one with
 * the warm one's memory (so accessed bits agree). */
static void warm_and_cold(struct rig *w, struct rig *k)
{
	rig_setup(w);
	ck_assert_int_eq(rig_run(w), STOP_BUDGET);
	ck_assert_int_eq(rig_run(w), STOP_BUDGET);
	ck_assert_uint_eq(w->n, 2);
	ck_assert_uint_eq(w->nr, 2);
	/* Warm: the memos hold for this state. */
	ck_assert_uint_eq(w->b.c.gate_memo.flushes, w->b.c.mmu.flushes);
	ck_assert_uint_eq(w->b.c.gate_memo.writes, w->b.pm.watched_writes);
	ck_assert_uint_eq(w->b.c.return_memo.flushes, w->b.c.mmu.flushes);
	ck_assert_uint_eq(w->b.c.return_memo.writes, w->b.pm.watched_writes);
	rig_setup(k);
	memcpy(k->b.pm.ram, w->b.pm.ram, w->b.pm.size);
}

static void both_wr32(struct rig *w, struct rig *k, uint32_t pa, uint32_t v)
{
	bare_wr32(&w->b, pa, v);
	bare_wr32(&k->b, pa, v);
}

/* Words that the checks of int $0x40 and of its iret read. */
static const uint32_t INPUTS[] = {
    GATE_LO,	       GATE_HI,		/* the gate */
    BARE_GDT + 8,      BARE_GDT + 12,	/* kernel code: the handler's CS */
    BARE_GDT + 16,     BARE_GDT + 20,	/* kernel data: SS0 */
    BARE_GDT + 24,     BARE_GDT + 28,	/* user code: the iret's CS */
    BARE_GDT + 32,     BARE_GDT + 36,	/* user data: the iret's SS */
    BARE_TSS + 4,      BARE_TSS + 8,	/* ESP0, SS0 */
    BARE_IDT + 8 * 13, BARE_GDT + 0x28, /* beside them: another gate, the TSS descriptor */
};

/* A copy of the GDT (accessed bits as they are now, so the load sets
 * none) at `at`, with the present bit of the high word at `hi` cleared. */
static void gdt_copy(struct bare *b, uint32_t at, uint32_t hi)
{
	for (unsigned k = 0; k < 8 * 8; k += 4)
		bare_wr32(b, at + k, bare_rd32(b, BARE_GDT + k));
	bare_wr32(b, at + hi, bare_rd32(b, at + hi) & ~0x8000u);
}

static void flip_register(struct rig *w, struct rig *k, uint32_t r)
{
	struct cpu *a = &w->b.c, *b = &k->b.c;
	switch (r % 7) {
	case 0: /* lidt: the second table */ a->idtr.base = b->idtr.base = IDT2; break;
	case 1: /* a shorter IDT: vector 0x40 beyond its limit */
		a->idtr.limit = b->idtr.limit = (uint16_t)(8 * SYSVEC + (r >> 8) % 16);
		break;
	case 2: /* ltr: the second TSS */
		bare_wr32(&w->b, BARE_GDT + 0x28, (TSS2 << 16) | 103);
		bare_wr32(&k->b, BARE_GDT + 0x28, (TSS2 << 16) | 103);
		ck_assert_int_eq(cpu_load_tr_unchecked(a, 0x28), 0);
		ck_assert_int_eq(cpu_load_tr_unchecked(b, 0x28), 0);
		break;
	case 4: /* TR names the second TSS (as ltr would, but without
		 * its write of the busy bit to the GDT) */
		a->tr.base = b->tr.base = TSS2;
		break;
	case 5: /* lgdt: another table, where SS0 is not present */
		gdt_copy(&w->b, GDT2, 20);
		gdt_copy(&k->b, GDT2, 20);
		a->gdtr.base = b->gdtr.base = GDT2;
		break;
	case 6: /* lgdt: another table, where the user's SS is not present */
		gdt_copy(&w->b, GDT3, 36);
		gdt_copy(&k->b, GDT3, 36);
		a->gdtr.base = b->gdtr.base = GDT3;
		break;
	default: /* a GDT too short for the user selectors */
		a->gdtr.limit = b->gdtr.limit = (uint16_t)(0x17 + 8 * ((r >> 8) % 3));
		break;
	}
	/* As a loader or debugger that writes the registers must say. */
	cpu_tables_changed(a);
	cpu_tables_changed(b);
}

/* Both CPUs start the user code at CPL 0 instead (kernel CS and SS). */
static void at_cpl0(struct rig *w, struct rig *k)
{
	ck_assert_int_eq(cpu_load_seg_unchecked(&w->b.c, SEG_CS, 0x08), 0);
	ck_assert_int_eq(cpu_load_seg_unchecked(&w->b.c, SEG_SS, 0x10), 0);
	ck_assert_int_eq(cpu_load_seg_unchecked(&k->b.c, SEG_CS, 0x08), 0);
	ck_assert_int_eq(cpu_load_seg_unchecked(&k->b.c, SEG_SS, 0x10), 0);
}

/* One random change (or none) of an input, the same in both CPUs; then
 * both run the same user code and must end in the same state. */
START_TEST(warm_equals_cold_after_any_change)
{
	uint32_t seed = 0x7a11 + (uint32_t)_i;
	for (int trial = 0; trial < 40; trial++) {
		struct rig *w = calloc(1, sizeof(*w)), *k = calloc(1, sizeof(*k));
		ck_assert_ptr_nonnull(w);
		ck_assert_ptr_nonnull(k);
		warm_and_cold(w, k);
		rig_start(w);
		rig_start(k);
		uint32_t r = xorshift32(&seed);
		unsigned what = r % 10;
		if (what < 5) { /* flip one bit of an input word */
			uint32_t pa = INPUTS[xorshift32(&seed) % (sizeof(INPUTS) / 4)];
			uint32_t v = bare_rd32(&w->b, pa) ^ (1u << (xorshift32(&seed) % 32));
			both_wr32(w, k, pa, v);
		} else if (what == 5) {
			both_wr32(w, k, BARE_TSS + 4, xorshift32(&seed) & 0xfffffu); /* any ESP0 */
		} else if (what == 6) {
			flip_register(w, k, xorshift32(&seed));
		} else if (what == 7) { /* the iret's SS or CS */
			uint32_t x = xorshift32(&seed);
			static const uint16_t sel[] = {UDATA2, UCODE, UCODE2, UDATA, 0x10};
			w->b.c.reg[(x & 1) ? ESI : EDI] = sel[(x >> 1) % 5];
			k->b.c.reg[(x & 1) ? ESI : EDI] = sel[(x >> 1) % 5];
		} else if (what == 8) {
			at_cpl0(w, k);
		} /* 9: no change: the memos are used */
		enum stop_reason sw = rig_go(w), sk = rig_go(k);
		same_state(w, k, sw, sk);
		bare_teardown(&w->b);
		bare_teardown(&k->b);
		free(w);
		free(k);
	}
}
END_TEST

/* Unchanged inputs: the second round trip takes the memos and ends as the
 * first did (the handler got the same frame, the user the same state). */
START_TEST(memo_round_trip_equals_checked_one)
{
	struct rig *g = calloc(1, sizeof(*g));
	ck_assert_ptr_nonnull(g);
	rig_setup(g);
	ck_assert_int_eq(rig_run(g), STOP_BUDGET);
	ck_assert_int_eq(rig_run(g), STOP_BUDGET); /* the first run set the accessed bits */
	ck_assert_uint_eq(g->b.c.gate_memo.writes, g->b.pm.watched_writes);
	/* The two int $0x40 of a run: the first fills the memo if it was
	 * empty, the second hits it; both deliver alike. */
	ck_assert_uint_eq(g->d[0].new_esp, BARE_ESP0 - 20);
	ck_assert_uint_eq(g->d[1].new_esp, BARE_ESP0 - 20);
	ck_assert_uint_eq(g->d[0].new_eip, H_IRET);
	ck_assert_uint_eq(g->d[1].new_eip, H_IRET);
	ck_assert_uint_eq(g->d[1].new_cs, 0x08);
	ck_assert_uint_eq(g->d[1].new_ss, 0x10);
	ck_assert_uint_eq(g->d[1].vector, SYSVEC);
	ck_assert_uint_eq(g->d[1].kind, EV_SOFTINT);
	ck_assert_uint_eq(g->d[1].old_cpl, 3);
	ck_assert_uint_eq(g->d[1].old_eip, BARE_UCODE + 4); /* after the second int */
	ck_assert_int_eq(g->d[1].has_error, 0);
	ck_assert_uint_eq(g->r[1].cs, UCODE);
	ck_assert_uint_eq(g->r[1].ss, UDATA);
	ck_assert_uint_eq(g->r[1].esp, BARE_USTACK);
	ck_assert_uint_eq(g->r[1].eip, BARE_UCODE + 4);
	ck_assert_uint_eq(g->r[1].new_cpl, 3);
	/* The frame of the second int $0x40: EIP, CS, EFLAGS, ESP, SS. */
	ck_assert_uint_eq(bare_rd32(&g->b, BARE_ESP0 - 20), BARE_UCODE + 4);
	ck_assert_uint_eq(bare_rd32(&g->b, BARE_ESP0 - 16), UCODE);
	ck_assert_uint_eq(bare_rd32(&g->b, BARE_ESP0 - 8), BARE_USTACK);
	ck_assert_uint_eq(bare_rd32(&g->b, BARE_ESP0 - 4), UDATA);
	bare_teardown(&g->b);
	free(g);
}
END_TEST

/* The handler rewrites its own gate (a guest write at CPL 0 to the watched
 * IDT page) before it returns: the next int $0x40 reads the new gate. */
START_TEST(guest_write_to_gate_is_seen)
{
	struct rig *g = calloc(1, sizeof(*g));
	ck_assert_ptr_nonnull(g);
	rig_setup(g);
	/* movl $(DPL 0 gate high word),GATE_HI; iret */
	uint32_t hi = (H_IRET & 0xffff0000u) | 0x8000u | (0x0fu << 8);
	uint8_t h[] = {0xc7,
		       0x05,
		       (uint8_t)GATE_HI,
		       (uint8_t)(GATE_HI >> 8),
		       (uint8_t)(GATE_HI >> 16),
		       0,
		       (uint8_t)hi,
		       (uint8_t)(hi >> 8),
		       (uint8_t)(hi >> 16),
		       (uint8_t)(hi >> 24),
		       0xcf};
	ck_assert_int_eq(rig_run(g), STOP_BUDGET); /* warm, with the plain handler */
	ck_assert_int_eq(rig_run(g), STOP_BUDGET);
	bare_code(&g->b, H_IRET, h, sizeof(h));
	ck_assert_int_eq(rig_run(g), STOP_HALT);
	/* The first int $0x40 passes and makes the gate DPL 0; the second is
	 * then #GP(0x40*8+2) from CPL 3 (SDM §6.12.1.1). */
	ck_assert_uint_eq(g->n, 2);
	ck_assert_uint_eq(g->d[0].vector, SYSVEC);
	ck_assert_uint_eq(g->d[1].vector, EXC_GP);
	ck_assert_uint_eq(g->d[1].error, SYSVEC * 8 + 2);
	bare_teardown(&g->b);
	free(g);
}
END_TEST

/* The handler loads IDTR or GDTR itself (lidt, lgdt at CPL 0) before it
 * returns: the memos compare the registers through tables_gen, which the
 * loads bump, so the next int $0x40 reads the new table. lidt: IDT2,
 * whose gate leads to H_IRET2. lgdt: GDT2, whose SS0 is not present, so
 * the next delivery faults, and so do #SS and #DF: a triple fault. ltr:
 * TSS2 (GDT entry 8), so the next delivery's stack is TSS2's ESP0. The
 * memo learns of an ltr twice over: tables_gen, and the busy bit ltr
 * writes into the descriptor it has just read through the descriptor
 * cache (which watches it); the test fails only without both. */
START_TEST(guest_table_loads_are_seen)
{
	static const uint32_t DTR = 0xcc00u; /* the pseudo-descriptor */
	struct rig *g = calloc(1, sizeof(*g));
	ck_assert_ptr_nonnull(g);
	rig_setup(g);
	bool gdt = _i == 1, tr = _i == 2;
	if (tr) { /* entry 8: TSS2, available (type 9), limit 103 */
		bare_wr32(&g->b, BARE_GDT + 0x40, 103u | (TSS2 & 0xffff) << 16);
		bare_wr32(&g->b, BARE_GDT + 0x44,
			  ((TSS2 >> 16) & 0xff) | 0x8900u | (TSS2 & 0xff000000u));
		g->b.c.gdtr.limit = 9 * 8 - 1;
		cpu_tables_changed(&g->b.c);
	}
	ck_assert_int_eq(rig_run(g), STOP_BUDGET); /* warm, with the plain handler */
	ck_assert_int_eq(rig_run(g), STOP_BUDGET);
	if (gdt)
		gdt_copy(&g->b, GDT2, 20);
	uint32_t base = gdt ? GDT2 : IDT2, limit = gdt ? 8 * 8 - 1 : 256 * 8 - 1;
	bare_wr32(&g->b, DTR, limit | base << 16);
	bare_wr32(&g->b, DTR + 4, base >> 16);
	/* lidt DTR (0f 01 /3) or lgdt DTR (0f 01 /2); iret */
	uint8_t h[] = {0x0f, 0x01, gdt ? 0x15 : 0x1d, (uint8_t)DTR, (uint8_t)(DTR >> 8), 0,
		       0,    0xcf};
	/* str %eax; cmp $0x40,%ax; je 1f; mov $0x40,%ax; ltr %ax; 1: iret
	 * (once: a second ltr of the now busy TSS would fault) */
	static const uint8_t h_ltr[] = {0x0f, 0x00, 0xc8, 0x66, 0x83, 0xf8, 0x40, 0x74, 0x07,
					0x66, 0xb8, 0x40, 0x00, 0x0f, 0x00, 0xd8, 0xcf};
	if (tr)
		bare_code(&g->b, H_IRET, h_ltr, sizeof(h_ltr));
	else
		bare_code(&g->b, H_IRET, h, sizeof(h));
	enum stop_reason r = rig_run(g);
	if (tr) {
		ck_assert_int_eq(r, STOP_BUDGET);
		ck_assert_uint_eq(g->n, 2);
		ck_assert_uint_eq(g->d[0].new_esp, BARE_ESP0 - 20);
		ck_assert_uint_eq(g->d[1].new_esp, ESP0_2 - 20);
		ck_assert_uint_eq(g->b.c.tr.sel, 0x40);
	} else if (gdt) {
		ck_assert_int_eq(r, STOP_SHUTDOWN);
		ck_assert_uint_eq(g->n, 1);
	} else {
		ck_assert_int_eq(r, STOP_BUDGET);
		ck_assert_uint_eq(g->n, 2);
		ck_assert_uint_eq(g->d[0].new_eip, H_IRET);
		ck_assert_uint_eq(g->d[1].new_eip, H_IRET2);
	}
	bare_teardown(&g->b);
	free(g);
}
END_TEST

/* Delivery loads CS and SS, so it sets their descriptors' accessed bits
 * (SDM vol. 3 §3.4.5.1), as the iret does for the user's CS and SS. */
START_TEST(delivery_sets_accessed_bits)
{
	struct rig *g = calloc(1, sizeof(*g));
	ck_assert_ptr_nonnull(g);
	rig_setup(g);
	for (unsigned e = 1; e <= 4; e++) /* the fixture leaves them clear */
		ck_assert_uint_eq(bare_rd32(&g->b, BARE_GDT + 8 * e + 4) & 0x100, 0);
	ck_assert_int_eq(rig_run(g), STOP_BUDGET);
	for (unsigned e = 1; e <= 4; e++)
		ck_assert_uint_eq(bare_rd32(&g->b, BARE_GDT + 8 * e + 4) & 0x100, 0x100);
	bare_teardown(&g->b);
	free(g);
}
END_TEST

Suite *transit_suite(void)
{
	Suite *s = suite_create("transit");
	TCase *t = tcase_create("transit");
	tcase_add_loop_test(t, warm_equals_cold_after_any_change, 0, 8);
	tcase_add_test(t, memo_round_trip_equals_checked_one);
	tcase_add_test(t, guest_write_to_gate_is_seen);
	tcase_add_loop_test(t, guest_table_loads_are_seen, 0, 3);
	tcase_add_test(t, delivery_sets_accessed_bits);
	suite_add_tcase(s, t);
	return s;
}
