/*
 * <math.h> for guest programs: the C99 functions a student reaches for,
 * computed with the x87's own instructions (programs/lib/math.c, which
 * states each function's accuracy). Classification macros are gcc's
 * built-ins. Errors are reported as the x87 reports them (its exception
 * flags): math_errhandling is MATH_ERREXCEPT and errno is not set.
 */
#ifndef IA32EMU_MATH_H
#define IA32EMU_MATH_H

#define HUGE_VAL  __builtin_huge_val()
#define HUGE_VALF __builtin_huge_valf()
#define HUGE_VALL __builtin_huge_vall()
#define INFINITY  __builtin_inff()
#define NAN	  __builtin_nanf("")

#define FP_NAN		     0
#define FP_INFINITE	     1
#define FP_ZERO		     2
#define FP_SUBNORMAL	     3
#define FP_NORMAL	     4
#define fpclassify(x)	     __builtin_fpclassify(FP_NAN, FP_INFINITE, FP_NORMAL, FP_SUBNORMAL, FP_ZERO, x)
#define isnan(x)	     __builtin_isnan(x)
#define isinf(x)	     __builtin_isinf_sign(x)
#define isfinite(x)	     __builtin_isfinite(x)
#define isnormal(x)	     __builtin_isnormal(x)
#define signbit(x)	     __builtin_signbit(x)
#define isgreater(x, y)	     __builtin_isgreater(x, y)
#define isgreaterequal(x, y) __builtin_isgreaterequal(x, y)
#define isless(x, y)	     __builtin_isless(x, y)
#define islessequal(x, y)    __builtin_islessequal(x, y)
#define islessgreater(x, y)  __builtin_islessgreater(x, y)
#define isunordered(x, y)    __builtin_isunordered(x, y)

#define MATH_ERRNO	 1
#define MATH_ERREXCEPT	 2
#define math_errhandling MATH_ERREXCEPT

/* x87 evaluates in extended precision (FLT_EVAL_METHOD 2). */
typedef long double float_t;
typedef long double double_t;

#define M_E	   2.7182818284590452354
#define M_LOG2E	   1.4426950408889634074
#define M_LOG10E   0.43429448190325182765
#define M_LN2	   0.69314718055994530942
#define M_LN10	   2.30258509299404568402
#define M_PI	   3.14159265358979323846
#define M_PI_2	   1.57079632679489661923
#define M_PI_4	   0.78539816339744830962
#define M_1_PI	   0.31830988618379067154
#define M_2_PI	   0.63661977236758134308
#define M_2_SQRTPI 1.12837916709551257390
#define M_SQRT2	   1.41421356237309504880
#define M_SQRT1_2  0.70710678118654752440

#define IA32EMU_MATH1(name)                                                                        \
	double name(double);                                                                       \
	float name##f(float);                                                                      \
	long double name##l(long double);
#define IA32EMU_MATH2(name)                                                                        \
	double name(double, double);                                                               \
	float name##f(float, float);                                                               \
	long double name##l(long double, long double);

IA32EMU_MATH1(sqrt)
IA32EMU_MATH1(sin)
IA32EMU_MATH1(cos)
IA32EMU_MATH1(tan)
IA32EMU_MATH1(asin)
IA32EMU_MATH1(acos)
IA32EMU_MATH1(atan)
IA32EMU_MATH2(atan2)
IA32EMU_MATH1(exp)
IA32EMU_MATH1(exp2)
IA32EMU_MATH1(log)
IA32EMU_MATH1(log10)
IA32EMU_MATH1(log2)
IA32EMU_MATH2(pow)
IA32EMU_MATH1(floor)
IA32EMU_MATH1(ceil)
IA32EMU_MATH1(fabs)
IA32EMU_MATH2(fmod)
IA32EMU_MATH1(round)
IA32EMU_MATH1(trunc)
IA32EMU_MATH1(rint)
IA32EMU_MATH2(hypot)
IA32EMU_MATH2(copysign)
IA32EMU_MATH2(fmin)
IA32EMU_MATH2(fmax)
double ldexp(double x, int e);
float ldexpf(float x, int e);
long double ldexpl(long double x, int e);
double frexp(double x, int *e);
float frexpf(float x, int *e);
long double frexpl(long double x, int *e);
double modf(double x, double *ip);
float modff(float x, float *ip);
long double modfl(long double x, long double *ip);

#undef IA32EMU_MATH1
#undef IA32EMU_MATH2

#endif
