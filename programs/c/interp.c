/*
 * A small stack-machine interpreter: an expression compiler (recursive
 * descent, with variables, comparisons and precedence) plus hand-assembled
 * programs with loops and calls that compute Fibonacci numbers, count
 * primes and find GCDs. Indirect jumps through a switch dominate.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

enum op {
	PUSH,  /* imm */
	LOAD,  /* var */
	STORE, /* var */
	ADD,
	SUB,
	MUL,
	DIV,
	MOD,
	NEG,
	LT,
	EQ,
	JMP,  /* addr */
	JZ,   /* addr */
	CALL, /* addr */
	RET,
	DUP,
	DROP,
	SWAP,
	PRINT,
	HALT,
};

#define NVARS 26

struct vm {
	int stack[256];
	int sp;
	int rstack[256];
	int rsp;
	int vars[NVARS];
	long steps;
};

static int run(struct vm *m, const int *code, int pc)
{
	for (;;) {
		int op = code[pc++], a, b;

		m->steps++;
		switch (op) {
		case PUSH: m->stack[m->sp++] = code[pc++]; break;
		case LOAD: m->stack[m->sp++] = m->vars[code[pc++]]; break;
		case STORE: m->vars[code[pc++]] = m->stack[--m->sp]; break;
		case DUP:
			m->stack[m->sp] = m->stack[m->sp - 1];
			m->sp++;
			break;
		case DROP: m->sp--; break;
		case SWAP:
			a = m->stack[m->sp - 1];
			m->stack[m->sp - 1] = m->stack[m->sp - 2];
			m->stack[m->sp - 2] = a;
			break;
		case NEG: m->stack[m->sp - 1] = -m->stack[m->sp - 1]; break;
		case JMP: pc = code[pc]; break;
		case JZ:
			if (m->stack[--m->sp] == 0)
				pc = code[pc];
			else
				pc++;
			break;
		case CALL:
			m->rstack[m->rsp++] = pc + 1;
			pc = code[pc];
			break;
		case RET:
			if (m->rsp == 0)
				return m->sp ? m->stack[m->sp - 1] : 0;
			pc = m->rstack[--m->rsp];
			break;
		case PRINT: printf("%d\n", m->stack[--m->sp]); break;
		case HALT: return m->sp ? m->stack[m->sp - 1] : 0;
		default:
			b = m->stack[--m->sp];
			a = m->stack[--m->sp];
			switch (op) {
			case ADD: a += b; break;
			case SUB: a -= b; break;
			case MUL: a *= b; break;
			case DIV: a = b ? a / b : 0; break;
			case MOD: a = b ? a % b : 0; break;
			case LT: a = a < b; break;
			case EQ: a = a == b; break;
			default: printf("bad opcode %d\n", op); return -1;
			}
			m->stack[m->sp++] = a;
			break;
		}
	}
}

/* Expression compiler: expr := cmp; cmp := sum [('<'|'=') sum]; sum := term {('+'|'-') term}... */
struct compiler {
	const char *p;
	int code[512];
	int n;
	int error;
};

static void emit(struct compiler *c, int x)
{
	if (c->n < 512)
		c->code[c->n++] = x;
	else
		c->error = 1;
}

static char peek(struct compiler *c)
{
	while (*c->p == ' ')
		c->p++;
	return *c->p;
}

static void sum(struct compiler *c);

static void factor(struct compiler *c)
{
	char ch = peek(c);

	if (isdigit(ch)) {
		int v = 0;

		while (isdigit(*c->p))
			v = v * 10 + *c->p++ - '0';
		emit(c, PUSH);
		emit(c, v);
	} else if (islower(ch)) {
		c->p++;
		emit(c, LOAD);
		emit(c, ch - 'a');
	} else if (ch == '-') {
		c->p++;
		factor(c);
		emit(c, NEG);
	} else if (ch == '(') {
		c->p++;
		sum(c);
		if (peek(c) != ')')
			c->error = 1;
		c->p++;
	} else {
		c->error = 1;
	}
}

static void term(struct compiler *c)
{
	factor(c);
	for (;;) {
		char ch = peek(c);

		if (ch != '*' && ch != '/' && ch != '%')
			return;
		c->p++;
		factor(c);
		emit(c, ch == '*' ? MUL : ch == '/' ? DIV : MOD);
	}
}

static void sum(struct compiler *c)
{
	term(c);
	for (;;) {
		char ch = peek(c);

		if (ch != '+' && ch != '-')
			return;
		c->p++;
		term(c);
		emit(c, ch == '+' ? ADD : SUB);
	}
}

static void comparison(struct compiler *c)
{
	sum(c);
	if (peek(c) == '<' || peek(c) == '=') {
		char ch = *c->p++;

		sum(c);
		emit(c, ch == '<' ? LT : EQ);
	}
}

static int evaluate(const char *src, struct vm *m)
{
	struct compiler c;

	memset(&c, 0, sizeof(c));
	c.p = src;
	comparison(&c);
	if (peek(&c) != 0)
		c.error = 1;
	emit(&c, HALT);
	if (c.error) {
		printf("%-28s syntax error\n", src);
		return 0;
	}
	m->sp = 0;
	m->rsp = 0;
	int v = run(m, c.code, 0);
	printf("%-28s = %d (%d words of code)\n", src, v, c.n);
	return v;
}

/* fib(n) by recursion: fib(n) = n < 2 ? n : fib(n-1) + fib(n-2). */
/* Kept unformatted: one instruction per group reads better than one word per line. */
// clang-format off
static const int fib_code[] = {
	/* 0: main: push n; call fib; halt */
	PUSH, 0, CALL, 5, HALT,
	/* 5: fib(n on stack) */
	DUP, PUSH, 2, LT, JZ, 12, RET,
	/* 12: */
	DUP, PUSH, 1, SUB, CALL, 5, SWAP, PUSH, 2, SUB, CALL, 5, ADD, RET,
};
// clang-format on

/* A tiny assembler with forward labels, for the hand-written programs. */
struct assembler {
	int code[256];
	int n;
	int label[16];
	int fix_at[64], fix_label[64], nfix;
};

static void op(struct assembler *a, int x)
{
	a->code[a->n++] = x;
}

static void op_arg(struct assembler *a, int x, int arg)
{
	op(a, x);
	op(a, arg);
}

static void jump(struct assembler *a, int x, int label)
{
	op(a, x);
	a->fix_at[a->nfix] = a->n;
	a->fix_label[a->nfix++] = label;
	op(a, -1);
}

static void label(struct assembler *a, int label)
{
	a->label[label] = a->n;
}

static void link(struct assembler *a)
{
	for (int i = 0; i < a->nfix; i++)
		a->code[a->fix_at[i]] = a->label[a->fix_label[i]];
}

#define V(ch) ((ch) - 'a')

/* Counts the primes below n by trial division: c = count, i = candidate, d = divisor. */
static void build_primes(struct assembler *a)
{
	enum { OUTER, INNER, BODY, PRIME, NEXT, DONE };

	op_arg(a, PUSH, 0);
	op_arg(a, STORE, V('c'));
	op_arg(a, PUSH, 2);
	op_arg(a, STORE, V('i'));
	label(a, OUTER); /* while (i < n) */
	op_arg(a, LOAD, V('i'));
	op_arg(a, LOAD, V('n'));
	op(a, LT);
	jump(a, JZ, DONE);
	op_arg(a, PUSH, 2);
	op_arg(a, STORE, V('d'));
	label(a, INNER); /* while (!(i < d * d)) */
	op_arg(a, LOAD, V('i'));
	op_arg(a, LOAD, V('d'));
	op(a, DUP);
	op(a, MUL);
	op(a, LT);
	jump(a, JZ, BODY);
	jump(a, JMP, PRIME);
	label(a, BODY); /* if (i % d == 0) it is not prime */
	op_arg(a, LOAD, V('i'));
	op_arg(a, LOAD, V('d'));
	op(a, MOD);
	jump(a, JZ, NEXT);
	op_arg(a, LOAD, V('d'));
	op_arg(a, PUSH, 1);
	op(a, ADD);
	op_arg(a, STORE, V('d'));
	jump(a, JMP, INNER);
	label(a, PRIME);
	op_arg(a, LOAD, V('c'));
	op_arg(a, PUSH, 1);
	op(a, ADD);
	op_arg(a, STORE, V('c'));
	label(a, NEXT);
	op_arg(a, LOAD, V('i'));
	op_arg(a, PUSH, 1);
	op(a, ADD);
	op_arg(a, STORE, V('i'));
	jump(a, JMP, OUTER);
	label(a, DONE);
	op(a, HALT);
	link(a);
}

/* gcd(a, b) by Euclid on variables a and b; the result is left in a. */
// clang-format off
static const int gcd_code[] = {
	/* 0: while (b != 0) */
	LOAD, V('b'), PUSH, 0, EQ, JZ, 8, HALT,
	/* 8: t = a % b; a = b; b = t */
	LOAD, V('a'), LOAD, V('b'), MOD, LOAD, V('b'), STORE, V('a'), STORE, V('b'), JMP, 0,
};
// clang-format on

int main(void)
{
	static struct vm m;
	static const char *exprs[] = {"1 + 2 * 3",
				      "(1 + 2) * 3",
				      "100 / 7 % 5",
				      "-(4 - 10) * -3",
				      "x * x + y * y",
				      "2 * x < y + 1",
				      "(x + y) * (x - y) = x*x - y*y",
				      "7 / 0",
				      "((((((1))))))+((2)",
				      "1 +",
				      "123456 * 1000 % 9973"};
	int code[sizeof(fib_code) / sizeof(fib_code[0])];

	m.vars[V('x')] = 12;
	m.vars[V('y')] = 35;
	for (unsigned i = 0; i < sizeof(exprs) / sizeof(exprs[0]); i++)
		evaluate(exprs[i], &m);

	memcpy(code, fib_code, sizeof(code));
	for (int n = 0; n <= 20; n += 4) {
		m.sp = m.rsp = 0;
		m.steps = 0;
		code[1] = n;
		int v = run(&m, code, 0);
		printf("fib(%d) = %d in %ld steps\n", n, v, m.steps);
	}

	static struct assembler primes;

	build_primes(&primes);
	printf("primes program: %d words\n", primes.n);
	for (int n = 10; n <= 1000; n *= 10) {
		m.sp = m.rsp = 0;
		m.steps = 0;
		m.vars[V('n')] = n;
		run(&m, primes.code, 0);
		printf("primes below %d: %d in %ld steps\n", n, m.vars[V('c')], m.steps);
	}

	static const int pairs[][2] = {{48, 18}, {1071, 462}, {17, 5}, {832040, 514229}, {0, 9}};
	for (unsigned i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		m.sp = m.rsp = 0;
		m.vars[V('a')] = pairs[i][0];
		m.vars[V('b')] = pairs[i][1];
		run(&m, gcd_code, 0);
		printf("gcd(%d, %d) = %d\n", pairs[i][0], pairs[i][1], m.vars[V('a')]);
	}

	/* PRINT from bytecode. */
	static const int hello[] = {PUSH, 6, PUSH, 7, MUL, PRINT, HALT};
	m.sp = 0;
	run(&m, hello, 0);
	return 0;
}
