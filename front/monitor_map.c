/* The monitor's `info map [PID]`: the address space as QEMU's `info mem`
 * prints it (one line per range of pages with the same attributes:
 * start-end size urw), each range named: text, data, heap, stack, the
 * guard pages, and in the kernel half the GDT, IDT, TSS, trap stubs and
 * kernel stack, found where the CPU's GDTR, IDTR and TR point. */
#include "monitor.h"
#include "view_map.h"

#include <stdlib.h>

int mon_info_map(struct monitor *mon, const char *args);

int mon_info_map(struct monitor *mon, const char *args)
{
	struct cpu *c = machine_cpu(mon->m);
	struct kernel *k = mon->cfg.bare ? NULL : machine_kernel(mon->m);
	const struct proc *p = k ? k->cur : NULL;
	if (!(cpu_get_cr(c, 0) & CR0_PG)) {
		printf("paging is off (CR0.PG = 0): linear addresses are physical\n");
		return 0;
	}
	if (*args) {
		char *end;
		long pid = strtol(args, &end, 10);
		if (*end || end == args || !k)
			return mon_err(mon, "usage: info map [PID]%s",
				       k ? "" : " (PID needs the emulated kernel)");
		p = NULL;
		for (int i = 0; i < NPROC; i++)
			if (k->procs[i].state != P_UNUSED && k->procs[i].state != P_ZOMBIE &&
			    k->procs[i].pid == pid)
				p = &k->procs[i];
		if (!p)
			return mon_err(mon, "no process %ld", pid);
	}
	struct amap *map = malloc(sizeof(*map));
	if (!map)
		return mon_err(mon, "out of memory");
	amap_build(c, c->pm, k, p, map);
	if (p)
		printf("address space of pid %d (%s), page directory at 0x%08x:\n", p->pid, p->name,
		       p->pgdir);
	else
		printf("address space of CR3 0x%08x:\n", cpu_get_cr(c, 3) & PTE_ADDR);
	char a[4];
	for (int i = 0; i < map->n; i++) {
		const struct amap_range *r = &map->r[i];
		uint64_t end = (uint64_t)r->start + (uint64_t)r->npages * PAGE_SIZE;
		printf("%08x-%08llx %08llx %s %s\n", r->start, (unsigned long long)end,
		       (unsigned long long)(end - r->start), amap_attrs(r->flags, a), r->what);
	}
	if (map->cut)
		printf("(more ranges than %d: the rest is not shown)\n", AMAP_MAX);
	free(map);
	return 0;
}
