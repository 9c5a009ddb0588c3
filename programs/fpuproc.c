/*
 * The FPU across processes (kernel/fpu.c), driven by tests/unit/test_fpu.c
 * and tests/e2e/t_fpu.sh. x87 code in inline assembly: the programs are
 * built with -mgeneral-regs-only.
 *
 *   fpuproc mf      unmasks ZE and divides by zero: #MF at the next fwait
 *   fpuproc lazy N  parent and child each keep their own stack and control
 *                   word through N rounds of preemption; both must agree
 *   fpuproc fork    the child sees the parent's FPU state at fork
 *   fpuproc exec    exec gives the new program an initialised FPU
 *   fpuproc fresh   (what exec runs) checks it
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned short fnstcw(void)
{
	unsigned short cw;
	__asm__ volatile("fnstcw %0" : "=m"(cw));
	return cw;
}

static void fldcw(unsigned short cw)
{
	__asm__ volatile("fldcw %0" : : "m"(cw));
}

/* ST(0) as an integer (fistl rounds by RC; values here are integers). */
static int st0_int(void)
{
	int v;
	__asm__ volatile("fistl %0" : "=m"(v));
	return v;
}

static int mf(void)
{
	fldcw(0x037b); /* ZE unmasked */
	__asm__ volatile("fld1\n\tfldz\n\tfdivrp\n\t"); /* 1/0: ZE, ES set, no #MF yet */
	printf("divided\n");
	__asm__ volatile("fwait"); /* #MF here */
	printf("not reached\n");
	return 1;
}

/* Each process: a stack of three integers and a rounding mode of its own,
 * checked after every round of work long enough to be preempted. */
static int lazy_one(const char *who, int base, unsigned short cw, int rounds)
{
	fldcw(cw);
	int b = base;
	__asm__ volatile("fildl %0\n\tfildl %1\n\tfildl %2" : : "m"(b), "m"(b), "m"(b));
	for (int r = 0; r < rounds; r++) {
		for (volatile int spin = 0; spin < 3000; spin++)
			;
		int one = 1;
		/* ST(0) += 1, and back: the stack is the same after each round. */
		__asm__ volatile("fiaddl %0\n\tfisubl %0" : : "m"(one));
		if (st0_int() != base || fnstcw() != cw) {
			printf("%s: FPU state lost in round %d: %d, cw %x\n", who, r, st0_int(),
			       fnstcw());
			return 1;
		}
	}
	printf("%s: FPU state kept over %d rounds\n", who, rounds);
	return 0;
}

static int lazy(int rounds)
{
	int pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0)
		exit(lazy_one("child", 7, 0x0f7f, rounds));
	int bad = lazy_one("parent", 1000, 0x037f, rounds);
	int st = 0;
	if (wait2(&st) != pid || st != 0)
		bad = 1;
	return bad;
}

static int forkcheck(void)
{
	fldcw(0x077f);
	int v = 4242;
	__asm__ volatile("fildl %0\n\tfld1" : : "m"(v));
	int pid = fork();
	if (pid == 0) {
		int ok = fnstcw() == 0x077f && st0_int() == 1;
		__asm__ volatile("fstp %st(0)");
		ok = ok && st0_int() == 4242;
		printf("child: cw %x, %s\n", fnstcw(), ok ? "state copied" : "state lost");
		exit(ok ? 0 : 1);
	}
	int st = 1;
	wait2(&st);
	return st;
}

static int fresh(void)
{
	unsigned char env[28];
	__asm__ volatile("fnstenv %0" : "=m"(env));
	unsigned cw = env[0] | env[1] << 8, sw = env[4] | env[5] << 8, tw = env[8] | env[9] << 8;
	printf("exec: cw %x sw %x tw %x\n", cw, sw, tw);
	return cw == 0x037f && sw == 0 && tw == 0xffff ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	if (strcmp(what, "mf") == 0)
		return mf();
	if (strcmp(what, "lazy") == 0)
		return lazy(argc > 2 ? atoi(argv[2]) : 50);
	if (strcmp(what, "fork") == 0)
		return forkcheck();
	if (strcmp(what, "exec") == 0) {
		fldcw(0x0c7f);
		int v = 99;
		__asm__ volatile("fildl %0\n\tfld1\n\tfldz\n\tfdivrp" : : "m"(v));
		char *args[] = {argv[0], "fresh", 0};
		exec(argv[0], args);
		printf("exec failed\n");
		return 1;
	}
	if (strcmp(what, "fresh") == 0)
		return fresh();
	printf("usage: fpuproc mf|lazy N|fork|exec\n");
	return 2;
}
