/*
 * info pt, tlb, proc, fds, syscalls, symbol: paging (SDM vol. 3 §4.3,
 * 32-bit paging, tables 4-4 to 4-6) and the emulated kernel's process.
 */
#include "monitor.h"

#include "../kernel/kernel.h"

#include <string.h>

int mon_info_pt(struct monitor *mon, const char *args);
int mon_info_tlb(struct monitor *mon, const char *args);
int mon_info_proc(struct monitor *mon, const char *args);
int mon_info_fds(struct monitor *mon, const char *args);
int mon_info_syscalls(struct monitor *mon, const char *args);
int mon_info_symbol(struct monitor *mon, const char *args);

static void flags(uint32_t e, bool pde)
{
	printf("[%s%s%s%s%s%s%s%s ]", e & PTE_P ? " P" : " NP", e & PTE_W ? " W" : " R",
	       e & PTE_U ? " U" : " S", e & 0x8 ? " PWT" : "", e & 0x10 ? " PCD" : "",
	       e & PTE_A ? " A" : "", (!pde || (e & PTE_PS)) && (e & PTE_D) ? " D" : "",
	       pde && (e & PTE_PS) ? " PS" : "");
}

static bool read_phys32(struct cpu *c, uint32_t pa, uint32_t *v)
{
	const uint8_t *p = phys_ptr(c->pm, pa, 4);
	if (!p)
		return false;
	memcpy(v, p, 4);
	return true;
}

/* The walk for one address, entry by entry, without side effects. */
static int walk_one(struct monitor *mon, uint32_t va)
{
	struct cpu *c = machine_cpu(mon->m);
	uint32_t cr3 = cpu_get_cr(c, 3) & PTE_ADDR, pde, pte;
	if (!(cpu_get_cr(c, 0) & CR0_PG)) {
		printf("paging is off (CR0.PG = 0): linear 0x%08x = physical\n", va);
		return 0;
	}
	unsigned di = va >> 22, ti = (va >> 12) & 0x3ff;
	printf("linear 0x%08x: directory index %u, table index %u, offset 0x%03x\n", va, di, ti,
	       va & PAGE_MASK);
	if (!read_phys32(c, cr3 + 4 * di, &pde))
		return mon_err(mon, "the page directory (0x%08x) is outside RAM", cr3);
	printf("  PDE at phys 0x%08x = 0x%08x ", cr3 + 4 * di, pde);
	flags(pde, true);
	putchar('\n');
	if (!(pde & PTE_P))
		return printf("  not mapped (PDE not present): #PF\n"), 0;
	if ((pde & PTE_PS) && (cpu_get_cr(c, 4) & CR4_PSE)) {
		printf("  4 MiB page at phys 0x%08x\n", pde & 0xffc00000u);
	} else {
		uint32_t pt = pde & PTE_ADDR;
		if (!read_phys32(c, pt + 4 * ti, &pte))
			return mon_err(mon, "the page table (0x%08x) is outside RAM", pt);
		printf("  PTE at phys 0x%08x = 0x%08x ", pt + 4 * ti, pte);
		flags(pte, false);
		putchar('\n');
		if (!(pte & PTE_P))
			return printf("  not mapped (PTE not present): #PF\n"), 0;
	}
	/* The permission result comes from the MMU's own walk (ACC_PROBE). */
	struct walk w;
	uint32_t err;
	if (page_walk(&c->mmu, va, ACC_PROBE, &w, &err) == 0)
		printf("  -> physical 0x%08x, %s %s\n", w.paddr,
		       w.perm & TLB_R_USER ? "user" : "supervisor-only",
		       w.perm & (TLB_W_USER | TLB_W_SUP) ? "read/write" : "read-only");
	return 0;
}

/* Without an address: the user half, as runs of contiguous pages. */
static int user_map(struct monitor *mon)
{
	struct cpu *c = machine_cpu(mon->m);
	uint32_t cr3 = cpu_get_cr(c, 3) & PTE_ADDR;
	uint32_t run_start = 0, run_flags = 0, run_len = 0;
	printf("user mappings (CR3 0x%08x):\n", cr3);
	for (uint32_t di = 0; di < 768; di++) {
		uint32_t pde;
		if (!read_phys32(c, cr3 + 4 * di, &pde) || !(pde & PTE_P))
			continue;
		for (uint32_t ti = 0; ti < 1024; ti++) {
			uint32_t pte, va = (di << 22) | (ti << 12);
			if (!read_phys32(c, (pde & PTE_ADDR) + 4 * ti, &pte) || !(pte & PTE_P))
				pte = 0;
			uint32_t f = pte & (PTE_P | PTE_W | PTE_U);
			if (run_len && (f != run_flags || va != run_start + run_len * PAGE_SIZE)) {
				printf("  0x%08x-0x%08x %4u pages ", run_start,
				       run_start + run_len * PAGE_SIZE - 1, run_len);
				flags(run_flags, false);
				putchar('\n');
				run_len = 0;
			}
			if (!f)
				continue;
			if (!run_len) {
				run_start = va;
				run_flags = f;
			}
			run_len++;
		}
	}
	if (run_len) {
		printf("  0x%08x-0x%08x %4u pages ", run_start, run_start + run_len * PAGE_SIZE - 1,
		       run_len);
		flags(run_flags, false);
		putchar('\n');
	}
	printf("kernel: 0x%08x and above, supervisor-only (`info pt ADDR` to walk)\n", KERNBASE);
	return 0;
}

int mon_info_pt(struct monitor *mon, const char *args)
{
	uint32_t va;
	if (!*args)
		return user_map(mon);
	if (mon_eval(mon, args, &va) < 0)
		return -1;
	return walk_one(mon, va);
}

int mon_info_tlb(struct monitor *mon, const char *args)
{
	(void)args;
	struct mmu *m = &machine_cpu(mon->m)->mmu;
	unsigned n = 0;
	for (unsigned k = 0; k < TLB_SIZE; k++) {
		const struct tlb_entry *e = &m->tlb[k];
		if (e->vpage == TLB_INVALID)
			continue;
		printf("%3u  linear 0x%08x -> phys 0x%08x  sup %s%s  user %s%s\n", k,
		       e->vpage << PAGE_SHIFT, e->ppage << PAGE_SHIFT,
		       e->perm & TLB_R_SUP ? "r" : "-", e->perm & TLB_W_SUP ? "w" : "-",
		       e->perm & TLB_R_USER ? "r" : "-", e->perm & TLB_W_USER ? "w" : "-");
		n++;
	}
	printf("%u of %u entries valid\n", n, TLB_SIZE);
	return 0;
}

static const char *pstate(enum proc_state s)
{
	switch (s) {
	case P_RUNNABLE: return "runnable";
	case P_RUNNING: return "running";
	case P_SLEEPING: return "sleeping";
	case P_ZOMBIE: return "zombie";
	default: return "unused";
	}
}

/* The machine ends with the first process: no process runs after that,
 * whatever its last state was. */
static const char *proc_state_name(const struct kernel *k, const struct proc *q)
{
	if (k->state != K_RUNNING && q->state == P_RUNNING)
		return k->state == K_EXITED ? "exited" : "killed";
	return pstate(q->state);
}

int mon_info_proc(struct monitor *mon, const char *args)
{
	(void)args;
	struct kernel *k = machine_kernel(mon->m);
	const struct proc *p = k->cur;
	if (!p)
		return mon_err(mon, "no current process");
	printf("current: pid %d  name %s  page directory at phys 0x%08x\n", p->pid, p->name,
	       p->pgdir);
	printf("heap 0x%08x-0x%08x (program break 0x%08x)\n", p->heap_base, p->brk, p->brk);
	printf("  PID  PPID STATE     PGDIR      NAME\n");
	for (int n = 0; n < NPROC; n++) {
		const struct proc *q = &k->procs[n];
		if (q->state == P_UNUSED)
			continue;
		const char *st = proc_state_name(k, q);
		printf("%c%4d %5d %-9s 0x%08x %s\n", q == p ? '*' : ' ', q->pid,
		       q->parent ? q->parent->pid : 0, st, q->pgdir, q->name);
	}
	if (k->state == K_RUNNING)
		printf("machine running\n");
	else
		printf("machine %s, exit status %d\n",
		       k->state == K_EXITED   ? "exited"
		       : k->state == K_KILLED ? "killed"
					      : "panic",
		       k->exit_status);
	return 0;
}

int mon_info_fds(struct monitor *mon, const char *args)
{
	(void)args;
	const struct proc *p = machine_kernel(mon->m)->cur;
	if (!p)
		return mon_err(mon, "no current process");
	unsigned n = 0;
	for (int fd = 0; fd < NOFILE; fd++) {
		const struct file *f = p->ofile[fd];
		if (!f)
			continue;
		printf("fd %2d: ", fd);
		if (f->type == FD_PIPE)
			printf("pipe");
		else
			printf("host fd %d%s", f->host_fd, f->is_dir ? " (directory)" : "");
		printf(", %s%s, %d reference%s\n", f->readable ? "r" : "-", f->writable ? "w" : "-",
		       f->ref, f->ref == 1 ? "" : "s");
		n++;
	}
	printf("%u open\n", n);
	return 0;
}

int mon_info_syscalls(struct monitor *mon, const char *args)
{
	(void)mon;
	(void)args;
	printf(" nr  name     (eax = nr; arguments at esp+4, esp+8, ...; int $64)\n");
	for (unsigned n = 0; n < 256; n++)
		if (syscall_name(n))
			printf("%3u  %s\n", n, syscall_name(n));
	return 0;
}

int mon_info_symbol(struct monitor *mon, const char *args)
{
	uint32_t a, off;
	if (!*args)
		return mon_err(mon, "usage: info symbol ADDR");
	if (mon_eval(mon, args, &a) < 0)
		return -1;
	const struct symbol *s = symtab_lookup(&mon->syms, a, &off);
	if (!s)
		printf("no symbol matches 0x%08x\n", a);
	else
		printf("%s + %u (0x%08x, %s)\n", s->name, off, s->addr,
		       s->func ? "function" : "data");
	return 0;
}

/* gdb's info inferiors: every process, the current one starred, and the
 * one the stop points follow (set follow-fork-mode). */
int mon_info_inferiors(struct monitor *mon, const char *args)
{
	(void)args;
	if (!mon->m || !machine_kernel(mon->m))
		return mon_err(mon, "no program is running");
	const struct kernel *k = machine_kernel(mon->m);
	printf("  Num  Description       State      Executable\n");
	for (int n = 0; n < NPROC; n++) {
		const struct proc *q = &k->procs[n];
		if (q->state == P_UNUSED)
			continue;
		char d[32];
		snprintf(d, sizeof(d), "process %d", q->pid);
		printf("%c %-4d %-17s %-10s %s%s\n", q == k->cur ? '*' : ' ', q->pid, d,
		       proc_state_name(k, q), q->name,
		       mon->follow_pid == q->pid ? "  (followed)" : "");
	}
	return 0;
}

int mon_cmd_show(struct monitor *mon, const char *args)
{
	if (strcmp(args, "follow-fork-mode") == 0) {
		printf("Debugger response to a program call of fork is \"%s\".\n",
		       mon->follow_mode == 2   ? "child"
		       : mon->follow_mode == 1 ? "parent"
					       : "both (stop points in every process)");
		return 0;
	}
	return mon_err(mon, "show: only follow-fork-mode");
}
