/*
 * printf of doubles and long doubles in every floating conversion, flag,
 * width and precision. Built twice from this source: against the user
 * library (run in ia32emu and natively) and against the host's glibc; the
 * outputs must be identical (tests/flt/run.sh). Values: special cases,
 * powers of two and ten at the formats' limits, ties, and a few thousand
 * random bit patterns (a fixed LCG, so every build sees the same values).
 */
#include <stdio.h>
#include <string.h>

static unsigned long long seed = 12345;
static unsigned long long rnd(void)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return seed;
}

static double from_bits(unsigned long long b)
{
	double d;
	memcpy(&d, &b, 8);
	return d;
}

static long double ld_from(unsigned long long m, unsigned short se)
{
	long double v = 0;
	memcpy(&v, &m, 8);
	memcpy((char *)&v + 8, &se, 2);
	return v;
}

static const char *const dfmts[] = {
    "%f",	"%e",	     "%g",     "%a",	"%F",	  "%E",	       "%G",	  "%A",	    "%.0f",
    "%.1f",	"%.3f",	     "%.10f",  "%.17f", "%.0e",	  "%.1e",      "%.5e",	  "%.16e",  "%.20e",
    "%.0g",	"%.1g",	     "%.2g",   "%.10g", "%.17g",  "%.25g",     "%.0a",	  "%.1a",   "%.3a",
    "%.13a",	"%.20a",     "%#f",    "%#.0f", "%#e",	  "%#.0e",     "%#.10g",  "%#.3g",  "%#a",
    "%#.0a",	"%+f",	     "% f",    "%+e",	"% g",	  "%+a",       "%20f",	  "%-20f|", "%020f",
    "%+020.5e", "%-+20.3g|", "% 020g", "%030a", "%-30a|", "%+#030.2a", "%012.4f", "%.40f",  "%.60e",
};
static const char *const lfmts[] = {
    "%Lf",    "%Le",   "%Lg",	     "%La",	"%LA",	  "%.0Lf", "%.3Lf",
    "%.20Lf", "%.0Le", "%.20Le",     "%.21Lg",	"%.0La",  "%.1La", "%.5La",
    "%.16La", "%#La",  "%+025.10Le", "%-25Lg|", "%030La",
};

static void show(const char *fmt, double v)
{
	char buf[2048];
	int n = snprintf(buf, sizeof buf, fmt, v);
	printf("%s %d [%s]\n", fmt, n, buf);
}

static void showl(const char *fmt, long double v)
{
	char buf[6000];
	int n = snprintf(buf, sizeof buf, fmt, v);
	printf("%s %d [%s]\n", fmt, n, buf);
}

static void all_d(double v)
{
	for (unsigned i = 0; i < sizeof dfmts / sizeof dfmts[0]; i++)
		show(dfmts[i], v);
}

int main(void)
{
	static const unsigned long long special[] = {0,
						     0x8000000000000000ULL,
						     0x3ff0000000000000ULL,
						     0x7ff0000000000000ULL,
						     0xfff0000000000000ULL,
						     0x7ff8000000000000ULL,
						     0xfff8000000000000ULL,
						     0x7ff0000000000001ULL,
						     1,
						     0x000fffffffffffffULL,
						     0x0010000000000000ULL,
						     0x7fefffffffffffffULL,
						     0x3fb999999999999aULL,
						     0x400921fb54442d18ULL,
						     0x3fe0000000000000ULL,
						     0x3ff8000000000000ULL,
						     0x4004000000000000ULL,
						     0xbfe0000000000000ULL,
						     0x3fc0000000000000ULL,
						     0x3ffffffffffffff0ULL,
						     0x412e847fffffffffULL,
						     0x40c3880000000000ULL,
						     0x3ee4f8b588e368f1ULL,
						     0x44b52d02c7e14af6ULL,
						     0x3feffffffffffffULL,
						     0x0000000000000003ULL};
	static const double exact[] = {
	    0.5,  1.5,	2.5,  3.5,	0.125,	      0.375, 1e15,  1e16, 1e17,
	    1e21, 1e22, 1e23, 123456.5, 999999.5,     9.5,   99.5,  0.05, 0.0005,
	    1e-5, 1e-4, 1e-7, 65536.0,	4294967296.0, 1e300, 1e-300};

	for (unsigned i = 0; i < sizeof special / sizeof special[0]; i++)
		all_d(from_bits(special[i]));
	for (unsigned i = 0; i < sizeof exact / sizeof exact[0]; i++) {
		all_d(exact[i]);
		all_d(-exact[i]);
	}
	for (int i = 0; i < 400; i++) {
		unsigned long long b = rnd();
		if (i % 4 == 1) /* values of moderate size: %f shows something */
			b = (b & 0x800fffffffffffffULL) | ((0x3c0ULL + (b >> 52) % 0x80) << 52);
		all_d(from_bits(b));
	}
	/* The shortest round trip needs %.17g: every random value. */
	for (int i = 0; i < 3000; i++)
		show("%.17g", from_bits(rnd()));

	static const long double lspecial[] = {0.0L,
					       -0.0L,
					       1.0L,
					       0.1L,
					       3.0L,
					       1e4000L,
					       1e-4000L,
					       1.18973149535723176502e+4932L,
					       3.36210314311209350626e-4932L};
	for (unsigned i = 0; i < sizeof lspecial / sizeof lspecial[0]; i++)
		for (unsigned j = 0; j < sizeof lfmts / sizeof lfmts[0]; j++)
			showl(lfmts[j], lspecial[i]);
	for (int i = 0; i < 300; i++) {
		unsigned long long m = rnd() | 1ULL << 63;
		unsigned short se = (unsigned short)rnd();
		if ((se & 0x7fff) == 0x7fff || (se & 0x7fff) == 0)
			continue;
		if (i % 3)
			se = (se & 0x8000) | (0x3fff - 80 + (se % 160));
		for (unsigned j = 0; j < sizeof lfmts / sizeof lfmts[0]; j++)
			showl(lfmts[j], ld_from(m, se));
	}
	showl("%La", ld_from(1, 0));			      /* the smallest denormal */
	showl("%.30Le", ld_from(0x4000000000000000ULL, 0));   /* a denormal */
	showl("%Le", ld_from(0, 0x7fff));		      /* pseudo-infinity: nan */
	showl("%Lf", ld_from(0xc000000000000000ULL, 0xffff)); /* -nan */
	/* Length modifiers and the unknown conversion next to floats. */
	printf("[%5.2f|%s|%d|%k|%-6.1e|%c]\n", 3.14159, "str", 42, 2.5, 'x');
	printf("[%.3f %Lf %.2e]\n", 1.0 / 3, 2.0L / 3, 1e100);
	return 0;
}
