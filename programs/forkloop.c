/* fork + exit + wait in a loop (argv[1] times, default 1000): the host must
 * keep reusing the same guest frames, not touch all of guest RAM. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	int reaped = 0;
	for (int i = 0; i < n; i++) {
		int pid = fork();
		if (pid == 0)
			exit(0);
		if (pid < 0) {
			printf("fork failed: %d\n", pid);
			return 1;
		}
		if (wait() == pid)
			reaped++;
	}
	printf("forkloop: %d of %d children reaped\n", reaped, n);
	return 0;
}
