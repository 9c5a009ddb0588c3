/*
 * ulpcmp OURS GLIBC: the two outputs of math_cmp, line by line. The
 * arguments must be the same; the results within the function's
 * tolerance in ulps (NaNs equal to NaNs, whatever their payload). sqrt
 * allows 1: glibc's i386 sqrt rounds fsqrt's extended result to double
 * (double rounding), ours is correctly rounded (53-bit precision control).
 * sinl, cosl, tanl are compared in 64-bit ulps: near multiples of pi the
 * x87's internal 66-bit pi leaves a result near zero with fewer correct
 * bits (measured up to about 3,000 ulps of 64 bits, below 2 double ulps).
 * Prints "N passed, N failed" and the worst case of each function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	long long ulps;
} tol[] = {
    {"sqrt", 1},   {"floor", 0}, {"ceil", 0},  {"trunc", 0},   {"round", 0},   {"fabs", 0},
    {"fmod", 0},   {"sin", 1},	 {"cos", 1},   {"tan", 2},     {"asin", 1},    {"acos", 1},
    {"atan", 1},   {"atan2", 1}, {"exp", 1},   {"log", 1},     {"log2", 1},    {"log10", 1},
    {"pow", 2},	   {"hypot", 1}, {"sqrtf", 0}, {"sinf", 1},    {"expf", 1},    {"logf", 1},
    {"floorf", 0}, {"powf", 1},	 {"sqrtl", 0}, {"sinl", 4096}, {"cosl", 4096}, {"tanl", 4096},
    {"atanl", 1},  {"asinl", 2}, {"expl", 2},  {"logl", 1},    {"log2l", 1},   {"floorl", 0}};
#define NTOL (sizeof tol / sizeof tol[0])

static long long ordered(unsigned long long b)
{
	return (b >> 63) ? -(long long)(b & 0x7fffffffffffffffULL) : (long long)b;
}

static int isnan_bits(unsigned long long b)
{
	return ((b >> 52) & 0x7ff) == 0x7ff && (b & 0xfffffffffffffULL);
}

/* A float result is printed as its 32 bits: as a double's, exactly. */
static unsigned long long widen(unsigned long long u)
{
	unsigned long long sign = (u >> 31) & 1, e = (u >> 23) & 0xff, m = u & 0x7fffff;
	if (e == 0xff)
		return sign << 63 | 0x7ffULL << 52 | m << 29;
	if (e == 0) /* zero or denormal: counted in float ulps below anyway */
		return sign << 63 | m;
	return sign << 63 | (e + 896) << 52 | m << 29;
}

/* Long double lines: "L:name SE MANT SE MANT" (argument, result), results
 * compared as 80-bit values; returns 1 when la was one (b advanced). */
static int long_line(const char *la, FILE *b, int *pass, int *fail, long long *worst)
{
	char na[32], nb[32], lb[256];
	unsigned sa[2], sb[2];
	unsigned long long ma[2], mb[2];
	unsigned t;

	if (strncmp(la, "L:", 2))
		return 0;
	la += 2;
	if (!fgets(lb, sizeof lb, b) ||
	    sscanf(la, "%31s %x %llx %x %llx", na, &sa[0], &ma[0], &sa[1], &ma[1]) != 5 ||
	    strncmp(lb, "L:", 2) ||
	    sscanf(lb + 2, "%31s %x %llx %x %llx", nb, &sb[0], &mb[0], &sb[1], &mb[1]) != 5 ||
	    strcmp(na, nb) || sa[0] != sb[0] || ma[0] != mb[0]) {
		printf("FAIL: long double lines differ: %s", la);
		(*fail)++;
		return 1;
	}
	for (t = 0; t < NTOL && strcmp(tol[t].name, na); t++)
		;
	__int128 oa = (__int128)(sa[1] & 0x7fff) << 64 | ma[1];
	__int128 ob = (__int128)(sb[1] & 0x7fff) << 64 | mb[1];
	if (sa[1] & 0x8000)
		oa = -oa;
	if (sb[1] & 0x8000)
		ob = -ob;
	__int128 d = oa > ob ? oa - ob : ob - oa;
	long long dl = d > (1LL << 62) ? 1LL << 62 : (long long)d;
	if (t == NTOL || dl > tol[t].ulps) {
		if (*fail < 20)
			printf("FAIL: %s: ours %04x%016llx glibc %04x%016llx (%lld ulps)\n", na,
			       sa[1], ma[1], sb[1], mb[1], dl);
		(*fail)++;
	} else {
		(*pass)++;
	}
	if (t < NTOL && dl > worst[t])
		worst[t] = dl;
	return 1;
}

int main(int argc, char **argv)
{
	FILE *a, *b;
	char la[256], lb[256];
	int pass = 0, fail = 0;
	long long worst[NTOL] = {0};

	if (argc != 3 || !(a = fopen(argv[1], "r")) || !(b = fopen(argv[2], "r"))) {
		fprintf(stderr, "usage: ulpcmp OURS GLIBC\n");
		return 2;
	}
	while (fgets(la, sizeof la, a)) {
		if (long_line(la, b, &pass, &fail, worst))
			continue;
		char na[32], nb[32];
		unsigned long long va[4], vb[4];
		int ka, kb;
		unsigned t;
		if (!fgets(lb, sizeof lb, b)) {
			printf("FAIL: glibc output is shorter\n");
			return 1;
		}
		ka = sscanf(la, "%31s %llx %llx %llx", na, &va[0], &va[1], &va[2]) - 1;
		kb = sscanf(lb, "%31s %llx %llx %llx", nb, &vb[0], &vb[1], &vb[2]) - 1;
		for (t = 0; t < sizeof tol / sizeof tol[0] && strcmp(tol[t].name, na); t++)
			;
		if (ka != kb || ka < 2 || strcmp(na, nb) || t == sizeof tol / sizeof tol[0] ||
		    memcmp(va, vb, (ka - 1) * sizeof va[0])) {
			printf("FAIL: lines differ in their arguments: %s", la);
			fail++;
			continue;
		}
		unsigned long long ra = va[ka - 1], rb = vb[ka - 1];
		int f32 = na[strlen(na) - 1] == 'f';
		if (f32) {
			ra = widen(ra);
			rb = widen(rb);
		}
		long long d = ordered(ra) - ordered(rb);
		if (f32 && d)
			d = (d < 0 ? -d : d) >> 29 ? (d < 0 ? -d : d) >> 29 : 1; /* float ulps */
		if (d < 0)
			d = -d;
		if (isnan_bits(ra) && isnan_bits(rb))
			d = 0;
		else if (isnan_bits(ra) || isnan_bits(rb))
			d = 1LL << 62;
		if (d > worst[t])
			worst[t] = d;
		if (d > tol[t].ulps) {
			if (fail < 20)
				printf("FAIL: %s: ours %016llx glibc %016llx (%lld ulps > %lld)\n",
				       na, ra, rb, d, tol[t].ulps);
			fail++;
		} else {
			pass++;
		}
	}
	for (unsigned t = 0; t < sizeof tol / sizeof tol[0]; t++)
		printf("worst %-6s %lld ulp (allowed %lld)\n", tol[t].name, worst[t], tol[t].ulps);
	printf("%d passed, %d failed\n", pass, fail);
	return fail != 0;
}
