/*
 * The host CPU's own #PF error codes, for t_hard3.sh: each store or
 * read-modify-write of the attack programs np_* (programs/attacks) is run
 * natively on a PROT_NONE page (not present), and the error code the
 * kernel hands to the SIGSEGV handler (uc_mcontext REG_ERR, the CPU's,
 * with U/S set) is printed as "NAME 0xERR". ia32emu must report the same
 * for the same instruction: Intel and AMD CPUs give W/R = 1 (0x6) for a
 * read-modify-write too (SDM vol. 3 §4.7); ARPL, which writes only when
 * it raises the RPL, faults on its read (0x4). Built with gcc -m32.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <ucontext.h>

static sigjmp_buf jb;
static volatile long err;

static void on_segv(int s, siginfo_t *si, void *u)
{
	(void)s;
	(void)si;
	err = ((ucontext_t *)u)->uc_mcontext.gregs[REG_ERR];
	siglongjmp(jb, 1);
}

#define PROBE(name, insn)                                                                          \
	do {                                                                                       \
		err = -1;                                                                          \
		if (!sigsetjmp(jb, 1))                                                             \
			__asm__ volatile(insn : : "r"(p) : "memory", "eax", "ecx", "edx", "cc");   \
		printf("%s %#lx\n", name, err);                                                    \
	} while (0)

int main(void)
{
	struct sigaction sa = {0};
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, 0);
	char *p = mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	PROBE("store", "movl %%eax, (%0)");
	PROBE("add", "addl %%eax, (%0)");
	PROBE("dec", "decw (%0)");
	PROBE("xchg", "xchgb %%al, (%0)");
	PROBE("cmpxchg8b", "pushl %%ebx; cmpxchg8b (%0); popl %%ebx");
	PROBE("fstp", "fldz; fstpl (%0)");
	PROBE("stos", "pushl %%edi; movl %0, %%edi; stosl; popl %%edi");
	PROBE("movs", "pushl %%edi; pushl %%esi; movl %0, %%edi; movl %%esp, %%esi; movsl; "
		      "popl %%esi; popl %%edi");
	PROBE("setcc", "setne (%0)");
	PROBE("fnstsw", "fnstsw (%0)");
	PROBE("arpl", "movw $3, %%ax; arpl %%ax, (%0)"); /* reads first: 0x4 */
	return 0;
}
