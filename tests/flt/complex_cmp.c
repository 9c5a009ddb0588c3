/*
 * The helpers gcc calls for complex multiplication and division (with
 * infinities and NaNs, C99 G.5.1), __builtin_powi and 64-bit bit counts
 * (programs/lib/gcchelp.c), against glibc and libgcc (tests/flt/run.sh).
 */
#include <stdio.h>
int main(void)
{
	volatile double a = 1.5, b = -2.25, c = 0.75, d = 4.0, inf = __builtin_inf(),
			nan = __builtin_nan("");
	_Complex double x = __builtin_complex((double)a, (double)b),
			y = __builtin_complex((double)c, (double)d);
	_Complex double z1 = x * y, z2 = x / y,
			z3 = __builtin_complex((double)inf, (double)nan) * y,
			z4 = x / __builtin_complex(0.0, 0.0),
			z5 = x / __builtin_complex((double)inf, 0.0);
	_Complex float f = __builtin_complex(1.5f, 2.0f);
	f = f * f / __builtin_complex(0.5f, -1.0f);
	_Complex long double l = __builtin_complex(1.5L, 2.0L);
	l = l * l / __builtin_complex(0.5L, -1.0L);
	printf("%g %g|%.17g %.17g|%g %g|%g %g|%g %g|%g %g|%Lg %Lg|%g %d %lld\n", __real__ z1,
	       __imag__ z1, __real__ z2, __imag__ z2, __real__ z3, __imag__ z3, __real__ z4,
	       __imag__ z4, __real__ z5, __imag__ z5, (double)__real__ f, (double)__imag__ f,
	       __real__ l, __imag__ l, __builtin_powi(a, 5), __builtin_popcountll(0xf0f0f0f0f0ULL),
	       (long long)__builtin_clzll(12345));
}
