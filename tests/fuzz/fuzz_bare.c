/*
 * Fuzz target: random code on a bare CPU with no kernel (the
 * tests/unit/bare.c fixture rebuilt without Check), at CPL 0 or CPL 3.
 * At CPL 0 the code may load descriptor tables, turn on paging with a
 * garbage CR3, do port I/O, halt or triple-fault: every outcome is
 * allowed except a host crash, a sanitizer report or a hang past the
 * budget, and each input runs twice, in blocks and one instruction at a
 * time, which must end the same (registers, count, memory).
 */
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>

#define B_GDT	  0x1000u
#define B_IDT	  0x2000u
#define B_TSS	  0x3000u
#define B_HANDLER 0x5000u
#define B_ESP0	  0x9000u
#define B_CODE	  0x10000u
#define B_STACK	  0x20000u
#define B_MEM	  (1u << 20)

static void desc(struct phys_mem *pm, unsigned idx, uint32_t base, uint32_t limit, unsigned access,
		 unsigned flags)
{
	uint32_t lo = (limit & 0xffff) | (base << 16);
	uint32_t hi = ((base >> 16) & 0xff) | (access << 8) | (limit & 0xf0000u) | (flags << 20) |
		      (base & 0xff000000u);
	phys_write32(pm, B_GDT + 8 * idx, lo);
	phys_write32(pm, B_GDT + 8 * idx + 4, hi);
}

/* GDT: null, kcode 0x08, kdata 0x10, ucode 0x1b, udata 0x23, TSS 0x28;
 * IDT gates to a `hlt`, as trap or interrupt gates, DPL 0 or 3, chosen by
 * the `gates` byte so some vectors are absent (#GP, #DF, shutdown). */
static void setup(struct phys_mem *pm, struct cpu *c, uint8_t gates)
{
	desc(pm, 1, 0, 0xfffff, 0x9a, 0xc);
	desc(pm, 2, 0, 0xfffff, 0x92, 0xc);
	desc(pm, 3, 0, 0xfffff, 0xfa, 0xc);
	desc(pm, 4, 0, 0xfffff, 0xf2, 0xc);
	desc(pm, 5, B_TSS, 103, 0x89, 0);
	phys_write32(pm, B_TSS + 4, B_ESP0);
	phys_write32(pm, B_TSS + 8, 0x10);
	phys_write32(pm, B_TSS + 100, 104u << 16);
	for (unsigned v = 0; v < 256; v++) {
		unsigned present = (gates & 1) || (v % 7) != (gates >> 5);
		unsigned type = (gates & 2) ? 0xf : 0xe;
		unsigned dpl = (gates & 4) && v >= 32 ? 3 : 0;
		phys_write32(pm, B_IDT + 8 * v, (B_HANDLER & 0xffff) | (0x08u << 16));
		phys_write32(pm, B_IDT + 8 * v + 4,
			     (B_HANDLER & 0xffff0000u) | (present ? 0x8000u : 0) | (dpl << 13) |
				 (type << 8));
	}
	uint8_t hlt = 0xf4;
	memcpy(phys_ptr(pm, B_HANDLER, 1), &hlt, 1);
	phys_note_write(pm, B_HANDLER);
	c->gdtr.base = B_GDT;
	c->gdtr.limit = 6 * 8 - 1;
	c->idtr.base = B_IDT;
	c->idtr.limit = 256 * 8 - 1;
	cpu_tables_changed(c);
	if (cpu_load_tr_unchecked(c, 0x28) < 0)
		fz_fail("bare setup", "cannot load TR");
}

/* What a run ends with, compared between block runs and single steps. */
struct outcome {
	enum stop_reason why;
	uint32_t reg[8], eip, eflags, cr0, cr3;
	uint16_t sel[SEG_COUNT];
	unsigned cpl;
	uint64_t icount;
};

static void no_op_hook(struct cpu *c, void *opaque, const struct insn *i)
{
	(void)c, (void)opaque, (void)i;
}

/* One run of the input from the same start; `stepped`: one instruction
 * at a time (a subscriber attached, as a tracer or debugger runs it).
 * Leaves the machine's memory in *pm (phys_free() it). */
static void run_input(const uint8_t *data, size_t size, uint8_t mode, uint8_t gates, bool stepped,
		      struct phys_mem *pm, struct outcome *o)
{
	struct cpu *c = calloc(1, sizeof(*c));
	if (!c || phys_init(pm, B_MEM) < 0 || cpu_init(c, pm) < 0)
		fz_fail("bare setup", "out of memory");
	setup(pm, c, gates);
	memcpy(phys_ptr(pm, B_CODE, (uint32_t)size), data, size);
	/* Then `hlt`s, not zeros: `00 00` is a valid add that would burn the
	 * whole budget on every input. */
	memset(phys_ptr(pm, B_CODE + (uint32_t)size, 64), 0xf4, 64);
	for (uint32_t a = 0; a < size; a += 4096)
		phys_note_write(pm, B_CODE + a);
	c->eip = B_CODE;
	c->reg[ESP] = B_STACK;
	if (mode & 1) {
		cpu_load_seg_unchecked(c, SEG_CS, 0x1b);
		cpu_load_seg_unchecked(c, SEG_SS, 0x23);
		cpu_load_seg_unchecked(c, SEG_DS, 0x23);
		cpu_load_seg_unchecked(c, SEG_ES, 0x23);
	}
	cpu_set_eflags_raw(c, FL_1 | ((mode & 2) ? FL_IF : 0) | ((mode & 4) ? FL_IOPL : 0));
	cpu_set_timer(c, (mode & 8) ? 1 + (mode >> 4) : 0);
	if (stepped) {
		c->hooks = CPU_HOOK_INSN;
		c->env.on_insn = no_op_hook;
	}
	o->why = cpu_run(c, 4000);
	memcpy(o->reg, c->reg, sizeof(o->reg));
	o->eip = c->eip;
	o->eflags = cpu_get_eflags(c);
	o->cr0 = cpu_get_cr(c, 0);
	o->cr3 = cpu_get_cr(c, 3);
	for (int k = 0; k < SEG_COUNT; k++)
		o->sel[k] = c->seg[k].sel;
	o->cpl = c->cpl;
	o->icount = c->icount;
	cpu_free(c);
	free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	uint8_t mode = data[0], gates = data[1];
	data += 2;
	size -= 2;
	if (size > 0x8000)
		size = 0x8000;
	struct phys_mem pa, pb;
	struct outcome a, b;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	run_input(data, size, mode, gates, false, &pa, &a);
	if (a.why != STOP_BUDGET && a.why != STOP_HALT && a.why != STOP_SHUTDOWN)
		fz_fail("bare run ended for no reason", "");
	if (a.icount > 4000)
		fz_fail("bare run went past its budget", "");
	/* Block runs (threaded handlers, successors taken inside a run, runs
	 * that go on through int, out and iret) do exactly what one
	 * instruction at a time does: the same end, registers, count and
	 * memory. */
	run_input(data, size, mode, gates, true, &pb, &b);
	if (memcmp(&a, &b, sizeof(a)) != 0)
		fz_fail("bare run in blocks differs from single steps", "");
	if (memcmp(pa.ram, pb.ram, B_MEM) != 0)
		fz_fail("bare run in blocks differs from single steps", "memory");
	phys_free(&pa);
	phys_free(&pb);
	return 0;
}
