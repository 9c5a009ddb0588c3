/* 64x64 integer matrix multiply, repeated: loads, imul, adds. */
#include "bench.h"

#include <stdio.h>

#define N 64
static int a[N][N], b[N][N], c[N][N];

int main(int argc, char **argv)
{
	int reps = bench_reps(argc, argv, 1);
	unsigned seed = 3;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			a[i][j] = (int)(lcg(&seed) >> 24) - 128;
			b[i][j] = (int)(lcg(&seed) >> 24) - 128;
		}
	unsigned sum = 0;
	for (int r = 0; r < reps; r++) {
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) {
				int s = 0;
				for (int k = 0; k < N; k++)
					s += a[i][k] * b[k][j];
				c[i][j] = s;
			}
		sum += (unsigned)c[r % N][(r * 7) % N];
		a[r % N][r % N]++;
	}
	printf("matmul: %08x\n", sum);
	return 0;
}
