/*
 * The CPU's descriptor cache (cpu/sys/segment.c desc_fill, cpu/sys/sys.h
 * desc_lookup, seg_load_hit): a segment load must always act on the
 * descriptor as memory holds it at that moment (SDM vol. 3 §3.4.3: the
 * hidden part is loaded from the table on every load). Each test loads a
 * selector once, so its descriptor is cached, changes what the table says
 * (a guest write at CPL 0, a host write, lgdt, a CR3 load), and loads it
 * again: the second load must see the new descriptor, with its checks
 * (§5.5-5.8) and the accessed bit (§3.4.5.1) as for a first load.
 */
#include "unit.h"

#include <string.h>

static struct bare B;

#define MARK_A	0x40000u /* base of the first descriptor: marker byte 0x11 */
#define MARK_B	0x50000u /* base of the rewritten one: marker byte 0x22 */
#define GDT2	0x7000u	 /* a second GDT (lgdt, CR3 remap) */
#define GDTR2	0x7800u	 /* its pseudo-descriptor */
#define PD1	0x30000u /* paging: identity */
#define PD2	0x31000u /* paging: linear BARE_GDT -> GDT2 */
#define PT1	0x32000u
#define PT2	0x33000u
#define DATA0	0x92 /* present, DPL 0, writable data, accessed clear */
#define DATA3	0xf2 /* the same with DPL 3 */
#define FLAGS4G 0xc  /* G=1, D/B=1 */

static void setup(void)
{
	bare_setup(&B);
	for (unsigned v = 0; v < 32; v++)
		bare_gate(&B, v, 0x0e, 0, 1);
	bare_wr32(&B, MARK_A, 0x11);
	bare_wr32(&B, MARK_B, 0x22);
}

static void teardown(void)
{
	bare_teardown(&B);
}

static void desc_words(uint32_t base, uint32_t limit, unsigned access, unsigned flags, uint32_t *lo,
		       uint32_t *hi)
{
	*lo = (limit & 0xffff) | (base << 16);
	*hi = ((base >> 16) & 0xff) | (access << 8) | (limit & 0xf0000u) | (flags << 20) |
	      (base & 0xff000000u);
}

/* Entry `idx` of the table at physical `gdt`. */
static void put_desc(uint32_t gdt, unsigned idx, uint32_t base, unsigned access)
{
	uint32_t lo, hi;
	desc_words(base, 0xfffff, access, FLAGS4G, &lo, &hi);
	bare_wr32(&B, gdt + 8 * idx, lo);
	bare_wr32(&B, gdt + 8 * idx + 4, hi);
}

/* A little assembler for the guest sequences. */
struct code {
	uint8_t b[256];
	size_t n;
};

static void emit(struct code *k, const uint8_t *bytes, size_t n)
{
	ck_assert_uint_le(k->n + n, sizeof(k->b));
	memcpy(k->b + k->n, bytes, n);
	k->n += n;
}

static void emit32(struct code *k, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	emit(k, b, 4);
}

static void load_es_mov(struct code *k, uint16_t sel) /* mov $sel,%ax; mov %ax,%es */
{
	emit(k, (const uint8_t[]){0x66, 0xb8, (uint8_t)sel, (uint8_t)(sel >> 8), 0x8e, 0xc0}, 6);
}

static void load_es_pop(struct code *k, uint16_t sel) /* push $sel; pop %es */
{
	emit(k, (const uint8_t[]){0x6a, (uint8_t)sel, 0x07}, 3);
}

/* mov %es:0,%bl (reg 3) or %cl (reg 1): the marker at ES's base. */
static void read_es(struct code *k, unsigned reg)
{
	emit(k, (const uint8_t[]){0x26, 0x8a, (uint8_t)(0x05 | (reg << 3))}, 3);
	emit32(k, 0);
}

static void store(struct code *k, uint32_t addr, uint32_t v) /* movl $v,addr */
{
	emit(k, (const uint8_t[]){0xc7, 0x05}, 2);
	emit32(k, addr);
	emit32(k, v);
}

/* Rewrites GDT entry 6 from guest code at CPL 0 (through flat DS). */
static void store_desc6(struct code *k, uint32_t base, unsigned access)
{
	uint32_t lo, hi;
	desc_words(base, 0xfffff, access, FLAGS4G, &lo, &hi);
	store(k, BARE_GDT + 0x30, lo);
	store(k, BARE_GDT + 0x34, hi);
}

/* Puts the code at BARE_UCODE unless it is there already: a write to a
 * page of decoded code, as to any watched page, empties the descriptor
 * cache, and a test that reruns a sequence must find the cache warm. */
static void put_code(const struct code *k)
{
	if (memcmp(phys_ptr(&B.pm, BARE_UCODE, (uint32_t)k->n), k->b, k->n) != 0)
		bare_code(&B, BARE_UCODE, k->b, k->n);
}

static enum stop_reason run0(const struct code *k)
{
	put_code(k);
	B.c.halted = false;
	B.c.eip = BARE_UCODE;
	B.c.reg[ESP] = BARE_USTACK;
	return cpu_run(&B.c, 10000);
}

static void grow_gdt(void)
{
	B.c.gdtr.limit = 7 * 8 - 1;
	cpu_tables_changed(&B.c);
}

static const uint8_t HLT = 0xf4;

/* The same selector, reloaded after a guest rewrite of its descriptor,
 * gets the new base: by `load` (mov, or pop, which runs inside a decoded
 * block). */
static void guest_rewrite_is_seen(void (*load)(struct code *, uint16_t))
{
	struct code k = {0};
	put_desc(BARE_GDT, 6, MARK_A, DATA0 | 1);
	grow_gdt();
	load(&k, 0x30);
	read_es(&k, 3);
	store_desc6(&k, MARK_B, DATA0);
	load(&k, 0x30);
	read_es(&k, 1);
	emit(&k, &HLT, 1);
	ck_assert_int_eq(run0(&k), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 0);
	ck_assert_uint_eq(B.c.reg[EBX] & 0xff, 0x11);
	ck_assert_uint_eq(B.c.reg[ECX] & 0xff, 0x22);
	ck_assert_uint_eq(B.c.seg[SEG_ES].base, MARK_B);
}

START_TEST(guest_rewrite_is_seen_by_mov)
{
	guest_rewrite_is_seen(load_es_mov);
}
END_TEST

START_TEST(guest_rewrite_is_seen_by_pop)
{
	guest_rewrite_is_seen(load_es_pop);
}
END_TEST

/* A descriptor made not present after a successful load: #NP(selector)
 * on the next load (SDM vol. 2 "MOV"), and ES keeps the old one. */
START_TEST(now_not_present_is_np)
{
	struct code k = {0};
	put_desc(BARE_GDT, 6, MARK_A, DATA0 | 1);
	grow_gdt();
	load_es_pop(&k, 0x30);
	store_desc6(&k, MARK_B, (DATA0 | 1) & ~0x80u);
	load_es_pop(&k, 0x30);
	emit(&k, &HLT, 1);
	ck_assert_int_eq(run0(&k), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 1);
	ck_assert_uint_eq(B.last.vector, EXC_NP);
	ck_assert_uint_eq(B.last.error, 0x30);
	ck_assert_uint_eq(B.c.seg[SEG_ES].base, MARK_A);
}
END_TEST

/* DPL lowered from 3 to 0 after a load with RPL 3: now RPL > DPL, so
 * #GP(selector) (SDM vol. 3 §5.6), though CPL is 0. */
START_TEST(now_lower_dpl_is_gp)
{
	struct code k = {0};
	put_desc(BARE_GDT, 6, MARK_A, DATA3 | 1);
	grow_gdt();
	load_es_mov(&k, 0x33);
	store_desc6(&k, MARK_A, DATA0 | 1);
	load_es_mov(&k, 0x33);
	emit(&k, &HLT, 1);
	ck_assert_int_eq(run0(&k), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 1);
	ck_assert_uint_eq(B.last.vector, EXC_GP);
	ck_assert_uint_eq(B.last.error, 0x30);
}
END_TEST

/* The accessed bit is set by the load that finds it clear (SDM vol. 3
 * §3.4.5.1) also when the descriptor was loaded before and the guest
 * cleared the bit since. */
START_TEST(accessed_bit_set_again)
{
	struct code k = {0};
	put_desc(BARE_GDT, 6, MARK_A, DATA0 | 1); /* accessed */
	grow_gdt();
	load_es_pop(&k, 0x30);
	load_es_pop(&k, 0x30);
	store_desc6(&k, MARK_A, DATA0); /* accessed clear */
	load_es_pop(&k, 0x30);
	emit(&k, &HLT, 1);
	ck_assert_int_eq(run0(&k), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 0);
	ck_assert(bare_rd32(&B, BARE_GDT + 0x34) & 0x100);
	ck_assert(B.c.seg[SEG_ES].attr & DESC_A);
}
END_TEST

/* The first load of a descriptor whose accessed bit is clear sets it. */
START_TEST(accessed_bit_set_by_first_load)
{
	struct code k = {0};
	put_desc(BARE_GDT, 6, MARK_A, DATA0);
	grow_gdt();
	load_es_mov(&k, 0x30);
	emit(&k, &HLT, 1);
	ck_assert_int_eq(run0(&k), STOP_HALT);
	ck_assert(bare_rd32(&B, BARE_GDT + 0x34) & 0x100);
}
END_TEST

/* A write from outside the CPU (a debugger poke, the host) between runs. */
START_TEST(host_write_is_seen)
{
	struct code k = {0};
	put_desc(BARE_GDT, 6, MARK_A, DATA0 | 1);
	grow_gdt();
	load_es_mov(&k, 0x30);
	emit(&k, &HLT, 1);
	ck_assert_int_eq(run0(&k), STOP_HALT);
	ck_assert_uint_eq(B.c.seg[SEG_ES].base, MARK_A);
	uint32_t lo, hi;
	desc_words(MARK_B, 0xfffff, DATA0 | 1, FLAGS4G, &lo, &hi);
	ck_assert_uint_eq(cpu_poke(&B.c, BARE_GDT + 0x34, &hi, 4, false), 4);
	ck_assert_int_eq(run0(&k), STOP_HALT);
	ck_assert_uint_eq(B.c.seg[SEG_ES].base, MARK_B);
	/* Not present, written by the host (phys_write32). */
	put_desc(BARE_GDT, 6, MARK_B, (DATA0 | 1) & ~0x80u);
	ck_assert_int_eq(run0(&k), STOP_HALT);
	ck_assert_uint_eq(B.last.vector, EXC_NP);
	ck_assert_uint_eq(B.last.error, 0x30);
}
END_TEST

/* Copies the fixture's GDT to GDT2, with entry 6 based at MARK_B. */
static void second_gdt(void)
{
	for (unsigned w = 0; w < 12; w++)
		bare_wr32(&B, GDT2 + 4 * w, bare_rd32(&B, BARE_GDT + 4 * w));
	put_desc(GDT2, 6, MARK_B, DATA0 | 1);
}

/* lgdt of another table: the same selector names another descriptor. */
START_TEST(lgdt_is_seen)
{
	struct code k = {0};
	put_desc(BARE_GDT, 6, MARK_A, DATA0 | 1); /* accessed: the load writes nothing */
	grow_gdt();
	second_gdt();
	bare_wr32(&B, GDTR2, (7 * 8 - 1) | (GDT2 << 16));
	bare_wr32(&B, GDTR2 + 4, GDT2 >> 16);
	load_es_mov(&k, 0x30);
	read_es(&k, 3);
	emit(&k, (const uint8_t[]){0x0f, 0x01, 0x15}, 3); /* lgdt GDTR2 */
	emit32(&k, GDTR2);
	load_es_mov(&k, 0x30);
	read_es(&k, 1);
	emit(&k, &HLT, 1);
	ck_assert_int_eq(run0(&k), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 0);
	ck_assert_uint_eq(B.c.gdtr.base, GDT2);
	ck_assert_uint_eq(B.c.reg[EBX] & 0xff, 0x11);
	ck_assert_uint_eq(B.c.reg[ECX] & 0xff, 0x22);
}
END_TEST

/* Page tables mapping 0-4 MiB one to one, except linear BARE_GDT -> `gdt`. */
static void page_tables(uint32_t pd, uint32_t pt, uint32_t gdt)
{
	for (uint32_t j = 0; j < 1024; j++)
		bare_wr32(&B, pt + 4 * j, (j << 12) | 7);
	bare_wr32(&B, pt + 4 * (BARE_GDT >> 12), gdt | 7);
	bare_wr32(&B, pd, pt | 7);
}

/* A CR3 load that maps the GDT's linear address to another page: the
 * descriptor is read through the new translation (SDM vol. 3 §4.10.4.1). */
START_TEST(cr3_remap_is_seen)
{
	struct code k = {0};
	put_desc(BARE_GDT, 6, MARK_A, DATA0 | 1); /* accessed: the load writes nothing */
	grow_gdt();
	second_gdt();
	page_tables(PD1, PT1, BARE_GDT);
	page_tables(PD2, PT2, GDT2);
	cpu_set_cr(&B.c, 3, PD1);
	cpu_set_cr(&B.c, 0, cpu_get_cr(&B.c, 0) | CR0_PG | CR0_PE);
	load_es_mov(&k, 0x30);
	read_es(&k, 3);
	emit(&k, (const uint8_t[]){0xb8}, 1); /* mov $PD2,%eax; mov %eax,%cr3 */
	emit32(&k, PD2);
	emit(&k, (const uint8_t[]){0x0f, 0x22, 0xd8}, 3);
	load_es_mov(&k, 0x30);
	read_es(&k, 1);
	emit(&k, &HLT, 1);
	ck_assert_int_eq(run0(&k), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 0);
	ck_assert_uint_eq(B.c.reg[EBX] & 0xff, 0x11);
	ck_assert_uint_eq(B.c.reg[ECX] & 0xff, 0x22);
}
END_TEST

#define ALIAS 0x80000u /* a second linear address of the GDT's page */

/* A write through another linear address of the same physical page (an
 * alias) also reaches the next load: the watch is on the physical page. */
START_TEST(alias_write_is_seen)
{
	struct code k = {0};
	put_desc(BARE_GDT, 6, MARK_A, DATA0 | 1);
	grow_gdt();
	page_tables(PD1, PT1, BARE_GDT);
	bare_wr32(&B, PT1 + 4 * (ALIAS >> 12), BARE_GDT | 7);
	cpu_set_cr(&B.c, 3, PD1);
	cpu_set_cr(&B.c, 0, cpu_get_cr(&B.c, 0) | CR0_PG | CR0_PE);
	uint32_t lo, hi;
	desc_words(MARK_B, 0xfffff, DATA0 | 1, FLAGS4G, &lo, &hi);
	load_es_mov(&k, 0x30);
	read_es(&k, 3);
	store(&k, ALIAS + 0x30, lo);
	store(&k, ALIAS + 0x34, hi);
	load_es_mov(&k, 0x30);
	read_es(&k, 1);
	emit(&k, &HLT, 1);
	ck_assert_int_eq(run0(&k), STOP_HALT);
	ck_assert_uint_eq(B.ndeliver, 0);
	ck_assert_uint_eq(B.c.reg[EBX] & 0xff, 0x11);
	ck_assert_uint_eq(B.c.reg[ECX] & 0xff, 0x22);
}
END_TEST

/* An interrupt gate whose code segment is made not present between two
 * deliveries: #NP(selector) (SDM vol. 3 §6.12.1, INT n), not a delivery
 * through the stale descriptor. */
START_TEST(gate_cs_now_not_present_is_np)
{
	struct code k = {0};
	put_desc(BARE_GDT, 6, 0, 0x9b); /* DPL 0 code, like 0x08, accessed */
	grow_gdt();
	uint32_t h = BARE_HANDLER + 0x100;
	bare_code(&B, h, (const uint8_t[]){0xcf}, 1); /* iret */
	bare_wr32(&B, BARE_IDT + 8 * 0x40, (h & 0xffff) | (0x30u << 16));
	bare_wr32(&B, BARE_IDT + 8 * 0x40 + 4, (h & 0xffff0000u) | 0x8f00u);
	emit(&k, (const uint8_t[]){0xcd, 0x40}, 2); /* int $0x40; back by iret */
	emit(&k, (const uint8_t[]){0x89, 0xe6}, 2); /* mov %esp,%esi */
	store_desc6(&k, 0, 0x1b);		    /* not present */
	emit(&k, (const uint8_t[]){0xcd, 0x40}, 2);
	emit(&k, &HLT, 1);
	ck_assert_int_eq(run0(&k), STOP_HALT);
	ck_assert_uint_eq(B.c.reg[ESI], BARE_USTACK); /* the first int returned */
	ck_assert_uint_eq(B.last.vector, EXC_NP);
	ck_assert_uint_eq(B.last.error, 0x30);
	ck_assert_uint_eq(B.last.old_eip, BARE_UCODE + k.n - 3);
}
END_TEST

/* The outcome of a cached load (the second) equals the outcome of the
 * load that read the descriptor (the first) for every access byte (code,
 * data and system types, DPL, P, A), CPL 0/3, RPL 0-3, into DS and SS:
 * the table of DS loads that pass (data_ok, used by the decoded
 * `mov %ax,%ds`, cpu/accel/sysfast.c) says what the checks say. */
static void outcome(unsigned cpl, uint16_t sel, uint8_t modrm, struct delivery_info *d,
		    unsigned *nd, struct seg *s)
{
	struct code k = {0};
	emit(&k, (const uint8_t[]){0x66, 0xb8, (uint8_t)sel, 0, 0x8e, modrm}, 6);
	put_code(&k);
	B.c.halted = false;
	B.ndeliver = 0;
	memset(&B.last, 0, sizeof(B.last));
	ck_assert_int_eq(cpu_load_seg_unchecked(&B.c, SEG_CS, 0x08), 0);
	ck_assert_int_eq(cpu_load_seg_unchecked(&B.c, SEG_SS, 0x10), 0);
	if (cpl == 3)
		bare_user(&B, BARE_UCODE);
	B.c.eip = BARE_UCODE;
	B.c.reg[ESP] = BARE_USTACK;
	cpu_run(&B.c, 2); /* stop right after the load, at its CPL */
	*d = B.last;
	*nd = B.ndeliver;
	*s = B.c.seg[modrm == 0xd0 ? SEG_SS : SEG_DS];
}

START_TEST(cached_outcome_equals_first)
{
	unsigned passed = 0, faulted = 0;
	grow_gdt();
	for (unsigned acc = 0; acc <= 0xff; acc++) {
		for (unsigned cpl = 0; cpl <= 3; cpl += 3) {
			for (unsigned rpl = 0; rpl < 4; rpl++) {
				for (unsigned r = 0; r < 2; r++) {
					uint8_t modrm = r ? 0xd0 : 0xd8;
					struct delivery_info d1, d2;
					unsigned n1, n2;
					struct seg s1, s2;
					put_desc(BARE_GDT, 6, MARK_A, acc);
					outcome(cpl, (uint16_t)(0x30 | rpl), modrm, &d1, &n1, &s1);
					outcome(cpl, (uint16_t)(0x30 | rpl), modrm, &d2, &n2, &s2);
					ck_assert_uint_eq(d1.vector, d2.vector);
					ck_assert_uint_eq(d1.error, d2.error);
					ck_assert_uint_eq(n1, n2);
					bool loaded = s1.sel == (0x30 | rpl);
					ck_assert_int_eq(loaded, s2.sel == (0x30 | rpl));
					if (loaded) {
						ck_assert_uint_eq(s1.base, s2.base);
						ck_assert_uint_eq(s1.limit, s2.limit);
						ck_assert_uint_eq(s1.attr, s2.attr);
						passed++;
					} else {
						faulted++;
					}
				}
			}
		}
	}
	/* Both kinds occurred, so both paths were compared. */
	ck_assert_uint_gt(passed, 50);
	ck_assert_uint_gt(faulted, 50);
}
END_TEST

Suite *desccache_suite(void)
{
	Suite *s = suite_create("desccache");
	TCase *t = tcase_create("desccache");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, guest_rewrite_is_seen_by_mov);
	tcase_add_test(t, guest_rewrite_is_seen_by_pop);
	tcase_add_test(t, now_not_present_is_np);
	tcase_add_test(t, now_lower_dpl_is_gp);
	tcase_add_test(t, accessed_bit_set_again);
	tcase_add_test(t, accessed_bit_set_by_first_load);
	tcase_add_test(t, host_write_is_seen);
	tcase_add_test(t, lgdt_is_seen);
	tcase_add_test(t, cr3_remap_is_seen);
	tcase_add_test(t, alias_write_is_seen);
	tcase_add_test(t, gate_cs_now_not_present_is_np);
	tcase_add_test(t, cached_outcome_equals_first);
	suite_add_tcase(s, t);
	return s;
}
