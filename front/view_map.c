/* The address-space map of a process (view_map.h), read from its page
 * directory with the CPU's rules for two-level paging (SDM vol. 3 §4.3,
 * §4.6): a page is user-accessible when both its PDE and its PTE have U/S
 * set, writable from user mode when both have R/W set. */
#include "view_map.h"

#include <string.h>

struct named {
	uint32_t lo, hi; /* [lo, hi) */
	const char *what;
};

struct amap_ctx {
	const struct kernel *k; /* NULL: a bare machine, no kernel to name */
	const struct proc *p;
	struct named kn[6]; /* the kernel structures, where the CPU says they are */
	int nkn;
};

/* An entry, or 0 (not present) for an address outside RAM. */
static uint32_t rd(const struct phys_mem *pm, uint32_t pa)
{
	return phys_ptr(pm, pa, 4) ? phys_read32(pm, pa) : 0;
}

static void add_named(struct amap_ctx *x, uint32_t base, uint32_t len, const char *what)
{
	if (len && x->nkn < (int)(sizeof(x->kn) / sizeof(x->kn[0])))
		x->kn[x->nkn++] =
		    (struct named){base & ~PAGE_MASK, (base + len - 1) | PAGE_MASK, what};
}

/* What the page at `va` holds, or NULL for a not-present page that is not
 * a guard page (left out of the map). */
static const char *page_what(const struct amap_ctx *x, uint32_t va, bool present, bool user)
{
	const struct proc *p = x->p;
	if (!x->k)
		return present ? (user ? "user" : "supervisor") : NULL;
	if (va >= KERNBASE) {
		for (int i = 0; i < x->nkn; i++)
			if (va >= x->kn[i].lo && va <= x->kn[i].hi)
				return x->kn[i].what;
		if (!present)
			return NULL;
		return va < KERNBASE + PA_ALLOC_START ? "kernel: boot memory"
						      : "kernel: RAM (direct map)";
	}
	if (!present) {
		if (va >= USER_STACK_TOP)
			return "guard: unmapped below the kernel";
		if (va == USER_STACK_LOW - PAGE_SIZE)
			return "guard page (below the stack)";
		return NULL;
	}
	if (!user)
		return "user half, supervisor only";
	if (va >= USER_STACK_LOW && va < USER_STACK_TOP)
		return "stack";
	if (p && va >= p->heap_base && va < ((p->brk + PAGE_MASK) & ~PAGE_MASK))
		return "heap";
	if (p && va < p->heap_base)
		return NULL; /* text or data: decided by R/W below */
	return "mmap";
}

static void put(struct amap *m, uint32_t va, uint32_t flags, const char *what)
{
	if (m->n > 0) {
		struct amap_range *l = &m->r[m->n - 1];
		if (l->flags == flags && strcmp(l->what, what) == 0 &&
		    l->start + l->npages * PAGE_SIZE == va) {
			l->npages++;
			return;
		}
	}
	if (m->n == AMAP_MAX) {
		m->cut = true;
		return;
	}
	m->r[m->n++] = (struct amap_range){va, 1, flags, what};
}

static void page(struct amap_ctx *x, struct amap *m, uint32_t va, uint32_t pde, uint32_t pte)
{
	bool present = (pde & PTE_P) && (pte & PTE_P);
	uint32_t flags = present ? PTE_P | (pde & pte & (PTE_U | PTE_W)) : 0;
	const char *what = page_what(x, va, present, flags & PTE_U);
	if (!what && present)
		what = flags & PTE_W ? "data" : "text";
	if (what) /* a page left out ends the range before it: put() joins only neighbours */
		put(m, va, flags, what);
}

void amap_build(const struct cpu *c, const struct phys_mem *pm, const struct kernel *k,
		const struct proc *p, struct amap *out)
{
	struct amap_ctx x = {.k = k, .p = p};
	memset(out, 0, sizeof(*out));
	if (k) {
		add_named(&x, c->gdtr.base, c->gdtr.limit + 1u, "kernel: GDT");
		add_named(&x, c->idtr.base, c->idtr.limit + 1u, "kernel: IDT");
		add_named(&x, c->tr.base, c->tr.limit + 1u, "kernel: TSS");
		add_named(&x, KERNBASE + PA_STUBS, k->stubs.size, "kernel: trap stubs");
		uint32_t esp0 = rd(pm, (c->tr.base - KERNBASE) + 4);
		add_named(&x, esp0 - KSTACK_SIZE, KSTACK_SIZE,
			  "kernel: kernel stack (TSS.ESP0 at its top)");
	}
	uint32_t pd = p ? p->pgdir : (c->mmu.cr3 & PTE_ADDR);
	for (uint32_t i = 0; i < 1024; i++) {
		uint32_t pde = rd(pm, pd + 4 * i);
		uint32_t base = i << 22;
		if (!(pde & PTE_P)) {
			/* only the stack's guard page and the gap below the kernel matter */
			if (!k || base + (4u << 20) <= USER_STACK_LOW - PAGE_SIZE ||
			    base >= KERNBASE)
				continue;
			for (uint32_t j = 0; j < 1024; j++)
				if (base + (j << 12) == USER_STACK_LOW - PAGE_SIZE ||
				    base + (j << 12) >= USER_STACK_TOP)
					page(&x, out, base + (j << 12), 0, 0);
			continue;
		}
		for (uint32_t j = 0; j < 1024; j++) {
			uint32_t pte = (pde & PTE_PS) && (c->mmu.cr4 & CR4_PSE)
					   ? pde
					   : rd(pm, (pde & PTE_ADDR) + 4 * j);
			page(&x, out, base + (j << 12), pde, pte);
		}
	}
}

const char *amap_attrs(uint32_t flags, char buf[4])
{
	buf[0] = flags & PTE_P ? (flags & PTE_U ? 'u' : '-') : '-';
	buf[1] = flags & PTE_P ? 'r' : '-';
	buf[2] = flags & PTE_P && flags & PTE_W ? 'w' : '-';
	buf[3] = 0;
	return buf;
}
