/*
 * Expressions for print, break, x and set: 32-bit unsigned arithmetic
 * over numbers (C syntax: 0x.., 0.., decimal), $registers, symbols and
 * *ADDR (a 32-bit load through the current page tables), by precedence
 * climbing. A symbol's value is its address (`&sym` is accepted too). Division by zero and unreadable memory are errors.
 */
#include "monitor.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const regs[] = {"eax",    "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip",
				   "eflags", "es",  "cs",  "ss",  "ds",	 "fs",	"gs",  "cr0", "cr2",
				   "cr3",    "cr4", "cpl", "pc",  "sp",	 "fp",	NULL};

const char *const *mon_reg_names(void)
{
	return regs;
}

static int reg_index(const char *name)
{
	for (int k = 0; regs[k]; k++)
		if (strcmp(regs[k], name) == 0)
			return k;
	return -1;
}

bool mon_reg_known(const char *name)
{
	return reg_index(name) >= 0;
}

bool mon_get_reg(struct monitor *mon, const char *name, uint32_t *val)
{
	struct cpu *c = machine_cpu(mon->m);
	int k = reg_index(name);
	if (k < 0)
		return false;
	if (k < 8)
		*val = c->reg[k];
	else if (k == 8 || k == 21)
		*val = c->eip;
	else if (k == 9)
		*val = cpu_get_eflags(c);
	else if (k < 16)
		*val = c->seg[k - 10].sel;
	else if (k < 20)
		*val = cpu_get_cr(c, k == 16 ? 0 : k == 17 ? 2 : k == 18 ? 3 : 4);
	else if (k == 20)
		*val = c->cpl;
	else
		*val = c->reg[k == 22 ? ESP : EBP];
	return true;
}

int mon_set_reg(struct monitor *mon, const char *name, uint32_t val)
{
	struct cpu *c = machine_cpu(mon->m);
	int k = reg_index(name);
	if (k < 0)
		return mon_err(mon, "no register '%s'", name);
	if (k < 8)
		c->reg[k] = val;
	else if (k == 8 || k == 21)
		c->eip = val;
	else if (k == 9)
		cpu_set_eflags_raw(c, val);
	else if (k < 16) {
		/* A debugger load: no protection checks, but the descriptor must
		 * exist (cpu_load_seg_unchecked refuses what cannot be loaded). */
		if (k - 10 == SEG_CS)
			return mon_err(mon, "set $cs is not supported (it would change the CPL)");
		if (cpu_load_seg_unchecked(c, k - 10, (uint16_t)val) < 0)
			return mon_err(mon, "selector 0x%x cannot be loaded", val);
	} else if (k < 20)
		cpu_set_cr(c, k == 16 ? 0 : k == 17 ? 2 : k == 18 ? 3 : 4, val);
	else if (k == 20)
		return mon_err(mon, "$cpl follows CS and cannot be set");
	else
		c->reg[k == 22 ? ESP : EBP] = val;
	return 0;
}

struct parser {
	struct monitor *mon;
	const char *p;
	int err;
};

static void skip_ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static int perr(struct parser *ps, const char *what)
{
	if (!ps->err)
		mon_err(ps->mon, "%s", what);
	ps->err = 1;
	return -1;
}

static uint32_t parse_binary(struct parser *ps, int min_prec);

/* gdb's value history: $N, $ (the last value), $$ (the one before), $$N
 * (N back from the last). */
static uint32_t history(struct parser *ps)
{
	struct monitor *mon = ps->mon;
	bool back = *ps->p == '$';
	if (back)
		ps->p++;
	char *end;
	unsigned long n = strtoul(ps->p, &end, 10);
	bool given = end != ps->p;
	ps->p = end;
	unsigned long idx = !back ? (given ? n : mon->value_count)
				  : (given ? mon->value_count - n : mon->value_count - 1);
	if (idx == 0 || idx > mon->value_count || mon->value_count - idx >= 256) {
		if (!ps->err)
			mon_err(mon, "history has not yet reached $%lu", idx);
		ps->err = 1;
		return 0;
	}
	return mon->values[idx % 256];
}

static uint32_t parse_word(struct parser *ps)
{
	char name[128];
	size_t n = 0;
	bool reg = *ps->p == '$';
	if (reg)
		ps->p++;
	if (reg &&
	    (*ps->p == '$' || isdigit((unsigned char)*ps->p) || !isalpha((unsigned char)*ps->p)))
		return history(ps);
	while ((isalnum((unsigned char)*ps->p) || *ps->p == '_' || *ps->p == '.') &&
	       n < sizeof(name) - 1)
		name[n++] = *ps->p++;
	name[n] = 0;
	uint32_t v;
	if (reg) {
		if (!ps->mon->m)
			return perr(ps, "no program loaded: registers have no value"), 0;
		if (!mon_get_reg(ps->mon, name, &v)) {
			mon_err(ps->mon, "no register '$%s'", name);
			ps->err = 1;
		}
		return v;
	}
	const struct symbol *s = symtab_find(&ps->mon->syms, name);
	if (!s && mon_src_scalar(ps->mon, name, &v))
		return v; /* a DWARF local or parameter: its value */
	if (!s) {
		if (!ps->err)
			mon_err(ps->mon, "no symbol '%s' in the program", name);
		ps->err = 1;
		return 0;
	}
	return s->addr;
}

static uint32_t parse_unary(struct parser *ps)
{
	skip_ws(ps);
	char ch = *ps->p;
	if (ch == '&') {
		/* A symbol already stands for its address: &counter == counter. */
		ps->p++;
		return parse_unary(ps);
	}
	if (ch == '-' || ch == '~' || ch == '*' || ch == '!') {
		ps->p++;
		uint32_t v = parse_unary(ps);
		if (ch == '-')
			return 0u - v;
		if (ch == '~')
			return ~v;
		if (ch == '!')
			return !v;
		uint32_t w;
		if (!ps->mon->m || cpu_peek(machine_cpu(ps->mon->m), v, &w, 4, false) != 4) {
			if (!ps->err)
				mon_err(ps->mon, "cannot read memory at 0x%08x", v);
			ps->err = 1;
			return 0;
		}
		return w;
	}
	if (ch == '(') {
		ps->p++;
		uint32_t v = parse_binary(ps, 0);
		skip_ws(ps);
		if (*ps->p != ')')
			return perr(ps, "missing ')'"), 0;
		ps->p++;
		return v;
	}
	if (isdigit((unsigned char)ch)) {
		char *end;
		unsigned long long v = strtoull(ps->p, &end, 0);
		if (v > 0xffffffffull)
			return perr(ps, "number does not fit in 32 bits"), 0;
		ps->p = end;
		return (uint32_t)v;
	}
	if (ch == '$' || isalpha((unsigned char)ch) || ch == '_' || ch == '.')
		return parse_word(ps);
	return perr(ps, ch ? "syntax error in expression" : "expression expected"), 0;
}

/* Binary operators and their precedence (C's order); *op names the
 * operator: its text, one or two characters. */
static int op_prec(const char *p, int *len, char op[3])
{
	static const struct {
		const char *text;
		int prec;
	} ops[] = {{"||", 1}, {"&&", 2}, {"==", 6}, {"!=", 6}, {"<=", 7}, {">=", 7},
		   {"<<", 8}, {">>", 8}, {"|", 3},  {"^", 4},  {"&", 5},  {"<", 7},
		   {">", 7},  {"+", 9},	 {"-", 9},  {"*", 10}, {"/", 10}, {"%", 10}};
	for (unsigned k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		size_t n = strlen(ops[k].text);
		if (strncmp(p, ops[k].text, n) == 0) {
			*len = (int)n;
			snprintf(op, 3, "%s", ops[k].text);
			return ops[k].prec;
		}
	}
	return -1;
}

static uint32_t apply_op(struct parser *ps, const char *op, uint32_t lhs, uint32_t rhs)
{
	int32_t sl = (int32_t)lhs, sr = (int32_t)rhs; /* comparisons: C's int */
	if (op[1] == '=' || ((op[0] == '<' || op[0] == '>') && !op[1]))
		return op[0] == '='   ? lhs == rhs
		       : op[0] == '!' ? lhs != rhs
		       : op[0] == '<' ? (op[1] ? sl <= sr : sl < sr)
				      : (op[1] ? sl >= sr : sl > sr);
	switch (op[0]) {
	case '|': return op[1] ? (lhs || rhs) : lhs | rhs;
	case '&': return op[1] ? (lhs && rhs) : lhs & rhs;
	case '^': return lhs ^ rhs;
	case '+': return lhs + rhs;
	case '-': return lhs - rhs;
	case '*': return lhs * rhs;
	case '<': return rhs > 31 ? 0 : lhs << rhs;
	case '>': return rhs > 31 ? 0 : lhs >> rhs;
	default:
		if (rhs == 0)
			return perr(ps, "division by zero"), 0;
		return op[0] == '/' ? lhs / rhs : lhs % rhs;
	}
}

static uint32_t parse_binary(struct parser *ps, int min_prec)
{
	uint32_t lhs = parse_unary(ps);
	for (;;) {
		skip_ws(ps);
		char op[3];
		int len, prec = op_prec(ps->p, &len, op);
		if (prec < 0 || prec < min_prec || ps->err)
			return lhs;
		ps->p += len;
		uint32_t rhs = parse_binary(ps, prec + 1);
		lhs = apply_op(ps, op, lhs, rhs);
	}
}

int mon_eval(struct monitor *mon, const char *s, uint32_t *val)
{
	struct parser ps = {mon, s, 0};
	uint32_t v = parse_binary(&ps, 0);
	skip_ws(&ps);
	if (!ps.err && *ps.p)
		perr(&ps, "unexpected text after the expression");
	if (ps.err)
		return -1;
	*val = v;
	return 0;
}

int mon_eval_loc(struct monitor *mon, const char *s, uint32_t *val)
{
	while (*s == ' ')
		s++;
	if (*s == '*')
		return mon_eval(mon, s + 1, val); /* gdb: `break *0x8048000` is an address */
	int r = mon_src_linespec(mon, s, val);	  /* FILE:LINE */
	return r <= 0 ? r : mon_eval(mon, s, val);
}
