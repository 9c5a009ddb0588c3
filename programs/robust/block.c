/* Guests that never finish without burning instructions: `block pipe`
 * reads its own empty pipe (no writer will ever come: a deadlock the
 * kernel must detect); `block sleep` sleeps for 2^31 ticks (only
 * --timeout or --max-insns stops it, since virtual time runs on). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "pipe") == 0) {
		int fds[2];
		char c;
		if (pipe(fds) < 0)
			return 1;
		printf("read = %d\n", read(fds[0], &c, 1));
		return 0;
	}
	printf("sleep = %d\n", sleep(0x7fffffff));
	return 0;
}
