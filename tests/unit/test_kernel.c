/* The ELF checks and the kernel's user-memory access (uaccess). */
#include "unit.h"

#include "../../kernel/elf.h"
#include "../../kernel/kernel.h"
#include "../../kernel/machine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A minimal valid ELF32 executable image: header + one PT_LOAD. */
static size_t make_elf(uint8_t *b, uint32_t vaddr, uint32_t memsz)
{
	memset(b, 0, 256);
	memcpy(b, "\177ELF", 4);
	b[4] = 1; /* ELFCLASS32 */
	b[5] = 1; /* little-endian */
	b[6] = 1;
	b[16] = 2; /* ET_EXEC */
	b[18] = 3; /* EM_386 */
	b[20] = 1;
	uint32_t entry = vaddr;
	memcpy(b + 24, &entry, 4);
	uint32_t phoff = 52;
	memcpy(b + 28, &phoff, 4);
	b[42] = 32; /* phentsize */
	b[44] = 1;  /* phnum */
	uint32_t ph[8] = {1, 0, vaddr, vaddr, 128, memsz, 5, 4096};
	memcpy(b + 52, ph, sizeof(ph));
	return 256;
}

static int check(const uint8_t *b, size_t n, char *err)
{
	struct elf_image img;
	return elf_check(b, n, 0x1000, 0xbfffe000u, ELF_PIE_BASE, &img, err, 200);
}

START_TEST(elf_accepts_valid)
{
	uint8_t b[256];
	char err[200];
	ck_assert_int_eq(check(b, make_elf(b, 0x08048000, 0x1000), err), 0);
}
END_TEST

/* A position-independent image's addresses are the bias plus the file's;
 * the static-only check refuses it. */
START_TEST(elf_pie_is_biased)
{
	uint8_t b[256];
	char err[200];
	struct elf_image img;
	size_t n = make_elf(b, 0, 0x1000);
	b[16] = 3; /* ET_DYN */
	uint32_t entry = 0x40;
	memcpy(b + 24, &entry, 4);
	ck_assert_int_eq(elf_check(b, n, 0x1000, 0xbfffe000u, 0x56555000u, &img, err, 200), 0);
	ck_assert(img.dyn);
	ck_assert_uint_eq(img.bias, 0x56555000u);
	ck_assert_uint_eq(img.seg[0].vaddr, 0x56555000u);
	ck_assert_uint_eq(img.entry, 0x56555040u);
	ck_assert_uint_eq(img.phdr_vaddr, 0x56555000u + 52);
	/* Page 0 is outside [0x1000, ...) without a bias. */
	ck_assert_int_eq(elf_check(b, n, 0x1000, 0xbfffe000u, 0, &img, err, 200), -1);
	/* A bias that wraps past 4 GiB. */
	ck_assert_int_eq(elf_check(b, n, 0x1000, 0xbfffe000u, 0xfffff000u, &img, err, 200), -1);
	ck_assert_ptr_nonnull(strstr(err, "outside user space"));
	ck_assert_int_eq(elf_check_in(b, n, 0x1000, 0xbfffe000u, "guest memory", &img, err, 200),
			 -1);
	ck_assert_ptr_nonnull(strstr(err, "position-independent"));
}
END_TEST

/* PT_INTERP: one path, NUL-terminated, no NUL inside, inside the file. */
START_TEST(elf_interp_path_checked)
{
	uint8_t b[256];
	char err[200];
	struct elf_image img;
	size_t n = make_elf(b, 0x08048000, 0x1000);
	b[44] = 2;
	uint32_t ph[8] = {3, 160, 0, 0, 19, 19, 4, 1}; /* PT_INTERP at 160, 19 bytes */
	memcpy(b + 84, ph, sizeof(ph));
	memcpy(b + 160, "/lib/ld-linux.so.2", 19);
	n = 256;
	ck_assert_int_eq(elf_check(b, n, 0x1000, 0xbfffe000u, 0, &img, err, 200), 0);
	ck_assert_uint_eq(img.interp_off, 160);
	ck_assert_uint_eq(img.interp_len, 18);
	ck_assert_int_eq(elf_check_in(b, n, 0x1000, 0xbfffe000u, "guest memory", &img, err, 200),
			 -1);
	ck_assert_ptr_nonnull(strstr(err, "dynamically linked"));
	b[178] = 'x'; /* no NUL at the end */
	ck_assert_int_eq(elf_check(b, n, 0x1000, 0xbfffe000u, 0, &img, err, 200), -1);
	ck_assert_ptr_nonnull(strstr(err, "not one string"));
	b[178] = 0;
	b[165] = 0; /* a NUL inside */
	ck_assert_int_eq(elf_check(b, n, 0x1000, 0xbfffe000u, 0, &img, err, 200), -1);
	b[165] = 'l';
	uint32_t len = 200; /* past the end of the file */
	memcpy(b + 84 + 16, &len, 4);
	ck_assert_int_eq(elf_check(b, n, 0x1000, 0xbfffe000u, 0, &img, err, 200), -1);
	ck_assert_ptr_nonnull(strstr(err, "bad interpreter path"));
	len = 19;
	memcpy(b + 84 + 16, &len, 4);
	b[44] = 3; /* a second PT_INTERP */
	memcpy(b + 116, ph, sizeof(ph));
	ck_assert_int_eq(elf_check(b, n, 0x1000, 0xbfffe000u, 0, &img, err, 200), -1);
	ck_assert_ptr_nonnull(strstr(err, "more than one interpreter"));
}
END_TEST

START_TEST(elf_refuses_malformed)
{
	uint8_t b[256];
	char err[200];
	size_t n = make_elf(b, 0x08048000, 0x1000);
	ck_assert_int_eq(check(b, 20, err), -1);
	ck_assert_ptr_nonnull(strstr(err, "not an ELF"));
	b[4] = 2;
	ck_assert_int_eq(check(b, n, err), -1);
	ck_assert_ptr_nonnull(strstr(err, "32-bit"));
	make_elf(b, 0x08048000, 0x1000);
	b[18] = 62; /* x86-64 */
	ck_assert_int_eq(check(b, n, err), -1);
	ck_assert_ptr_nonnull(strstr(err, "i386"));
	make_elf(b, 0x70000000u, 0x1000);
	b[16] = 3; /* ET_DYN: loaded ELF_PIE_BASE higher, past user space */
	ck_assert_int_eq(check(b, n, err), -1);
	ck_assert_ptr_nonnull(strstr(err, "outside user space"));
	make_elf(b, 0xc0000000u, 0x1000); /* kernel space */
	ck_assert_int_eq(check(b, n, err), -1);
	ck_assert_ptr_nonnull(strstr(err, "outside user space"));
	make_elf(b, 0xbffff000u, 0x2000); /* wraps into the kernel */
	ck_assert_int_eq(check(b, n, err), -1);
	make_elf(b, 0x08048000, 0x1000);
	uint32_t big = 0xfffffff0u; /* file size beyond the file */
	memcpy(b + 52 + 16, &big, 4);
	ck_assert_int_eq(check(b, n, err), -1);
	make_elf(b, 0x08048000, 0x1000);
	b[44] = 2; /* a second header overlapping the first */
	uint32_t ph[8] = {1, 0, 0x08048800, 0x08048800, 0, 0x100, 6, 4096};
	memcpy(b + 84, ph, sizeof(ph));
	ck_assert_int_eq(check(b, n + 32 > 256 ? 256 : n, err), -1);
	ck_assert_ptr_nonnull(strstr(err, "overlap"));
}
END_TEST

static struct machine *M;

static void kernel_setup(void)
{
	struct machine_config cfg;
	char err[256];
	machine_config_default(&cfg);
	cfg.mem_bytes = 16u << 20;
	M = machine_create(&cfg, err, sizeof(err));
	ck_assert_msg(M != NULL, "%s", err);
	const char *dir = getenv("IA32EMU_PROGRAMS");
	char path[512];
	snprintf(path, sizeof(path), "%s/hello", dir ? dir : "build/programs");
	char *argv[] = {path, NULL};
	ck_assert_msg(machine_load(M, path, 1, argv, err, sizeof(err)) == 0, "%s: %s", path, err);
}

static void kernel_teardown(void)
{
	machine_destroy(M);
}

START_TEST(uaccess_checks_user_permissions)
{
	struct kernel *k = machine_kernel(M);
	uint8_t buf[16];
	uint32_t stack = USER_STACK_TOP - 64;
	/* The user stack is readable and writable. */
	memcpy(buf, "0123456789abcdef", 16);
	ck_assert_int_eq(copyout(k, stack, buf, 16), 0);
	memset(buf, 0, sizeof(buf));
	ck_assert_int_eq(copyin(k, buf, stack, 16), 0);
	ck_assert_mem_eq(buf, "0123456789abcdef", 16);
	/* Kernel memory, unmapped pages, page 0: -EFAULT. */
	ck_assert_int_eq(copyin(k, buf, KERNBASE + PA_GDT, 8), -EFAULT);
	ck_assert_int_eq(copyout(k, KERNBASE + PA_GDT, buf, 8), -EFAULT);
	ck_assert_int_eq(copyin(k, buf, 0, 4), -EFAULT);
	ck_assert_int_eq(copyin(k, buf, USER_STACK_LOW - 8, 4), -EFAULT); /* guard page */
	/* A buffer crossing from user into kernel space. */
	ck_assert_int_eq(copyin(k, buf, USER_STACK_TOP - 8, 16), -EFAULT);
	/* Program text is read-only for the user: copyout refuses it. */
	ck_assert_int_eq(copyin(k, buf, USER_BASE + 0x1000, 4), 0);
	ck_assert_int_eq(copyout(k, USER_BASE + 0x1000, buf, 4), -EFAULT);
	/* copyout checks every page before writing any. */
	memset(buf, 0x5a, sizeof(buf));
	ck_assert_int_eq(copyout(k, USER_STACK_TOP - 8, buf, 16), -EFAULT);
	ck_assert_int_eq(copyin(k, buf, USER_STACK_TOP - 8, 8), 0);
	ck_assert_uint_ne(buf[0], 0x5a);
}
END_TEST

/* The physical address of user address `va` (mapped). */
static uint32_t user_pa(struct kernel *k, uint32_t va)
{
	struct walk w;
	uint32_t err;
	ck_assert_int_eq(page_walk(&k->cpu->mmu, va, ACC_USER | ACC_PROBE, &w, &err), 0);
	return w.paddr;
}

/* copyout drops a page's decoded code only when it writes one of the
 * page's watched 64-byte chunks (mmu/phys.h code_bits), page by page, as a
 * store by the CPU does: a read() into a buffer beside code (ld -N) keeps
 * the code's decoded blocks. */
START_TEST(copyout_drops_only_touched_code)
{
	struct kernel *k = machine_kernel(M);
	struct phys_mem *pm = k->pm;
	uint32_t a = USER_STACK_TOP - 2 * PAGE_SIZE, b = a + PAGE_SIZE;
	uint32_t pa = user_pa(k, a) >> PAGE_SHIFT, pb = user_pa(k, b) >> PAGE_SHIFT;
	uint8_t buf[16] = {0};
	pm->code_page[pa] = pm->code_page[pb] = 1;
	pm->code_bits[pa] = 1ull << 5; /* bytes 0x140..0x17f */
	pm->code_bits[pb] = 1ull << 0; /* bytes 0..0x3f */
	uint32_t ga = pm->code_gen[pa], gb = pm->code_gen[pb];
	ck_assert_int_eq(copyout(k, a + 0x100, buf, 8), 0); /* chunk 4 only */
	ck_assert_uint_eq(pm->code_gen[pa], ga);
	ck_assert_uint_eq(pm->code_page[pa], 1);
	ck_assert_int_eq(copyout(k, a + 0x13c, buf, 8), 0); /* chunks 4 and 5 */
	ck_assert_uint_eq(pm->code_gen[pa], ga + 1);
	ck_assert_uint_eq(pm->code_page[pa], 0);
	pm->code_page[pa] = 1;
	pm->code_bits[pa] = 1ull << 5;
	ck_assert_int_eq(copyout(k, b - 8, buf, 16), 0); /* a's chunk 63, b's chunk 0 */
	ck_assert_uint_eq(pm->code_gen[pa], ga + 1);
	ck_assert_uint_eq(pm->code_gen[pb], gb + 1);
	ck_assert_uint_eq(pm->code_page[pb], 0);
	pm->code_page[pa] = 0;
	pm->code_bits[pa] = 0;
}
END_TEST

START_TEST(copyinstr_bounds)
{
	struct kernel *k = machine_kernel(M);
	char s[8];
	uint32_t at = USER_STACK_TOP - 32;
	ck_assert_int_eq(copyout(k, at, "hello", 6), 0);
	ck_assert_int_eq(copyinstr(k, s, at, sizeof(s)), 5);
	ck_assert_str_eq(s, "hello");
	ck_assert_int_eq(copyout(k, at, "0123456789", 11), 0);
	ck_assert_int_eq(copyinstr(k, s, at, sizeof(s)), -ENAMETOOLONG);
	ck_assert_int_eq(copyinstr(k, s, KERNBASE, sizeof(s)), -EFAULT);
}
END_TEST

/* Every frame page_alloc() hands out is zero, whichever way its last
 * free made it so (vm.c discard_flush): 0, a short run of written frames,
 * zeroed in place; 1, a run longer than WARM_RUN_MAX, given back to the
 * host; 2, a run of which only every third frame was written: those are
 * zeroed in place and the others, which the host never held, are not
 * touched (the host still holds none of them); 3, a short run while
 * nearly WARM_MAX frames are warm, given back to the host. */
START_TEST(freed_frames_come_back_zero)
{
	struct kernel *k = machine_kernel(M);
	unsigned n = _i == 1 ? WARM_RUN_MAX + 1 : 12;
	uint32_t *pa = calloc(n, sizeof(*pa));
	ck_assert_ptr_nonnull(pa);
	for (unsigned j = 0; j < n; j++) {
		pa[j] = page_alloc(k);
		ck_assert_uint_ne(pa[j], 0);
		if (j)
			ck_assert_uint_eq(pa[j], pa[j - 1] + PAGE_SIZE); /* a fresh run */
		if (_i != 2 || j % 3 == 0)
			memset(phys_ptr(k->pm, pa[j], PAGE_SIZE), 0xa5, PAGE_SIZE);
	}
	uint32_t warm = k->warm, was = warm;
	if (_i == 3)
		k->warm = warm = WARM_MAX - 2; /* as if so many were */
	for (unsigned j = 0; j < n; j++)
		page_free(k, pa[j]);
	uint32_t again = page_alloc(k); /* makes the run zero, then takes its last */
	ck_assert_uint_eq(again, pa[n - 1]);
	/* Warm now: the run's written frames less the one taken (case 0). */
	ck_assert_uint_eq(k->warm, _i == 0 ? warm + n - 1 : _i == 2 ? warm + (n + 2) / 3 : warm);
	if (_i == 3)
		k->warm = was;
	page_free(k, again);
	if (_i == 2) {
		uint8_t vec[12];
		ck_assert_int_eq(phys_resident(k->pm, pa[0], n, vec), 0);
		for (unsigned j = 0; j < n; j++)
			ck_assert_uint_eq(vec[j] & 1, j % 3 == 0);
	}
	for (unsigned j = 0; j < n; j++) {
		const uint8_t *p = phys_ptr(k->pm, pa[j], PAGE_SIZE);
		for (unsigned b = 0; b < PAGE_SIZE; b++)
			ck_assert_msg(p[b] == 0, "frame %u byte %u is %02x", j, b, p[b]);
	}
	free(pa);
}
END_TEST

Suite *kernel_suite(void)
{
	Suite *s = suite_create("kernel");
	TCase *tc = tcase_create("elf");
	tcase_add_test(tc, elf_accepts_valid);
	tcase_add_test(tc, elf_refuses_malformed);
	tcase_add_test(tc, elf_pie_is_biased);
	tcase_add_test(tc, elf_interp_path_checked);
	suite_add_tcase(s, tc);
	tc = tcase_create("uaccess");
	tcase_add_checked_fixture(tc, kernel_setup, kernel_teardown);
	tcase_add_test(tc, uaccess_checks_user_permissions);
	tcase_add_test(tc, copyout_drops_only_touched_code);
	tcase_add_test(tc, copyinstr_bounds);
	tcase_add_loop_test(tc, freed_frames_come_back_zero, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}
