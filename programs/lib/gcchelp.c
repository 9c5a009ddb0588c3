/*
 * The helpers gcc calls for i686 code that are not division (divdi3.c):
 * bit counts on 64-bit (and popcount on 32-bit) integers, complex
 * multiplication and division (C99 Annex G), integer powers. gcc's own
 * libgcc.a is still linked after the library as a fallback, but Debian
 * builds it with CET notes (endbr32), so the common ones are here.
 */
#include <stdint.h>

int __popcountsi2(uint32_t x);
int __popcountdi2(uint64_t x);
int __clzdi2(uint64_t x);
int __ctzdi2(uint64_t x);
int __ffsdi2(uint64_t x);
int __paritysi2(uint32_t x);
int __paritydi2(uint64_t x);

int __popcountsi2(uint32_t x)
{
	x = x - ((x >> 1) & 0x55555555u);
	x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0fu;
	return (int)((x * 0x01010101u) >> 24);
}

int __popcountdi2(uint64_t x)
{
	return __popcountsi2((uint32_t)x) + __popcountsi2((uint32_t)(x >> 32));
}

/* 32-bit clz and ctz are bsr and bsf, which gcc emits inline. */
int __clzdi2(uint64_t x)
{
	uint32_t hi = (uint32_t)(x >> 32);
	return hi ? __builtin_clz(hi) : 32 + __builtin_clz((uint32_t)x);
}

int __ctzdi2(uint64_t x)
{
	uint32_t lo = (uint32_t)x;
	return lo ? __builtin_ctz(lo) : 32 + __builtin_ctz((uint32_t)(x >> 32));
}

int __ffsdi2(uint64_t x)
{
	return x ? __ctzdi2(x) + 1 : 0;
}

int __paritysi2(uint32_t x)
{
	return __popcountsi2(x) & 1;
}

int __paritydi2(uint64_t x)
{
	return __popcountdi2(x) & 1;
}

typedef long double ld;
typedef _Complex long double cld;

static int isinf_(ld x)
{
	return x - x != x - x && x == x;
}

static int isnan_(ld x)
{
	return x != x;
}

/* 1 or 0 with the sign of x (copysign(isinf(x) ? 1 : 0, x)). */
static ld box(ld x)
{
	return __builtin_copysignl(isinf_(x) ? 1 : 0, x);
}

/* (a + ib)(c + id), recovering infinities from NaN results (C99 G.5.1). */
static cld cmul(ld a, ld b, ld c, ld d)
{
	ld ac = a * c, bd = b * d, ad = a * d, bc = b * c;
	ld x = ac - bd, y = ad + bc;

	if (isnan_(x) && isnan_(y)) {
		int recalc = 0;
		if (isinf_(a) || isinf_(b)) {
			a = box(a);
			b = box(b);
			if (isnan_(c))
				c = __builtin_copysignl(0, c);
			if (isnan_(d))
				d = __builtin_copysignl(0, d);
			recalc = 1;
		}
		if (isinf_(c) || isinf_(d)) {
			c = box(c);
			d = box(d);
			if (isnan_(a))
				a = __builtin_copysignl(0, a);
			if (isnan_(b))
				b = __builtin_copysignl(0, b);
			recalc = 1;
		}
		if (!recalc && (isinf_(ac) || isinf_(bd) || isinf_(ad) || isinf_(bc))) {
			if (isnan_(a))
				a = __builtin_copysignl(0, a);
			if (isnan_(b))
				b = __builtin_copysignl(0, b);
			if (isnan_(c))
				c = __builtin_copysignl(0, c);
			if (isnan_(d))
				d = __builtin_copysignl(0, d);
			recalc = 1;
		}
		if (recalc) {
			x = __builtin_infl() * (a * c - b * d);
			y = __builtin_infl() * (a * d + b * c);
		}
	}
	return __builtin_complex(x, y);
}

/* (a + ib)/(c + id): in extended precision the plain formula neither
 * overflows nor underflows for double operands; the special cases of
 * C99 G.5.1 paragraph 8 after it. */
static cld cdiv(ld a, ld b, ld c, ld d)
{
	ld den = c * c + d * d;
	ld x = (a * c + b * d) / den, y = (b * c - a * d) / den;

	if (isnan_(x) && isnan_(y)) {
		if (den == 0 && (!isnan_(a) || !isnan_(b))) {
			x = __builtin_copysignl(__builtin_infl(), c) * a;
			y = __builtin_copysignl(__builtin_infl(), c) * b;
		} else if ((isinf_(a) || isinf_(b)) && !isinf_(c) && !isnan_(c) && !isinf_(d) &&
			   !isnan_(d)) {
			a = box(a);
			b = box(b);
			x = __builtin_infl() * (a * c + b * d);
			y = __builtin_infl() * (b * c - a * d);
		} else if ((isinf_(c) || isinf_(d)) && !isinf_(a) && !isnan_(a) && !isinf_(b) &&
			   !isnan_(b)) {
			c = box(c);
			d = box(d);
			x = 0.0L * (a * c + b * d);
			y = 0.0L * (b * c - a * d);
		}
	}
	return __builtin_complex(x, y);
}

_Complex float __mulsc3(float a, float b, float c, float d);
_Complex double __muldc3(double a, double b, double c, double d);
_Complex long double __mulxc3(ld a, ld b, ld c, ld d);
_Complex float __divsc3(float a, float b, float c, float d);
_Complex double __divdc3(double a, double b, double c, double d);
_Complex long double __divxc3(ld a, ld b, ld c, ld d);

_Complex float __mulsc3(float a, float b, float c, float d)
{
	return (_Complex float)cmul(a, b, c, d);
}

_Complex double __muldc3(double a, double b, double c, double d)
{
	return (_Complex double)cmul(a, b, c, d);
}

_Complex long double __mulxc3(ld a, ld b, ld c, ld d)
{
	return cmul(a, b, c, d);
}

_Complex float __divsc3(float a, float b, float c, float d)
{
	return (_Complex float)cdiv(a, b, c, d);
}

_Complex double __divdc3(double a, double b, double c, double d)
{
	return (_Complex double)cdiv(a, b, c, d);
}

_Complex long double __divxc3(ld a, ld b, ld c, ld d)
{
	return cdiv(a, b, c, d);
}

/* x^n by squaring (__builtin_powi). */
static ld powi(ld x, int n)
{
	unsigned u = n < 0 ? -(unsigned)n : (unsigned)n;
	ld r = 1;

	for (; u; u >>= 1, x *= x)
		if (u & 1)
			r *= x;
	return n < 0 ? 1 / r : r;
}

float __powisf2(float x, int n);
double __powidf2(double x, int n);
long double __powixf2(ld x, int n);

float __powisf2(float x, int n)
{
	return (float)powi(x, n);
}

double __powidf2(double x, int n)
{
	return (double)powi(x, n);
}

long double __powixf2(ld x, int n)
{
	return powi(x, n);
}
