/*
 * ulpcmp OURS GLIBC: the two outputs of math_cmp, line by line. The
 * arguments must be the same; the results within the function's
 * tolerance in ulps (NaNs equal to NaNs, whatever their payload). sqrt
 * allows 1: glibc's i386 sqrt rounds fsqrt's extended result to double
 * (double rounding), ours is correctly rounded (53-bit precision control).
 * Prints "N passed, N failed" and the worst case of each function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	long long ulps;
} tol[] = {{"sqrt", 1},	  {"floor", 0}, {"ceil", 0},  {"trunc", 0}, {"round", 0}, {"fabs", 0},
	   {"fmod", 0},	  {"sin", 1},	{"cos", 1},   {"tan", 2},   {"asin", 1},  {"acos", 1},
	   {"atan", 1},	  {"atan2", 1}, {"exp", 1},   {"log", 1},   {"log2", 1},  {"log10", 1},
	   {"pow", 2},	  {"hypot", 1}, {"sqrtf", 0}, {"sinf", 1},  {"expf", 1},  {"logf", 1},
	   {"floorf", 0}, {"powf", 1}};

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

int main(int argc, char **argv)
{
	FILE *a, *b;
	char la[256], lb[256];
	int pass = 0, fail = 0;
	long long worst[sizeof tol / sizeof tol[0]] = {0};

	if (argc != 3 || !(a = fopen(argv[1], "r")) || !(b = fopen(argv[2], "r"))) {
		fprintf(stderr, "usage: ulpcmp OURS GLIBC\n");
		return 2;
	}
	while (fgets(la, sizeof la, a)) {
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
