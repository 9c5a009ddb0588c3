/*
 * Physical page allocation and page tables for the emulated kernel
 * (the structures of SDM vol. 3 §4.3, built in emulated memory).
 */
#include "kernel.h"

#include <string.h>

uint8_t *kmem(struct kernel *k, uint32_t kva, uint32_t len)
{
	if (kva < KERNBASE)
		return NULL;
	return phys_ptr(k->pm, kva - KERNBASE, len);
}

/* Discards frames [pn, pn + n) that the host does not hold (vec[j] bit 0
 * clear): one never touched reads zero already, but one the host swapped
 * out holds its data, so each run of them is discarded too. */
static void discard_cold(struct kernel *k, uint32_t pn, uint32_t n, const uint8_t *vec)
{
	for (uint32_t j = 0; j < n;) {
		if (vec[j] & 1) {
			j++;
			continue;
		}
		uint32_t e = j;
		while (e < n && !(vec[e] & 1))
			e++;
		phys_discard(k->pm, (pn + j) << PAGE_SHIFT, (e - j) << PAGE_SHIFT);
		j = e;
	}
}

/* Makes the pending run of freed frames zero, which keeps every free
 * frame zero. A short run, while few frames are warm, is zeroed in place
 * where the host holds it (mincore), so reusing a frame does not make the
 * host fault its page in again (a fork loop reuses the same ones); any
 * other is given back to the host (phys_discard), and reads zero from
 * then on. */
static void discard_flush(struct kernel *k)
{
	uint32_t pn = k->discard_pn, n = k->discard_n;
	uint8_t vec[WARM_RUN_MAX];
	k->discard_n = 0;
	if (!n)
		return;
	if (n > WARM_RUN_MAX || k->warm + n > WARM_MAX ||
	    phys_resident(k->pm, pn << PAGE_SHIFT, n, vec) < 0) {
		phys_discard(k->pm, pn << PAGE_SHIFT, n << PAGE_SHIFT);
		return;
	}
	for (uint32_t j = 0; j < n; j++)
		if (vec[j] & 1) {
			memset(phys_ptr(k->pm, (pn + j) << PAGE_SHIFT, PAGE_SIZE), 0, PAGE_SIZE);
			k->page_warm[pn + j] = 1;
			k->warm++;
		}
	discard_cold(k, pn, n, vec);
}

/* Frames are handed out most-recently-freed first, then from the never-used
 * part of RAM in address order: a process that forks and exits in a loop
 * keeps reusing the same frames.
 *
 * Every free frame is zero by construction, so allocating one does not
 * touch it: a never-used frame is part of the host's anonymous mapping,
 * untouched, and a freed one was zeroed in place (warm, at most WARM_MAX)
 * or discarded (its host page given back, it reads zero). A system call that maps 64 MiB therefore writes 16,384
 * page-table entries and no data; the host holds a page only once the
 * guest touches it, and freeing costs in proportion to the pages touched. */
uint32_t page_alloc(struct kernel *k)
{
	uint32_t pn;
	discard_flush(k);
	if (k->nfree_stack > 0) {
		pn = k->free_stack[--k->nfree_stack];
	} else if (k->alloc_hint < k->pm->npages) {
		pn = k->alloc_hint++;
	} else {
		return 0;
	}
	k->page_used[pn] = 1;
	if (k->page_warm[pn]) {
		k->page_warm[pn] = 0;
		k->warm--;
	}
	k->free_pages--;
	uint32_t pa = pn << PAGE_SHIFT;
	/* One unit of the run's budget per page mapped (as cpu_run charges an
	 * exception delivery), so one system call that maps 64 MiB ends the
	 * slice soon and --timeout's clock is read in proportion to the host
	 * work done, not only to instructions retired. */
	struct cpu *c = k->cpu;
	if (c->budget_end > c->icount)
		c->budget_end--;
	cpu_request_events(c);
	phys_note_write(k->pm, pa);
	return pa;
}

void page_free(struct kernel *k, uint32_t pa)
{
	uint32_t pn = pa >> PAGE_SHIFT;
	if (pn >= (PA_ALLOC_START >> PAGE_SHIFT) && pn < k->pm->npages && k->page_used[pn]) {
		k->page_used[pn] = 0;
		k->free_pages++;
		k->free_stack[k->nfree_stack++] = pn;
		phys_note_write(k->pm, pa);
		/* Frames come back in runs (a heap freed in address order, or in
		 * reverse after LIFO reuse): one discard per run. */
		if (k->discard_n && pn == k->discard_pn + k->discard_n) {
			k->discard_n++;
		} else if (k->discard_n && pn + 1 == k->discard_pn) {
			k->discard_pn = pn;
			k->discard_n++;
		} else {
			discard_flush(k);
			k->discard_pn = pn;
			k->discard_n = 1;
		}
	}
}

uint32_t pgdir_create(struct kernel *k)
{
	uint32_t pd = page_alloc(k);
	if (!pd)
		return 0;
	/* The kernel half is the same in every address space. */
	for (unsigned i = 768; i < 1024; i++)
		phys_write32(k->pm, pd + 4 * i, k->kernel_pdes[i - 768]);
	return pd;
}

/* The PTE slot for `va`, creating the page table when `create`. */
static uint32_t pte_addr(struct kernel *k, uint32_t pgdir, uint32_t va, bool create)
{
	uint32_t pde_pa = pgdir + 4 * (va >> 22);
	uint32_t pde = phys_read32(k->pm, pde_pa);
	if (!(pde & PTE_P)) {
		if (!create)
			return 0;
		uint32_t pt = page_alloc(k);
		if (!pt)
			return 0;
		/* Directory entries are permissive; the PTEs decide (SDM §4.6). */
		pde = pt | PTE_P | PTE_W | PTE_U;
		phys_write32(k->pm, pde_pa, pde);
	}
	return (pde & PTE_ADDR) + 4 * ((va >> 12) & 0x3ff);
}

int map_user_range(struct kernel *k, uint32_t pgdir, uint32_t va, uint32_t len, uint32_t flags)
{
	uint32_t start = va & ~PAGE_MASK;
	uint64_t end = ((uint64_t)va + len + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
	for (uint64_t a = start; a < end; a += PAGE_SIZE) {
		uint32_t slot = pte_addr(k, pgdir, (uint32_t)a, true);
		if (!slot)
			return -ENOMEM;
		uint32_t pte = phys_read32(k->pm, slot);
		if (pte & PTE_P) {
			/* Two segments sharing a page: the union of their rights. */
			phys_write32(k->pm, slot, pte | (flags & PTE_W));
			continue;
		}
		uint32_t pg = page_alloc(k);
		if (!pg)
			return -ENOMEM;
		phys_write32(k->pm, slot, pg | PTE_P | PTE_U | flags);
	}
	return 0;
}

bool user_page_present(struct kernel *k, uint32_t pgdir, uint32_t va)
{
	uint32_t slot = va < USER_TOP ? pte_addr(k, pgdir, va, false) : 0;
	return slot && (phys_read32(k->pm, slot) & (PTE_P | PTE_U)) == (PTE_P | PTE_U);
}

void unmap_user_range(struct kernel *k, uint32_t pgdir, uint32_t va, uint32_t len)
{
	uint32_t start = va & ~PAGE_MASK;
	uint64_t end = ((uint64_t)va + len + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
	for (uint64_t a = start; a < end; a += PAGE_SIZE) {
		uint32_t slot = pte_addr(k, pgdir, (uint32_t)a, false);
		if (!slot)
			continue;
		uint32_t pte = phys_read32(k->pm, slot);
		if (pte & PTE_P) {
			page_free(k, pte & PTE_ADDR);
			phys_write32(k->pm, slot, 0);
		}
	}
	tlb_flush_all(&k->cpu->mmu);
}

/* The page directory or page table in frame `pa`, to read its entries
 * (entry()) with one bounds check for all 1024; NULL if the frame lies
 * outside guest memory, which a frame the kernel allocated never does. */
static const uint8_t *table_at(const struct kernel *k, uint32_t pa)
{
	return phys_ptr(k->pm, pa & PTE_ADDR, PAGE_SIZE);
}

static uint32_t entry(const uint8_t *table, unsigned n)
{
	uint32_t v;
	memcpy(&v, table + 4 * n, 4);
	return v;
}

void pgdir_destroy(struct kernel *k, uint32_t pgdir)
{
	const uint8_t *pd = table_at(k, pgdir);
	for (unsigned i = 0; pd && i < 768; i++) {
		uint32_t pde = entry(pd, i);
		const uint8_t *pt = pde & PTE_P ? table_at(k, pde) : NULL;
		if (!pt)
			continue;
		for (unsigned j = 0; j < 1024; j++) {
			uint32_t pte = entry(pt, j);
			if (pte & PTE_P)
				page_free(k, pte & PTE_ADDR);
		}
		page_free(k, pde & PTE_ADDR);
	}
	page_free(k, pgdir);
}

int pgdir_write(struct kernel *k, uint32_t pgdir, uint32_t va, const void *src, uint32_t len)
{
	const uint8_t *s = src;
	while (len > 0) {
		uint32_t slot = pte_addr(k, pgdir, va, false);
		uint32_t pte = slot ? phys_read32(k->pm, slot) : 0;
		if (!(pte & PTE_P) || !(pte & PTE_U))
			return -EFAULT;
		uint32_t n = PAGE_SIZE - (va & PAGE_MASK);
		if (n > len)
			n = len;
		uint32_t pa = (pte & PTE_ADDR) + (va & PAGE_MASK);
		uint8_t *d = phys_ptr(k->pm, pa, n);
		if (!d)
			return -EFAULT;
		memcpy(d, s, n);
		phys_note_write(k->pm, pa); /* drops decoded code of that page */
		s += n;
		va += n;
		len -= n;
	}
	return 0;
}

static bool page_is_zero(const uint8_t *p)
{
	/* Zero when the first byte is and every byte equals the one before
	 * it: the C library's memcmp() compares many bytes at a time and
	 * stops at the first difference, which a written page usually has
	 * early. */
	return p[0] == 0 && memcmp(p, p + 1, PAGE_SIZE - 1) == 0;
}

/* fork: every present user page is copied (no copy-on-write), with the
 * same PTE rights, into a new directory that shares the kernel half. */
uint32_t pgdir_copy(struct kernel *k, uint32_t pgdir)
{
	uint32_t npd = pgdir_create(k);
	if (!npd)
		return 0;
	const uint8_t *pd = table_at(k, pgdir);
	for (uint32_t i = 0; pd && i < 768; i++) {
		uint32_t pde = entry(pd, i);
		const uint8_t *pt = pde & PTE_P ? table_at(k, pde) : NULL;
		if (!pt)
			continue;
		for (uint32_t j = 0; j < 1024; j++) {
			uint32_t pte = entry(pt, j);
			if (!(pte & PTE_P))
				continue;
			uint32_t va = (i << 22) | (j << 12);
			uint32_t slot = pte_addr(k, npd, va, true);
			uint32_t pg = slot ? page_alloc(k) : 0;
			if (!pg) {
				pgdir_destroy(k, npd);
				return 0;
			}
			/* The new frame is zero by construction: a page the parent
			 * never wrote (a fresh heap) is not copied, so the host
			 * holds, and the fork costs, what the parent touched. */
			const uint8_t *src = phys_ptr(k->pm, pte & PTE_ADDR, PAGE_SIZE);
			if (!page_is_zero(src))
				memcpy(phys_ptr(k->pm, pg, PAGE_SIZE), src, PAGE_SIZE);
			/* Keep P, W, U; the copy starts clean and unaccessed. */
			phys_write32(k->pm, slot, pg | (pte & (PTE_P | PTE_W | PTE_U)));
		}
	}
	return npd;
}

/* Sets or clears PTE_W on the mapped user pages of [va, va+len)
 * (mprotect). 0, or -ENOMEM when a page of the range is not mapped. */
int protect_user_range(struct kernel *k, uint32_t pgdir, uint32_t va, uint32_t len, bool writable)
{
	uint32_t start = va & ~PAGE_MASK;
	uint64_t end = ((uint64_t)va + len + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
	for (uint64_t a = start; a < end; a += PAGE_SIZE) {
		uint32_t slot = pte_addr(k, pgdir, (uint32_t)a, false);
		if (!slot || !(phys_read32(k->pm, slot) & PTE_P))
			return -ENOMEM;
	}
	for (uint64_t a = start; a < end; a += PAGE_SIZE) {
		uint32_t slot = pte_addr(k, pgdir, (uint32_t)a, false);
		uint32_t pte = phys_read32(k->pm, slot);
		phys_write32(k->pm, slot, writable ? pte | PTE_W : pte & ~PTE_W);
	}
	tlb_flush_all(&k->cpu->mmu);
	return 0;
}
