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
	if (p && write) {
		phys_note_write(k->pm, w.paddr);
		phys_note_write(k->pm, w.paddr + *len - 1);
	}
	return p;
}

int user_range_ok(struct kernel *k, uint32_t uva, uint32_t len, bool write)
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

int copyin(struct kernel *k, void *dst, uint32_t uva, uint32_t len)
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

int copyout(struct kernel *k, uint32_t uva, const void *src, uint32_t len)
{
	const uint8_t *s = src;
	if ((uint64_t)uva + len > USER_TOP)
		return -EFAULT;
	/* Check every page first, so a bad tail leaves the buffer untouched. */
	if (user_range_ok(k, uva, len, true) < 0)
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

int copyinstr(struct kernel *k, char *dst, uint32_t uva, uint32_t max)
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
