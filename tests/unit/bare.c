/* The bare-metal fixture: IA-32 structures built by hand, no kernel. */
#include "unit.h"

#include <string.h>

static void desc(struct bare *b, unsigned idx, uint32_t base, uint32_t limit, unsigned access,
		 unsigned flags)
{
	uint32_t lo = (limit & 0xffff) | (base << 16);
	uint32_t hi = ((base >> 16) & 0xff) | (access << 8) | (limit & 0xf0000u) | (flags << 20) |
		      (base & 0xff000000u);
	bare_wr32(b, BARE_GDT + 8 * idx, lo);
	bare_wr32(b, BARE_GDT + 8 * idx + 4, hi);
}

static void on_deliver(struct cpu *c, void *opaque, const struct delivery_info *d)
{
	struct bare *b = opaque;
	(void)c;
	b->ndeliver++;
	b->last = *d;
}

static void on_iret(struct cpu *c, void *opaque, const struct iret_info *r)
{
	struct bare *b = opaque;
	(void)c;
	b->niret++;
	b->last_iret = *r;
}

uint32_t bare_rd32(struct bare *b, uint32_t pa)
{
	return phys_read32(&b->pm, pa);
}

void bare_wr32(struct bare *b, uint32_t pa, uint32_t v)
{
	phys_write32(&b->pm, pa, v);
}

void bare_setup(struct bare *b)
{
	memset(b, 0, sizeof(*b));
	ck_assert_int_eq(phys_init(&b->pm, 4u << 20), 0);
	ck_assert_int_eq(cpu_init(&b->c, &b->pm), 0);
	b->c.env.opaque = b;
	b->c.env.on_deliver = on_deliver;
	b->c.env.on_iret = on_iret;
	desc(b, 1, 0, 0xfffff, 0x9a, 0xc);
	desc(b, 2, 0, 0xfffff, 0x92, 0xc);
	desc(b, 3, 0, 0xfffff, 0xfa, 0xc);
	desc(b, 4, 0, 0xfffff, 0xf2, 0xc);
	desc(b, 5, BARE_TSS, 103, 0x89, 0);
	bare_wr32(b, BARE_TSS + 4, BARE_ESP0);
	bare_wr32(b, BARE_TSS + 8, 0x10);
	bare_wr32(b, BARE_TSS + 100, 104u << 16);
	b->c.gdtr.base = BARE_GDT;
	b->c.gdtr.limit = 6 * 8 - 1;
	b->c.idtr.base = BARE_IDT;
	b->c.idtr.limit = 256 * 8 - 1;
	cpu_tables_changed(&b->c);
	ck_assert_int_eq(cpu_load_tr_unchecked(&b->c, 0x28), 0);
	uint8_t hlt = 0xf4;
	bare_code(b, BARE_HANDLER, &hlt, 1);
}

void bare_teardown(struct bare *b)
{
	cpu_free(&b->c);
	phys_free(&b->pm);
}

void bare_gate(struct bare *b, unsigned vec, unsigned type, unsigned dpl, int present)
{
	uint32_t off = BARE_HANDLER;
	bare_wr32(b, BARE_IDT + 8 * vec, (off & 0xffff) | (0x08u << 16));
	bare_wr32(b, BARE_IDT + 8 * vec + 4,
		  (off & 0xffff0000u) | (present ? 0x8000u : 0) | (dpl << 13) | (type << 8));
}

void bare_code(struct bare *b, uint32_t addr, const void *bytes, size_t n)
{
	memcpy(phys_ptr(&b->pm, addr, (uint32_t)n), bytes, n);
	phys_note_write(&b->pm, addr);
}

void bare_user(struct bare *b, uint32_t eip)
{
	ck_assert_int_eq(cpu_load_seg_unchecked(&b->c, SEG_CS, 0x1b), 0);
	ck_assert_int_eq(cpu_load_seg_unchecked(&b->c, SEG_SS, 0x23), 0);
	ck_assert_int_eq(cpu_load_seg_unchecked(&b->c, SEG_DS, 0x23), 0);
	ck_assert_int_eq(cpu_load_seg_unchecked(&b->c, SEG_ES, 0x23), 0);
	ck_assert_uint_eq(b->c.cpl, 3);
	b->c.eip = eip;
	b->c.reg[ESP] = BARE_USTACK;
	cpu_set_eflags_raw(&b->c, FL_1 | FL_IF);
}
