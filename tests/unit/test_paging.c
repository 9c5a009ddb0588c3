/* The page walk, #PF error codes, accessed/dirty bits, CR0.WP, 4 MiB
 * pages and the TLB (SDM vol. 3 ch. 4). */
#include "unit.h"

static struct phys_mem PM;
static struct mmu M;

#define PD     0x10000u
#define PT     0x11000u
#define VA_URW 0x00400000u
#define VA_URO 0x00401000u
#define VA_SUP 0x00402000u
#define VA_NP  0x00403000u

static uint32_t pte(uint32_t va)
{
	return phys_read32(&PM, PT + 4 * ((va >> 12) & 0x3ff));
}

static void setup(void)
{
	ck_assert_int_eq(phys_init(&PM, 4u << 20), 0);
	mmu_init(&M, &PM);
	phys_write32(&PM, PD + 4 * (VA_URW >> 22), PT | PTE_P | PTE_W | PTE_U);
	phys_write32(&PM, PT + 4 * 0, 0x20000 | PTE_P | PTE_W | PTE_U);
	phys_write32(&PM, PT + 4 * 1, 0x21000 | PTE_P | PTE_U);
	phys_write32(&PM, PT + 4 * 2, 0x22000 | PTE_P | PTE_W);
	M.cr3 = PD;
	M.cr0 |= CR0_PG;
}

static void teardown(void)
{
	phys_free(&PM);
}

static uint32_t fault(uint32_t va, unsigned acc)
{
	struct walk w;
	uint32_t err = 0xdead;
	ck_assert_int_eq(page_walk(&M, va, acc, &w, &err), -1);
	return err;
}

START_TEST(user_read_translates)
{
	struct walk w;
	uint32_t err;
	ck_assert_int_eq(page_walk(&M, VA_URW + 0x123, ACC_USER, &w, &err), 0);
	ck_assert_uint_eq(w.paddr, 0x20123);
}
END_TEST

START_TEST(error_codes)
{
	/* Not present: P=0; write and user bits as the access. */
	ck_assert_uint_eq(fault(VA_NP, ACC_READ), 0x0);
	ck_assert_uint_eq(fault(VA_NP, ACC_USER | ACC_WRITE), 0x6);
	/* User read of a supervisor page: protection, user, read = 0x5. */
	ck_assert_uint_eq(fault(VA_SUP, ACC_USER), 0x5);
	/* User write of a read-only page: 0x7. */
	ck_assert_uint_eq(fault(VA_URO, ACC_USER | ACC_WRITE), 0x7);
	/* A PDE that is not present. */
	ck_assert_uint_eq(fault(0x00800000u, ACC_USER), 0x4);
}
END_TEST

START_TEST(write_protect)
{
	struct walk w;
	uint32_t err;
	/* CR0.WP=0: a supervisor write to a read-only page succeeds. */
	ck_assert_int_eq(page_walk(&M, VA_URO, ACC_WRITE, &w, &err), 0);
	M.cr0 |= CR0_WP;
	ck_assert_uint_eq(fault(VA_URO, ACC_WRITE), 0x3);
}
END_TEST

START_TEST(accessed_and_dirty)
{
	struct walk w;
	uint32_t err;
	ck_assert_uint_eq(pte(VA_URW) & (PTE_A | PTE_D), 0);
	ck_assert_int_eq(page_walk(&M, VA_URW, ACC_USER, &w, &err), 0);
	ck_assert_uint_eq(pte(VA_URW) & (PTE_A | PTE_D), PTE_A);
	ck_assert(phys_read32(&PM, PD + 4 * (VA_URW >> 22)) & PTE_A);
	/* Until D is set, the translation grants no write (so a write walks). */
	ck_assert_uint_eq(w.perm & TLB_W_USER, 0);
	ck_assert_int_eq(page_walk(&M, VA_URW, ACC_USER | ACC_WRITE, &w, &err), 0);
	ck_assert_uint_eq(pte(VA_URW) & (PTE_A | PTE_D), PTE_A | PTE_D);
	ck_assert(w.perm & TLB_W_USER);
	/* A probe changes nothing. */
	phys_write32(&PM, PT + 4 * 1, 0x21000 | PTE_P | PTE_U);
	ck_assert_int_eq(page_walk(&M, VA_URO, ACC_USER | ACC_PROBE, &w, &err), 0);
	ck_assert_uint_eq(pte(VA_URO) & PTE_A, 0);
}
END_TEST

START_TEST(big_pages_need_pse)
{
	struct walk w;
	uint32_t err;
	phys_write32(&PM, PD + 4 * 2, 0x00000000u | PTE_P | PTE_W | PTE_U | PTE_PS);
	/* Without CR4.PSE the PS bit is ignored: the PDE points at a page
	 * table (at physical 0, all zeros here), so the page is not present. */
	ck_assert_uint_eq(fault(0x00812345u, ACC_USER), PF_U);
	M.cr4 |= CR4_PSE;
	ck_assert_int_eq(page_walk(&M, 0x00812345u, ACC_USER, &w, &err), 0);
	ck_assert(w.big);
	ck_assert_uint_eq(w.paddr, 0x00012345u);
	/* Reserved bits 21:13 set: #PF with RSVD. */
	phys_write32(&PM, PD + 4 * 2, 0x00002000u | PTE_P | PTE_U | PTE_PS);
	ck_assert_uint_eq(fault(0x00812345u, ACC_USER), PF_RSVD | PF_P | PF_U);
}
END_TEST

START_TEST(tlb_keeps_stale_entry_until_flush)
{
	struct tlb_entry *e;
	uint32_t pa, err;
	ck_assert_int_eq(mmu_translate(&M, VA_URW, ACC_USER, &e, &pa, &err), 0);
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->ppage, 0x20);
	/* Change the PTE: the TLB still holds the old frame, as hardware does. */
	phys_write32(&PM, PT, 0x30000 | PTE_P | PTE_W | PTE_U);
	ck_assert_uint_eq(tlb_slot(&M, VA_URW)->ppage, 0x20);
	tlb_flush_page(&M, VA_URW);
	ck_assert_uint_ne(tlb_slot(&M, VA_URW)->vpage, VA_URW >> 12);
	ck_assert_int_eq(mmu_translate(&M, VA_URW, ACC_USER, &e, &pa, &err), 0);
	ck_assert_uint_eq(e->ppage, 0x30);
	/* User and supervisor rights live side by side in one entry. */
	ck_assert_int_eq(mmu_translate(&M, VA_SUP, 0, &e, &pa, &err), 0);
	ck_assert(e->perm & TLB_R_SUP);
	ck_assert(!(e->perm & TLB_R_USER));
	tlb_flush_all(&M);
	ck_assert_uint_eq(tlb_slot(&M, VA_SUP)->vpage, TLB_INVALID);
}
END_TEST

START_TEST(physical_bounds)
{
	/* A page frame beyond RAM gives no host pointer: never a host access. */
	struct tlb_entry *e;
	uint32_t pa, err;
	phys_write32(&PM, PT + 4 * 3, 0xfffff000u | PTE_P | PTE_U);
	ck_assert_int_eq(mmu_translate(&M, VA_NP, ACC_USER, &e, &pa, &err), 0);
	ck_assert_ptr_null(e);
	ck_assert_uint_eq(pa, 0xfffff000u);
	ck_assert_ptr_null(phys_ptr(&PM, pa, 1));
	ck_assert_uint_eq(phys_read32(&PM, 0xfffffffeu), 0xffffffffu);
}
END_TEST

START_TEST(discard_reads_zero)
{
	/* phys_discard: the page reads zero after (the kernel's free frames
	 * are zero by construction); a range outside RAM or not page-aligned
	 * is left alone. */
	phys_write32(&PM, 0x30000, 0x12345678u);
	phys_write32(&PM, 0x31ffc, 0x9abcdef0u);
	phys_write32(&PM, 0x32000, 0x55aa55aau);
	phys_discard(&PM, 0x30000, 2 * PAGE_SIZE);
	ck_assert_uint_eq(phys_read32(&PM, 0x30000), 0);
	ck_assert_uint_eq(phys_read32(&PM, 0x31ffc), 0);
	ck_assert_uint_eq(phys_read32(&PM, 0x32000), 0x55aa55aau);
	phys_discard(&PM, 0x32004, PAGE_SIZE);
	phys_discard(&PM, PM.size, PAGE_SIZE);
	ck_assert_uint_eq(phys_read32(&PM, 0x32000), 0x55aa55aau);
}
END_TEST

Suite *paging_suite(void)
{
	Suite *s = suite_create("paging");
	TCase *tc = tcase_create("walk");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, user_read_translates);
	tcase_add_test(tc, error_codes);
	tcase_add_test(tc, write_protect);
	tcase_add_test(tc, accessed_and_dirty);
	tcase_add_test(tc, big_pages_need_pse);
	tcase_add_test(tc, tlb_keeps_stale_entry_until_flush);
	tcase_add_test(tc, physical_bounds);
	tcase_add_test(tc, discard_reads_zero);
	suite_add_tcase(s, tc);
	return s;
}
