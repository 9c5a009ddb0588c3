/* Floating point through the C library's printf and strtod (the x87). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	(void)argv;
	volatile double x = 3.14159265358979 * argc, y = -0.1, big = 1e300;
	printf("%f %.3f %e %g\n", x, x, x, x);
	printf("%f %.10f %g %a\n", y, y, y * 3, 0.5);
	printf("%g %e %f\n", big * 10, 1.0 / 3, 2.5e-7);
	printf("%.20f\n", 1.0 / 7);
	float f = 1.5f / 7;
	printf("%f %.9g\n", f, f);
	long double ld = 1.0L / 3;
	printf("%Lf %.18Lg\n", ld, ld);
	double s = 0;
	for (int i = 1; i <= 1000; i++)
		s += 1.0 / i;
	printf("harmonic %.15f\n", s);
	printf("strtod %.17g %.17g\n", strtod("2.718281828459045", NULL), strtod("1e-310", NULL));
	printf("%f %f %f\n", 0.0 / 0.0 * (argc > 5 ? 1 : -1), 1.0 / 0.0, -1.0 / 0.0);
	printf("%d %d\n", (int)(x * 1000), (int)-2.7);
	return 0;
}
