/*
 * Double-precision matrix multiply, 40x40, repeated: x87 fld/fmul/faddp on
 * m64 operands and fstp of the results (the floating-point counterpart of
 * matmul). argv[1] is the repetition count; the checksum is the trace of
 * the last product and one element, printed by the user library's exact
 * printf (%.17g: every bit of the double shows).
 */
#include "bench.h"

#include <stdio.h>

#define N 40
static double a[N][N], b[N][N], c[N][N];

int main(int argc, char **argv)
{
	int reps = bench_reps(argc, argv, 1);
	unsigned seed = 7;

	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			a[i][j] = (double)(int)(lcg(&seed) >> 20) / 4096.0 - 128.0;
			b[i][j] = (double)(int)(lcg(&seed) >> 20) / 2048.0 - 256.0;
		}
	for (int r = 0; r < reps; r++) {
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) {
				double s = 0;
				for (int k = 0; k < N; k++)
					s += a[i][k] * b[k][j];
				c[i][j] = s;
			}
		a[r % N][(r * 7) % N] += c[(r * 3) % N][r % N] * 1e-9;
	}
	double tr = 0;
	for (int i = 0; i < N; i++)
		tr += c[i][i];
	printf("dmatmul: %.17g %.17g\n", tr, c[N - 1][0]);
	return 0;
}
