/*
 * strtod, strtof, strtold, atof: correctly rounded, in the x87 rounding
 * mode (nearest-even by default). A decimal significand D and exponent E
 * give the exact rational D * 5^E * 2^E (or D * 2^E / 5^-E); its first 65
 * bits and a sticky bit come from exact big-integer long division
 * (bignum.c), and the one rounding to 24, 53 or 64 bits happens at the
 * end, denormals included. Hex floats (0x1.8p3), inf, infinity, nan and
 * nan(chars) are accepted as C99 7.20.1.3 says; ERANGE on overflow and on
 * an underflow to a denormal or zero.
 *
 * Digits past the first 800 (11,600 for long double) are folded into one
 * sticky digit: a value halfway between two neighbours has at most about
 * 770 (11,500) significant digits, so the rounding cannot change.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bignum.h"
#include "fltfmt.h"

int errno;

struct fmt {
	int prec, emin, emax; /* significand bits; exponents of the normals */
	int maxdig;	      /* significant decimal digits kept */
	int maxdexp, mindexp; /* beyond: certainly overflow / underflow */
};
static const struct fmt F32 = {24, -126, 127, 120, 40, -47};
static const struct fmt F64 = {53, -1022, 1023, 800, 310, -326};
static const struct fmt F80 = {64, -16382, 16383, 11600, 4934, -4953};

/* A finite nonzero value: hi (bit 63 set) has weight 2^x; then one more
 * bit and a sticky bit. */
struct bin {
	uint64_t hi;
	int x;
	int guard, sticky;
};

/* The rounded result as the format's fields: mantissa with its integer
 * bit, biased exponent (0 for denormals and zero, max for infinity). */
struct packed {
	uint64_t mant;
	int bexp;
};

static int round_inc(int rc, int neg, int odd, int rbit, int sticky)
{
	switch (rc) {
	case 0: return rbit && (sticky || odd);
	case 1: return neg && (rbit || sticky);
	case 2: return !neg && (rbit || sticky);
	default: return 0;
	}
}

static struct packed overflow(const struct fmt *f, int neg, int rc)
{
	struct packed p = {0, 2 * f->emax + 1}; /* infinity */

	errno = ERANGE;
	if (rc == 3 || (rc == 1 && !neg) || (rc == 2 && neg)) {
		p.mant = f->prec == 64 ? ~0ULL : (1ULL << f->prec) - 1; /* the largest finite */
		p.bexp = 2 * f->emax;
	}
	return p;
}

static struct packed round_to(const struct fmt *f, const struct bin *b, int neg, int rc)
{
	int k = b->x >= f->emin ? f->prec : f->prec - (f->emin - b->x);
	uint64_t keep;
	int rbit, sticky;
	struct packed p;

	if (k >= 64) {
		keep = b->hi;
		rbit = b->guard;
		sticky = b->sticky;
	} else if (k > 0) {
		keep = b->hi >> (64 - k);
		rbit = (int)(b->hi >> (63 - k)) & 1;
		sticky = (b->hi & ((1ULL << (63 - k)) - 1)) || b->guard || b->sticky;
	} else {
		keep = 0;
		rbit = k == 0;
		sticky = k < 0 || (b->hi << 1) || b->guard || b->sticky;
	}
	if (round_inc(rc, neg, (int)(keep & 1), rbit, sticky))
		keep++;
	if (k == f->prec && f->prec < 64 && keep >> f->prec) { /* 1.11..1 -> 10.0 */
		keep >>= 1;
		p.bexp = b->x + 1;
	} else if (k == 64 && keep == 0) { /* the 64-bit carry out */
		keep = 1ULL << 63;
		p.bexp = b->x + 1;
	} else {
		p.bexp = b->x;
	}
	if (k < f->prec) {
		/* Denormal, or carried to the smallest normal. */
		p.bexp = keep >> (f->prec - 1) ? f->emin : f->emin - 1;
		if (rbit || sticky)
			errno = ERANGE;
	}
	if (p.bexp > f->emax)
		return overflow(f, neg, rc);
	p.mant = keep;
	p.bexp += f->emax; /* the bias; emin - 1 becomes 0 */
	return p;
}

static int digit_val(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99;
}

/* Decimal exponent after 'e' / binary after 'p': at s, or 0 if none. */
static const char *parse_exp(const char *s, char letter, long *e)
{
	const char *p = s;
	int neg = 0;
	long v = 0;

	if (tolower((unsigned char)*p) != letter)
		return s;
	p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!isdigit((unsigned char)*p))
		return s;
	while (isdigit((unsigned char)*p)) {
		if (v < 100000000)
			v = v * 10 + (*p - '0');
		p++;
	}
	*e = neg ? -v : v;
	return p;
}

static struct big g_num, g_den;
static char g_digits[11600 + 2];

/* The first 65 bits of D * 10^e10 (D the nd digits in g_digits). */
static void decimal_bits(int nd, long e10, struct bin *b)
{
	int t;

	big_set(&g_num, 0);
	for (int i = 0; i < nd;) {
		uint32_t chunk = 0, scale = 1;
		for (int j = 0; j < 9 && i < nd; j++, i++) {
			chunk = chunk * 10 + (uint32_t)(g_digits[i] - '0');
			scale *= 10;
		}
		big_muladd(&g_num, scale, chunk);
	}
	big_set(&g_den, 1);
	if (e10 >= 0)
		big_mulpow5(&g_num, (int)e10);
	else
		big_mulpow5(&g_den, (int)-e10);
	t = big_bitlen(&g_num) - big_bitlen(&g_den);
	if (t >= 0)
		big_shl(&g_den, t);
	else
		big_shl(&g_num, -t);
	if (big_cmp(&g_num, &g_den) < 0) {
		big_shl(&g_num, 1);
		t--;
	}
	b->hi = 0;
	for (int i = 0; i < 65; i++) {
		int bit = big_cmp(&g_num, &g_den) >= 0;
		if (bit)
			big_sub(&g_num, &g_den);
		if (i < 64)
			b->hi = b->hi << 1 | (uint64_t)bit;
		else
			b->guard = bit;
		big_shl(&g_num, 1);
	}
	b->sticky = g_num.n > 0;
	b->x = t + (int)e10;
}

/* 0 zero, 1 finite nonzero in *b, 2 inf, 3 nan, 4 overflow; *end past the
 * text. */
static int parse_decimal(const char *s, const char **end, const struct fmt *f, struct bin *b)
{
	int nd = 0, digits = 0, point = 0, more = 0;
	long e10 = 0, ex = 0;

	for (; isdigit((unsigned char)*s) || (*s == '.' && !point); s++) {
		if (*s == '.') {
			point = 1;
			continue;
		}
		digits = 1;
		if (nd == 0 && *s == '0') {
			e10 -= point; /* a leading zero after the point */
			continue;
		}
		if (nd < f->maxdig) {
			g_digits[nd++] = *s;
			e10 -= point;
		} else {
			more |= *s != '0';
			e10 += !point;
		}
	}
	if (!digits)
		return -1;
	s = parse_exp(s, 'e', &ex);
	*end = s;
	if (more) {
		g_digits[nd++] = '1';
		e10--;
	}
	while (nd > 0 && g_digits[nd - 1] == '0') {
		nd--;
		e10++;
	}
	if (nd == 0)
		return 0;
	e10 += ex;
	if (e10 + nd > f->maxdexp)
		return 4; /* overflow: infinity or the largest finite, by the mode */
	if (e10 + nd < f->mindexp) {
		b->hi = 1ULL << 63; /* far below the smallest denormal */
		b->x = f->emin - f->prec - 4;
		b->guard = 0;
		b->sticky = 1;
		return 1;
	}
	decimal_bits(nd, e10, b);
	return 1;
}

static int parse_hex(const char *s, const char **end, struct bin *b)
{
	uint64_t m = 0;
	int any = 0, point = 0, dropped = -1, sticky = 0;
	long bexp = 0, ex = 0;

	for (;; s++) {
		int d = digit_val((unsigned char)*s);
		if (*s == '.' && !point) {
			point = 1;
			continue;
		}
		if (d > 15)
			break;
		any = 1;
		if (m < (1ULL << 60)) {
			m = m << 4 | (uint64_t)d;
			if (point)
				bexp -= 4;
		} else {
			if (dropped < 0)
				dropped = d;
			else
				sticky |= d != 0;
			if (!point)
				bexp += 4;
		}
	}
	if (!any)
		return -1;
	*end = parse_exp(s, 'p', &ex);
	if (m == 0)
		return 0;
	if (dropped < 0)
		dropped = 0;
	int lz = __builtin_clzll(m);
	/* Once digits were dropped m has 61 to 64 bits: lz <= 3. */
	b->hi = m << lz | (lz ? (uint64_t)dropped >> (4 - lz) : 0);
	b->guard = (dropped >> (3 - lz)) & 1;
	b->sticky = sticky || (dropped & ((1 << (3 - lz)) - 1));
	if (ex > 100000000 - 100000)
		ex = 100000000;
	b->x = (int)(bexp + ex + 63 - lz);
	if (bexp + ex > 100000)
		b->x = 100000;
	else if (bexp + ex < -100000)
		b->x = -100000;
	return 1;
}

static int match(const char *s, const char *word)
{
	int n = 0;

	while (word[n] && tolower((unsigned char)s[n]) == word[n])
		n++;
	return word[n] ? 0 : n;
}

/* The text at s as the format's fields; *neg its sign; *nan for NaN. */
static struct packed convert(const char *s, char **endp, const struct fmt *f, int *neg)
{
	const char *start = s, *end = s;
	struct packed zero = {0, 0}, inf = {0, 2 * f->emax + 1};
	struct bin b;
	int r, n;

	while (isspace((unsigned char)*s))
		s++;
	*neg = 0;
	if (*s == '+' || *s == '-')
		*neg = *s++ == '-';
	if ((n = match(s, "inf"))) {
		end = s + (match(s, "infinity") ? 8 : 3);
		r = 2;
	} else if ((n = match(s, "nan"))) {
		end = s + 3;
		if (*end == '(') {
			const char *p = end + 1;
			while (isalnum((unsigned char)*p) || *p == '_')
				p++;
			if (*p == ')')
				end = p + 1;
		}
		r = 3;
	} else if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		   (r = parse_hex(s + 2, &end, &b)) >= 0) {
		/* parsed */
	} else {
		r = parse_decimal(s, &end, f, &b);
	}
	if (r < 0) {
		end = start; /* no number: nothing consumed */
		r = 0;
		*neg = 0;
	}
	if (endp)
		*endp = (char *)end;
	if (r == 0)
		return zero;
	if (r == 2)
		return inf;
	if (r == 4)
		return overflow(f, *neg, flt_rounding());
	if (r == 3) {
		struct packed nan = {f->prec == 64 ? 3ULL << 62 : 1ULL << (f->prec - 2),
				     2 * f->emax + 1};
		return nan;
	}
	return round_to(f, &b, *neg, flt_rounding());
}

double strtod(const char *s, char **end)
{
	int neg;
	struct packed p = convert(s, end, &F64, &neg);
	uint64_t bits =
	    (uint64_t)neg << 63 | (uint64_t)p.bexp << 52 | (p.mant & ((1ULL << 52) - 1));
	double d;

	memcpy(&d, &bits, sizeof d);
	return d;
}

float strtof(const char *s, char **end)
{
	int neg;
	struct packed p = convert(s, end, &F32, &neg);
	uint32_t bits =
	    (uint32_t)neg << 31 | (uint32_t)p.bexp << 23 | ((uint32_t)p.mant & 0x7fffff);
	float v;

	memcpy(&v, &bits, sizeof v);
	return v;
}

long double strtold(const char *s, char **end)
{
	int neg;
	struct packed p = convert(s, end, &F80, &neg);
	uint16_t se = (uint16_t)(neg << 15 | p.bexp);
	long double v = 0;

	if (p.bexp == 2 * F80.emax + 1 && p.mant == 0)
		p.mant = 1ULL << 63; /* infinity has its integer bit set */
	memcpy(&v, &p.mant, 8);
	memcpy((char *)&v + 8, &se, 2);
	return v;
}

double atof(const char *s)
{
	return strtod(s, NULL);
}
