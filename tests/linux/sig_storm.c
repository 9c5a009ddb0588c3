/* A hostile handler: with SA_NODEFER it raises its own signal again, so
 * frames pile up on the stack until the kernel cannot write the next one;
 * the process then dies of SIGSEGV (status 139), as on Linux, and the
 * host neither hangs nor crashes. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile long depth;

static void again(int sig)
{
	depth++;
	raise(sig);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = again;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGUSR1, &sa, NULL);
	printf("storm starts\n");
	raise(SIGUSR1);
	printf("not reached\n");
	return 0;
}
