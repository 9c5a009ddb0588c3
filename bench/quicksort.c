/* Recursive quicksort of 65536 ints (median of three), repeated on fresh
 * data: compares, swaps, calls. */
#include "bench.h"

#include <stdio.h>

#define N 65536
static int a[N];

static void sort(int *v, int lo, int hi)
{
	while (hi - lo > 8) {
		int mid = lo + (hi - lo) / 2;
		int x = v[lo], y = v[mid], z = v[hi];
		int p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
		int i = lo, j = hi;
		while (i <= j) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i <= j) {
				int t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		}
		if (j - lo < hi - i) {
			sort(v, lo, j);
			lo = i;
		} else {
			sort(v, i, hi);
			hi = j;
		}
	}
	for (int i = lo + 1; i <= hi; i++) {
		int t = v[i], j = i - 1;
		while (j >= lo && v[j] > t) {
			v[j + 1] = v[j];
			j--;
		}
		v[j + 1] = t;
	}
}

int main(int argc, char **argv)
{
	int reps = bench_reps(argc, argv, 1);
	unsigned seed = 7, sum = 0;
	for (int r = 0; r < reps; r++) {
		for (int k = 0; k < N; k++)
			a[k] = (int)(lcg(&seed) >> 1);
		sort(a, 0, N - 1);
		for (int k = 1; k < N; k++)
			if (a[k - 1] > a[k]) {
				printf("quicksort: not sorted at %d\n", k);
				return 1;
			}
		sum += (unsigned)a[N / 2];
	}
	printf("quicksort: %08x\n", sum);
	return 0;
}
