/* Sieve of Eratosthenes over 2^20 numbers, repeated: byte stores, loops. */
#include "bench.h"

#include <stdio.h>

#define N (1u << 20)
static unsigned char composite[N];

int main(int argc, char **argv)
{
	int reps = bench_reps(argc, argv, 1);
	unsigned count = 0;
	for (int r = 0; r < reps; r++) {
		for (unsigned k = 0; k < N; k++)
			composite[k] = 0;
		count = 0;
		for (unsigned k = 2; k < N; k++) {
			if (composite[k])
				continue;
			count++;
			for (unsigned m = k * 2; m < N; m += k)
				composite[m] = 1;
		}
	}
	printf("sieve: %u primes below %u\n", count, N);
	return 0;
}
