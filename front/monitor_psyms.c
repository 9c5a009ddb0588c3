/*
 * Each process's own symbols. The first process has the loaded program's
 * (mon->syms); a forked child gets a copy of its parent's, and an exec
 * the new program's, parsed from the file the kernel read for it (the
 * kernel keeps that file while the monitor asks it to: keep_exec_image).
 * A symbol is looked up in the table of the process whose page directory
 * CR3 holds, so `backtrace` in a child of sh names sh's functions and,
 * after its exec, those of the new program.
 */
#include "monitor.h"

#include "../kernel/kernel.h"

#include <stdlib.h>
#include <string.h>

void mon_psyms_reset(struct monitor *mon)
{
	for (int k = 0; k < MON_MAX_PSYMS; k++)
		if (mon->psyms[k].used) {
			symtab_free(&mon->psyms[k].st);
			mon->psyms[k].used = false;
		}
}

static struct mon_psym *find_pid(struct monitor *mon, int pid)
{
	for (int k = 0; k < MON_MAX_PSYMS; k++)
		if (mon->psyms[k].used && mon->psyms[k].pid == pid)
			return &mon->psyms[k];
	return NULL;
}

/* A fresh (empty) table for pid, replacing an old one; NULL when full. */
static struct mon_psym *new_pid(struct monitor *mon, int pid)
{
	struct mon_psym *p = find_pid(mon, pid);
	if (p) {
		symtab_free(&p->st);
	} else {
		for (int k = 0; k < MON_MAX_PSYMS && !p; k++)
			if (!mon->psyms[k].used)
				p = &mon->psyms[k];
		if (!p)
			return NULL;
	}
	memset(p, 0, sizeof(*p));
	p->used = true;
	p->pid = pid;
	return p;
}

/* A process without an own table has the loaded program's. */
static const struct symtab *table_of(struct monitor *mon, int pid)
{
	const struct mon_psym *p = find_pid(mon, pid);
	return p ? &p->st : &mon->syms;
}

void mon_psyms_syscall(struct monitor *mon, const struct syscall_event *ev)
{
	struct kernel *k = machine_kernel(mon->m);
	if (!k || !k->cur || !ev->name || !ev->returns || ev->ret < 0)
		return;
	int pid = k->cur->pid;
	if (strcmp(ev->name, "fork") == 0 && ev->ret > 0) {
		/* The event comes in the parent, with the child's pid. */
		const struct symtab *src = table_of(mon, pid);
		const struct mon_psym *pp = find_pid(mon, pid);
		bool main_image = !pp || pp->main_image;
		struct mon_psym *c = new_pid(mon, ev->ret);
		if (c)
			c->main_image = main_image;
		if (c && symtab_copy(&c->st, src) < 0)
			printf("warning: pid %d: out of memory for its symbols\n", ev->ret);
	} else if (strncmp(ev->name, "exec", 4) == 0 && k->exec_file && k->exec_pid == pid) {
		struct mon_psym *p = new_pid(mon, pid);
		char err[160];
		if (!p)
			return;
		if (symtab_parse(&p->st, k->exec_file, k->exec_size, err, sizeof(err)) < 0)
			printf("warning: pid %d: no symbols: %s\n", pid, err);
		symtab_add_kernel(&p->st, k);
		free(k->exec_file); /* parsed: the kernel need not keep it */
		k->exec_file = NULL;
	}
}

const struct symtab *mon_symtab(struct monitor *mon, uint32_t addr)
{
	if (!mon->m)
		return &mon->syms;
	struct kernel *k = machine_kernel(mon->m);
	struct cpu *c = machine_cpu(mon->m);
	uint32_t cr3 = cpu_get_cr(c, 3) & PTE_ADDR;
	if (k && addr < KERNBASE)
		for (int n = 0; n < NPROC; n++)
			if (k->procs[n].state != P_UNUSED && k->procs[n].pgdir == cr3) {
				const struct mon_psym *p = find_pid(mon, k->procs[n].pid);
				if (p)
					return &p->st;
				break;
			}
	const struct symtab *st = trace_syms_for(&mon->syms, mon->syms_cr3, c, addr);
	return st ? st : &mon->no_syms;
}

bool mon_psyms_main(struct monitor *mon)
{
	if (!mon->m)
		return false;
	struct kernel *k = machine_kernel(mon->m);
	struct cpu *c = machine_cpu(mon->m);
	uint32_t cr3 = cpu_get_cr(c, 3) & PTE_ADDR;
	if (!k)
		return true;
	for (int n = 0; n < NPROC; n++)
		if (k->procs[n].state != P_UNUSED && k->procs[n].pgdir == cr3) {
			const struct mon_psym *p = find_pid(mon, k->procs[n].pid);
			return p ? p->main_image : (cr3 == (mon->syms_cr3 & PTE_ADDR));
		}
	return false;
}
