/*
 * The guest the gdb tests debug: a global the tests watch, a function they
 * break at, a system call they step into, and an exit status they check.
 * With the argument "spin" it loops until interrupted (Ctrl-C tests); with
 * "read" it reads stdin into a global (a watchpoint the kernel triggers).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

volatile int counter;
volatile int watched;
char inbuf[16]; /* written by the kernel's copyout in read() */

__attribute__((noinline)) int bump(int by)
{
	counter += by;
	return counter;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "spin") == 0) {
		for (;;)
			bump(1);
	}
	if (argc > 1 && strcmp(argv[1], "read") == 0)
		return read(0, inbuf, sizeof(inbuf)) > 0 ? inbuf[0] : 1;
	for (int i = 0; i < 5; i++)
		bump(i);
	watched = 1234;
	printf("counter %d\n", counter);
	return 40 + (watched == 1234 ? 2 : 0);
}
