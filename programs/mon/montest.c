/*
 * The monitor's test program: nested calls with frame pointers (built at
 * -O0 -fno-omit-frame-pointer) for backtrace/finish/nexti, a global that
 * one function writes (watch) and another reads (rwatch), and system calls.
 */
#include <stdio.h>
#include <unistd.h>

int counter;
int reads;

int leaf(int x)
{
	counter += x; /* the write a watchpoint sees */
	return counter * 2;
}

int middle(int x)
{
	return leaf(x + 1) + 1;
}

int peek_counter(void)
{
	return counter;
}

int main(int argc, char **argv)
{
	(void)argv;
	int r = middle(argc);
	reads = peek_counter();
	printf("r=%d counter=%d pid=%d\n", r, reads, getpid());
	return 3;
}
