/*
 * Breakpoints, watchpoints and catchpoints. Breakpoints are checked in the
 * per-instruction hook before the instruction runs (the CPU calls it after
 * the fetch, and a stop request there returns before execution), so a stop
 * leaves EIP at the breakpoint. A watchpoint compares the watched bytes
 * before every instruction, so it reports the instruction that changed
 * them (the kernel's copyout is reported as the `out` that ran it). Catch
 * points use the delivery, iret and syscall events, which cost nothing in
 * the hot loop.
 */
#include "monitor.h"
#include "monitor_dwarf.h"

#include "../kernel/kernel.h"
#include "strace_abi.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct bpoint *new_bp(struct monitor *mon, enum bp_kind kind)
{
	for (int k = 0; k < MON_MAX_BP; k++)
		if (!mon->bp[k].used) {
			struct bpoint *b = &mon->bp[k];
			free(b->cmds); /* a deleted breakpoint's list */
			memset(b, 0, sizeof(*b));
			b->used = b->enabled = true;
			b->kind = kind;
			b->num = mon->next_bp++;
			b->arg = -1;
			return b;
		}
	mon_err(mon, "too many breakpoints (%d)", MON_MAX_BP);
	return NULL;
}

static int add_break(struct monitor *mon, const char *args, bool temp)
{
	uint32_t addr;
	if (!*args)
		return mon_err(mon, "usage: %sbreak LOC [if COND]", temp ? "t" : "");
	/* gdb's `break LOC if COND`: the condition is checked when LOC is hit. */
	char loc[256];
	snprintf(loc, sizeof(loc), "%s", args);
	char *cond = strstr(loc, " if ");
	if (cond) {
		*cond = 0;
		cond += 4;
		while (*cond == ' ')
			cond++;
		uint32_t v;
		if (!*cond)
			return mon_err(mon, "break: `if` without a condition");
		if (strlen(cond) >= sizeof(((struct bpoint *)0)->cond))
			return mon_err(mon, "break: the condition is too long");
		/* Without DWARF a condition must evaluate now; with it, it may
		 * name the locals of LOC, known only there. */
		if (mon->m && !mon->dw && mon_eval(mon, cond, &v) < 0)
			return -1; /* a condition that cannot be evaluated now */
	}
	if (mon_eval_loc(mon, loc, &addr) < 0)
		return -1;
	/* gdb: with DWARF, `break FUNC` is after FUNC's prologue, where its
	 * arguments and frame are set up. */
	uint32_t lo, after;
	char *lt = loc;
	while (*lt == ' ')
		lt++;
	for (char *e = lt + strlen(lt); e > lt && e[-1] == ' ';)
		*--e = 0;
	if (mon->dw && mdw_func_named(mon->dw, lt, &lo, &after) && lo == addr)
		addr = after;
	struct bpoint *b = new_bp(mon, BP_BREAK);
	if (!b)
		return -1;
	b->addr = addr;
	b->temp = temp;
	if (cond)
		snprintf(b->cond, sizeof(b->cond), "%s", cond);
	char s[96];
	mon_sym(mon, addr, s, sizeof(s));
	struct mdw_line ln;
	char where[600] = "";
	if (mon->dw && addr < KERNBASE && mdw_pc_line(mon->dw, addr, &ln))
		snprintf(where, sizeof(where), ": file %s, line %d.", ln.file, ln.line);
	printf("%s %d at 0x%08x%s%s%s%s\n", temp ? "Temporary breakpoint" : "Breakpoint", b->num,
	       addr, *s ? " <" : "", s, *s ? ">" : "", where);
	return 0;
}

int mon_cmd_break(struct monitor *mon, const char *args)
{
	return add_break(mon, args, false);
}

int mon_cmd_tbreak(struct monitor *mon, const char *args)
{
	return add_break(mon, args, true);
}

/* Applies `op` (0 delete, 1 disable, 2 enable) to the listed numbers, or
 * to all of them. */
static int bp_apply(struct monitor *mon, const char *args, int op)
{
	static const char *const names[] = {"delete", "disable", "enable"};
	if (!*args) {
		for (int k = 0; k < MON_MAX_BP; k++)
			if (mon->bp[k].used) {
				if (op == 0)
					mon->bp[k].used = false;
				else
					mon->bp[k].enabled = op == 2;
			}
		return 0;
	}
	const char *p = args;
	while (*p) {
		char *end;
		long n = strtol(p, &end, 10);
		if (end == p || (*end && *end != ' '))
			return mon_err(mon, "%s: '%s' is not a breakpoint number", names[op], p);
		int k = 0;
		while (k < MON_MAX_BP && !(mon->bp[k].used && mon->bp[k].num == n))
			k++;
		if (k == MON_MAX_BP)
			return mon_err(mon, "%s: no breakpoint number %ld", names[op], n);
		if (op == 0)
			mon->bp[k].used = false;
		else
			mon->bp[k].enabled = op == 2;
		p = end;
		while (*p == ' ')
			p++;
	}
	return 0;
}

int mon_cmd_delete(struct monitor *mon, const char *args)
{
	return bp_apply(mon, args, 0);
}

int mon_cmd_disable(struct monitor *mon, const char *args)
{
	return bp_apply(mon, args, 1);
}

int mon_cmd_enable(struct monitor *mon, const char *args)
{
	return bp_apply(mon, args, 2);
}

static void read_watched(struct monitor *mon, struct bpoint *b)
{
	if (b->reg[0]) {
		uint32_t v = 0;
		b->old_ok = mon->m && mon_get_reg(mon, b->reg, &v);
		memcpy(b->old, &v, 4);
		return;
	}
	b->old_ok =
	    mon->m && cpu_peek(machine_cpu(mon->m), b->addr, b->old, b->len, false) == b->len;
}

void mon_bp_rearm(struct monitor *mon)
{
	for (int k = 0; k < MON_MAX_BP; k++)
		if (mon->bp[k].used && mon->bp[k].kind == BP_WATCH)
			read_watched(mon, &mon->bp[k]);
}

/* watch $REG: a register watch, checked before every instruction. */
static int add_reg_watch(struct monitor *mon, const char *name)
{
	if (strlen(name) >= sizeof(((struct bpoint *)0)->reg) || !mon_reg_known(name))
		return mon_err(mon, "watch: no register '$%s'", name);
	struct bpoint *b = new_bp(mon, BP_WATCH);
	if (!b)
		return -1;
	snprintf(b->reg, sizeof(b->reg), "%s", name);
	b->len = 4;
	read_watched(mon, b);
	printf("Watchpoint %d: $%s\n", b->num, name);
	return 0;
}

static int add_watch(struct monitor *mon, const char *args, enum bp_kind kind)
{
	char buf[256];
	/* gdb's -l/-location: watch the memory the expression names, which
	 * is what an address expression means here anyway. */
	if (strncmp(args, "-l ", 3) == 0 || strncmp(args, "-location ", 10) == 0)
		args = strchr(args, ' ') + 1;
	while (*args == ' ')
		args++;
	if (kind == BP_WATCH && *args == '$' && isalpha((unsigned char)args[1]) &&
	    !strpbrk(args, " +-*/&|()"))
		return add_reg_watch(mon, args + 1);
	snprintf(buf, sizeof(buf), "%s", args);
	/* ADDR [LEN]: the length is the last word when there are two; without
	 * it a data symbol's ELF size, else 4. */
	uint32_t len = 4, addr;
	const struct symbol *var = symtab_find(&mon->syms, buf);
	if (var && !var->func && var->size >= 1 && var->size <= MON_WATCH_MAX)
		len = var->size;
	char *sp = strrchr(buf, ' ');
	if (sp) {
		*sp = 0;
		if (mon_eval(mon, sp + 1, &len) < 0)
			return -1;
	}
	if (!*buf)
		return mon_err(mon, "usage: %s ADDR [LEN]", kind == BP_WATCH ? "watch" : "rwatch");
	if (len == 0 || len > MON_WATCH_MAX)
		return mon_err(mon, "the length must be 1 to %d bytes", MON_WATCH_MAX);
	if (mon_eval_loc(mon, buf, &addr) < 0)
		return -1;
	struct bpoint *b = new_bp(mon, kind);
	if (!b)
		return -1;
	b->addr = addr;
	b->len = len;
	read_watched(mon, b);
	char s[96];
	mon_sym(mon, addr, s, sizeof(s));
	printf("%s %d: %u bytes at 0x%08x%s%s%s\n",
	       kind == BP_WATCH ? "Watchpoint" : "Read watchpoint", b->num, len, addr,
	       *s ? " <" : "", s, *s ? ">" : "");
	return 0;
}

int mon_cmd_watch(struct monitor *mon, const char *args)
{
	return add_watch(mon, args, BP_WATCH);
}

int mon_cmd_rwatch(struct monitor *mon, const char *args)
{
	return add_watch(mon, args, BP_RWATCH);
}

static int syscall_by_name(const char *name)
{
	for (unsigned n = 0; n < 256; n++) {
		const char *s = syscall_name(n);
		if (s && strcmp(s, name) == 0)
			return (int)n;
	}
	return -1;
}

/* A Linux signal by name, with or without SIG: SIGSEGV, segv, USR1. */
static int signal_by_name(const char *name)
{
	for (int s = 1; s <= 64; s++) {
		const char *n = strace_signal_name(s);
		if (n && (strcasecmp(n, name) == 0 || strcasecmp(n + 3, name) == 0))
			return s;
	}
	return -1;
}

int mon_cmd_catch(struct monitor *mon, const char *args)
{
	size_t n = strcspn(args, " ");
	const char *rest = args + n;
	while (*rest == ' ')
		rest++;
	enum bp_kind kind;
	int arg = -1;
	uint32_t v;
	if (n == 7 && strncmp(args, "syscall", 7) == 0) {
		kind = BP_CATCH_SYSCALL;
		if (*rest && (arg = syscall_by_name(rest)) < 0) {
			if (*rest < '0' || *rest > '9')
				return mon_err(mon,
					       "catch syscall: no such system call '%s' (see "
					       "`info syscalls`)",
					       rest);
			if (mon_eval(mon, rest, &v) < 0)
				return -1;
			arg = (int)(v & 0xffff);
		}
	} else if (n == 9 && strncmp(args, "exception", 9) == 0) {
		kind = BP_CATCH_EXC;
		if (*rest) {
			if (mon_eval(mon, rest, &v) < 0)
				return -1;
			if (v > 31)
				return mon_err(mon, "exception vectors are 0 to 31");
			arg = (int)v;
		}
	} else if (n == 3 && strncmp(args, "cpl", 3) == 0) {
		kind = BP_CATCH_CPL;
	} else if (n == 6 && strncmp(args, "signal", 6) == 0) {
		kind = BP_CATCH_SIGNAL;
		if (*rest && (arg = signal_by_name(rest)) < 0) {
			if (*rest < '0' || *rest > '9')
				return mon_err(mon, "catch signal: no such signal '%s'", rest);
			if (mon_eval(mon, rest, &v) < 0)
				return -1;
			if (v < 1 || v > 64)
				return mon_err(mon, "signals are 1 to 64");
			arg = (int)v;
		}
	} else {
		return mon_err(mon, "usage: catch syscall [NAME|NR] | catch exception [VECTOR] | "
				    "catch cpl | catch signal [NAME|NR]");
	}
	struct bpoint *b = new_bp(mon, kind);
	if (!b)
		return -1;
	b->arg = arg;
	printf("Catchpoint %d (%s", b->num,
	       kind == BP_CATCH_SYSCALL	 ? "syscall"
	       : kind == BP_CATCH_EXC	 ? "exception"
	       : kind == BP_CATCH_SIGNAL ? "signal"
					 : "privilege change");
	if (arg >= 0 && kind == BP_CATCH_SIGNAL)
		printf(" %d %s", arg, strace_signal_name(arg) ? strace_signal_name(arg) : "");
	else if (arg >= 0 && kind == BP_CATCH_SYSCALL)
		printf(" %d%s%s", arg, syscall_name((unsigned)arg) ? " " : "",
		       syscall_name((unsigned)arg) ? syscall_name((unsigned)arg) : "");
	else if (arg >= 0)
		printf(" %d %s", arg, exception_mnemonic((unsigned)arg));
	printf(")\n");
	return 0;
}

static const char *kind_name(const struct bpoint *b)
{
	switch (b->kind) {
	case BP_BREAK: return "breakpoint";
	case BP_WATCH: return "watchpoint";
	case BP_RWATCH: return "read watchpoint";
	case BP_CATCH_SYSCALL: return "catch syscall";
	case BP_CATCH_EXC: return "catch exception";
	case BP_CATCH_SIGNAL: return "catch signal";
	default: return "catch cpl";
	}
}

int mon_info_breakpoints(struct monitor *mon, const char *args)
{
	(void)args;
	int shown = 0;
	for (int k = 0; k < MON_MAX_BP; k++) {
		const struct bpoint *b = &mon->bp[k];
		if (!b->used)
			continue;
		if (!shown++)
			printf("Num  Type             Disp Enb What\n");
		printf("%-4d %-16s %-4s %-3s ", b->num, kind_name(b), b->temp ? "del" : "keep",
		       b->enabled ? "y" : "n");
		char s[96];
		if (b->reg[0]) {
			printf("$%s", b->reg);
		} else if (b->kind == BP_BREAK || b->kind == BP_WATCH || b->kind == BP_RWATCH) {
			mon_sym(mon, b->addr, s, sizeof(s));
			printf("0x%08x%s%s%s", b->addr, *s ? " <" : "", s, *s ? ">" : "");
			if (b->kind != BP_BREAK)
				printf(" len %u", b->len);
		} else if (b->arg >= 0) {
			const char *nm =
			    b->kind == BP_CATCH_SYSCALL	 ? syscall_name((unsigned)b->arg)
			    : b->kind == BP_CATCH_SIGNAL ? strace_signal_name(b->arg)
							 : exception_mnemonic((unsigned)b->arg);
			printf("%d %s", b->arg, nm ? nm : "");
		} else {
			printf("%s", b->kind == BP_CATCH_CPL ? "every CPL change" : "any");
		}
		printf("\n");
		if (b->cond[0])
			printf("\tstop only if %s\n", b->cond);
		if (b->ignore)
			printf("\tWill ignore next %u crossings of breakpoint.\n", b->ignore);
		if (b->hits)
			printf("     already hit %u time%s\n", b->hits, b->hits == 1 ? "" : "s");
	}
	if (!shown)
		printf("No breakpoints, watchpoints or catchpoints.\n");
	return 0;
}

bool mon_bp_need_insn(struct monitor *mon)
{
	/* Snapshot of what the per-instruction check must look at during the
	 * coming run (the breakpoint list changes only between runs). */
	mon->n_brk = mon->n_watch = mon->n_rwatch = 0;
	for (int k = 0; k < MON_MAX_BP; k++) {
		const struct bpoint *b = &mon->bp[k];
		if (!b->used || !b->enabled)
			continue;
		if (b->kind == BP_BREAK)
			mon->brk_addr[mon->n_brk++] = b->addr;
		else if (b->kind == BP_WATCH)
			mon->watch_idx[mon->n_watch++] = k;
		else if (b->kind == BP_RWATCH)
			mon->rwatch_idx[mon->n_rwatch++] = k;
	}
	return mon->n_brk || mon->n_watch || mon->n_rwatch;
}

static struct bpoint *bp_by_num(struct monitor *mon, const char *s, const char **rest)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (end == s || (*end && *end != ' '))
		return mon_err(mon, "'%s' is not a breakpoint number", s), NULL;
	for (int k = 0; k < MON_MAX_BP; k++)
		if (mon->bp[k].used && mon->bp[k].num == n) {
			while (*end == ' ')
				end++;
			*rest = end;
			return &mon->bp[k];
		}
	return mon_err(mon, "no breakpoint number %ld", n), NULL;
}

/* condition N [COND]: set or (without COND) remove N's condition. */
int mon_cmd_condition(struct monitor *mon, const char *args)
{
	const char *cond;
	if (!*args)
		return mon_err(mon, "usage: condition N [COND]");
	struct bpoint *b = bp_by_num(mon, args, &cond);
	if (!b)
		return -1;
	if (b->kind != BP_BREAK)
		return mon_err(mon, "condition: %d is not a breakpoint", b->num);
	uint32_t v;
	if (strlen(cond) >= sizeof(b->cond))
		return mon_err(mon, "condition: too long");
	if (*cond && mon->m && mon_eval(mon, cond, &v) < 0)
		return -1;
	snprintf(b->cond, sizeof(b->cond), "%s", cond);
	if (!*cond)
		printf("Breakpoint %d now unconditional.\n", b->num);
	return 0;
}

/* ignore N COUNT: the next COUNT crossings of N do not stop. */
int mon_cmd_ignore(struct monitor *mon, const char *args)
{
	const char *rest;
	uint32_t n;
	if (!*args)
		return mon_err(mon, "usage: ignore N COUNT");
	struct bpoint *b = bp_by_num(mon, args, &rest);
	if (!b)
		return -1;
	if (!*rest)
		return mon_err(mon, "usage: ignore N COUNT");
	if (mon_eval(mon, rest, &n) < 0)
		return -1;
	if ((int32_t)n < 0)
		return mon_err(mon, "ignore: the count must not be negative");
	b->ignore = n;
	if (n)
		printf("Will ignore next %u crossings of breakpoint %d.\n", n, b->num);
	else
		printf("Will stop next time breakpoint %d is reached.\n", b->num);
	return 0;
}

/* --- commands N ... end (gdb's breakpoint command lists) ------------------ */

int mon_cmd_commands(struct monitor *mon, const char *args)
{
	int num = 0;
	for (int k = 0; k < MON_MAX_BP; k++)
		if (mon->bp[k].used && mon->bp[k].num > num && !*args)
			num = mon->bp[k].num; /* gdb: the last breakpoint set */
	if (*args) {
		char *end;
		long n = strtol(args, &end, 10);
		if (end == args || *end || n <= 0)
			return mon_err(mon, "commands: '%s' is not a breakpoint number", args);
		num = (int)n;
	}
	int k = 0;
	while (k < MON_MAX_BP && !(mon->bp[k].used && mon->bp[k].num == num))
		k++;
	if (k == MON_MAX_BP)
		return mon_err(mon, "commands: no breakpoint number %d", num);
	free(mon->bp[k].cmds);
	mon->bp[k].cmds = NULL;
	mon->collect_bp = num;
	if (mon->interactive)
		printf("Type commands for breakpoint(s) %d, one per line.\n"
		       "End with a line saying just \"end\".\n",
		       num);
	return 0;
}

bool mon_bp_collect(struct monitor *mon, const char *line)
{
	int k = 0;
	while (k < MON_MAX_BP && !(mon->bp[k].used && mon->bp[k].num == mon->collect_bp))
		k++;
	if (k == MON_MAX_BP || strcmp(line, "end") == 0) {
		mon->collect_bp = 0;
		return true;
	}
	struct bpoint *b = &mon->bp[k];
	size_t old = b->cmds ? strlen(b->cmds) : 0, n = strlen(line);
	if (old + n + 2 > 16384) {
		mon_err(mon, "commands: the list is too long");
		return true;
	}
	char *c = realloc(b->cmds, old + n + 2);
	if (!c) {
		mon_err(mon, "out of host memory");
		return true;
	}
	memcpy(c + old, line, n);
	c[old + n] = '\n';
	c[old + n + 1] = 0;
	b->cmds = c;
	return true;
}

void mon_bp_run_commands(struct monitor *mon)
{
	int num = mon->hit_bp, k = 0;
	while (k < MON_MAX_BP && !(mon->bp[k].used && mon->bp[k].num == num))
		k++;
	if (!num || k == MON_MAX_BP || !mon->bp[k].cmds)
		return;
	if (mon->cmds_depth >= 16) {
		mon_err(mon, "breakpoint commands nest too deeply (16 `continue`s)");
		return;
	}
	/* A copy: the commands may delete or redefine the breakpoint. */
	char *copy = strdup(mon->bp[k].cmds);
	if (!copy)
		return;
	mon->cmds_depth++;
	char *save = NULL;
	for (char *l = strtok_r(copy, "\n", &save); l && !mon->quit;
	     l = strtok_r(NULL, "\n", &save)) {
		if (strcmp(l, "silent") == 0)
			continue;
		mon_execute(mon, l);
		if (mon->state != MS_STARTED)
			break;
	}
	mon->cmds_depth--;
	free(copy);
}
