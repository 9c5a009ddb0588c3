/*
 * Thread-local storage as Linux i386 gives it (arch/x86/kernel/tls.c):
 * set_thread_area installs a data segment descriptor in one of GDT entries
 * 6-8, which the program then loads into %gs; every %gs: access goes
 * through that segment's base and limit, checked like any segment (SDM
 * vol. 3 §3.4.5, §5.3). The entries belong to the process: they are saved
 * in struct proc and written into the GDT when it is switched in.
 */
#include "abi_linux.h"

#include <string.h>

/* struct user_desc (asm/ldt.h): entry_number, base_addr, limit, and flag
 * bits seg_32bit 0, contents 1-2, read_exec_only 3, limit_in_pages 4,
 * seg_not_present 5, useable 6. */
struct user_desc {
	uint32_t entry_number, base_addr, limit, flags;
};

void tls_load(struct kernel *k, const struct proc *p)
{
	uint8_t *gdt = phys_ptr(k->pm, PA_GDT + 8 * GDT_TLS_FIRST, 8 * GDT_TLS_COUNT);
	if (!gdt || memcmp(gdt, p->tls, sizeof(p->tls)) == 0)
		return;
	for (unsigned i = 0; i < GDT_TLS_COUNT; i++) {
		phys_write32(k->pm, PA_GDT + 8 * (GDT_TLS_FIRST + i), p->tls[i][0]);
		phys_write32(k->pm, PA_GDT + 8 * (GDT_TLS_FIRST + i) + 4, p->tls[i][1]);
	}
}

/* The descriptor for `u` (SDM vol. 3 figure 3-8): a present, DPL 3, data
 * segment, read/write unless read_exec_only. Linux's "empty" descriptor
 * (base, limit and flags all 0 but seg_not_present and read_exec_only)
 * clears the entry. -EINVAL for code segments (contents 2, 3) and for a
 * segment that would reach kernel memory. */
static int make_desc(const struct user_desc *u, uint32_t d[2])
{
	unsigned contents = (u->flags >> 1) & 3;
	bool read_only = u->flags & 8, pages = u->flags & 16, absent = u->flags & 32;
	if (u->base_addr == 0 && u->limit == 0 && (u->flags & ~(8u | 32u | 64u)) == 0 &&
	    read_only && absent) {
		d[0] = d[1] = 0;
		return 0;
	}
	if (contents >= 2 || !(u->flags & 1))
		return -EINVAL; /* code, or a 16-bit segment */
	if (u->limit > 0xfffff)
		return -EINVAL;
	/* The base must be a user address. A flat 4 GiB segment (what glibc
	 * and musl ask for: offsets wrap around) reaches no further than the
	 * user data segment 0x23 does, so paging's U/S bit guards the kernel as
	 * for any user access; any other segment must end below USER_TOP. */
	uint64_t last =
	    (uint64_t)u->base_addr + (pages ? ((uint64_t)u->limit << 12) | 0xfff : u->limit);
	bool flat = pages && u->limit == 0xfffff;
	if (!absent && (u->base_addr >= USER_TOP || (!flat && last >= USER_TOP)))
		return -EINVAL;
	unsigned type = (read_only ? 0 : 2) | (contents << 2); /* data, expand-down if 1 */
	unsigned access = (absent ? 0 : 0x80) | (3 << 5) | 0x10 | type;
	unsigned fl = (pages ? 8 : 0) | 4 | ((u->flags & 64) ? 1 : 0); /* G, D/B, AVL */
	d[0] = (u->limit & 0xffff) | (u->base_addr << 16);
	d[1] = ((u->base_addr >> 16) & 0xff) | (access << 8) | (u->limit & 0xf0000u) | (fl << 20) |
	       (u->base_addr & 0xff000000u);
	return 0;
}

int32_t linux_set_thread_area(struct kernel *k, const uint32_t *a)
{
	struct user_desc u;
	if (copyin(k, &u, a[0], sizeof(u)) < 0)
		return -EFAULT;
	struct proc *p = k->cur;
	uint32_t idx = u.entry_number;
	if (idx == 0xffffffffu) {
		for (idx = GDT_TLS_FIRST; idx < GDT_TLS_FIRST + GDT_TLS_COUNT; idx++)
			if (!p->tls[idx - GDT_TLS_FIRST][1])
				break;
		if (idx == GDT_TLS_FIRST + GDT_TLS_COUNT)
			return -ESRCH;
		if (copyout(k, a[0], &idx, 4) < 0)
			return -EFAULT;
	}
	if (idx < GDT_TLS_FIRST || idx >= GDT_TLS_FIRST + GDT_TLS_COUNT)
		return -EINVAL;
	uint32_t d[2];
	int r = make_desc(&u, d);
	if (r < 0)
		return r;
	p->tls[idx - GDT_TLS_FIRST][0] = d[0];
	p->tls[idx - GDT_TLS_FIRST][1] = d[1];
	tls_load(k, p);
	return 0;
}
