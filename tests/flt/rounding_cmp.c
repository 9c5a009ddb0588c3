/*
 * printf and strtod in the four x87 rounding modes (control word RC, set
 * here with fldcw, which glibc's fegetround also reads), against glibc
 * (tests/flt/run.sh).
 */
#include <stdio.h>
#include <stdlib.h>

static void set_rc(unsigned rc)
{
	unsigned short cw;
	__asm__ volatile("fnstcw %0" : "=m"(cw));
	cw = (unsigned short)((cw & ~0x0c00) | rc << 10);
	__asm__ volatile("fldcw %0" : : "m"(cw));
}

int main(void)
{
	static const double v[] = {2.5, -2.5, 0.125, -0.125, 1.0 / 3, -2.0 / 3, 0.1, 1e-320, 1e300,
				   0.05, 999.9996};
	static const char *const s[] = {"0.1", "-0.1", "1e-400", "-1e-400", "1e400", "-1e400",
					"2.4703282292062328e-324", "0.3333333333333333333333",
					"9007199254740993", "0x1.fffffffffffff8p0", "3.4e38"};
	for (unsigned rc = 0; rc < 4; rc++) {
		set_rc(rc);
		for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++)
			printf("rc %u: %.3f %.2e %.0e %g %.1a %.0f\n", rc, v[i], v[i], v[i], v[i], v[i],
			       v[i]);
		for (unsigned i = 0; i < sizeof s / sizeof s[0]; i++) {
			double d = strtod(s[i], NULL);
			float f = strtof(s[i], NULL);
			long double l = strtold(s[i], NULL);
			set_rc(0); /* print the bits exactly whatever the mode */
			printf("rc %u: %s %a %a %La\n", rc, s[i], d, (double)f, l);
			set_rc(rc);
		}
	}
	return 0;
}
