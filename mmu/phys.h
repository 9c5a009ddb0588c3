/*
 * Emulated physical memory: one bounded, host-allocated array.
 *
 * Every guest access ends here after translation, and every access is
 * bounds-checked against `size`, so no guest address can reach host memory
 * outside the array. Addresses beyond the end behave like an empty bus:
 * reads return all ones and writes are dropped (as on a PC with no device
 * decoding the address).
 *
 * The array also tracks which physical pages hold decoded instructions, and
 * which 64-byte chunks of them, so the CPU's decoded-instruction cache can be
 * invalidated when those bytes are written (self-modifying code must keep
 * working) while stores beside them, in the same page, stay plain stores.
 */
#ifndef MMU_PHYS_H
#define MMU_PHYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE  4096u
#define PAGE_SHIFT 12
#define PAGE_MASK  0xfffu

struct phys_mem {
	uint8_t *ram;
	uint32_t size; /* bytes, a multiple of PAGE_SIZE */
	uint32_t npages;
	/* nonzero: the page is watched, as it holds decoded code (cpu/accel/block.c)
	 * or descriptors the CPU keeps (cpu/sys/segment.c): TLB entries for it
	 * lack write access, and a write bumps code_gen and clears the mark. */
	uint8_t *code_page;
	/* Which bytes of a watched page are watched, by 64-byte chunk (bit k:
	 * bytes 64k..64k+63), as QEMU tracks code sub-page: a store through
	 * the CPU (phys_note_store) into none of them leaves the page's
	 * decoded code alone, so code and data may share pages (ld -N). */
	uint64_t *code_bits;
	uint32_t *code_gen;	 /* bumped when a watched page is written */
	uint64_t watched_writes; /* bumped by a write to any watched page */
	/* Bumped by everything after which the decoded block found for a
	 * linear address under the same CS and CPL may not be the one to run
	 * there any more: a write to a watched page (here), a TLB flush
	 * (tlb.c), a block decoded into a cache slot (the CPU). A block's
	 * links to its successors hold while it is unchanged
	 * (cpu/accel/block.h). From 1: 0 marks an empty link. */
	uint64_t code_epoch;
};

/* Allocates `size` bytes of zeroed guest RAM; returns 0 or -1 on failure. */
int phys_init(struct phys_mem *pm, uint32_t size);
void phys_free(struct phys_mem *pm);

/* The page-aligned range [paddr, paddr + len) reads zero from now on, and
 * the host holds no memory for it until it is touched again: the cost is
 * the host's, in proportion to the pages that had been touched. */
void phys_discard(struct phys_mem *pm, uint32_t paddr, uint32_t len);
/* Which of the n pages from `paddr` the host holds in memory: vec[k] bit
 * 0 for page k (mincore). -1 when it cannot say (then assume none is). */
int phys_resident(const struct phys_mem *pm, uint32_t paddr, uint32_t n, uint8_t *vec);

/* Host pointer to `len` bytes at `paddr`, or NULL when any byte is outside RAM. */
static inline uint8_t *phys_ptr(const struct phys_mem *pm, uint32_t paddr, uint32_t len)
{
	if (paddr >= pm->size || len > pm->size - paddr)
		return NULL;
	return pm->ram + paddr;
}

uint32_t phys_read32(const struct phys_mem *pm, uint32_t paddr);
uint8_t phys_read8(const struct phys_mem *pm, uint32_t paddr);
/* Writes invalidate decoded code in the page they touch. */
void phys_write32(struct phys_mem *pm, uint32_t paddr, uint32_t val);
void phys_write8(struct phys_mem *pm, uint32_t paddr, uint8_t val);

#define PHYS_CHUNK_SHIFT 6 /* code_bits: 64-byte chunks, 64 a page */

/* The chunks of one page that `len` (>= 1) bytes at `paddr` touch. */
static inline uint64_t phys_chunks(uint32_t paddr, uint32_t len)
{
	unsigned a = (paddr & PAGE_MASK) >> PHYS_CHUNK_SHIFT;
	unsigned b = ((paddr + len - 1) & PAGE_MASK) >> PHYS_CHUNK_SHIFT;
	return (~0ull >> (63 - b)) & (~0ull << a);
}

/* Drops cached decoded code for the page containing `paddr` (it was
 * written, somewhere). Returns true when the page held decoded code, so a
 * CPU running a decoded block from it knows to stop and look again. */
static inline bool phys_note_write(struct phys_mem *pm, uint32_t paddr)
{
	uint32_t pn = paddr >> PAGE_SHIFT;
	if (pn < pm->npages && pm->code_page[pn]) {
		pm->code_page[pn] = 0;
		pm->code_bits[pn] = 0;
		pm->code_gen[pn]++;
		pm->watched_writes++;
		pm->code_epoch++;
		return true;
	}
	return false;
}

/* As phys_note_write, for a write of exactly `len` bytes at `paddr`, all
 * in one page: the page's decoded code is dropped only when they touch a
 * watched chunk. */
static inline bool phys_note_store(struct phys_mem *pm, uint32_t paddr, uint32_t len)
{
	uint32_t pn = paddr >> PAGE_SHIFT;
	if (pn < pm->npages && pm->code_page[pn] && (pm->code_bits[pn] & phys_chunks(paddr, len)))
		return phys_note_write(pm, paddr);
	return false;
}

/* Watches `len` (>= 1) bytes at `paddr`, all in one page in RAM, that the
 * CPU keeps decoded. Returns true when the page was not watched before: its
 * TLB entries must then lose write access (tlb_protect_code). */
static inline bool phys_watch(struct phys_mem *pm, uint32_t paddr, uint32_t len)
{
	uint32_t pn = paddr >> PAGE_SHIFT;
	pm->code_bits[pn] |= phys_chunks(paddr, len);
	if (pm->code_page[pn])
		return false;
	pm->code_page[pn] = 1;
	return true;
}

#endif
