/* Faults as signals: a SIGSEGV handler that siglongjmps out (si_addr,
 * SEGV_MAPERR/SEGV_ACCERR), #GP's SIGSEGV, SIGFPE from a division by zero, SIGILL from
 * ud2, SIGTRAP from int3, a handler on the sigaltstack after a stack
 * overflow, sigreturn back into the faulting program via a handler that
 * fixes the fault; then an unhandled SIGSEGV kills (status 139). */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile int last_sig, last_code;
static void *volatile last_addr;
static volatile uintptr_t handler_sp;
static char *altstack;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	last_sig = sig;
	last_code = si->si_code;
	last_addr = si->si_addr;
	char here;
	handler_sp = (uintptr_t)&here;
	siglongjmp(env, 1);
}

static void catch (int sig, int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(sig, &sa, NULL);
}

static int recurse(int n)
{
	volatile char pad[1024];
	pad[0] = (char)n;
	return recurse(n + 1) + pad[0];
}

static volatile int zero = 0, seven = 7;
static char *page;
static volatile int fixed;

static void fix_it(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	/* Make the page writable: the faulting store runs again. */
	mprotect((void *)((uintptr_t)si->si_addr & ~4095u), 4096, PROT_READ | PROT_WRITE);
	fixed++;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	catch (SIGSEGV, 0);
	if (sigsetjmp(env, 1) == 0) {
		*(volatile int *)16 = 1;
		printf("not reached\n");
	}
	printf("null store: sig %d code %s addr %p\n", last_sig,
	       last_code == SEGV_MAPERR ? "SEGV_MAPERR" : "?", last_addr);
	/* The mask is back after siglongjmp: a second fault is caught too. */
	page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (sigsetjmp(env, 1) == 0)
		page[8] = 1;
	printf("read-only store: sig %d code %s addr ok %d\n", last_sig,
	       last_code == SEGV_ACCERR ? "SEGV_ACCERR" : "?", last_addr == page + 8);

	/* #GP (a privileged instruction at CPL 3): SIGSEGV, SI_KERNEL, no address. */
	if (sigsetjmp(env, 1) == 0)
		__asm__ volatile("cli");
	printf("cli: sig %d code %s addr %p\n", last_sig,
	       last_code == SI_KERNEL ? "SI_KERNEL" : "?", last_addr);

	catch (SIGFPE, 0);
	if (sigsetjmp(env, 1) == 0)
		printf("%d\n", seven / zero);
	printf("divide: sig %d code %s\n", last_sig, last_code == FPE_INTDIV ? "FPE_INTDIV" : "?");
	catch (SIGILL, 0);
	if (sigsetjmp(env, 1) == 0)
		__asm__ volatile("ud2");
	printf("ud2: sig %d code %s\n", last_sig, last_code == ILL_ILLOPN ? "ILL_ILLOPN" : "?");
	catch (SIGTRAP, 0);
	if (sigsetjmp(env, 1) == 0)
		__asm__ volatile("int3");
	printf("int3: sig %d\n", last_sig);

	/* The handler fixes the fault and returns: sigreturn resumes the
	 * store, which now succeeds. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fix_it;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	page[100] = 42;
	printf("fixed by the handler: %d, value %d\n", fixed, page[100]);

	/* Stack overflow: the handler can run only on the alternate stack. */
	size_t sz = 64 * 1024;
	altstack = malloc(sz);
	stack_t ss = {.ss_sp = altstack, .ss_size = sz, .ss_flags = 0}, old;
	sigaltstack(&ss, NULL);
	sigaltstack(NULL, &old);
	printf("sigaltstack: size ok %d flags %d\n", old.ss_size == sz, old.ss_flags);
	catch (SIGSEGV, SA_ONSTACK);
	if (sigsetjmp(env, 1) == 0)
		recurse(0);
	printf("overflow: sig %d on the alt stack %d\n", last_sig,
	       handler_sp > (uintptr_t)altstack && handler_sp < (uintptr_t)altstack + sz);
	/* Unhandled: the run ends by SIGSEGV. */
	signal(SIGSEGV, SIG_DFL);
	*(volatile int *)16 = 2;
	return 0;
}
