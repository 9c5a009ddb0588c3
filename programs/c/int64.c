/*
 * 64-bit integer arithmetic on a 32-bit machine: add/sub carries, multiplies,
 * the library's division helpers (__udivdi3 and friends), shifts across the
 * word boundary, comparisons, and printing with %lld/%llu/%llx.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long long u64;
typedef long long s64;

/* The compiler must not fold these: values come through a volatile. */
static volatile u64 seed = 0x0123456789abcdefull;

static u64 xorshift(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static u64 powmod(u64 b, u64 e, u64 m)
{
	u64 r = 1 % m;

	b %= m;
	while (e) {
		if (e & 1)
			r = r * b % m; /* m < 2^32, so the product fits */
		b = b * b % m;
		e >>= 1;
	}
	return r;
}

/* Deterministic Miller-Rabin, exact for n < 2^32 with these bases. */
static int is_prime(u64 n)
{
	static const u64 bases[] = {2, 7, 61};
	u64 d = n - 1;
	int s = 0;

	if (n < 2)
		return 0;
	for (int i = 0; i < 3; i++) {
		if (n == bases[i])
			return 1;
		if (n % bases[i] == 0)
			return 0;
	}
	while (!(d & 1)) {
		d >>= 1;
		s++;
	}
	for (int i = 0; i < 3; i++) {
		u64 x = powmod(bases[i], d, n);

		if (x == 1 || x == n - 1)
			continue;
		int r;
		for (r = 1; r < s; r++) {
			x = x * x % n;
			if (x == n - 1)
				break;
		}
		if (r == s)
			return 0;
	}
	return 1;
}

/* Newton from above; 2^32 exceeds every 64-bit root, and keeps x + n / x from overflowing. */
static u64 isqrt(u64 n)
{
	u64 x = n < 0x100000000ull ? n : 0x100000000ull, y;

	if (n < 2)
		return n;
	y = (x + n / x) / 2;
	while (y < x) {
		x = y;
		y = (x + n / x) / 2;
	}
	return x;
}

static int popcount(u64 v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

static u64 rotl(u64 v, int n)
{
	return n ? v << n | v >> (64 - n) : v;
}

/* Decimal digits by hand, to cross-check printf's %llu. */
static void to_decimal(u64 v, char *out)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*out++ = tmp[--n];
	*out = 0;
}

int main(void)
{
	static const s64 sv[] = {0,
				 1,
				 -1,
				 7,
				 -7,
				 1000000007,
				 -4294967296ll,
				 4294967295ll,
				 0x123456789abcdefll,
				 -0x123456789abcdefll,
				 0x7fffffffffffffffll,
				 -0x7fffffffffffffffll - 1};
	static const s64 dv[] = {
	    1, -1, 3, -3, 10, 65536, -4294967296ll, 4294967297ll, 0x7fffffffffffffffll};
	int nsv = sizeof(sv) / sizeof(sv[0]), ndv = sizeof(dv) / sizeof(dv[0]);
	u64 s = seed, sum = 0, f = 1;
	char buf[32], mine[32];

	/* Factorials until they overflow, and Fibonacci to the largest that fits. */
	for (int i = 1; i <= 21; i++) {
		u64 g = f * i;

		if (g / i != f) {
			printf("%d! overflows 64 bits\n", i);
			break;
		}
		f = g;
		if (i % 4 == 0 || i == 20)
			printf("%d! = %llu = 0x%llx\n", i, f, f);
	}
	{
		s64 a = 0, b = 1;

		for (int i = 1; i < 92; i++) {
			s64 t = a + b;

			a = b;
			b = t;
		}
		printf("fib(92) = %lld, fib(91) = %lld, ratio %lld, rem %lld\n", b, a, b / a,
		       b % a);
	}

	/* Signed and unsigned division and remainder tables. */
	for (int i = 0; i < nsv; i++) {
		for (int j = 0; j < ndv; j++) {
			s64 a = sv[i], b = dv[j];

			if (a == -0x7fffffffffffffffll - 1 && b == -1)
				continue; /* overflows: undefined in C, #DE on hardware */
			printf("%lld / %lld = %lld r %lld; u: %llx / %llx = %llx r %llx\n", a, b,
			       a / b, a % b, (u64)a, (u64)b, (u64)a / (u64)b, (u64)a % (u64)b);
		}
	}

	/* Shifts across the 32-bit boundary, logical and arithmetic. */
	for (int n = 0; n < 64; n += 5) {
		u64 u = 0xfedcba9876543210ull;
		s64 v = (s64)u;

		printf("n=%2d  u<<n %016llx  u>>n %016llx  s>>n %016llx  rotl %016llx\n", n, u << n,
		       u >> n, (u64)(v >> n), rotl(u, n));
	}

	/* 32x32->64 products and 64-bit wraparound. */
	{
		unsigned int a = 0xffffffffu, b = 0xfffffffeu;
		int c = -123456789, d = 987654321;

		printf("%u * %u = %llu\n", a, b, (u64)a * b);
		printf("%d * %d = %lld\n", c, d, (s64)c * d);
		printf("max + 1 = %lld, 0 - 1 = %llu, -min = %lld\n",
		       (s64)((u64)0x7fffffffffffffffll + 1), (u64)0 - 1,
		       (s64)(0 - (u64)(-0x7fffffffffffffffll - 1)));
		printf("compare: %d %d %d %d\n", (s64)-1 < (s64)1, (u64)-1 < (u64)1,
		       -4294967296ll < 4294967296ll, 0x100000000ull > 0xffffffffull);
	}

	/* Pseudo-random operations, summed into a checksum; printf cross-checked. */
	for (int i = 0; i < 2000; i++) {
		u64 a = xorshift(&s), b = xorshift(&s) >> (i % 64);

		if (b == 0)
			b = 1;
		sum += a / b + a % b;
		sum ^= (u64)((s64)a / (s64)b) * 3 + (u64)((s64)a % (s64)b);
		sum = rotl(sum, 7) + a * b;
		sum += popcount(a);
		if (i % 250 == 0) {
			to_decimal(a, mine);
			sprintf(buf, "%llu", a);
			printf("%20s %s, %s\n", buf, strcmp(buf, mine) ? "DIFFERS" : "ok",
			       strtoull(buf, NULL, 10) == a ? "round trip" : "BAD PARSE");
		}
	}
	printf("checksum %016llx\n", sum);

	/* Number theory on 64-bit values. */
	{
		static const u64 n[] = {2,	     91,	  97,	       561,
					65537,	     4294967291u, 4294967295u, 2147483647u,
					1000000007u, 3215031751u};
		u64 big = 0xfffffffffffffffull;

		for (unsigned i = 0; i < sizeof(n) / sizeof(n[0]); i++)
			printf("%llu is %s\n", n[i], is_prime(n[i]) ? "prime" : "composite");
		printf("3^(10^9) mod 1000000007 = %llu\n", powmod(3, 1000000000, 1000000007));
		printf("isqrt(%llu) = %llu\n", big, isqrt(big));
		printf("isqrt(10^18) = %llu, isqrt(2^64-1) = %llu\n", isqrt(1000000000000000000ull),
		       isqrt(~0ull));
		printf("llabs %lld, strtoll %lld, popcount %d\n", llabs(-1234567890123ll),
		       strtoll("-9223372036854775808", NULL, 0), popcount(~0ull));
	}
	return 0;
}
