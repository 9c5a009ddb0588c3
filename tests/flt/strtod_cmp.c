/*
 * strtod, strtof, strtold on edge cases (limits, ties, denormals, hex,
 * inf, nan, malformed text) and printf/strtod round trips of random
 * doubles; built against the user library and against glibc, the outputs
 * must be identical (tests/flt/run.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static unsigned long long seed = 777;
static unsigned long long rnd(void)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return seed;
}
int main(void)
{
	static const char *in[] = {"0",
				   "-0",
				   "1",
				   "1.5",
				   "0.1",
				   "1e23",
				   "8.988465674311579e307",
				   "1.7976931348623157e308",
				   "1.7976931348623158e308",
				   "1.7976931348623159e308",
				   "1e309",
				   "2.2250738585072011e-308",
				   "2.2250738585072014e-308",
				   "4.9e-324",
				   "2.4703282292062327e-324",
				   "2.4703282292062328e-324",
				   "1e-400",
				   "0x1.8p3",
				   "0X1P-1074",
				   "0x1.fffffffffffff8p0",
				   "0x1.00000000000008p0",
				   "0x1.000000000000081p0",
				   "  +inf",
				   "-Infinity",
				   "nan",
				   "nan(123)",
				   "nanx",
				   "infx",
				   "1e",
				   "1e+",
				   "abc",
				   "-.5e-3x",
				   "  .e1",
				   ".",
				   "0x",
				   "0xg",
				   "123456789012345678901234567890",
				   "3.14159265358979323846264338327950288",
				   "0.000000000000000000000000000000000000000000001",
				   "9007199254740993",
				   "9007199254740992.5",
				   "9007199254740993.0000000000000000000000000001",
				   "1.00000005960464477539062500000000001",
				   "3.4028235677973366e38",
				   "1e-45",
				   "7.0064923216240854e-46",
				   "1e4932",
				   "1.18973149535723176502e+4932",
				   "1.18973149535723176508e+4932",
				   "3.6451995318824746025e-4951",
				   "1.8225997659412373012e-4951",
				   "1.8225997659412373013e-4951",
				   "1e-5000",
				   "0x1.ffffffffffffffffp16383",
				   "0x.8p-16444"};
	for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) {
		char *e1, *e2, *e3;
		double d = strtod(in[i], &e1);
		float f = strtof(in[i], &e2);
		long double l = strtold(in[i], &e3);
		printf("[%s] %a %d | %a %d | %La %d\n", in[i], d, (int)(e1 - in[i]), (double)f,
		       (int)(e2 - in[i]), l, (int)(e3 - in[i]));
	}
	char buf[64];
	for (int i = 0; i < 20000; i++) {
		unsigned long long b = rnd();
		double d;
		memcpy(&d, &b, 8);
		if (d != d)
			continue;
		snprintf(buf, sizeof buf, "%.17g", d);
		double r = strtod(buf, 0);
		if (memcmp(&r, &d, 8))
			printf("RT FAIL %s\n", buf);
		int p = (int)(b % 25);
		snprintf(buf, sizeof buf, "%.*e", p, d);
		r = strtod(buf, 0);
		printf("%s %a\n", buf, r);
		float f = strtof(buf, 0);
		printf("f %a\n", (double)f);
		long double l = strtold(buf, 0);
		printf("l %La\n", l);
	}
	return 0;
}
