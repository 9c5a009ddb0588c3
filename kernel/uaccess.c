/*
 * copyin/copyout/copyinstr: the kernel's only way into user memory. Each
 * page is translated by the MMU's page walk with *user* permissions, so a
 * user pointer into kernel space, an unmapped page, or (for copyout) a
 * read-only page gives -EFAULT, exactly as a user access would fault. The
 * host never dereferences a guest address: it reaches the physical page
 * through the bounded phys_mem array.
 */
#include "kernel.h"

#include <string.h>

/* Host pointer for up to `len` bytes at user address `uva` within one page,
 * or NULL. Sets accessed/dirty bits as the user access would. */
static uint8_t *user_page(struct kernel *k, uint32_t uva, uint32_t *len, bool write)
{
	struct walk w;
	uint32_t err;
	if (uva >= USER_TOP)
		return NULL;
	if (page_walk(&k->cpu->mmu, uva, ACC_USER | (write ? ACC_WRITE : 0), &w, &err) < 0)
		return NULL;
	uint32_t room = PAGE_SIZE - (uva & PAGE_MASK);
	if (*len > room)
		*len = room;
	uint8_t *p = phys_ptr(k->pm, w.paddr, *len);
	/* The caller writes exactly these bytes, all in this page: decoded
	 * code and watched descriptors in chunks they miss stay, as for a
	 * store by the CPU (phys_note_store), so a read() into a buffer that
	 * shares a page with code (ld -N) costs no decoding. */
	if (p && write && *len)
		phys_note_store(k->pm, w.paddr, *len);
	return p;
}

static int range_ok_pages(struct kernel *k, uint32_t uva, uint32_t len, bool write)
{
	if ((uint64_t)uva + len > USER_TOP)
		return -EFAULT;
	for (uint32_t off = 0; off < len;) {
		struct walk w;
		uint32_t err;
		unsigned acc = ACC_USER | ACC_PROBE | (write ? ACC_WRITE : 0);
		if (page_walk(&k->cpu->mmu, uva + off, acc, &w, &err) < 0)
			return -EFAULT;
		off += PAGE_SIZE - ((uva + off) & PAGE_MASK);
	}
	return 0;
}

/* The entries the walk of `va` reads, looked up without side effects. */
static void read_entries(struct kernel *k, uint32_t va, struct uaccess_walk *w)
{
	const struct mmu *m = &k->cpu->mmu;
	w->va = va & ~PAGE_MASK;
	w->pde = phys_read32(k->pm, (m->cr3 & PTE_ADDR) + (va >> 22) * 4);
	if (!(w->pde & PTE_P))
		w->pte = 0;
	else if ((w->pde & PTE_PS) && (m->cr4 & CR4_PSE))
		w->pte = w->pde;
	else
		w->pte = phys_read32(k->pm, (w->pde & PTE_ADDR) + ((va >> 12) & 0x3ff) * 4);
}

/* Tells the subscriber about one finished copy: the walks of the pages of
 * [uva, uva+span) up to the first that refuses a user access. Done after
 * the copy from the unchanged page tables, so the copy itself pays only
 * the test of the hook when nobody listens. */
static void note_access(struct kernel *k, const char *fn, uint32_t uva, uint32_t len, uint32_t span,
			bool write, int result)
{
	struct uaccess_event ev = {.fn = fn,
				   .uva = uva,
				   .len = len,
				   .write = write,
				   .result = result,
				   .pid = k->cur ? k->cur->pid : 0};
	ev.beyond_user = (uint64_t)uva + len > USER_TOP;
	uint64_t end = (uint64_t)uva + (span ? span : 1);
	for (uint64_t a = uva; a < end && a <= 0xffffffffu; a = (a | PAGE_MASK) + 1) {
		struct uaccess_walk w;
		struct walk pw;
		read_entries(k, (uint32_t)a, &w);
		unsigned acc = ACC_USER | ACC_PROBE | (write ? ACC_WRITE : 0);
		w.pf_err = 0;
		w.ok = (uint32_t)a < USER_TOP &&
		       page_walk(&k->cpu->mmu, (uint32_t)a, acc, &pw, &w.pf_err) == 0;
		if ((uint32_t)a >= USER_TOP && !w.pf_err)
			w.pf_err = PF_U | (write ? PF_W : 0) | (w.pde & w.pte & PTE_P ? PF_P : 0);
		ev.walk[ev.npages < UACCESS_WALKS ? ev.npages : UACCESS_WALKS - 1] = w;
		ev.npages++;
		if (!w.ok)
			break;
	}
	k->hooks.on_uaccess(k->hooks.opaque, &ev);
}

static int range_ok_pages(struct kernel *k, uint32_t uva, uint32_t len, bool write);
static int copyin_pages(struct kernel *k, void *dst, uint32_t uva, uint32_t len);
static int copyout_pages(struct kernel *k, uint32_t uva, const void *src, uint32_t len);
static int copyinstr_pages(struct kernel *k, char *dst, uint32_t uva, uint32_t max);

/* A check before a transfer in pieces (read, write): an access too. */
int user_range_ok(struct kernel *k, uint32_t uva, uint32_t len, bool write)
{
	int r = range_ok_pages(k, uva, len, write);
	if (k->hooks.on_uaccess)
		note_access(k, "user_range_ok", uva, len, len, write, r);
	return r;
}

int copyin(struct kernel *k, void *dst, uint32_t uva, uint32_t len)
{
	int r = copyin_pages(k, dst, uva, len);
	if (k->hooks.on_uaccess)
		note_access(k, "copyin", uva, len, len, false, r);
	return r;
}

int copyout(struct kernel *k, uint32_t uva, const void *src, uint32_t len)
{
	int r = copyout_pages(k, uva, src, len);
	if (k->hooks.on_uaccess)
		note_access(k, "copyout", uva, len, len, true, r);
	return r;
}

int copyinstr(struct kernel *k, char *dst, uint32_t uva, uint32_t max)
{
	int r = copyinstr_pages(k, dst, uva, max);
	if (k->hooks.on_uaccess)
		note_access(k, "copyinstr", uva, max, r >= 0 ? (uint32_t)r + 1 : max, false, r);
	return r;
}

static int copyin_pages(struct kernel *k, void *dst, uint32_t uva, uint32_t len)
{
	uint8_t *d = dst;
	if ((uint64_t)uva + len > USER_TOP)
		return -EFAULT;
	while (len > 0) {
		uint32_t n = len;
		uint8_t *p = user_page(k, uva, &n, false);
		if (!p)
			return -EFAULT;
		memcpy(d, p, n);
		d += n;
		uva += n;
		len -= n;
	}
	return 0;
}

static int copyout_pages(struct kernel *k, uint32_t uva, const void *src, uint32_t len)
{
	const uint8_t *s = src;
	if ((uint64_t)uva + len > USER_TOP)
		return -EFAULT;
	/* Check every page first, so a bad tail leaves the buffer untouched. */
	if (range_ok_pages(k, uva, len, true) < 0)
		return -EFAULT;
	while (len > 0) {
		uint32_t n = len;
		uint8_t *p = user_page(k, uva, &n, true);
		if (!p)
			return -EFAULT;
		memcpy(p, s, n);
		s += n;
		uva += n;
		len -= n;
	}
	return 0;
}

static int copyinstr_pages(struct kernel *k, char *dst, uint32_t uva, uint32_t max)
{
	uint32_t done = 0;
	while (done < max) {
		uint32_t n = max - done;
		uint8_t *p = user_page(k, uva + done, &n, false);
		if (!p)
			return -EFAULT;
		for (uint32_t i = 0; i < n; i++) {
			dst[done + i] = (char)p[i];
			if (!p[i])
				return (int)(done + i);
		}
		done += n;
	}
	if (max)
		dst[max - 1] = 0;
	return -ENAMETOOLONG;
}
