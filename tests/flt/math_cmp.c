/*
 * The math functions over fixed and random arguments, each result printed
 * as its bits: "name argbits... resultbits". Built against the user library
 * and against glibc; tests/flt/ulpcmp.c compares the two outputs within
 * each function's documented ulps (programs/lib/math.c).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

static unsigned long long seed = 99;
static unsigned long long rnd(void)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return seed >> 11;
}
/* Uniform in [lo, hi). */
static double uni(double lo, double hi)
{
	return lo + (hi - lo) * ((double)rnd() / 9007199254740992.0);
}
static unsigned long long bits(double d)
{
	unsigned long long b;
	memcpy(&b, &d, 8);
	return b;
}
static void p1(const char *n, double x, double r)
{
	printf("%s %016llx %016llx\n", n, bits(x), bits(r));
}
static void p2(const char *n, double x, double y, double r)
{
	printf("%s %016llx %016llx %016llx\n", n, bits(x), bits(y), bits(r));
}
/* Through memory: x87 code keeps a float result in extended precision. */
static void pf(const char *n, float x, float r)
{
	volatile float v = r;
	float f = v;
	unsigned u;
	memcpy(&u, (const void *)&f, 4);
	printf("%s %016llx %08x\n", n, bits(x), u);
}

/* A long double as sign+exponent and significand, through memory. */
static void pl(const char *n, long double x, long double r)
{
	volatile long double v[2] = {x, r};
	unsigned short se[2];
	unsigned long long m[2];
	for (int i = 0; i < 2; i++) {
		memcpy(&m[i], (const void *)&v[i], 8);
		memcpy(&se[i], (const char *)&v[i] + 8, 2);
	}
	printf("L:%s %04x %016llx %04x %016llx\n", n, se[0], m[0], se[1], m[1]);
}

#define ONE(f, x)    p1(#f, x, f(x))
#define TWO(f, x, y) p2(#f, x, y, f(x, y))

int main(void)
{
	static const double sp[] = {0.0,
				    -0.0,
				    1.0,
				    -1.0,
				    0.5,
				    -0.5,
				    2.0,
				    1e-310,
				    1e300,
				    -1e300,
				    3.141592653589793,
				    1.5,
				    2.5,
				    -2.5,
				    0.49999999999999994,
				    1e16};
	double inf = INFINITY, nan = NAN;
	for (unsigned i = 0; i < sizeof sp / sizeof sp[0]; i++) {
		double x = sp[i];
		ONE(sqrt, x);
		ONE(floor, x);
		ONE(ceil, x);
		ONE(trunc, x);
		ONE(round, x);
		ONE(fabs, x);
		ONE(atan, x);
		ONE(exp, x);
		ONE(log, x);
		ONE(log2, x);
		ONE(log10, x);
		TWO(fmod, x, 0.75);
		TWO(pow, x, 3.0);
		TWO(pow, x, 0.5);
		TWO(pow, x, -2.0);
		TWO(atan2, x, 1.0);
		TWO(atan2, x, -1.0);
		TWO(hypot, x, 3.0);
	}
	TWO(pow, -8.0, 1.0 / 3);
	TWO(pow, inf, -1.0);
	TWO(pow, -inf, 3.0);
	TWO(pow, 0.0, -1.0);
	TWO(pow, -0.0, -3.0);
	TWO(pow, 1.0, nan);
	TWO(pow, nan, 0.0);
	TWO(pow, -1.0, inf);
	TWO(hypot, inf, nan);
	TWO(fmod, 5.5, inf);
	TWO(atan2, 0.0, -0.0);
	TWO(atan2, -0.0, -1.0);
	ONE(sqrt, inf);
	ONE(exp, inf);
	ONE(exp, -inf);
	ONE(log, 0.0);
	ONE(log, inf);
	ONE(exp, 710.0);
	ONE(exp, -746.0);
	ONE(exp, -740.0);
	ONE(floor, -inf);
	ONE(round, -0.4);
	for (int i = 0; i < 2000; i++) {
		double x = uni(-100, 100), y = uni(-100, 100), a = uni(-1, 1), p = uni(0, 1000);
		double big = uni(-700, 700), t = uni(-1e6, 1e6);
		ONE(sin, x);
		ONE(cos, x);
		ONE(tan, x);
		ONE(asin, a);
		ONE(acos, a);
		ONE(atan, x);
		TWO(atan2, x, y);
		ONE(exp, big);
		ONE(exp, a);
		ONE(log, p);
		ONE(log2, p);
		ONE(log10, p);
		ONE(sqrt, p);
		ONE(floor, t);
		ONE(ceil, t);
		ONE(trunc, t);
		ONE(round, t);
		TWO(fmod, t, x);
		TWO(hypot, x, y);
		TWO(pow, p, a * 50);
		TWO(pow, a, x);
		TWO(pow, -p, 7.0);
		long double lx = x, la = a, lp = p;
		pl("sqrtl", lp, sqrtl(lp));
		pl("sinl", lx, sinl(lx));
		pl("cosl", lx, cosl(lx));
		pl("tanl", lx, tanl(lx));
		pl("atanl", lx, atanl(lx));
		pl("asinl", la, asinl(la));
		pl("expl", la, expl(la));
		pl("logl", lp, logl(lp));
		pl("log2l", lp, log2l(lp));
		pl("floorl", lx, floorl(lx));
		pf("sqrtf", (float)p, sqrtf((float)p));
		pf("sinf", (float)x, sinf((float)x));
		pf("expf", (float)a, expf((float)a));
		pf("logf", (float)p, logf((float)p));
		pf("floorf", (float)t, floorf((float)t));
		pf("powf", (float)p, powf((float)p, 0.3f));
	}
	return 0;
}
