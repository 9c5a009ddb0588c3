/*
 * info registers, segments, cr, idt, gdt, tss: the CPU's state and the
 * descriptor tables it uses, decoded by the layouts of SDM vol. 3 §3.4.5
 * (segment descriptors), §6.11 (IDT gates), §7.2.1 (the 32-bit TSS) and
 * vol. 1 §3.4.3 (EFLAGS). The tables are read from guest memory through
 * the current page tables as a supervisor probe.
 */
#include "monitor.h"
#include "monitor_frame.h"

#include <string.h>

static const char *const gpr[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
static const char *const sreg[6] = {"es", "cs", "ss", "ds", "fs", "gs"};

static void print_eflags(uint32_t f)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} bits[] = {{FL_CF, "CF"}, {FL_PF, "PF"}, {FL_AF, "AF"}, {FL_ZF, "ZF"}, {FL_SF, "SF"},
		    {FL_TF, "TF"}, {FL_IF, "IF"}, {FL_DF, "DF"}, {FL_OF, "OF"}, {FL_NT, "NT"},
		    {FL_RF, "RF"}, {FL_VM, "VM"}, {FL_AC, "AC"}, {FL_ID, "ID"}};
	printf("eflags 0x%08x [", f);
	for (size_t k = 0; k < sizeof(bits) / sizeof(bits[0]); k++)
		if (f & bits[k].bit)
			printf(" %s", bits[k].name);
	printf(" ] IOPL=%u\n", (f & FL_IOPL) >> IOPL_SHIFT);
}

/* info registers REG...: the named ones only, as gdb prints them. */
static int info_some_registers(struct monitor *mon, const char *args)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", args);
	for (char *w = strtok(buf, " \t"); w; w = strtok(NULL, " \t")) {
		const char *name = *w == '$' ? w + 1 : w;
		uint32_t v;
		if (!mon_get_reg(mon, name, &v))
			return mon_err(mon, "invalid register '%s'", name);
		char s[96];
		if (strcmp(name, "eip") == 0)
			mon_sym(mon, machine_cpu(mon->m)->seg[SEG_CS].base + v, s, sizeof(s));
		else if (strcmp(name, "eflags") == 0)
			print_eflags(v);
		else
			s[0] = 0;
		if (strcmp(name, "eflags") != 0)
			printf("%-6s 0x%08x %11d%s%s%s\n", name, v, (int32_t)v, *s ? " <" : "", s,
			       *s ? ">" : "");
	}
	return 0;
}

static int info_registers(struct monitor *mon, const char *args)
{
	if (*args)
		return info_some_registers(mon, args);
	struct cpu *c = machine_cpu(mon->m);
	for (int r = 0; r < 8; r++)
		printf("%-6s 0x%08x %11d\n", gpr[r], c->reg[r], (int32_t)c->reg[r]);
	char s[96];
	mon_sym(mon, c->eip, s, sizeof(s));
	printf("%-6s 0x%08x%s%s%s\n", "eip", c->eip, *s ? " <" : "", s, *s ? ">" : "");
	print_eflags(cpu_get_eflags(c));
	printf("cs 0x%04x  ss 0x%04x  ds 0x%04x  es 0x%04x  fs 0x%04x  gs 0x%04x\n",
	       c->seg[SEG_CS].sel, c->seg[SEG_SS].sel, c->seg[SEG_DS].sel, c->seg[SEG_ES].sel,
	       c->seg[SEG_FS].sel, c->seg[SEG_GS].sel);
	printf("cpl    %u (%s)\n", c->cpl, c->cpl == 3 ? "user" : c->cpl == 0 ? "kernel" : "ring");
	return 0;
}

/* Descriptor attribute bits as text: type, DPL, P, D/B, G. */
static void print_attr(uint32_t attr)
{
	if (!(attr & DESC_S)) {
		printf("system type 0x%x", attr & 0xf);
	} else if (attr & DESC_CODE) {
		printf("code %s%s", attr & DESC_RW ? "RX" : "X-only",
		       attr & DESC_CE ? " conforming" : "");
	} else {
		printf("data %s%s", attr & DESC_RW ? "RW" : "RO",
		       attr & DESC_CE ? " expand-down" : "");
	}
	printf(" DPL %u%s%s%s%s", (attr & DESC_DPL) >> DESC_DPL_SHIFT, attr & DESC_P ? " P" : " NP",
	       attr & DESC_DB ? " 32-bit" : " 16-bit", attr & DESC_G ? " G" : "",
	       attr & DESC_A ? " A" : "");
}

static int info_segments(struct monitor *mon, const char *args)
{
	(void)args;
	struct cpu *c = machine_cpu(mon->m);
	for (int s = 0; s < SEG_COUNT; s++) {
		const struct seg *g = &c->seg[s];
		printf("%s 0x%04x (index %u, %s, RPL %u)  base 0x%08x limit 0x%08x  ", sreg[s],
		       g->sel, (unsigned)(g->sel >> 3), g->sel & 4 ? "LDT" : "GDT",
		       (unsigned)(g->sel & 3), g->base, g->limit);
		if (g->valid)
			print_attr(g->attr);
		else
			printf("(null: unusable)");
		putchar('\n');
	}
	printf("ldtr 0x%04x%s base 0x%08x limit 0x%08x\n", c->ldtr.sel,
	       c->ldtr.valid ? "" : " (none)", c->ldtr.base, c->ldtr.limit);
	printf("tr   0x%04x%s base 0x%08x limit 0x%08x\n", c->tr.sel, c->tr.valid ? "" : " (none)",
	       c->tr.base, c->tr.limit);
	printf("gdtr base 0x%08x limit 0x%04x\n", c->gdtr.base, c->gdtr.limit);
	printf("idtr base 0x%08x limit 0x%04x\n", c->idtr.base, c->idtr.limit);
	return 0;
}

static int info_cr(struct monitor *mon, const char *args)
{
	(void)args;
	struct cpu *c = machine_cpu(mon->m);
	uint32_t cr0 = cpu_get_cr(c, 0), cr4 = cpu_get_cr(c, 4);
	printf("cr0 0x%08x [%s%s%s%s%s ]\n", cr0, cr0 & CR0_PE ? " PE" : "",
	       cr0 & CR0_TS ? " TS" : "", cr0 & CR0_ET ? " ET" : "", cr0 & CR0_WP ? " WP" : "",
	       cr0 & CR0_PG ? " PG" : "");
	printf("cr2 0x%08x (last page-fault address)\n", cpu_get_cr(c, 2));
	printf("cr3 0x%08x (page directory at physical 0x%08x)\n", cpu_get_cr(c, 3),
	       cpu_get_cr(c, 3) & PTE_ADDR);
	printf("cr4 0x%08x [%s ]\n", cr4, cr4 & CR4_PSE ? " PSE" : "");
	return 0;
}

static bool peek(struct monitor *mon, uint32_t a, void *buf, uint32_t n)
{
	return cpu_peek(machine_cpu(mon->m), a, buf, n, false) == n;
}

static const char *gate_type(unsigned t)
{
	switch (t) {
	case 0x5: return "task gate";
	case 0x6: return "16-bit interrupt gate";
	case 0x7: return "16-bit trap gate";
	case 0xe: return "interrupt gate";
	case 0xf: return "trap gate";
	default: return "invalid";
	}
}

static int info_idt(struct monitor *mon, const char *args)
{
	(void)args;
	struct cpu *c = machine_cpu(mon->m);
	unsigned shown = 0;
	for (unsigned v = 0; v < 256 && v * 8 + 7 <= c->idtr.limit; v++) {
		uint32_t g[2];
		if (!peek(mon, c->idtr.base + v * 8, g, 8)) {
			printf("cannot read the IDT at 0x%08x\n", c->idtr.base + v * 8);
			return 0;
		}
		if (!(g[1] & 0x8000))
			continue; /* not present */
		uint32_t off = (g[0] & 0xffff) | (g[1] & 0xffff0000u);
		char s[96];
		mon_sym(mon, off, s, sizeof(s));
		printf("%3u %-5s %-15s DPL %u  %04x:%08x%s%s%s\n", v,
		       v < 32 ? exception_mnemonic(v) : "", gate_type((g[1] >> 8) & 0x1f),
		       (g[1] >> 13) & 3, g[0] >> 16, off, *s ? " <" : "", s, *s ? ">" : "");
		shown++;
	}
	printf("%u present gates (IDTR base 0x%08x limit 0x%04x)\n", shown, c->idtr.base,
	       c->idtr.limit);
	return 0;
}

static int info_gdt(struct monitor *mon, const char *args)
{
	(void)args;
	struct cpu *c = machine_cpu(mon->m);
	for (unsigned k = 0; k < 8192 && k * 8 + 7 <= c->gdtr.limit; k++) {
		uint32_t d[2];
		if (!peek(mon, c->gdtr.base + k * 8, d, 8))
			break;
		if (k > 0 && !d[0] && !d[1])
			continue;
		uint32_t base = (d[0] >> 16) | ((d[1] & 0xff) << 16) | (d[1] & 0xff000000u);
		uint32_t limit = (d[0] & 0xffff) | (d[1] & 0xf0000u);
		uint32_t attr = (d[1] >> 8) & 0xf0ffu;
		if (attr & DESC_G)
			limit = (limit << 12) | 0xfff;
		printf("0x%04x  ", k * 8);
		if (k == 0) {
			printf("null descriptor\n");
			continue;
		}
		printf("base 0x%08x limit 0x%08x  ", base, limit);
		if (!(attr & DESC_S) && ((attr & 0xf) == 0x9 || (attr & 0xf) == 0xb))
			printf("32-bit TSS (%s) DPL %u%s",
			       (attr & 0xf) == 0xb ? "busy" : "available",
			       (attr & DESC_DPL) >> DESC_DPL_SHIFT, attr & DESC_P ? " P" : " NP");
		else
			print_attr(attr);
		putchar('\n');
	}
	return 0;
}

static int info_tss(struct monitor *mon, const char *args)
{
	(void)args;
	struct cpu *c = machine_cpu(mon->m);
	if (!c->tr.valid)
		return mon_err(mon, "no task register loaded");
	uint32_t t[26];
	if (!peek(mon, c->tr.base, t, sizeof(t)))
		return mon_err(mon, "cannot read the TSS at 0x%08x", c->tr.base);
	/* 32-bit TSS layout (SDM vol. 3 figure 7-2). */
	printf("TSS at 0x%08x (selector 0x%04x, limit 0x%x)\n", c->tr.base, c->tr.sel, c->tr.limit);
	printf("  esp0 0x%08x ss0 0x%04x   (the stack a CPL 3 -> 0 trap switches to)\n", t[1],
	       t[2] & 0xffff);
	printf("  esp1 0x%08x ss1 0x%04x\n  esp2 0x%08x ss2 0x%04x\n", t[3], t[4] & 0xffff, t[5],
	       t[6] & 0xffff);
	printf("  cr3 0x%08x eip 0x%08x eflags 0x%08x\n", t[7], t[8], t[9]);
	printf("  I/O map base 0x%04x%s\n", t[25] >> 16,
	       (t[25] >> 16) > c->tr.limit ? " (beyond the limit: no I/O bitmap)" : "");
	return 0;
}

int mon_info_pt(struct monitor *mon, const char *args);
int mon_info_tlb(struct monitor *mon, const char *args);
int mon_info_proc(struct monitor *mon, const char *args);
int mon_info_fds(struct monitor *mon, const char *args);
int mon_info_syscalls(struct monitor *mon, const char *args);
int mon_info_symbol(struct monitor *mon, const char *args);
int mon_info_float(struct monitor *mon, const char *args);
int mon_info_map(struct monitor *mon, const char *args); /* monitor_map.c */

const struct mon_cmd mon_info_commands[] = {
    {"registers", "r", NULL, "general registers, EIP, EFLAGS decoded, CPL", info_registers},
    {"segments", NULL, NULL, "segment selectors with their descriptor caches", info_segments},
    {"cr", NULL, NULL, "control registers CR0, CR2, CR3, CR4 decoded", info_cr},
    {"idt", NULL, NULL, "the present IDT gates: type, DPL, handler", info_idt},
    {"gdt", NULL, NULL, "the GDT descriptors", info_gdt},
    {"tss", NULL, NULL, "the current TSS (ESP0/SS0 of the trap stack switch)", info_tss},
    {"map", NULL, NULL, "[PID]: the address space, ranges named (as QEMU's info mem)",
     mon_info_map},
    {"pt", NULL, NULL, "[VADDR]: the page-table walk for VADDR, or the user mappings", mon_info_pt},
    {"tlb", NULL, NULL, "the valid software-TLB entries", mon_info_tlb},
    {"proc", NULL, NULL, "the current process", mon_info_proc},
    {"fds", NULL, NULL, "the current process's open files", mon_info_fds},
    {"syscalls", NULL, NULL, "the system-call table", mon_info_syscalls},
    {"breakpoints", "b", NULL, "breakpoints, watchpoints and catchpoints", mon_info_breakpoints},
    {"symbol", NULL, NULL, "ADDR: the symbol containing ADDR", mon_info_symbol},
    {"float", NULL, NULL, "the x87 FPU: stack, status and control words, as gdb", mon_info_float},
    {"trapframe", NULL, NULL, "every slot of the trap frame (in a handler)", mon_info_trapframe},
    {"frame", "f", NULL, "the selected frame (the trap frame in a handler)", mon_info_frame},
    {"line", NULL, NULL, "[LOC]: the addresses of a source line (needs -g)", mon_info_line},
    {"source", NULL, NULL, "the current source file (needs -g)", mon_info_source},
    {"inferiors", NULL, NULL, "every process, the followed one marked", mon_info_inferiors},
    {"locals", NULL, NULL, "the selected frame's local variables (needs -g)", mon_info_locals},
    {"args", NULL, NULL, "the selected frame's arguments (needs -g)", mon_info_args},
    {NULL, NULL, NULL, NULL, NULL},
};

int mon_cmd_info(struct monitor *mon, const char *args)
{
	size_t n = strcspn(args, " ");
	if (!n)
		return mon_err(mon, "usage: info WHAT (`help info` lists them)");
	const struct mon_cmd *found = NULL;
	for (const struct mon_cmd *c = mon_info_commands; c->name; c++) {
		if ((strlen(c->name) == n && strncmp(c->name, args, n) == 0) ||
		    (c->alias && strlen(c->alias) == n && strncmp(c->alias, args, n) == 0)) {
			found = c;
			break;
		}
		if (strncmp(c->name, args, n) == 0 && !found)
			found = c; /* a prefix: `info reg`, `info break` */
	}
	if (!found)
		return mon_err(mon, "no `info %.*s` (`help info` lists them)",
			       (int)(n > 40 ? 40 : n), args);
	const char *rest = args + n;
	while (*rest == ' ')
		rest++;
	/* Only these work without a machine. */
	if (!mon->m && found->fn != mon_info_breakpoints && found->fn != mon_info_syscalls)
		return mon_err(mon, mon->state == MS_NONE
					? "no program loaded (use `load PROG [ARGS]`)"
					: "the program is not running (use `run`)");
	return found->fn(mon, rest);
}
