/*
 * Sorts the same pseudo-random arrays with a hand-written quicksort, a
 * mergesort, a heapsort and the library's qsort, checks that they agree and
 * are ordered, and prints checksums. Also sorts strings with strcmp.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 3000

static int a[N], b[N], c[N], d[N], tmp[N];

static void quicksort(int *v, int lo, int hi)
{
	while (lo < hi) {
		int pivot = v[lo + (hi - lo) / 2], i = lo, j = hi;

		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				int t = v[i];

				v[i++] = v[j];
				v[j--] = t;
			}
		}
		/* Recurse into the smaller side to bound the depth. */
		if (j - lo < hi - i) {
			quicksort(v, lo, j);
			lo = i;
		} else {
			quicksort(v, i, hi);
			hi = j;
		}
	}
}

static void mergesort(int *v, int n)
{
	if (n < 2)
		return;
	int half = n / 2, i = 0, j = half, k = 0;

	mergesort(v, half);
	mergesort(v + half, n - half);
	while (i < half && j < n)
		tmp[k++] = v[i] <= v[j] ? v[i++] : v[j++];
	while (i < half)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(int));
}

static void sift_down(int *v, int root, int n)
{
	for (;;) {
		int child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n && v[child + 1] > v[child])
			child++;
		if (v[root] >= v[child])
			return;
		int t = v[root];
		v[root] = v[child];
		v[child] = t;
		root = child;
	}
}

static void heapsort(int *v, int n)
{
	for (int i = n / 2 - 1; i >= 0; i--)
		sift_down(v, i, n);
	for (int end = n - 1; end > 0; end--) {
		int t = v[0];

		v[0] = v[end];
		v[end] = t;
		sift_down(v, 0, end);
	}
}

static int cmp_int(const void *x, const void *y)
{
	int p = *(const int *)x, q = *(const int *)y;

	return (p > q) - (p < q);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Order-sensitive, so two differently ordered arrays do not collide. */
static unsigned int checksum(const int *v, int n)
{
	unsigned int h = 2166136261u;

	for (int i = 0; i < n; i++)
		h = (h ^ (unsigned int)v[i]) * 16777619u;
	return h;
}

static int is_sorted(const int *v, int n)
{
	for (int i = 1; i < n; i++) {
		if (v[i - 1] > v[i])
			return 0;
	}
	return 1;
}

static int run(const char *name, unsigned int seed, int modulus)
{
	int bad = 0;

	srand(seed);
	for (int i = 0; i < N; i++)
		a[i] = modulus ? rand() % modulus - modulus / 2 : rand() - RAND_MAX / 2;
	printf("%-8s input  %08x\n", name, checksum(a, N));
	memcpy(b, a, sizeof(a));
	memcpy(c, a, sizeof(a));
	memcpy(d, a, sizeof(a));
	quicksort(a, 0, N - 1);
	mergesort(b, N);
	heapsort(c, N);
	qsort(d, N, sizeof(int), cmp_int);
	printf("%-8s sorted %08x %08x %08x %08x\n", name, checksum(a, N), checksum(b, N),
	       checksum(c, N), checksum(d, N));
	if (!is_sorted(a, N) || memcmp(a, b, sizeof(a)) || memcmp(a, c, sizeof(a)) ||
	    memcmp(a, d, sizeof(a))) {
		printf("%-8s MISMATCH\n", name);
		bad = 1;
	}
	printf("%-8s min %d median %d max %d\n", name, a[0], a[N / 2], a[N - 1]);
	return bad;
}

int main(void)
{
	static const char *words[] = {"pear",  "apple", "fig",	 "banana", "cherry",  "kiwi",
				      "grape", "lime",	"lemon", "date",   "apricot", "mango",
				      "melon", "peach", "plum",	 "quince", "apple",   "berry"};
	const char *sorted[sizeof(words) / sizeof(words[0])];
	int n = sizeof(words) / sizeof(words[0]), bad = 0;

	bad |= run("random", 1, 0);
	bad |= run("small", 42, 100); /* many duplicates */
	bad |= run("tiny", 7, 3);     /* almost all equal */

	/* Already sorted and reversed inputs: the classic quicksort worst cases. */
	for (int i = 0; i < N; i++)
		a[i] = i % 2 ? N - i : i;
	qsort(a, N, sizeof(int), cmp_int);
	heapsort(a, N);
	quicksort(a, 0, N - 1);
	printf("presorted %s %08x\n", is_sorted(a, N) ? "ok" : "BAD", checksum(a, N));

	memcpy(sorted, words, sizeof(words));
	qsort(sorted, n, sizeof(char *), cmp_str);
	for (int i = 0; i < n; i++)
		printf("%s%c", sorted[i], i + 1 < n ? ' ' : '\n');
	printf("%s\n", bad ? "FAILED" : "all sorts agree");
	return bad;
}
