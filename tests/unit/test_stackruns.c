/*
 * Runs of pushes and pops run by one handler (cpu/accel/runs.c) against the same
 * code run one instruction at a time (a per-instruction subscriber
 * attached, as in test_blocks.c): from random states (registers, EFLAGS,
 * segment registers, the selectors popped, CPL 0 or 3, CR0.WP), with the
 * stack next to a page boundary whose other page is normal, not present,
 * read-only or supervisor-only, and with every budget that stops inside
 * the code, the stop, EIP, the count, registers, EFLAGS, segment
 * registers, the stack pages, the kernel stack, the GDT and any delivered
 * fault must be the same.
 */
#include "../../cpu/accel/block.h"
#include "../../cpu/accel/runs.h"
#include "unit.h"

#include <string.h>

static struct bare B;
static uint32_t rnd_state = 4242;

static uint32_t rnd(void)
{
	return xorshift32(&rnd_state);
}

#define PD    0x30000u
#define PT    0x31000u
#define CODE  0x10000u
#define LOWV  0x5f000u /* the page below boundary A, of a random kind */
#define BND_A 0x60000u /* program A's pushes cross it downwards */
#define BND_B 0x70000u /* program B's pops cross it upwards */
#define HIGHV 0x70000u /* the page above boundary B, of a random kind */
#define WIN_A 0x400u   /* compared: BND_A - WIN_A .. BND_A + WIN_A */
#define WIN_B 0x400u
#define KWIN  0x100u /* compared: BARE_ESP0 - KWIN .. BARE_ESP0 */
#define GDT_N 10u
#define W16   0x100u /* with a 16-bit stack: 0x10000 - W16 .. 0x10000 + W16, mod 64 KiB */

enum page_kind { PG_NORMAL, PG_ABSENT, PG_READONLY, PG_SUPERVISOR, PG_KINDS };

static void gdt_entry(unsigned idx, unsigned access)
{
	uint32_t lo = 0xffff, hi = (access << 8) | 0xcf0000u;
	/* Written only when different: a write to the GDT's page empties the
	 * descriptor cache, and the runs should find it warm. */
	if (bare_rd32(&B, BARE_GDT + 8 * idx) != lo)
		bare_wr32(&B, BARE_GDT + 8 * idx, lo);
	if (bare_rd32(&B, BARE_GDT + 8 * idx + 4) != hi)
		bare_wr32(&B, BARE_GDT + 8 * idx + 4, hi);
}

static void gdt(void)
{
	gdt_entry(1, 0x9b); /* kernel code */
	gdt_entry(2, 0x93); /* kernel data */
	gdt_entry(3, 0xfb); /* user code, readable */
	gdt_entry(4, 0xf3); /* user data */
	gdt_entry(6, 0x73); /* user data, not present */
	gdt_entry(7, 0xf2); /* user data, accessed bit clear */
	gdt_entry(8, 0x9b); /* kernel code, readable */
	gdt_entry(9, 0xf7); /* user data, expand-down */
}

static void setup(void)
{
	bare_setup(&B);
	gdt();
	B.c.gdtr.limit = GDT_N * 8 - 1;
	cpu_tables_changed(&B.c);
	bare_wr32(&B, PD, PT | PTE_P | PTE_W | PTE_U);
	for (uint32_t k = 0; k < 1024; k++)
		bare_wr32(&B, PT + 4 * k, k << 12 | PTE_P | PTE_W | PTE_U);
	cpu_set_cr(&B.c, 3, PD);
	cpu_set_cr(&B.c, 0, cpu_get_cr(&B.c, 0) | CR0_PG);
	for (unsigned v = 0; v < 32; v++)
		bare_gate(&B, v, 0xe, 0, 1);
}

static void teardown(void)
{
	bare_teardown(&B);
}

/* The trap stub's vector entry and the pushes of alltraps
 * (kernel/trapstub.c): offsets 00-0e of programs A and D. */
/* clang-format off */
#define STUB_ENTRY_PUSHES                                                                          \
	0x6a, 0x00, /* 00 push $0 */                                                               \
	0x6a, 0x40, /* 02 push $0x40 */                                                            \
	0xeb, 0x02, /* 04 jmp 08 (inlined) */                                                      \
	0xcc, 0xcc, /* 06 */                                                                       \
	0x1e,       /* 08 push %ds */                                                              \
	0x06,       /* 09 push %es */                                                              \
	0x0f, 0xa0, /* 0a push %fs */                                                              \
	0x0f, 0xa8, /* 0c push %gs */                                                              \
	0x60        /* 0e pusha */
/* clang-format on */

/*
 * Program A: the trap stub's entry run, a second push run with push %esp,
 * push %cs, push %ss and an inlined call, a pop run ending in an add, a
 * selector planted for pop %fs, trapret's run, and two-register runs.
 */
/* clang-format off */
static const uint8_t prog_a[] = {
    STUB_ENTRY_PUSHES,
    0x90,			  /* 0f nop */
    0x54,			  /* 10 push %esp */
    0x53,			  /* 11 push %ebx */
    0x0e,			  /* 12 push %cs */
    0x16,			  /* 13 push %ss */
    0xe8, 0x02, 0x00, 0x00, 0x00, /* 14 call 1b (inlined) */
    0xcc, 0xcc,			  /* 19 */
    0x68, 0x78, 0x56, 0x34, 0x12, /* 1b push $0x12345678 */
    0x59,			  /* 20 pop %ecx */
    0x5a,			  /* 21 pop %edx */
    0x5b,			  /* 22 pop %ebx */
    0x5e,			  /* 23 pop %esi */
    0x83, 0xc4, 0x08,		  /* 24 add $8,%esp */
    0x89, 0x44, 0x24, 0x24,	  /* 27 mov %eax,0x24(%esp): pop %fs's slot */
    0x61,			  /* 2b popa */
    0x0f, 0xa9,			  /* 2c pop %gs */
    0x0f, 0xa1,			  /* 2e pop %fs */
    0x07,			  /* 30 pop %es */
    0x1f,			  /* 31 pop %ds */
    0x83, 0xc4, 0x08,		  /* 32 add $8,%esp */
    0x55,			  /* 35 push %ebp */
    0x57,			  /* 36 push %edi */
    0x5f,			  /* 37 pop %edi */
    0x5d,			  /* 38 pop %ebp */
    0xf4,			  /* 39 hlt */
};
/* clang-format on */

/* Program C: the trap stub's way back, from CPL 0 mostly: trapret's run,
 * then the iret that ends the block (runs.c run_trapret_iret), to user
 * code that ends in a fault (hlt at CPL 3). */
#define C_USER 0x20u /* the user code's offset */
static const uint8_t prog_c[] = {
    0x61,	      /* 00 popa */
    0x0f, 0xa9,	      /* 01 pop %gs */
    0x0f, 0xa1,	      /* 03 pop %fs */
    0x07,	      /* 05 pop %es */
    0x1f,	      /* 06 pop %ds */
    0x83, 0xc4, 0x08, /* 07 add $8,%esp */
    0xcf,	      /* 0a iret */
    0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc,
    0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0x50, /* 20 push %eax */
    0x5b,							/* 21 pop %ebx */
    0x40,							/* 22 inc %eax */
    0xf4,							/* 23 hlt: #GP at CPL 3 */
};

/* Program C in another order, DS twice and no GS: not the stub's, so
 * trapret and the iret each by their own handler. */
static const uint8_t prog_c2[] = {
    0x61,	      /* 00 popa */
    0x1f,	      /* 01 pop %ds */
    0x1f,	      /* 02 pop %ds */
    0x07,	      /* 03 pop %es */
    0x0f, 0xa1,	      /* 04 pop %fs */
    0x83, 0xc4, 0x08, /* 06 add $8,%esp */
    0xcf,	      /* 09 iret */
    0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc,
    0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0x50, /* 20 push %eax */
    0x5b,							      /* 21 pop %ebx */
    0x40,							      /* 22 inc %eax */
    0xf4,							      /* 23 hlt: #GP at CPL 3 */
};

/* Program D: the trap stub's way in, vectorN and alltraps up to the out
 * (runs.c run_stub_entry_out), then hlt. The selector (bytes 0x11-0x12)
 * is chosen per state. Its variants (prog_d_variant()): D_ERR, the entry
 * of a vector with an error code; D_ES_LOAD_FIRST, which loads ES first
 * and is the same; and two that are not the stub's, whose instructions
 * run by their own handlers: D_ES_FIRST pushes ES before DS, D_FS loads
 * FS, not ES. */
#define D_SEL 0x11u /* the mov's immediate */
/* clang-format off */
static const uint8_t prog_d[] = {
    STUB_ENTRY_PUSHES,
    0x66, 0xb8, 0x10, 0x00, /* 0f mov $sel,%ax */
    0x8e, 0xd8,		    /* 13 mov %ax,%ds */
    0x8e, 0xc0,		    /* 15 mov %ax,%es */
    0xe6, 0xe0,		    /* 17 out %al,$0xe0 */
    0xf4,		    /* 19 hlt */
};
/* clang-format on */
enum { D_STUB, D_ERR, D_ES_LOAD_FIRST, D_ES_FIRST, D_FS, D_VARIANTS };

static void prog_d_variant(uint8_t *out, unsigned v)
{
	static const uint8_t err_head[8] = {0x6a, 0x0e, 0xeb, 0x04, 0xcc, 0xcc, 0xcc, 0xcc};
	memcpy(out, prog_d, sizeof(prog_d));
	switch (v) {
	case D_ERR: memcpy(out, err_head, sizeof(err_head)); break; /* push $14; jmp 08 */
	case D_ES_LOAD_FIRST: out[0x14] = 0xc0, out[0x16] = 0xd8; break;
	case D_ES_FIRST: out[0x08] = 0x06, out[0x09] = 0x1e; break;
	case D_FS: out[0x16] = 0xe0; break; /* mov %ax,%fs */
	default: break;
	}
}

/* Program B: pops from random memory next to a page boundary. */
static const uint8_t prog_b[] = {
    0x61,	      /* popa */
    0x0f, 0xa9,	      /* pop %gs */
    0x0f, 0xa1,	      /* pop %fs */
    0x07,	      /* pop %es */
    0x1f,	      /* pop %ds */
    0x83, 0xc4, 0x08, /* add $8,%esp */
    0x5b,	      /* pop %ebx */
    0x5e,	      /* pop %esi */
    0x1f,	      /* pop %ds */
    0x5f,	      /* pop %edi */
    0xf4,	      /* hlt */
};

static const uint16_t sels[] = {0x10, 0x13, 0x23, 0x20, 0x1b, 0x43, 0x00, 0x03,	 0x50,
				0x28, 0x33, 0x3b, 0x4b, 0x0f, 0x08, 0x18, 0xfff8};

struct state {
	const uint8_t *code;
	size_t len;
	uint8_t patched[sizeof(prog_d)]; /* program D with its selector */
	unsigned cpl, low_kind, high_kind;
	bool wp, stack16;
	uint32_t reg[8], eflags;
	uint16_t sreg[4]; /* ES, DS, FS, GS */
	uint8_t win_a[2 * WIN_A], win_b[2 * WIN_B], kwin[KWIN], w16[2 * W16];
};

struct outcome {
	enum stop_reason why;
	uint32_t reg[8], eip, eflags, cr2;
	uint64_t icount;
	struct seg seg[SEG_COUNT];
	unsigned ndeliver, vector;
	uint32_t err, old_eip;
	uint8_t win_a[2 * WIN_A], win_b[2 * WIN_B], kwin[KWIN], w16[2 * W16];
	uint32_t gdt[2 * GDT_N];
};

static uint32_t pte_of(enum page_kind k, uint32_t page)
{
	switch (k) {
	case PG_ABSENT: return 0;
	case PG_READONLY: return page | PTE_P | PTE_U;
	case PG_SUPERVISOR: return page | PTE_P | PTE_W;
	default: return page | PTE_P | PTE_W | PTE_U;
	}
}

static uint16_t data_sel(unsigned cpl)
{
	static const uint16_t k[] = {0x10, 0x23, 0x00, 0x13};
	static const uint16_t u[] = {0x23, 0x00, 0x20, 0x3b};
	return cpl ? u[rnd() % 4] : k[rnd() % 4];
}

enum { PROG_A, PROG_B, PROG_C, PROG_D };

/* An iret frame at window B offset `at`: mostly one to the user code
 * (prog_c), sometimes with another selector, EIP or EFLAGS.NT/TF. */
static void iret_frame(struct state *s, uint32_t at)
{
	const unsigned nsels = sizeof(sels) / sizeof(sels[0]);
	uint32_t f[5];
	f[0] = CODE + C_USER + (rnd() % 8 ? 0 : rnd() % 4);
	f[1] = (rnd() & 0xffff0000u) | (rnd() % 8 ? 0x1b : sels[rnd() % nsels]);
	f[2] =
	    FL_1 | FL_IF | (rnd() & FL_ARITH) | (rnd() % 8 ? 0 : FL_TF) | (rnd() % 8 ? 0 : FL_NT);
	f[3] = 0x50000u - 4 * (rnd() % 8);
	f[4] = (rnd() & 0xffff0000u) | (rnd() % 8 ? 0x23 : sels[rnd() % nsels]);
	memcpy(s->win_b + at, f, sizeof(f));
}

static void random_state(struct state *s, int prog)
{
	bool prog_b_too = prog == PROG_B || prog == PROG_C;
	s->code = prog == PROG_C ? prog_c : prog_b_too ? prog_b : prog_a;
	s->len = prog == PROG_C ? sizeof(prog_c) : prog_b_too ? sizeof(prog_b) : sizeof(prog_a);
	s->cpl = (rnd() & 1) ? 3 : 0;
	s->low_kind = rnd() % PG_KINDS;
	s->high_kind = rnd() % PG_KINDS;
	s->wp = rnd() & 1;
	/* A 16-bit stack (SS.B clear): no run is done at once. SP wraps in
	 * the 64 KiB below CODE. */
	s->stack16 = prog != PROG_C && rnd() % 8 == 0; /* not the trap stub's: 32-bit */
	for (int r = 0; r < 8; r++)
		s->reg[r] = rnd();
	s->eflags = FL_1 | (rnd() & FL_ARITH);
	for (int r = 0; r < 4; r++)
		s->sreg[r] = data_sel(s->cpl);
	/* The selector planted for pop %fs: the one pushed, or one of the list. */
	uint16_t sel = (rnd() & 1) ? s->sreg[2] : sels[rnd() % (sizeof(sels) / sizeof(sels[0]))];
	s->reg[EAX] = (s->reg[EAX] & 0xffff0000u) | sel;
	/* ESP next to the boundary, sometimes not dword-aligned. */
	uint32_t delta = (rnd() % 40) * 4 + ((rnd() % 8) == 0 ? rnd() % 4 : 0);
	s->reg[ESP] = prog_b_too ? BND_B - delta : BND_A - 16 + delta;
	for (unsigned k = 0; k < sizeof(s->win_a); k++)
		s->win_a[k] = (uint8_t)rnd();
	for (unsigned k = 0; k < sizeof(s->win_b); k += 4) {
		uint32_t v = rnd();
		if (rnd() % 8 == 0)
			v = (v & 0xffff0000u) | sels[rnd() % (sizeof(sels) / sizeof(sels[0]))];
		else
			v = (v & 0xffff0000u) | s->sreg[rnd() % 4];
		memcpy(s->win_b + k, &v, 4);
	}
	for (unsigned k = 0; k < sizeof(s->kwin); k++)
		s->kwin[k] = (uint8_t)rnd();
	for (unsigned k = 0; k < sizeof(s->w16); k++)
		s->w16[k] = (uint8_t)rnd();
	if (s->stack16)
		s->reg[ESP] = (rnd() % 4) << 16 | ((W16 / 2 + rnd() % W16) & 0xfffc);
	else if (prog_b_too && rnd() % 3 == 0) {
		/* A trap frame: one selector in trapret's four slots, popped
		 * with one check (runs.c run_trapret). */
		uint16_t one =
		    rnd() % 4 ? data_sel(s->cpl) : sels[rnd() % (sizeof(sels) / sizeof(sels[0]))];
		uint32_t at = s->reg[ESP] - (BND_B - WIN_B) + 32;
		for (unsigned k = 0; k < 4; k++) {
			uint32_t v = (rnd() & 0xffff0000u) | one;
			memcpy(s->win_b + at + 4 * k, &v, 4);
		}
	}
	if (prog == PROG_C) {
		if (rnd() % 3 == 0) {
			s->code = prog_c2;
			s->len = sizeof(prog_c2);
		}
		/* From CPL 0 mostly, sometimes with NT set (the iret's #TS). */
		if (rnd() % 4)
			s->cpl = 0;
		if (rnd() % 6 == 0)
			s->eflags |= FL_NT;
		for (int r = 0; r < 4; r++)
			s->sreg[r] = data_sel(s->cpl);
		uint32_t at = s->reg[ESP] - (BND_B - WIN_B);
		if (rnd() % 2) {
			/* A trap frame from user mode: the user's data
			 * selector in the four slots, mostly. */
			uint16_t one = rnd() % 4 ? 0x23 : data_sel(s->cpl);
			for (unsigned k = 0; k < 4; k++) {
				uint32_t v = (rnd() & 0xffff0000u) | one;
				memcpy(s->win_b + at + 32 + 4 * k, &v, 4);
			}
		}
		iret_frame(s, at + 56);
	}
	if (prog == PROG_D) {
		unsigned v = rnd() % (D_VARIANTS + 1);
		prog_d_variant(s->patched, v < D_VARIANTS ? v : D_STUB);
		s->code = s->patched;
		s->len = sizeof(prog_d);
		/* From CPL 0 mostly, to the kernel's data mostly; IOPL 3
		 * sometimes, so that the out passes at CPL 3. */
		if (rnd() % 4)
			s->cpl = 0;
		for (int r = 0; r < 4; r++)
			s->sreg[r] = rnd() % 2 ? 0x23 : data_sel(s->cpl);
		uint16_t sel = rnd() % 4 ? (s->cpl ? 0x23 : 0x10)
					 : sels[rnd() % (sizeof(sels) / sizeof(sels[0]))];
		s->patched[D_SEL] = (uint8_t)sel;
		s->patched[D_SEL + 1] = (uint8_t)(sel >> 8);
		if (rnd() % 4 == 0)
			s->eflags |= FL_IOPL;
	}
}

static void put(uint32_t pa, const uint8_t *src, uint32_t n)
{
	memcpy(phys_ptr(&B.pm, pa, n), src, n);
	phys_note_write(&B.pm, pa);
	phys_note_write(&B.pm, pa + n - 1);
}

static void get(uint32_t pa, uint8_t *dst, uint32_t n)
{
	memcpy(dst, phys_ptr(&B.pm, pa, n), n);
}

static void load_state(const struct state *s)
{
	struct cpu *c = &B.c;
	gdt(); /* the accessed bit of entry 7 clear again */
	uint32_t lo = pte_of(s->low_kind, LOWV), hi = pte_of(s->high_kind, HIGHV);
	uint32_t cr0 = (cpu_get_cr(c, 0) & ~CR0_WP) | (s->wp ? CR0_WP : 0);
	if (bare_rd32(&B, PT + 4 * (LOWV >> 12)) != lo ||
	    bare_rd32(&B, PT + 4 * (HIGHV >> 12)) != hi || cr0 != cpu_get_cr(c, 0)) {
		bare_wr32(&B, PT + 4 * (LOWV >> 12), lo);
		bare_wr32(&B, PT + 4 * (HIGHV >> 12), hi);
		cpu_set_cr(c, 0, cr0);
		cpu_set_cr(c, 3, PD); /* flushes the TLB */
	}
	ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_CS, s->cpl ? 0x1b : 0x08), 0);
	ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_SS, s->cpl ? 0x23 : 0x10), 0);
	static const int sr[4] = {SEG_ES, SEG_DS, SEG_FS, SEG_GS};
	for (int r = 0; r < 4; r++) {
		struct seg *g = &c->seg[sr[r]];
		if ((s->sreg[r] & 0xfffc) == 0) {
			/* What a load of a null selector leaves (segment.c). */
			memset(g, 0, sizeof(*g));
			g->sel = s->sreg[r];
			g->slow = true;
			seg_sync_fbase(g);
		} else {
			ck_assert_int_eq(cpu_load_seg_unchecked(c, sr[r], s->sreg[r]), 0);
		}
	}
	if (s->stack16)
		c->seg[SEG_SS].attr &= ~DESC_DB;
	memcpy(c->reg, s->reg, sizeof(s->reg)); /* not reg[REG_ZERO] */
	cpu_set_eflags_raw(c, s->eflags);
	put(BND_A - WIN_A, s->win_a, sizeof(s->win_a));
	put(BND_B - WIN_B, s->win_b, sizeof(s->win_b));
	put(BARE_ESP0 - KWIN, s->kwin, sizeof(s->kwin));
	put(0x10000 - W16, s->w16, W16);
	put(0, s->w16 + W16, W16);
	c->eip = CODE;
	c->icount = 0;
	c->halted = false;
	B.ndeliver = 0;
	memset(&B.last, 0, sizeof(B.last));
	c->cr2 = 0;
}

static void no_op_hook(struct cpu *c, void *opaque, const struct insn *i)
{
	(void)c, (void)opaque, (void)i;
}

/* Runs the state's program for `budget` instructions, after a first run
 * that warms the block cache, the TLB and the descriptor cache: one
 * instruction at a time (stepped) or in blocks. */
static void run(const struct state *s, uint64_t budget, bool stepped, struct outcome *o)
{
	struct cpu *c = &B.c;
	if (memcmp(phys_ptr(&B.pm, CODE, (uint32_t)s->len), s->code, s->len) != 0)
		bare_code(&B, CODE, s->code, s->len);
	for (int pass = 0; pass < 2; pass++) {
		load_state(s);
		/* The warm run without NT: its iret leaves the return memo
		 * warm for the run with NT, which the iret then refuses. */
		if (!pass)
			cpu_set_eflags_raw(c, s->eflags & ~FL_NT);
		c->hooks = stepped && pass ? CPU_HOOK_INSN : 0;
		c->env.on_insn = stepped && pass ? no_op_hook : NULL;
		o->why = cpu_run(c, pass ? budget : 1000);
	}
	c->hooks = 0;
	c->env.on_insn = NULL;
	memcpy(o->reg, c->reg, sizeof(o->reg));
	o->eip = c->eip;
	o->eflags = cpu_get_eflags(c);
	o->cr2 = c->cr2;
	o->icount = c->icount;
	memcpy(o->seg, c->seg, sizeof(o->seg));
	o->ndeliver = B.ndeliver;
	o->vector = B.last.vector;
	o->err = B.last.error;
	o->old_eip = B.last.old_eip;
	get(BND_A - WIN_A, o->win_a, sizeof(o->win_a));
	get(BND_B - WIN_B, o->win_b, sizeof(o->win_b));
	get(BARE_ESP0 - KWIN, o->kwin, sizeof(o->kwin));
	get(0x10000 - W16, o->w16, W16);
	get(0, o->w16 + W16, W16);
	for (unsigned k = 0; k < 2 * GDT_N; k++)
		o->gdt[k] = bare_rd32(&B, BARE_GDT + 4 * k);
}

static void same(const struct outcome *a, const struct outcome *b, int trial, uint64_t n)
{
#define SAME(cond, what)                                                                           \
	ck_assert_msg(cond, "trial %d budget %llu: %s differs", trial, (unsigned long long)n, what)
	SAME(a->why == b->why, "stop");
	SAME(a->eip == b->eip, "EIP");
	SAME(a->icount == b->icount, "count");
	for (int r = 0; r < 8; r++)
		ck_assert_msg(a->reg[r] == b->reg[r], "trial %d budget %llu: reg %d %08x/%08x",
			      trial, (unsigned long long)n, r, a->reg[r], b->reg[r]);
	SAME(a->eflags == b->eflags, "EFLAGS");
	for (int r = 0; r < SEG_COUNT; r++) {
		const struct seg *x = &a->seg[r], *y = &b->seg[r];
		ck_assert_msg(x->sel == y->sel && x->valid == y->valid,
			      "trial %d budget %llu: seg %d %04x/%04x", trial,
			      (unsigned long long)n, r, x->sel, y->sel);
		if (x->valid)
			SAME(x->base == y->base && x->limit == y->limit && x->attr == y->attr &&
				 x->slow == y->slow,
			     "hidden segment");
	}
	SAME(a->ndeliver == b->ndeliver, "deliveries");
	SAME(a->vector == b->vector && a->err == b->err && a->old_eip == b->old_eip, "fault");
	SAME(a->cr2 == b->cr2, "CR2");
	SAME(memcmp(a->win_a, b->win_a, sizeof(a->win_a)) == 0, "stack A");
	SAME(memcmp(a->win_b, b->win_b, sizeof(a->win_b)) == 0, "stack B");
	SAME(memcmp(a->kwin, b->kwin, sizeof(a->kwin)) == 0, "kernel stack");
	SAME(memcmp(a->w16, b->w16, sizeof(a->w16)) == 0, "16-bit stack");
	SAME(memcmp(a->gdt, b->gdt, sizeof(a->gdt)) == 0, "GDT");
#undef SAME
}

static void compare_program(int prog, int trials)
{
	static struct state s;
	static struct outcome a, b;
	unsigned faults = 0, clean = 0;
	for (int trial = 0; trial < trials; trial++) {
		random_state(&s, prog);
		run(&s, 1000, false, &a);
		run(&s, 1000, true, &b);
		same(&a, &b, trial, 1000);
		/* Faulted before the final hlt, or reached it. */
		bool to_end = a.ndeliver == 0 || a.old_eip == CODE + s.len - 1;
		faults += !to_end;
		clean += to_end;
		uint64_t full = a.icount;
		for (uint64_t n = 1; n <= full; n++) {
			run(&s, n, false, &a);
			run(&s, n, true, &b);
			same(&a, &b, trial, n);
		}
	}
	/* The states must reach the faults and the end. */
	ck_assert_uint_gt(faults, (unsigned)trials / 8);
	ck_assert_uint_gt(clean, (unsigned)trials / 8);
}

START_TEST(push_and_pop_runs_match_single_steps)
{
	compare_program(PROG_A, 150);
}
END_TEST

START_TEST(pop_runs_from_random_stacks_match_single_steps)
{
	compare_program(PROG_B, 150);
}
END_TEST

START_TEST(trap_returns_match_single_steps)
{
	compare_program(PROG_C, 400);
}
END_TEST

/* pop %ds; pop %es as a run whose head loads a descriptor with its
 * accessed bit clear: the load writes the GDT, watched, which ends the
 * run (mem.c) inside the head's generic handler (runs.c run_head_alone);
 * at every budget the run stops where single steps do. */
/* The trap stub's entry: its pushes, the two loads of the kernel's data
 * selector and the out in one handler, or each by its own. */
START_TEST(trap_entries_match_single_steps)
{
	compare_program(PROG_D, 360);
}
END_TEST

START_TEST(descriptor_write_in_a_run_head_ends_the_run)
{
	static const uint8_t prog[] = {0x6a, 0x38, 0x6a, 0x38, 0x1f, 0x07, 0xf4};
	static const uint32_t eip_after[] = {0, 2, 4, 5, 6, 7};
	struct cpu *c = &B.c;
	bare_code(&B, CODE, prog, sizeof(prog));
	for (uint64_t n = 0; n <= 5; n++) {
		gdt_entry(7, 0xf2);
		ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_DS, 0x10), 0);
		ck_assert_int_eq(cpu_load_seg_unchecked(c, SEG_ES, 0x10), 0);
		c->eip = CODE;
		c->reg[ESP] = BND_A + 0x100;
		c->icount = 0;
		c->halted = false;
		/* n == 0: a first whole run, which decodes the block. */
		cpu_run(c, n ? n : 1000);
		if (!n)
			continue;
		ck_assert_uint_eq(c->icount, n);
		ck_assert_uint_eq(c->eip, CODE + eip_after[n]);
		ck_assert_uint_eq(c->seg[SEG_DS].sel, n >= 3 ? 0x38 : 0x10);
		ck_assert_uint_eq(c->seg[SEG_ES].sel, n >= 4 ? 0x38 : 0x10);
		ck_assert_uint_eq(c->reg[ESP], BND_A + 0x100 -
						   (n == 1   ? 4
						    : n == 2 ? 8
						    : n == 3 ? 4
							     : 0));
	}
}
END_TEST

/* The handler each run gets, from the cached block. */
static const char *head_name(uint32_t pa, unsigned k, unsigned *len)
{
	const struct block *b = &B.c.blocks[block_slot(pa)];
	ck_assert_uint_eq(b->paddr, pa);
	*len = b->run_n[k];
	return runs_handler_name(b->insn[k].fn);
}

static void expect_run(unsigned k, const char *name, unsigned len)
{
	unsigned n;
	const char *got = head_name(CODE, k, &n);
	ck_assert_msg(got && strcmp(got, name) == 0, "insn %u: %s, not %s", k, got ? got : "none",
		      name);
	ck_assert_uint_eq(n, len);
}

START_TEST(runs_are_found)
{
	static struct state s;
	random_state(&s, PROG_A);
	s.cpl = 0;
	s.low_kind = PG_NORMAL;
	s.reg[ESP] = BND_A + 0x100;
	s.stack16 = false;
	s.reg[EAX] = (s.reg[EAX] & 0xffff0000u) | 0x10;
	const uint16_t sregs[4] = {0x10, 0x23, 0x13, 0x20};
	memcpy(s.sreg, sregs, sizeof(sregs));
	static struct outcome o;
	/* The stub's entry run alone: the frame it leaves (the error code,
	 * the vector, DS, ES, FS, GS, the pusha image with the ESP before
	 * pusha). */
	run(&s, 8, false, &o);
	ck_assert_int_eq(o.why, STOP_BUDGET);
	expect_run(0, "stub_entry", 8); /* push $0 ... pusha */
	uint32_t top = s.reg[ESP];
	ck_assert_uint_eq(o.reg[ESP], top - 56);
	ck_assert_uint_eq(bare_rd32(&B, top - 4), 0);
	ck_assert_uint_eq(bare_rd32(&B, top - 8), 0x40);
	ck_assert_uint_eq(bare_rd32(&B, top - 12), 0x23);
	ck_assert_uint_eq(bare_rd32(&B, top - 16), 0x10);
	ck_assert_uint_eq(bare_rd32(&B, top - 20), 0x13);
	ck_assert_uint_eq(bare_rd32(&B, top - 24), 0x20);
	ck_assert_uint_eq(bare_rd32(&B, top - 28), s.reg[EAX]);
	ck_assert_uint_eq(bare_rd32(&B, top - 40), s.reg[EBX]);
	ck_assert_uint_eq(bare_rd32(&B, top - 44), top - 24);
	ck_assert_uint_eq(bare_rd32(&B, top - 56), s.reg[EDI]);
	/* Up to the first pop run: ECX the immediate, EDX the call's return
	 * address, EBX the SS selector, ESI CS's; the add dropped two. */
	run(&s, 20, false, &o);
	expect_run(15, "pop", 5); /* pop %ecx ... add */
	ck_assert_uint_eq(o.reg[ECX], 0x12345678u);
	ck_assert_uint_eq(o.reg[EDX], CODE + 0x19);
	ck_assert_uint_eq(o.reg[EBX], 0x10);
	ck_assert_uint_eq(o.reg[ESI], 0x08);
	ck_assert_uint_eq(o.reg[ESP], top - 56);
	/* The whole program. */
	run(&s, 1000, false, &o);
	ck_assert_int_eq(o.why, STOP_HALT);
	ck_assert_msg(o.ndeliver == 0, "vector %u at %x", o.vector, o.old_eip);
	ck_assert_uint_eq(o.icount, 32);
	expect_run(9, "push", 6);     /* push %esp ... push $imm */
	expect_run(15, "pop", 5);     /* pop %ecx ... add */
	expect_run(21, "trapret", 6); /* popa ... add */
	expect_run(27, "push2", 2);   /* push %ebp, push %edi */
	expect_run(29, "pop2", 2);    /* pop %edi, pop %ebp */
	unsigned n;
	ck_assert_ptr_null(head_name(CODE, 8, &n)); /* the nop */
	/* push %esp pushed the ESP before it. */
	ck_assert_uint_eq(bare_rd32(&B, top - 60), top - 56);
	/* popa gave back the registers, the pops the selectors (FS the one
	 * planted from EAX); ESP as it was, and the flags of the last add. */
	for (int r = 0; r < 8; r++)
		ck_assert_uint_eq(o.reg[r], s.reg[r]);
	ck_assert_uint_eq(o.seg[SEG_ES].sel, 0x10);
	ck_assert_uint_eq(o.seg[SEG_DS].sel, 0x23);
	ck_assert_uint_eq(o.seg[SEG_FS].sel, 0x10);
	ck_assert_uint_eq(o.seg[SEG_GS].sel, 0x20);
	/* top - 8 + 8: no carry, not zero, positive, no overflow. */
	ck_assert_uint_eq(o.eflags & (FL_ZF | FL_SF | FL_CF | FL_OF), 0);
}
END_TEST

/* Program D's variants get the entry's handler (or not), and leave the
 * frame, the loaded selector and the rest of the state single steps do. */
START_TEST(entry_runs_are_found)
{
	static const struct {
		const char *name;
		unsigned len, insns;
	} v[D_VARIANTS] = {
	    [D_STUB] = {"stub_entry_out", 8, 13},
	    [D_ERR] = {"stub_entry_err_out", 7, 12},
	    [D_ES_LOAD_FIRST] = {"stub_entry_out", 8, 13},
	    [D_ES_FIRST] = {"stub_entry", 8, 13},
	    [D_FS] = {"stub_entry", 8, 13},
	};
	static struct state s;
	static struct outcome a, b;
	for (unsigned k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
		random_state(&s, PROG_D);
		prog_d_variant(s.patched, k);
		s.cpl = 0;
		s.low_kind = PG_NORMAL;
		s.stack16 = false;
		s.reg[ESP] = BND_A + 0x100;
		run(&s, 1000, false, &a);
		expect_run(0, v[k].name, v[k].len);
		ck_assert_int_eq(a.why, STOP_HALT);
		ck_assert_msg(a.ndeliver == 0, "vector %u at %x", a.vector, a.old_eip);
		ck_assert_uint_eq(a.icount, v[k].insns);
		ck_assert_uint_eq(a.seg[SEG_DS].sel, 0x10);
		ck_assert_uint_eq(a.seg[k == D_FS ? SEG_FS : SEG_ES].sel, 0x10);
		ck_assert_uint_eq(a.reg[EAX], (s.reg[EAX] & 0xffff0000u) | 0x10);
		ck_assert_uint_eq(a.reg[ESP], BND_A + 0x100 - 4 * (v[k].len - 1) - 28);
		run(&s, 1000, true, &b);
		same(&a, &b, (int)k, 1000);
	}
}
END_TEST

Suite *stackruns_suite(void)
{
	Suite *s = suite_create("stackruns");
	TCase *tc = tcase_create("stackruns");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, runs_are_found);
	tcase_add_test(tc, entry_runs_are_found);
	tcase_add_test(tc, descriptor_write_in_a_run_head_ends_the_run);
	tcase_add_test(tc, push_and_pop_runs_match_single_steps);
	tcase_add_test(tc, pop_runs_from_random_stacks_match_single_steps);
	tcase_add_test(tc, trap_returns_match_single_steps);
	tcase_add_test(tc, trap_entries_match_single_steps);
	suite_add_tcase(s, tc);
	return s;
}
