#include "phys.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int phys_init(struct phys_mem *pm, uint32_t size)
{
	memset(pm, 0, sizeof(*pm));
	if (size < 16 * PAGE_SIZE || (size & PAGE_MASK))
		return -1;
	/* An anonymous mapping, page-aligned: it reads zero and costs the host
	 * nothing until touched, and phys_discard() can give a page back. */
	void *ram = mmap(NULL, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	pm->ram = ram == MAP_FAILED ? NULL : ram;
	pm->size = size;
	pm->npages = size >> PAGE_SHIFT;
	pm->code_page = calloc(pm->npages, 1);
	pm->code_bits = calloc(pm->npages, sizeof(uint64_t));
	pm->code_gen = calloc(pm->npages, sizeof(uint32_t));
	pm->code_epoch = 1;
	if (!pm->ram || !pm->code_page || !pm->code_bits || !pm->code_gen) {
		phys_free(pm);
		return -1;
	}
	return 0;
}

void phys_discard(struct phys_mem *pm, uint32_t paddr, uint32_t len)
{
	uint8_t *p = phys_ptr(pm, paddr, len);
	if (!p || len == 0 || ((paddr | len) & PAGE_MASK))
		return;
	/* MADV_DONTNEED on a private anonymous mapping: the next touch gets a
	 * zero-filled page, and the host frees the old one now. */
	if (madvise(p, len, MADV_DONTNEED) < 0)
		memset(p, 0, len);
}

int phys_resident(const struct phys_mem *pm, uint32_t paddr, uint32_t n, uint8_t *vec)
{
	/* Our pages must be the host's for mincore's answer to be per page. */
	if (n == 0 || (paddr & PAGE_MASK) ||
	    (uint64_t)paddr + ((uint64_t)n << PAGE_SHIFT) > pm->size ||
	    sysconf(_SC_PAGESIZE) != PAGE_SIZE)
		return -1;
	return mincore(pm->ram + paddr, (size_t)n << PAGE_SHIFT, (unsigned char *)vec);
}

void phys_free(struct phys_mem *pm)
{
	if (pm->ram)
		munmap(pm->ram, pm->size);
	free(pm->code_page);
	free(pm->code_bits);
	free(pm->code_gen);
	memset(pm, 0, sizeof(*pm));
}

uint32_t phys_read32(const struct phys_mem *pm, uint32_t paddr)
{
	const uint8_t *p = phys_ptr(pm, paddr, 4);
	uint32_t v;
	if (!p)
		return 0xffffffffu;
	memcpy(&v, p, 4);
	return v;
}

uint8_t phys_read8(const struct phys_mem *pm, uint32_t paddr)
{
	const uint8_t *p = phys_ptr(pm, paddr, 1);
	return p ? *p : 0xff;
}

void phys_write32(struct phys_mem *pm, uint32_t paddr, uint32_t val)
{
	uint8_t *p = phys_ptr(pm, paddr, 4);
	if (!p)
		return;
	memcpy(p, &val, 4);
	phys_note_write(pm, paddr);
	phys_note_write(pm, paddr + 3);
}

void phys_write8(struct phys_mem *pm, uint32_t paddr, uint8_t val)
{
	uint8_t *p = phys_ptr(pm, paddr, 1);
	if (!p)
		return;
	*p = val;
	phys_note_write(pm, paddr);
}
