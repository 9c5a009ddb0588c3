/*
 * The software TLB: direct-mapped by linear page. Like the hardware TLB it
 * is flushed by a CR3 load, by invlpg and by a change of CR0.PG/WP or
 * CR4.PSE (SDM vol. 3 §4.10.4); it never needs a flush on a CPL change
 * because it keeps user and supervisor permissions apart.
 */
#include "mmu.h"

void tlb_flush_all(struct mmu *m)
{
	m->flushes++;
	if (m->pm)
		m->pm->code_epoch++;
	for (uint32_t i = 0; i < TLB_SIZE; i++) {
		tlb_set(m, &m->tlb[i], TLB_INVALID, 0);
		m->tlb[i].host = 0;
		m->host[i] = 0;
	}
}

void tlb_flush_page(struct mmu *m, uint32_t lin)
{
	m->flushes++;
	if (m->pm)
		m->pm->code_epoch++;
	struct tlb_entry *e = tlb_slot(m, lin);
	if (e->vpage == lin >> PAGE_SHIFT) {
		tlb_set(m, e, TLB_INVALID, 0);
	}
	/* A 4 MiB page may be cached under any of its 1024 linear pages. */
	for (uint32_t i = 0; i < TLB_SIZE; i++)
		if (m->tlb[i].vpage != TLB_INVALID && (m->tlb[i].vpage >> 10) == (lin >> 22) &&
		    m->tlb[i].vpage != (lin >> PAGE_SHIFT)) {
			/* Only entries from big pages share a 4 MiB frame with lin;
			 * dropping 4 KiB ones too is harmless (a TLB may drop any entry). */
			tlb_set(m, &m->tlb[i], TLB_INVALID, 0);
		}
}

void tlb_protect_code(struct mmu *m, uint32_t ppage)
{
	for (uint32_t i = 0; i < TLB_SIZE; i++)
		if (m->tlb[i].vpage != TLB_INVALID && m->tlb[i].ppage == ppage)
			tlb_set(m, &m->tlb[i], m->tlb[i].vpage,
				(m->tlb[i].perm & ~(TLB_W_SUP | TLB_W_USER)) |
				    TLB_W_WATCHED(m->tlb[i].perm));
}

int mmu_translate(struct mmu *m, uint32_t lin, unsigned acc, struct tlb_entry **out,
		  uint32_t *paddr, uint32_t *pf_err)
{
	struct walk w;
	*out = NULL;
	if (page_walk(m, lin, acc, &w, pf_err) < 0)
		return -1;
	*paddr = w.paddr;
	if (acc & ACC_PROBE)
		return 0;
	uint32_t ppage = w.paddr >> PAGE_SHIFT;
	uint8_t *host = phys_ptr(m->pm, ppage << PAGE_SHIFT, PAGE_SIZE);
	if (!host)
		return 0; /* outside RAM: served by the slow path, never cached */
	if (m->pm->code_page[ppage])
		w.perm = (w.perm & ~(TLB_W_SUP | TLB_W_USER)) | TLB_W_WATCHED(w.perm);
	struct tlb_entry *e = tlb_slot(m, lin);
	tlb_set(m, e, lin >> PAGE_SHIFT, w.perm);
	e->ppage = ppage;
	e->host = host;
	m->host[e - m->tlb] = host;
	*out = e;
	return 0;
}
