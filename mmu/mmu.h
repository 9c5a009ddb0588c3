/*
 * Linear-to-physical translation: 32-bit two-level paging (SDM vol. 3 ch. 4)
 * with 4 KiB pages, and 4 MiB pages when CR4.PSE is set, plus a software TLB.
 *
 * The MMU knows nothing about the CPU: it holds the paging control bits
 * (copies of CR0, CR3, CR4 kept in sync by the CPU) and answers "may this
 * access happen, and where does it land". The caller turns a refusal into a
 * #PF using the error code computed here.
 */
#ifndef MMU_MMU_H
#define MMU_MMU_H

#include "phys.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Control-register bits the MMU obeys (SDM vol. 3 §2.5). */
#define CR0_PE	0x00000001u
#define CR0_TS	0x00000008u
#define CR0_ET	0x00000010u
#define CR0_WP	0x00010000u
#define CR0_PG	0x80000000u
#define CR4_PSE 0x00000010u

/* Paging-structure entry bits (SDM vol. 3 §4.3, tables 4-4 to 4-6). */
#define PTE_P	 0x001u
#define PTE_W	 0x002u
#define PTE_U	 0x004u
#define PTE_A	 0x020u
#define PTE_D	 0x040u
#define PTE_PS	 0x080u
#define PTE_ADDR 0xfffff000u
/* Bits 21:13 of a 4 MiB PDE are reserved without PSE-36 (SDM table 4-4). */
#define PDE_4M_RSVD 0x003fe000u

/* The kind of access being translated. */
#define ACC_READ  0u
#define ACC_WRITE 1u  /* a write; sets the dirty bit */
#define ACC_USER  4u  /* a user-mode access (CPL 3), SDM §4.6 */
#define ACC_FETCH 16u /* an instruction fetch (only for reporting; no NX) */
#define ACC_PROBE 32u /* a debugger look: no A/D updates, no TLB fill */

/* #PF error code bits (SDM vol. 3 §4.7, figure 4-12). */
#define PF_P	0x1u /* 0: not present; 1: protection violation */
#define PF_W	0x2u /* the access was a write */
#define PF_U	0x4u /* the access was a user-mode access */
#define PF_RSVD 0x8u /* a reserved bit was set in a paging-structure entry */

/* Permissions cached in a TLB entry: separate for user and supervisor mode,
 * so a CPL change needs no flush (docs/architecture.md). */
#define TLB_R_SUP  1u
#define TLB_W_SUP  2u
#define TLB_R_USER 4u
#define TLB_W_USER 8u
/* Write access granted by the page tables but held back because the page
 * is watched (it holds decoded code or descriptors): a store takes the slow
 * path, which checks the bytes it writes against the watched ones
 * (phys_note_store). TLB_W_* << 3. */
#define TLB_WW_SUP	    16u
#define TLB_WW_USER	    64u
#define TLB_W_WATCHED(perm) (((perm) & (TLB_W_SUP | TLB_W_USER)) << 3)

#define TLB_SIZE    256u
#define TLB_INVALID 0xffffffffu

/* The four access kinds of the TLB_R_* and TLB_W_* bits, in their order:
 * index k for bit 1 << k. */
enum { TLB_TAG_R_SUP, TLB_TAG_W_SUP, TLB_TAG_R_USER, TLB_TAG_W_USER, TLB_TAGS };

struct tlb_entry {
	uint32_t vpage;		/* linear address >> 12, or TLB_INVALID */
	uint32_t perm;		/* TLB_* bits */
	uint32_t ppage;		/* physical address >> 12 */
	uint8_t *host;		/* host address of the physical page, never NULL in a
			 * valid entry */
} __attribute__((aligned(32))); /* a power of two: the slot is a shift away */

struct mmu {
	struct phys_mem *pm;
	uint32_t cr0, cr3, cr4;
	struct tlb_entry tlb[TLB_SIZE];
	/* By access kind, for each slot: its vpage where its perm grants that
	 * access, else TLB_INVALID; and its host address. One compare checks
	 * page and permission, and the slot's index needs no scaling
	 * (cpu/accel/accel.h lin_ptr). Kept by tlb_set() and mmu_translate(). */
	uint32_t tag[TLB_TAGS][TLB_SIZE];
	uint8_t *host[TLB_SIZE];
	uint64_t walks;
	/* Bumped by every flush: what was cached from translations made
	 * before it (cpu/sys/segment.c descriptor cache) is stale after it. */
	uint64_t flushes;
};

/* Sets entry e's page and permissions, and the tags that follow. */
static inline void tlb_set(struct mmu *m, struct tlb_entry *e, uint32_t vpage, uint32_t perm)
{
	unsigned slot = (unsigned)(e - m->tlb);
	e->vpage = vpage;
	e->perm = perm;
	for (unsigned k = 0; k < TLB_TAGS; k++)
		m->tag[k][slot] = (perm >> k) & 1 ? vpage : TLB_INVALID;
}

/* Result of a page walk. */
struct walk {
	uint32_t paddr;	   /* physical address of the byte translated */
	uint32_t perm;	   /* TLB_* bits the translation grants */
	uint32_t pde, pte; /* entries as read (pte == pde for a 4 MiB page) */
	bool big;	   /* a 4 MiB page */
};

void mmu_init(struct mmu *m, struct phys_mem *pm);

/*
 * Walks the paging structures for `lin` and checks `acc` against them.
 * Returns 0 and fills *w, or returns -1 with the #PF error code in *pf_err.
 * Sets accessed and dirty bits as the SDM says (§4.8) unless ACC_PROBE.
 */
int page_walk(struct mmu *m, uint32_t lin, unsigned acc, struct walk *w, uint32_t *pf_err);

/*
 * Translates and, when the page is backed by RAM, loads the TLB. Returns the
 * TLB entry, or NULL for a physical address outside RAM (with *paddr set), or
 * -1 cast through *pf_err on a fault: see the return value convention below.
 * Return: 0 ok (entry in *out or NULL), -1 #PF.
 */
int mmu_translate(struct mmu *m, uint32_t lin, unsigned acc, struct tlb_entry **out,
		  uint32_t *paddr, uint32_t *pf_err);

void tlb_flush_all(struct mmu *m);
void tlb_flush_page(struct mmu *m, uint32_t lin);
/* Removes write permission from every entry mapping physical page `ppage`,
 * so writes to a page that now holds decoded code take the slow path
 * (which the TLB_WW_* bits let through without a page walk). */
void tlb_protect_code(struct mmu *m, uint32_t ppage);

static inline struct tlb_entry *tlb_slot(struct mmu *m, uint32_t lin)
{
	return &m->tlb[(lin >> PAGE_SHIFT) & (TLB_SIZE - 1)];
}

#endif
