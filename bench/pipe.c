/* A read/write round trip through a pipe: write 64 bytes, read them back,
 * in one process (two system calls per round). */
#include "bench.h"

#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int reps = bench_reps(argc, argv, 1);
	int fds[2];
	if (pipe(fds) < 0) {
		printf("pipe: pipe() failed\n");
		return 1;
	}
	char buf[64];
	unsigned sum = 0;
	for (int k = 0; k < 64; k++)
		buf[k] = (char)k;
	for (int k = 0; k < reps; k++) {
		buf[0] = (char)k;
		if (write(fds[1], buf, 64) != 64 || read(fds[0], buf, 64) != 64) {
			printf("pipe: short transfer at %d\n", k);
			return 1;
		}
		sum += (unsigned char)buf[0];
	}
	printf("pipe: %d round trips, sum %u\n", reps, sum);
	return 0;
}
