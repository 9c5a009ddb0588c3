/* The address-space map of a process: its pages as ranges of equal
 * attributes, each named (text, data, heap, stack, guard page, and in the
 * kernel half the GDT, IDT, TSS, trap stubs and kernel stack). Used by the
 * tracer's `map` events (the pictures, docs/view.md) and the monitor's
 * `info map` (docs/monitor.md). */
#ifndef FRONT_VIEW_MAP_H
#define FRONT_VIEW_MAP_H

#include "../kernel/kernel.h"

#include <stdbool.h>
#include <stdint.h>

#define AMAP_MAX 48

struct amap_range {
	uint32_t start;	 /* first byte */
	uint32_t npages; /* 4 KiB pages */
	uint32_t flags;	 /* PTE_P, PTE_U, PTE_W as PDE and PTE together grant them */
	const char *what;
};

struct amap {
	struct amap_range r[AMAP_MAX];
	int n;
	bool cut; /* more ranges than AMAP_MAX */
};

/* The map of `p`'s page directory (NULL: the CPU's CR3) as the CPU would
 * see it now. `k` NULL: a bare machine, the ranges are only user or
 * supervisor. */
void amap_build(const struct cpu *c, const struct phys_mem *pm, const struct kernel *k,
		const struct proc *p, struct amap *out);
/* "urw" as QEMU's `info mem` writes it: u or - (U/S), r, w or - (R/W). */
const char *amap_attrs(uint32_t flags, char buf[4]);

#endif
