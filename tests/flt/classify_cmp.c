/*
 * <math.h>'s macros and constants and <float.h>'s limits, against glibc
 * (tests/flt/run.sh): classification of every kind of value in the three
 * types, HUGE_VAL, INFINITY, NAN, the long double functions, atof.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define SHOW(x)                                                                                    \
	printf("%-12s fpclassify %d isnan %d isinf %d isfinite %d isnormal %d signbit %d\n", #x,   \
	       fpclassify(x) == FP_NAN	       ? 0                                                 \
	       : fpclassify(x) == FP_INFINITE  ? 1                                                 \
	       : fpclassify(x) == FP_ZERO      ? 2                                                 \
	       : fpclassify(x) == FP_SUBNORMAL ? 3                                                 \
					       : 4,                                                \
	       isnan(x) != 0, isinf(x), isfinite(x) != 0, isnormal(x) != 0, signbit(x) != 0)

int main(void)
{
	volatile double z = 0, one = 1;
	volatile float fz = 0;
	volatile long double lz = 0;

	SHOW(z);
	SHOW(-z);
	SHOW(one);
	SHOW(-one / z);
	SHOW(z / z);
	SHOW(-(z / z));
	SHOW(DBL_MIN / 4);
	SHOW(DBL_MAX);
	SHOW(HUGE_VAL);
	SHOW(-HUGE_VAL);
	SHOW(INFINITY);
	SHOW(NAN);
	SHOW(fz);
	SHOW(FLT_MIN / 2);
	SHOW(HUGE_VALF);
	SHOW(lz);
	SHOW(LDBL_MIN / 2);
	SHOW(LDBL_MAX);
	SHOW(-HUGE_VALL);
	printf("%d %d %d %d %d %d\n", FLT_MANT_DIG, DBL_MANT_DIG, LDBL_MANT_DIG, DBL_DIG,
	       DBL_MAX_10_EXP, FLT_EVAL_METHOD);
	printf("%.17g %.17g %a %a\n", DBL_EPSILON, DBL_MAX, DBL_MIN, (double)FLT_MAX);
	printf("%g %g %g %g\n", atof("1.5e3"), atof("  -0x1p-3"), atof("inf"), atof("junk"));
	printf("%.20Lg %.20Lg %.20Lg %.20Lg\n", sqrtl(2.0L), fabsl(-3.5L), floorl(-2.5L),
	       fmodl(10.0L, 3.0L));
	printf("%.20Lg %.20Lg %.20Lg %.20Lg\n", ceill(2.25L), truncl(-7.75L), roundl(2.5L),
	       atan2l(1.0L, 1.0L) * 4);
	printf("%.17g %.17g %.17g\n", M_PI, M_E, M_SQRT2);
	int e;
	double m = frexp(48.0, &e), ip, fr = modf(-3.25, &ip);
	printf("%g %d %g %g %g %g %g\n", m, e, ldexp(0.75, 10), fr, ip, copysign(2.0, -0.0),
	       fmax(NAN, 1.0));
	return 0;
}
