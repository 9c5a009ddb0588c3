/*
 * printf at the extremes: every digit of the largest and smallest long
 * doubles and doubles (%.16500Lf ...), hashed, against glibc (tests/flt/run.sh).
 */
#include <stdio.h>
#include <float.h>
static char buf[40000];
int main(void)
{
	long double v[] = {LDBL_MAX, LDBL_TRUE_MIN, LDBL_MIN, 1e-4000L, 12345.678L};
	const char *f[] = {"%.5000Lf", "%.16500Le", "%.16500Lf", "%Lf", "%.40Lg", "%30000.3Le"};
	unsigned long h = 0;
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 6; j++) {
			int n = snprintf(buf, sizeof buf, f[j], v[i]);
			for (int k = 0; buf[k]; k++)
				h = h * 31 + (unsigned char)buf[k];
			printf("%d %d %lu %.30s\n", i, n, h, buf + (n > 60 ? n - 30 : 0));
		}
	double d[] = {DBL_TRUE_MIN, DBL_MAX};
	for (int i = 0; i < 2; i++) {
		int n = snprintf(buf, sizeof buf, "%.1100f|%.800e|%.20000f", d[i], d[i], d[i]);
		for (int k = 0; buf[k]; k++)
			h = h * 31 + (unsigned char)buf[k];
		printf("d %d %lu\n", n, h);
	}
}
