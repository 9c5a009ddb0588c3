/*
 * <math.h> on the x87 (SDM vol. 1 8.3; vol. 2 instruction pages). Every
 * function computes in the 80-bit format with the FPU's own instructions
 * and rounds once to the caller's type on return. Accuracy, as measured
 * against glibc by tests/flt (double, random arguments):
 *
 *   sqrt          fsqrt at 53-bit (24-bit for sqrtf) precision control:
 *                 correctly rounded (0.5 ulp). sqrtl: 0.5 ulp of 64 bits.
 *   fabs floor ceil trunc round rint fmod copysign fmin fmax ldexp frexp
 *   modf          exact (frndint with the rounding control set; fprem is
 *                 exact, SDM vol. 2 FPREM).
 *   sin cos tan   fsin, fcos, fptan: Intel documents < 1 ulp of the
 *                 64-bit result for |x| < pi/4 and good results up to
 *                 |x| < 2^63; its internal pi has 66 bits, so near large
 *                 multiples of pi the relative error grows (sin(M_PI)
 *                 is 1.2246467991473532e-16 as on every x87). Beyond
 *                 2^63 the argument is reduced with fprem1 by 2*pi.
 *                 Measured: <= 1 ulp (sin, cos), <= 2 ulp (tan) for |x| <= 100.
 *   atan atan2    fpatan: <= 1 ulp.
 *   asin acos     fpatan of x and sqrt((1-x)(1+x)) in extended: <= 1 ulp.
 *   exp exp2      x*log2(e) split into integer n and fraction f in
 *                 extended, f2xm1 (|f| <= 0.5), fscale by n: <= 1 ulp
 *                 (the product x*log2(e) keeps 64 bits; for |x| near 700
 *                 about 11 of them are the integer part).
 *   log log2 log10  fyl2x with fldln2, fld1, fldlg2: <= 1 ulp.
 *   pow           2^(y*log2 x) as exp: <= 1 ulp for results of moderate
 *                 size, up to ~2 ulp when |y*log2 x| is near 1000; the
 *                 special cases of C99 F.9.4.4 exactly.
 *   hypot         sqrt(x*x + y*y) in extended (no overflow for double
 *                 operands): <= 1 ulp.
 *
 * The float versions are the double ones (an extended result rounded to
 * float): <= 1 float ulp. The long double ones are the same code without
 * the final rounding, measured in 64-bit ulps: sqrtl, floorl 0; atanl,
 * logl, log2l 1; asinl, expl 2; sinl, cosl, tanl up to about 3,000 near
 * multiples of pi (the x87's 66-bit pi: results near zero keep fewer
 * correct bits), 1 elsewhere.
 */
#include <math.h>

#include <stdint.h>

typedef long double ld;

static inline unsigned short get_cw(void)
{
	unsigned short cw;

	__asm__ volatile("fnstcw %0" : "=m"(cw));
	return cw;
}

static inline void set_cw(unsigned short cw)
{
	__asm__ volatile("fldcw %0" : : "m"(cw));
}

/* frndint under a given rounding control (SDM vol. 1 8.1.5.3). */
static ld rnd_mode(ld x, unsigned rc)
{
	unsigned short cw = get_cw();
	ld r;

	set_cw((unsigned short)((cw & ~0x0c00) | rc << 10));
	__asm__ volatile("frndint" : "=t"(r) : "0"(x));
	set_cw(cw);
	return r;
}

/* fsqrt under a precision control (0 single, 2 double, 3 extended):
 * rounding to the target precision in the FPU is one rounding. */
static ld sqrt_pc(ld x, unsigned pc)
{
	unsigned short cw = get_cw();
	ld r;

	set_cw((unsigned short)((cw & ~0x0300) | pc << 8));
	__asm__ volatile("fsqrt" : "=t"(r) : "0"(x));
	set_cw(cw);
	return r;
}

/* x mod 2*pi by fprem1 (partial remainders until C2 clears). */
static ld reduce_2pi(ld x)
{
	ld r;

	__asm__("fldpi\n\tfadd %%st(0)\n\tfxch %%st(1)\n"
		"1:\tfprem1\n\tfnstsw %%ax\n\ttestb $4, %%ah\n\tjnz 1b\n\tfstp %%st(1)"
		: "=t"(r)
		: "0"(x)
		: "ax");
	return r;
}

static ld big_arg(ld x)
{
	ld a = x < 0 ? -x : x;
	return a >= 9.2233720368547758e18L ? reduce_2pi(x) : x; /* 2^63: SDM FSIN */
}

static ld k_sin(ld x)
{
	ld r;
	__asm__("fsin" : "=t"(r) : "0"(big_arg(x)));
	return r;
}

static ld k_cos(ld x)
{
	ld r;
	__asm__("fcos" : "=t"(r) : "0"(big_arg(x)));
	return r;
}

static ld k_tan(ld x)
{
	ld r;
	/* fptan pushes 1.0 after the tangent (SDM vol. 2 FPTAN). */
	__asm__("fptan\n\tfstp %%st(0)" : "=t"(r) : "0"(big_arg(x)));
	return r;
}

static ld k_atan2(ld y, ld x)
{
	ld r;
	/* fpatan: st(0) = atan(st(1) / st(0)) in the right quadrant, popped. */
	__asm__("fpatan" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
	return r;
}

static ld k_sqrt(ld x)
{
	return sqrt_pc(x, 3);
}

static ld k_asin(ld x)
{
	return k_atan2(x, k_sqrt((1 - x) * (1 + x)));
}

static ld k_acos(ld x)
{
	return k_atan2(k_sqrt((1 - x) * (1 + x)), x);
}

/* y * log2(x) (fyl2x: st(1) * log2(st(0)), popped). */
static ld yl2x(ld y, ld x)
{
	ld r;
	__asm__("fyl2x" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
	return r;
}

/* 2^t: integer part by fscale, fraction in [-0.5, 0.5] by f2xm1. */
static ld k_exp2(ld t)
{
	ld n, f, r;

	if (t != t)
		return t;
	if (t > 20000)
		return __builtin_huge_vall();
	if (t < -20000)
		return 0;
	n = rnd_mode(t, 0);
	f = t - n;
	__asm__("f2xm1" : "=t"(r) : "0"(f));
	r += 1;
	__asm__("fscale" : "=t"(r) : "0"(r), "u"(n));
	return r;
}

static ld k_exp(ld x)
{
	ld l2e;
	__asm__("fldl2e" : "=t"(l2e));
	return k_exp2(x * l2e);
}

static ld k_log(ld x)
{
	ld c;
	__asm__("fldln2" : "=t"(c));
	return yl2x(c, x);
}

static ld k_log10(ld x)
{
	ld c;
	__asm__("fldlg2" : "=t"(c));
	return yl2x(c, x);
}

static ld k_log2(ld x)
{
	return yl2x(1, x);
}

static ld k_trunc(ld x)
{
	return rnd_mode(x, 3);
}

static ld k_floor(ld x)
{
	return rnd_mode(x, 1);
}

static ld k_ceil(ld x)
{
	return rnd_mode(x, 2);
}

static ld k_rint(ld x)
{
	ld r;
	__asm__("frndint" : "=t"(r) : "0"(x));
	return r;
}

/* Half-way cases away from zero (C99 7.12.9.6); x - trunc(x) is exact. */
static ld k_round(ld x)
{
	ld t = k_trunc(x), d = x - t;

	if (d >= 0.5L)
		t += 1;
	else if (d <= -0.5L)
		t -= 1;
	return t == 0 ? __builtin_copysignl(0, x) : t;
}

static ld k_fabs(ld x)
{
	ld r;
	__asm__("fabs" : "=t"(r) : "0"(x));
	return r;
}

static ld k_fmod(ld x, ld y)
{
	ld r;
	__asm__("1:\tfprem\n\tfnstsw %%ax\n\ttestb $4, %%ah\n\tjnz 1b"
		: "=t"(r)
		: "0"(x), "u"(y)
		: "ax");
	return r;
}

static int is_int(ld y)
{
	return k_trunc(y) == y;
}

static int is_odd(ld y)
{
	return is_int(y) && k_fabs(y) < 1.8446744073709552e19L && k_fmod(y, 2) != 0;
}

/* C99 F.9.4.4 special cases first, then 2^(y log2 |x|). */
static ld k_pow(ld x, ld y)
{
	ld ax = k_fabs(x), r;
	int neg = 0;

	if (y == 0 || x == 1)
		return 1;
	if (x != x || y != y)
		return x + y;
	if (__builtin_isinf(y)) {
		if (ax == 1)
			return 1;
		return (ax > 1) == (y > 0) ? __builtin_huge_vall() : 0;
	}
	if (x == 0 || __builtin_isinf(x)) {
		int inv = (x == 0) == (y > 0); /* the result is 0, else infinity */
		ld mag = inv ? 0 : __builtin_huge_vall();
		return is_odd(y) && __builtin_signbit(x) ? -mag : mag;
	}
	if (x < 0) {
		if (!is_int(y))
			return (x - x) / (x - x); /* NaN, invalid */
		neg = is_odd(y);
	}
	r = k_exp2(yl2x(y, ax));
	return neg ? -r : r;
}

static ld k_hypot(ld x, ld y)
{
	if (__builtin_isinf(x) || __builtin_isinf(y))
		return __builtin_huge_vall();
	return k_sqrt(x * x + y * y);
}

static ld k_copysign(ld x, ld y)
{
	return __builtin_copysignl(x, y);
}

static ld k_fmin(ld x, ld y)
{
	return x != x ? y : y != y ? x : x < y ? x : y;
}

static ld k_fmax(ld x, ld y)
{
	return x != x ? y : y != y ? x : x > y ? x : y;
}

/* The three types of each function; sqrt has its own (precision control). */
#define MATH1(name)                                                                                \
	double name(double x)                                                                      \
	{                                                                                          \
		return (double)k_##name(x);                                                        \
	}                                                                                          \
	float name##f(float x)                                                                     \
	{                                                                                          \
		return (float)k_##name(x);                                                         \
	}                                                                                          \
	long double name##l(long double x)                                                         \
	{                                                                                          \
		return k_##name(x);                                                                \
	}
#define MATH2(name)                                                                                \
	double name(double x, double y)                                                            \
	{                                                                                          \
		return (double)k_##name(x, y);                                                     \
	}                                                                                          \
	float name##f(float x, float y)                                                            \
	{                                                                                          \
		return (float)k_##name(x, y);                                                      \
	}                                                                                          \
	long double name##l(long double x, long double y)                                          \
	{                                                                                          \
		return k_##name(x, y);                                                             \
	}

MATH1(sin)
MATH1(cos)
MATH1(tan)
MATH1(asin)
MATH1(acos)
MATH1(exp)
MATH1(exp2)
MATH1(log)
MATH1(log10)
MATH1(log2)
MATH1(floor)
MATH1(ceil)
MATH1(fabs)
MATH1(round)
MATH1(trunc)
MATH1(rint)
MATH2(atan2)
MATH2(pow)
MATH2(fmod)
MATH2(hypot)
MATH2(copysign)
MATH2(fmin)
MATH2(fmax)

double atan(double x)
{
	return (double)k_atan2(x, 1);
}
float atanf(float x)
{
	return (float)k_atan2(x, 1);
}
long double atanl(long double x)
{
	return k_atan2(x, 1);
}

double sqrt(double x)
{
	return (double)sqrt_pc(x, 2);
}
float sqrtf(float x)
{
	return (float)sqrt_pc(x, 0);
}
long double sqrtl(long double x)
{
	return k_sqrt(x);
}

static ld k_ldexp(ld x, int e)
{
	ld r, n = e;
	__asm__("fscale" : "=t"(r) : "0"(x), "u"(n));
	return r;
}

double ldexp(double x, int e)
{
	return (double)k_ldexp(x, e);
}
float ldexpf(float x, int e)
{
	return (float)k_ldexp(x, e);
}
long double ldexpl(long double x, int e)
{
	return k_ldexp(x, e);
}

/* fxtract: st(0) = significand in [1, 2), st(1) = exponent (SDM FXTRACT). */
static ld k_frexp(ld x, int *e)
{
	ld sig, ex;

	if (x == 0 || x != x || __builtin_isinf(x)) {
		*e = 0;
		return x;
	}
	__asm__("fxtract" : "=t"(sig), "=u"(ex) : "0"(x));
	*e = (int)ex + 1;
	return sig / 2;
}

double frexp(double x, int *e)
{
	return (double)k_frexp(x, e);
}
float frexpf(float x, int *e)
{
	return (float)k_frexp(x, e);
}
long double frexpl(long double x, int *e)
{
	return k_frexp(x, e);
}

double modf(double x, double *ip)
{
	*ip = (double)k_trunc(x);
	return __builtin_isinf(x) ? __builtin_copysign(0, x) : x - *ip;
}

float modff(float x, float *ip)
{
	*ip = (float)k_trunc(x);
	return __builtin_isinf(x) ? __builtin_copysignf(0, x) : x - *ip;
}

long double modfl(long double x, long double *ip)
{
	*ip = k_trunc(x);
	return __builtin_isinf(x) ? __builtin_copysignl(0, x) : x - *ip;
}
