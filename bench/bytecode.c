/* A bytecode interpreter (switch dispatch, operand stack) running a loop
 * that sums i*i mod 7 and counts multiples of 3: indirect jumps. */
#include "bench.h"

#include <stdio.h>

enum { PUSH, LOAD, STORE, ADD, MUL, MOD, LT, JZ, JMP, DUP, DROP, HALT };

/* for (i = 0; i < n; i++) { s = s + i * i % 7; if (i % 3 == 0) t++; } */
/* clang-format off */
static const int prog[] = {
	PUSH, 0, STORE, 0,		       /* 0: i = 0 */
	LOAD, 0, LOAD,	3, LT, JZ, 40,	       /* 4: while (i < n) */
	LOAD, 1, LOAD,	0, LOAD, 0, MUL,       /* 11: s, i*i */
	PUSH, 7, MOD,	ADD, STORE, 1,	       /* 18: s = s + i*i % 7 */
	LOAD, 0, PUSH,	3, MOD, JZ, 42,	       /* 24: if (i % 3 == 0) */
	LOAD, 0, PUSH,	1, ADD, STORE, 0, JMP, 4,  /* 31: i++ */
	HALT, 0,			       /* 40 */
	LOAD, 2, PUSH,	1, ADD, STORE, 2, JMP, 31, /* 42: t++ */
};
/* clang-format on */

static int run(int n, int *vars)
{
	int stack[64], sp = 0, pc = 0;
	vars[0] = vars[1] = vars[2] = 0;
	vars[3] = n;
	for (;;) {
		int op = prog[pc++];
		switch (op) {
		case PUSH: stack[sp++] = prog[pc++]; break;
		case LOAD: stack[sp++] = vars[prog[pc++]]; break;
		case STORE: vars[prog[pc++]] = stack[--sp]; break;
		case ADD: sp--, stack[sp - 1] += stack[sp]; break;
		case MUL: sp--, stack[sp - 1] *= stack[sp]; break;
		case MOD: sp--, stack[sp - 1] %= stack[sp]; break;
		case LT: sp--, stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
		case JZ:
			if (stack[--sp] == 0)
				pc = prog[pc];
			else
				pc++;
			break;
		case JMP: pc = prog[pc]; break;
		case DUP: stack[sp] = stack[sp - 1], sp++; break;
		case DROP: sp--; break;
		default: return vars[1] + vars[2];
		}
	}
}

int main(int argc, char **argv)
{
	int reps = bench_reps(argc, argv, 1);
	int vars[4], r = 0;
	for (int k = 0; k < reps; k++)
		r += run(10000, vars);
	printf("bytecode: %d (s=%d t=%d)\n", r, vars[1], vars[2]);
	return 0;
}
