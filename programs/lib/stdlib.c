/* stdlib.h except the allocator (malloc.c) and exit (a system call). */
#include <stdlib.h>
#include <ctype.h>

static int digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return tolower(c) - 'a' + 10;
	return 99;
}

/*
 * The common part of the strto* functions: parses an optionally signed
 * number and returns it as the caller's type will hold it, so each caller
 * only picks its range. Out of range, the result is the limit for signed
 * types (limit, or -neg_limit for a negative number) and limit for unsigned
 * ones (where C applies a '-' by negating in unsigned arithmetic, but never
 * to an overflowed value). Like C, "0x" with no hex digit after it parses
 * as "0", and no digits at all leaves *end at s.
 */
static unsigned long long parse(const char *s, char **end, int base, int is_signed,
				unsigned long long limit, unsigned long long neg_limit)
{
	const char *p = s;
	unsigned long long v = 0, lim, cutoff;
	unsigned int cutlim;
	int any = 0, over = 0, neg = 0, d;

	while (isspace(*p))
		p++;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	if (base < 2 || base > 36) {
		if (end)
			*end = (char *)s;
		return 0;
	}
	lim = neg && is_signed ? neg_limit : limit;
	cutoff = lim / base;
	cutlim = lim % base;
	for (; (d = digit_value(*p)) < base; p++) {
		any = 1;
		if (over || v > cutoff || (v == cutoff && (unsigned int)d > cutlim))
			over = 1;
		else
			v = v * base + d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	if (over)
		return neg && is_signed ? -lim : lim;
	return neg ? -v : v;
}

long strtol(const char *s, char **end, int base)
{
	return (long)parse(s, end, base, 1, 0x7fffffffu, 0x80000000u);
}

unsigned long strtoul(const char *s, char **end, int base)
{
	return (unsigned long)parse(s, end, base, 0, 0xffffffffu, 0);
}

long long strtoll(const char *s, char **end, int base)
{
	return (long long)parse(s, end, base, 1, 0x7fffffffffffffffull, 0x8000000000000000ull);
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	return parse(s, end, base, 0, ~0ull, 0);
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
	return strtol(s, NULL, 10);
}

int abs(int x)
{
	return x < 0 ? -x : x;
}

long labs(long x)
{
	return x < 0 ? -x : x;
}

long long llabs(long long x)
{
	return x < 0 ? -x : x;
}

static void swap_bytes(char *a, char *b, size_t size)
{
	while (size--) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/*
 * Quicksort with a median-of-three pivot, insertion sort for short runs, and
 * recursion only into the smaller part so the stack stays O(log n).
 */
void qsort(void *base, size_t count, size_t size, int (*cmp)(const void *, const void *))
{
	char *a = base;

	while (count > 8) {
		char *lo = a, *mid = a + (count / 2) * size, *hi = a + (count - 1) * size;
		size_t i, j;

		if (cmp(mid, lo) < 0)
			swap_bytes(mid, lo, size);
		if (cmp(hi, mid) < 0) {
			swap_bytes(hi, mid, size);
			if (cmp(mid, lo) < 0)
				swap_bytes(mid, lo, size);
		}
		/* The pivot waits at the front while the rest is partitioned. */
		swap_bytes(lo, mid, size);
		i = 1;
		j = count - 1;
		for (;;) {
			while (i <= j && cmp(a + i * size, lo) < 0)
				i++;
			while (j >= i && cmp(a + j * size, lo) > 0)
				j--;
			if (i >= j)
				break;
			swap_bytes(a + i * size, a + j * size, size);
			i++;
			j--;
		}
		swap_bytes(lo, a + j * size, size);
		/* Now [0, j) <= pivot at j <= (j, count). */
		if (j < count - 1 - j) {
			qsort(a, j, size, cmp);
			a += (j + 1) * size;
			count -= j + 1;
		} else {
			qsort(a + (j + 1) * size, count - 1 - j, size, cmp);
			count = j;
		}
	}
	for (size_t i = 1; i < count; i++) {
		for (size_t j = i; j > 0 && cmp(a + (j - 1) * size, a + j * size) > 0; j--)
			swap_bytes(a + (j - 1) * size, a + j * size, size);
	}
}

static unsigned int rand_state = 1;

/* A 32-bit LCG (Numerical Recipes constants); the low bit is the weakest, so it is dropped. */
int rand(void)
{
	rand_state = rand_state * 1664525u + 1013904223u;
	return (int)(rand_state >> 1);
}

void srand(unsigned int seed)
{
	rand_state = seed;
}
