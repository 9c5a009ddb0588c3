/* The page walk of 32-bit paging, SDM vol. 3 §4.3 and §4.6-4.8. */
#include "mmu.h"

void mmu_init(struct mmu *m, struct phys_mem *pm)
{
	m->pm = pm;
	m->cr0 = CR0_PE | CR0_ET;
	m->cr3 = 0;
	m->cr4 = 0;
	m->walks = 0;
	tlb_flush_all(m);
}

/*
 * Access rights of a translation combine both levels (SDM §4.6.1): a user
 * access needs U/S=1 in the PDE and the PTE, a user write also R/W=1 in both;
 * a supervisor write needs R/W=1 in both only when CR0.WP=1.
 */
static uint32_t rights(const struct mmu *m, uint32_t pde, uint32_t pte)
{
	uint32_t both = pde & pte;
	uint32_t perm = TLB_R_SUP;
	if (!(m->cr0 & CR0_WP) || (both & PTE_W))
		perm |= TLB_W_SUP;
	if (both & PTE_U) {
		perm |= TLB_R_USER;
		if (both & PTE_W)
			perm |= TLB_W_USER;
	}
	return perm;
}

static uint32_t fault_code(unsigned acc, uint32_t bits)
{
	uint32_t e = bits;
	if (acc & ACC_WRITE)
		e |= PF_W;
	if (acc & ACC_USER)
		e |= PF_U;
	return e;
}

/* Sets `bits` in the paging-structure entry at `paddr` if not already set. */
static void set_bits(struct mmu *m, uint32_t paddr, uint32_t *entry, uint32_t bits)
{
	if ((*entry & bits) != bits) {
		*entry |= bits;
		phys_write32(m->pm, paddr, *entry);
	}
}

int page_walk(struct mmu *m, uint32_t lin, unsigned acc, struct walk *w, uint32_t *pf_err)
{
	if (!(m->cr0 & CR0_PG)) {
		w->paddr = lin;
		w->perm = TLB_R_SUP | TLB_W_SUP | TLB_R_USER | TLB_W_USER;
		w->pde = w->pte = 0;
		w->big = false;
		return 0;
	}
	m->walks++;
	uint32_t pde_addr = (m->cr3 & PTE_ADDR) | ((lin >> 22) << 2);
	uint32_t pde = phys_read32(m->pm, pde_addr);
	if (!(pde & PTE_P)) {
		*pf_err = fault_code(acc, 0);
		return -1;
	}
	uint32_t pte_addr = 0, pte;
	bool big = (pde & PTE_PS) && (m->cr4 & CR4_PSE);
	if (big) {
		if (pde & PDE_4M_RSVD) {
			*pf_err = fault_code(acc, PF_P | PF_RSVD);
			return -1;
		}
		pte = pde;
		w->paddr = (pde & 0xffc00000u) | (lin & 0x003fffffu);
	} else {
		pte_addr = (pde & PTE_ADDR) | (((lin >> 12) & 0x3ff) << 2);
		pte = phys_read32(m->pm, pte_addr);
		if (!(pte & PTE_P)) {
			*pf_err = fault_code(acc, 0);
			return -1;
		}
		w->paddr = (pte & PTE_ADDR) | (lin & PAGE_MASK);
	}
	uint32_t perm = rights(m, pde, pte);
	uint32_t need = (acc & ACC_USER) ? ((acc & ACC_WRITE) ? TLB_W_USER : TLB_R_USER)
					 : ((acc & ACC_WRITE) ? TLB_W_SUP : TLB_R_SUP);
	if (!(perm & need)) {
		*pf_err = fault_code(acc, PF_P);
		return -1;
	}
	if (!(acc & ACC_PROBE)) {
		/* Accessed flags on every entry used, dirty on the final entry for a
		 * write (SDM §4.8). */
		set_bits(m, pde_addr, &pde, PTE_A);
		if (big) {
			if (acc & ACC_WRITE)
				set_bits(m, pde_addr, &pde, PTE_D);
			pte = pde;
		} else {
			set_bits(m, pte_addr, &pte, (acc & ACC_WRITE) ? (PTE_A | PTE_D) : PTE_A);
		}
	}
	/* Until the dirty bit is set, writes must walk again to set it. */
	if (!(pte & PTE_D))
		perm &= ~(TLB_W_SUP | TLB_W_USER);
	w->perm = perm;
	w->pde = pde;
	w->pte = pte;
	w->big = big;
	return 0;
}
