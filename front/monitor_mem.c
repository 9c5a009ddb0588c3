/*
 * Memory and values: x, disassemble, backtrace, print, set. Linear
 * addresses go through the current page tables as a debugger probe
 * (cpu_peek/cpu_poke: no accessed/dirty updates, no faults); `x --phys`
 * reads physical memory directly, bounds-checked by phys_ptr.
 */
#include "monitor.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool need_machine(struct monitor *mon)
{
	if (!mon->m)
		return mon_err(mon, mon->state == MS_NONE
					? "no program loaded (use `load PROG [ARGS]`)"
					: "the program is not running (use `run`)"),
		       false;
	return true;
}

static uint32_t read_mem(struct monitor *mon, bool phys, uint32_t a, void *buf, uint32_t n)
{
	struct cpu *c = machine_cpu(mon->m);
	if (!phys)
		return cpu_peek(c, a, buf, n, false);
	const uint8_t *p = phys_ptr(c->pm, a, n);
	if (!p)
		return 0;
	memcpy(buf, p, n);
	return n;
}

static void addr_label(struct monitor *mon, uint32_t a, bool phys)
{
	char s[96] = "";
	if (!phys)
		mon_sym(mon, a, s, sizeof(s));
	printf("%s0x%08x%s%s%s:", phys ? "phys " : "", a, *s ? " <" : "", s, *s ? ">" : "");
}

/* Parses "/NFU": count, format (x d u o t a c s i), unit (b h w g). */
static int parse_xfmt(struct monitor *mon, const char **pp, uint32_t *count)
{
	const char *p = *pp;
	*count = 1;
	if (*p != '/')
		return 0;
	p++;
	if (isdigit((unsigned char)*p))
		*count = (uint32_t)strtoul(p, (char **)&p, 10);
	while (*p && *p != ' ') {
		if (strchr("xduotacsi", *p))
			mon->x_fmt = *p;
		else if (strchr("bhwg", *p))
			mon->x_unit = *p;
		else
			return mon_err(mon,
				       "x: unknown format letter '%c' (formats x d u o t a c s i, "
				       "units b h w g)",
				       *p);
		p++;
	}
	if (*count == 0 || *count > 4096)
		return mon_err(mon, "x: the count must be 1 to 4096");
	*pp = p;
	return 0;
}

/* gdb's x: `a` is a word (an address), `c` a byte; per line 8 bytes or
 * halves, 4 words, 2 giants. */
static void x_units(struct monitor *mon, uint32_t a, uint32_t count, bool phys)
{
	unsigned sz = mon->x_fmt == 'c'	   ? 1
		      : mon->x_fmt == 'a'  ? 4
		      : mon->x_unit == 'b' ? 1
		      : mon->x_unit == 'h' ? 2
		      : mon->x_unit == 'g' ? 8
					   : 4;
	unsigned per_line = sz <= 2 ? 8 : sz == 4 ? 4 : 2;
	for (uint32_t k = 0; k < count; k++) {
		uint64_t v = 0;
		if (k % per_line == 0) {
			if (k)
				putchar('\n');
			addr_label(mon, a, phys);
		}
		if (read_mem(mon, phys, a, &v, sz) != sz) {
			printf("\tcannot read memory at 0x%08x", a);
			break;
		}
		int64_t sv = sz == 1   ? (int8_t)v
			     : sz == 2 ? (int16_t)v
			     : sz == 4 ? (int32_t)v
				       : (int64_t)v;
		switch (mon->x_fmt) {
		case 'd': printf("\t%lld", (long long)sv); break;
		case 'u': printf("\t%llu", (unsigned long long)v); break;
		case 'o': printf(v ? "\t0%llo" : "\t0", (unsigned long long)v); break;
		case 't':
			putchar('\t');
			for (int b = (int)sz * 8 - 1; b >= 0; b--)
				putchar((v >> b) & 1 ? '1' : '0');
			break;
		case 'a': {
			char s[96];
			mon_sym(mon, (uint32_t)v, s, sizeof(s));
			printf("\t0x%x%s%s%s", (uint32_t)v, *s ? " <" : "", s, *s ? ">" : "");
			break;
		}
		case 'c':
			if (isprint((int)v))
				printf("\t%u '%c'", (unsigned)v, (int)v);
			else
				printf("\t%u '\\%03o'", (unsigned)v, (unsigned)v);
			break;
		default: printf("\t0x%0*llx", (int)sz * 2, (unsigned long long)v); break;
		}
		a += sz;
	}
	putchar('\n');
	mon->x_next = a;
}

static uint32_t x_strings(struct monitor *mon, uint32_t a, uint32_t count, bool phys)
{
	for (uint32_t k = 0; k < count; k++) {
		addr_label(mon, a, phys);
		printf("\t\"");
		unsigned n = 0;
		uint8_t ch;
		for (;;) {
			if (read_mem(mon, phys, a, &ch, 1) != 1) {
				printf("\" <cannot read memory at 0x%08x>\n", a);
				return a;
			}
			a++;
			if (!ch)
				break;
			if (++n > 200) {
				printf("...");
				break;
			}
			if (ch == '"' || ch == '\\')
				printf("\\%c", ch);
			else if (isprint(ch))
				putchar(ch);
			else if (ch == '\n')
				printf("\\n");
			else
				printf("\\%03o", ch);
		}
		printf("\"\n");
	}
	return a;
}

static uint32_t print_insns(struct monitor *mon, uint32_t a, uint32_t count)
{
	struct cpu *c = machine_cpu(mon->m);
	uint32_t here = c->seg[SEG_CS].base + c->eip;
	for (uint32_t k = 0; k < count; k++) {
		char text[160], s[96];
		unsigned len = mon_disasm_at(mon, a, text, sizeof(text));
		mon_sym(mon, a, s, sizeof(s));
		printf("%s0x%08x%s%s%s:\t%s\n", a == here ? "=> " : "   ", a, *s ? " <" : "", s,
		       *s ? ">" : "", text);
		if (!len)
			break;
		a += len;
	}
	return a;
}

int mon_cmd_x(struct monitor *mon, const char *args)
{
	uint32_t count, a;
	if (!need_machine(mon) || parse_xfmt(mon, &args, &count) < 0)
		return -1;
	while (*args == ' ')
		args++;
	bool phys = strncmp(args, "--phys", 6) == 0 && (!args[6] || args[6] == ' ');
	if (phys)
		args += 6 + (args[6] == ' ');
	while (*args == ' ')
		args++;
	if (!*args)
		a = mon->x_next;
	else if (mon_eval(mon, args, &a) < 0)
		return -1;
	if (mon->x_fmt == 's')
		mon->x_next = x_strings(mon, a, count, phys);
	else if (mon->x_fmt == 'i' && phys)
		return mon_err(mon, "x/i works on linear addresses only");
	else if (mon->x_fmt == 'i')
		mon->x_next = print_insns(mon, a, count);
	else
		x_units(mon, a, count, phys);
	return 0;
}

int mon_cmd_disassemble(struct monitor *mon, const char *args)
{
	if (!need_machine(mon))
		return -1;
	struct cpu *c = machine_cpu(mon->m);
	uint32_t a = c->seg[SEG_CS].base + c->eip, n = 10;
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", args);
	char *sp = strrchr(buf, ' ');
	if (sp && mon_eval(mon, sp + 1, &n) < 0)
		return -1;
	if (sp)
		*sp = 0;
	if (*buf && mon_eval_loc(mon, buf, &a) < 0)
		return -1;
	if (n == 0 || n > 10000)
		return mon_err(mon, "disassemble: the count must be 1 to 10000");
	print_insns(mon, a, n);
	return 0;
}

/* One value in gdb's print format letter: x d u o t c a. */
static void print_fmt(struct monitor *mon, char fmt, uint32_t v, unsigned size)
{
	char s[96];
	uint32_t mask = size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	int32_t sv = size == 1 ? (int8_t)v : size == 2 ? (int16_t)v : (int32_t)v;
	switch (fmt) {
	case 'x': printf("0x%x", v & mask); break;
	case 'u': printf("%u", v & mask); break;
	case 'o': printf("0%o", v & mask); break;
	case 't': {
		int top = 31;
		while (top > 0 && !((v & mask) >> top))
			top--;
		for (int k = top; k >= 0; k--)
			putchar((v >> k) & 1 ? '1' : '0');
		break;
	}
	case 'c':
		printf("%d '", (int8_t)v);
		if ((v & 0xff) >= 0x20 && (v & 0xff) < 0x7f)
			putchar((int)(v & 0xff));
		else
			printf("\\%03o", v & 0xff);
		putchar('\'');
		break;
	case 'a':
		mon_sym(mon, v, s, sizeof(s));
		printf("0x%x%s%s%s", v, *s ? " <" : "", s, *s ? ">" : "");
		break;
	default: printf("%d", sv); break;
	}
}

/* A data symbol named alone: gdb prints its value. Without DWARF the
 * size comes from the ELF symbol (1, 2, 4 bytes: an integer). */
static const struct symbol *lone_variable(struct monitor *mon, const char *e)
{
	size_t n = strlen(e);
	while (n && e[n - 1] == ' ')
		n--;
	char name[128];
	if (n == 0 || n >= sizeof(name) ||
	    strspn(e, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO"
		      "PQRSTUVWXYZ0123456789_.") != n ||
	    isdigit((unsigned char)*e))
		return NULL;
	memcpy(name, e, n);
	name[n] = 0;
	const struct symbol *s = symtab_find(&mon->syms, name);
	return s && !s->func && (s->size == 1 || s->size == 2 || s->size == 4) ? s : NULL;
}

int mon_cmd_print(struct monitor *mon, const char *args)
{
	char fmt = 0;
	if (*args == '/') {
		fmt = args[1];
		if (!fmt || !strchr("xduotca", fmt) || (args[2] && args[2] != ' '))
			return mon_err(mon, "print/FMT: FMT is one of x d u o t c a");
		args += 2;
	}
	while (*args == ' ')
		args++;
	uint32_t v;
	unsigned size = 4;
	if (!*args)
		return mon_err(mon, "usage: print[/FMT] EXPR");
	/* With DWARF: the variable of the selected frame, with its type. */
	int dr = mon_src_print(mon, args, fmt);
	if (dr <= 0)
		return dr;
	const struct symbol *var = mon->m ? lone_variable(mon, args) : NULL;
	if (var) {
		size = var->size;
		v = 0;
		if (cpu_peek(machine_cpu(mon->m), var->addr, &v, size, false) != size)
			return mon_err(mon, "cannot read %s at 0x%08x", var->name, var->addr);
	} else if (mon_eval(mon, args, &v) < 0) {
		return -1;
	}
	mon->value_count++;
	mon->values[mon->value_count % 256] = v;
	printf("$%u = ", mon->value_count);
	if (fmt || var) {
		print_fmt(mon, fmt ? fmt : 'd', v, size);
		putchar('\n');
		return 0;
	}
	char s[96];
	mon_sym(mon, v, s, sizeof(s));
	printf("%d (0x%x)%s%s%s\n", (int32_t)v, v, *s ? " <" : "", s, *s ? ">" : "");
	return 0;
}

/* set {char|short|int} ADDR = V, set *ADDR = V: memory through the page
 * tables (debugger writes ignore write protection, as gdb's do). */
static int set_memory(struct monitor *mon, char *lhs, const char *rhs)
{
	unsigned size = 4;
	char *addr;
	if (*lhs == '{') {
		char *close = strchr(lhs, '}');
		if (!close)
			return mon_err(mon, "set: missing '}'");
		*close = 0;
		const char *t = lhs + 1;
		size = strcmp(t, "char") == 0 ? 1 : strcmp(t, "short") == 0 ? 2 : 4;
		if (size == 4 && strcmp(t, "int") != 0)
			return mon_err(mon, "set: type must be char, short or int");
		addr = close + 1;
	} else {
		addr = lhs + 1; /* '*' */
	}
	uint32_t a, v;
	if (mon_eval(mon, addr, &a) < 0 || mon_eval(mon, rhs, &v) < 0)
		return -1;
	if (cpu_poke(machine_cpu(mon->m), a, &v, size, false) != size)
		return mon_err(mon, "cannot write memory at 0x%08x", a);
	mon_bp_rearm(mon);
	return 0;
}

int mon_cmd_set(struct monitor *mon, const char *args)
{
	char buf[512];
	if (strncmp(args, "follow-fork-mode", 16) == 0 && (!args[16] || args[16] == ' ')) {
		const char *m = args + 16;
		while (*m == ' ')
			m++;
		if (strcmp(m, "parent") == 0)
			mon->follow_mode = 1;
		else if (strcmp(m, "child") == 0)
			mon->follow_mode = 2;
		else
			return mon_err(mon, "set follow-fork-mode: parent or child");
		return 0;
	}
	if (strncmp(args, "var ", 4) == 0)
		args += 4;
	snprintf(buf, sizeof(buf), "%s", args);
	char *eq = strchr(buf, '=');
	if (!eq)
		return mon_err(mon, "usage: set $REG = VALUE | set {char|short|int} ADDR = VALUE");
	if (!need_machine(mon))
		return -1;
	*eq = 0;
	char *lhs = buf;
	while (*lhs == ' ')
		lhs++;
	for (char *e = eq - 1; e >= lhs && *e == ' '; e--)
		*e = 0;
	if (*lhs == '{' || *lhs == '*')
		return set_memory(mon, lhs, eq + 1);
	uint32_t v;
	if (mon_eval(mon, eq + 1, &v) < 0)
		return -1;
	return mon_set_reg(mon, *lhs == '$' ? lhs + 1 : lhs, v);
}
