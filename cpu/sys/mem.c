/*
 * The slow paths of memory access: TLB misses, page-crossing accesses,
 * physical addresses outside RAM, writes to pages holding decoded code,
 * and the #PF that a refused translation becomes (SDM vol. 3 §4.7).
 */
#include "sys.h"

__attribute__((noreturn)) static void page_fault(struct cpu *c, uint32_t lin, uint32_t err)
{
	/* CR2 holds the linear address that caused the fault (SDM §4.7). */
	c->cr2 = lin;
	cpu_raise(c, EXC_PF, err);
}

/* Translates one page's worth of an access; faults on refusal. Returns the
 * host pointer (NULL outside RAM) and the physical address. */
static uint8_t *translate(struct cpu *c, uint32_t lin, unsigned acc, uint32_t *paddr)
{
	struct tlb_entry *e = tlb_slot(&c->mmu, lin);
	uint32_t need = (acc & ACC_USER) ? ((acc & ACC_WRITE) ? TLB_W_USER : TLB_R_USER)
					 : ((acc & ACC_WRITE) ? TLB_W_SUP : TLB_R_SUP);
	/* A write to a watched page is let through here (its caller,
	 * mem_write_slow, checks the bytes it writes against the watched ones);
	 * a probe needs the same permission. */
	if (acc & ACC_WRITE)
		need |= TLB_W_WATCHED(need);
	if (e->vpage == lin >> PAGE_SHIFT && (e->perm & need)) {
		*paddr = (e->ppage << PAGE_SHIFT) | (lin & PAGE_MASK);
		return e->host + (lin & PAGE_MASK);
	}
	uint32_t err = 0;
	if (mmu_translate(&c->mmu, lin, acc, &e, paddr, &err) < 0)
		page_fault(c, lin, err);
	return phys_ptr(c->pm, *paddr, 1);
}

uint32_t mem_read_slow(struct cpu *c, uint32_t lin, unsigned size, unsigned acc)
{
	uint32_t first = PAGE_SIZE - (lin & PAGE_MASK);
	uint32_t pa0, pa1 = 0;
	uint8_t *h0 = translate(c, lin, acc, &pa0);
	uint8_t *h1 = NULL;
	if (first < size)
		h1 = translate(c, lin + first, acc, &pa1);
	uint32_t v = 0;
	for (unsigned k = 0; k < size; k++) {
		uint8_t *h = k < first ? h0 : h1;
		unsigned off = k < first ? k : k - first;
		v |= (uint32_t)(h ? h[off] : 0xff) << (8 * k);
	}
	return v;
}

void mem_write_slow(struct cpu *c, uint32_t lin, unsigned size, uint32_t val, unsigned acc)
{
	/* Beside decoded code in its page: a plain store. */
	uint8_t *p = watched_store_ptr(c, lin, size, (acc & ACC_USER) ? TLB_W_USER : TLB_W_SUP);
	if (p) {
		store_le(p, size, val);
		return;
	}
	/* Both pages are checked before any byte is written, so a fault on the
	 * second page leaves memory unchanged. */
	uint32_t first = PAGE_SIZE - (lin & PAGE_MASK);
	uint32_t pa0, pa1 = 0;
	uint8_t *h0 = translate(c, lin, acc, &pa0);
	uint8_t *h1 = NULL;
	if (first < size)
		h1 = translate(c, lin + first, acc, &pa1);
	for (unsigned k = 0; k < size; k++) {
		uint8_t *h = k < first ? h0 : h1;
		unsigned off = k < first ? k : k - first;
		if (h)
			h[off] = (uint8_t)(val >> (8 * k));
	}
	/* Only a write into watched bytes drops decoded code (phys.h): a
	 * store into data beside code in the same page is a plain store. */
	bool code = phys_note_store(c->pm, pa0, first < size ? first : size);
	if (first < size)
		code |= phys_note_store(c->pm, pa1, size - first);
	/* Self-modifying code: the instructions after this one in the current
	 * decoded block may be stale; make the loop look around (exec.c). */
	if (code) {
		c->event_at = 0;
		c->fast_end = NULL;
	}
}

uint8_t *watched_store_ptr(struct cpu *c, uint32_t lin, unsigned size, uint32_t wperm)
{
	struct tlb_entry *e = tlb_slot(&c->mmu, lin);
	uint32_t off = lin & PAGE_MASK;
	if (e->vpage != lin >> PAGE_SHIFT || !(e->perm & TLB_W_WATCHED(wperm)) ||
	    off > PAGE_SIZE - size)
		return NULL;
	struct phys_mem *pm = c->pm;
	if (!pm->code_page[e->ppage]) {
		/* No longer watched (its code was written): write access back. */
		tlb_set(&c->mmu, e, e->vpage,
			(e->perm & ~(TLB_WW_SUP | TLB_WW_USER)) |
			    ((e->perm >> 3) & (TLB_W_SUP | TLB_W_USER)));
	} else if (pm->code_bits[e->ppage] & phys_chunks(off, size)) {
		return NULL; /* into decoded code: mem_write_slow drops it */
	}
	return e->host + off;
}

void mem_probe_write_slow(struct cpu *c, uint32_t lin, unsigned size)
{
	if (watched_store_ptr(c, lin, size, c->wperm))
		return;
	uint32_t first = PAGE_SIZE - (lin & PAGE_MASK), pa;
	(void)translate(c, lin, c->acc_user | ACC_WRITE, &pa);
	if (first < size)
		(void)translate(c, lin + first, c->acc_user | ACC_WRITE, &pa);
}

uint8_t *rmw_slow(struct cpu *c, uint32_t lin, unsigned size)
{
	uint8_t *p = watched_store_ptr(c, lin, size, c->wperm);
	if (p)
		return p;
	/* Translate for writing first: an instruction that reads and writes
	 * its destination faults with W/R = 1 even where the page is not
	 * present or not readable (SDM vol. 3 §4.7: W/R says whether the access
	 * causing the fault was a write; Intel and AMD CPUs check an RMW
	 * destination for writing on its first access, so `add %eax,(mem)` on
	 * a not-present page reports 0x6 at CPL 3, measured on the host; QEMU's
	 * TCG, which loads first, reports 0x4). Then rewrite the current
	 * value: it sets the dirty bit and notes a write to a code page. */
	mem_probe_write_slow(c, lin, size);
	uint32_t v = mem_read_slow(c, lin, size, c->acc_user);
	mem_write_slow(c, lin, size, v, c->acc_user | ACC_WRITE);
	struct tlb_entry *e = tlb_slot(&c->mmu, lin);
	if (e->vpage == lin >> PAGE_SHIFT && (e->perm & c->wperm) &&
	    (lin & PAGE_MASK) <= PAGE_SIZE - size)
		return e->host + (lin & PAGE_MASK);
	return NULL;
}

/* Implicit supervisor accesses (descriptor tables, TSS, SDM vol. 3 §4.6)
 * take the TLB fast path with the supervisor permission bits whatever the
 * CPL: a system call loads several segment registers, each reading its
 * descriptor twice. */
uint32_t sup_read(struct cpu *c, uint32_t lin, unsigned size)
{
	struct tlb_entry *e = tlb_slot(&c->mmu, lin);
	if (likely(e->vpage == lin >> PAGE_SHIFT && (e->perm & TLB_R_SUP) &&
		   (lin & PAGE_MASK) <= PAGE_SIZE - size))
		return load_le(e->host + (lin & PAGE_MASK), size);
	return mem_read_slow(c, lin, size, 0);
}

void sup_write(struct cpu *c, uint32_t lin, unsigned size, uint32_t val)
{
	struct tlb_entry *e = tlb_slot(&c->mmu, lin);
	if (likely(e->vpage == lin >> PAGE_SHIFT && (e->perm & TLB_W_SUP) &&
		   (lin & PAGE_MASK) <= PAGE_SIZE - size)) {
		store_le(e->host + (lin & PAGE_MASK), size, val);
		return;
	}
	mem_write_slow(c, lin, size, val, ACC_WRITE);
}

static uint32_t copy_probe(struct cpu *c, uint32_t lin, uint8_t *buf, const uint8_t *src,
			   uint32_t len, bool user)
{
	uint32_t done = 0;
	while (done < len) {
		struct walk w;
		uint32_t err;
		unsigned acc = ACC_PROBE | (user ? ACC_USER : 0) | (src ? ACC_WRITE : 0);
		if (page_walk(&c->mmu, lin + done, acc, &w, &err) < 0)
			break;
		uint32_t chunk = PAGE_SIZE - ((lin + done) & PAGE_MASK);
		if (chunk > len - done)
			chunk = len - done;
		uint8_t *h = phys_ptr(c->pm, w.paddr, chunk);
		if (!h)
			break;
		if (src) {
			memcpy(h, src + done, chunk);
			phys_note_store(c->pm, w.paddr, chunk);
		} else {
			memcpy(buf + done, h, chunk);
		}
		done += chunk;
	}
	return done;
}

uint32_t cpu_peek(struct cpu *c, uint32_t lin, void *buf, uint32_t len, bool user)
{
	return copy_probe(c, lin, buf, NULL, len, user);
}

uint32_t cpu_poke(struct cpu *c, uint32_t lin, const void *buf, uint32_t len, bool user)
{
	/* A debugger write ignores write protection, as gdb's does. */
	uint32_t done = 0;
	while (done < len) {
		struct walk w;
		uint32_t err;
		if (page_walk(&c->mmu, lin + done, ACC_PROBE | (user ? ACC_USER : 0), &w, &err) < 0)
			break;
		uint32_t chunk = PAGE_SIZE - ((lin + done) & PAGE_MASK);
		if (chunk > len - done)
			chunk = len - done;
		uint8_t *h = phys_ptr(c->pm, w.paddr, chunk);
		if (!h)
			break;
		memcpy(h, (const uint8_t *)buf + done, chunk);
		phys_note_store(c->pm, w.paddr, chunk);
		done += chunk;
	}
	(void)copy_probe;
	return done;
}
