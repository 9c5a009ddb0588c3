/* Process creation: fork, the child exits at once, the parent waits. */
#include "bench.h"

#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int reps = bench_reps(argc, argv, 1);
	int done = 0;
	for (int k = 0; k < reps; k++) {
		int pid = fork();
		if (pid < 0) {
			printf("forkwait: fork failed at %d\n", k);
			return 1;
		}
		if (pid == 0)
			exit(0);
		if (wait() == pid)
			done++;
	}
	printf("forkwait: %d of %d children reaped\n", done, reps);
	return 0;
}
