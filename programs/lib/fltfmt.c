/*
 * printf's %f %e %g %a (and %F %E %G %A), exactly: the value m * 2^e is
 * expanded into decimal digits with exact big-integer arithmetic
 * (bignum.c) and rounded once, at the requested digit, by the rounding
 * mode of the x87 control word (nearest-even by default), as glibc does.
 * Printing a double with 17 significant digits (or a long double with 21)
 * therefore reads back to the same value through strtod.
 *
 * The digit buffer is static: the library has no threads, and a long
 * double's complete expansion (up to about 16,500 digits) does not belong
 * on a guest stack.
 */
#include "fltfmt.h"

#include "bignum.h"

#define DIG_MAX 16700

static struct big g_num;	 /* integer part, then the fraction's numerator */
static char g_dig[DIG_MAX + 32]; /* significant digits, most significant first */
static uint32_t g_chunk[600];	 /* 9-digit groups of the integer part */

int flt_rounding(void)
{
	unsigned short cw;

	__asm__ volatile("fnstcw %0" : "=m"(cw));
	return (cw >> 10) & 3;
}

void flt_from_double(struct fltval *v, uint64_t bits)
{
	int e = (int)(bits >> 52) & 0x7ff;
	uint64_t frac = bits & ((1ULL << 52) - 1);

	v->neg = (int)(bits >> 63);
	v->ldouble = 0;
	v->kind = e == 0x7ff ? (frac ? FV_NAN : FV_INF) : FV_FINITE;
	v->mant = e ? frac | 1ULL << 52 : frac;
	v->exp = e ? e - 1075 : -1074;
}

/* SDM vol. 1 8.2.2: an exponent of all ones with integer bit 0 (pseudo-
 * infinity, pseudo-NaN) is invalid to the FPU: shown as nan, as glibc does. */
void flt_from_ldouble(struct fltval *v, uint64_t mant, uint16_t sexp)
{
	int e = sexp & 0x7fff;

	v->neg = sexp >> 15;
	v->ldouble = 1;
	v->mant = mant;
	v->exp = (e ? e : 1) - 16383 - 63;
	v->kind = FV_FINITE;
	if (e == 0x7fff)
		v->kind = (mant << 1) == 0 && (mant >> 63) ? FV_INF : FV_NAN;
}

/* Round up (away from zero) at the cut? rd is the first dropped digit. */
static int round_up(int rc, int neg, int rd, int sticky, int odd)
{
	switch (rc) {
	case 0: return rd > 5 || (rd == 5 && (sticky || odd));
	case 1: return neg && (rd || sticky);
	case 2: return !neg && (rd || sticky);
	default: return 0;
	}
}

/* The integer part's digits into g_dig; returns how many (0 for zero). */
static int int_digits(void)
{
	int nc = 0, nd = 0;

	while (g_num.n > 0 && nc < (int)(sizeof(g_chunk) / sizeof(g_chunk[0])))
		g_chunk[nc++] = big_divsmall(&g_num, 1000000000u);
	for (int i = nc - 1; i >= 0; i--) {
		char tmp[9];
		uint32_t c = g_chunk[i];
		for (int k = 8; k >= 0; k--) {
			tmp[k] = (char)('0' + c % 10);
			c /= 10;
		}
		for (int k = 0; k < 9; k++)
			if (nd || tmp[k] != '0')
				g_dig[nd++] = tmp[k];
	}
	return nd;
}

/* The next 9 fraction digits (numerator g_num over 2^s) at g_dig + at. */
static void frac_chunk(int s, int at)
{
	uint32_t c;

	big_muladd(&g_num, 1000000000u, 0);
	c = big_split(&g_num, s);
	for (int k = 8; k >= 0; k--) {
		g_dig[at + k] = (char)('0' + c % 10);
		c /= 10;
	}
}

struct digits {
	int nd; /* digits stored in g_dig; those after are 0 */
	int x;	/* g_dig[0] has weight 10^x */
};

/*
 * The digits of |v| rounded to `count` significant digits (sig) or to
 * `count` digits after the point (!sig). The value is exact: nothing is
 * approximated before the one rounding.
 */
static struct digits gen(const struct fltval *v, int sig, int count, int rc)
{
	struct digits r = {0, 0};
	int s = 0, need, ni, lead = 0, sticky, rd;

	if (v->mant == 0)
		return r;
	if (v->exp >= 0) {
		big_set(&g_num, v->mant);
		big_shl(&g_num, v->exp);
	} else {
		s = -v->exp;
		big_set(&g_num, s < 64 ? v->mant >> s : 0);
	}
	ni = int_digits();
	if (v->exp < 0)
		big_set(&g_num, s < 64 ? v->mant & ((1ULL << s) - 1) : v->mant);
	r.nd = ni;
	r.x = ni - 1;
	if (ni == 0) {
		/* Leading zeros of a pure fraction: 9 at a time. */
		for (;;) {
			frac_chunk(s, 0);
			int k = 0;
			while (k < 9 && g_dig[k] == '0')
				k++;
			if (k < 9) {
				for (int j = k; j < 9; j++)
					g_dig[j - k] = g_dig[j];
				r.nd = 9 - k;
				r.x = -lead - k - 1;
				break;
			}
			lead += 9;
			if (!sig && lead > count + 1) {
				r.x = -lead - 1; /* below half a unit of the last place */
				break;
			}
		}
	}
	need = sig ? count : r.x + 1 + count;
	while (r.nd <= need && g_num.n > 0 && r.nd < DIG_MAX) {
		frac_chunk(s, r.nd);
		r.nd += 9;
	}
	sticky = g_num.n > 0;
	if (need < 0) {
		r.nd = 0;
		if (round_up(rc, v->neg, 0, 1, 0)) {
			g_dig[0] = '1';
			r.nd = 1;
			r.x = -count;
		}
		return r;
	}
	rd = need < r.nd ? g_dig[need] - '0' : 0;
	for (int i = need + 1; i < r.nd && !sticky; i++)
		sticky = g_dig[i] != '0';
	if (r.nd > need)
		r.nd = need;
	/* Past DIG_MAX the expansion has ended: nothing is dropped. */
	if (need <= DIG_MAX &&
	    round_up(rc, v->neg, rd, sticky,
		     need > 0 && need <= r.nd && ((g_dig[need - 1] - '0') & 1))) {
		int i = need - 1;
		for (int j = r.nd; j < need; j++)
			g_dig[j] = '0';
		r.nd = need;
		while (i >= 0 && g_dig[i] == '9')
			g_dig[i--] = '0';
		if (i >= 0) {
			g_dig[i]++;
		} else {
			/* 99.9 -> 100: one more digit in front. */
			for (int j = r.nd; j > 0; j--)
				g_dig[j] = g_dig[j - 1];
			g_dig[0] = '1';
			r.x++;
			r.nd = sig ? need : need + 1;
		}
	}
	return r;
}

struct out {
	flt_put_fn put;
	void *ctx;
};

static void zeros(const struct out *o, int n)
{
	static const char z[16] = "0000000000000000";
	for (; n > 0; n -= 16)
		o->put(o->ctx, z, n < 16 ? n : 16);
}

static void spaces(const struct out *o, int n)
{
	static const char b[16] = "                ";
	for (; n > 0; n -= 16)
		o->put(o->ctx, b, n < 16 ? n : 16);
}

/* Digits i..j-1 of the expansion (0 beyond what is stored). */
static void digit_run(const struct out *o, const struct digits *d, int i, int j)
{
	int a = i < 0 ? 0 : i, stored = d->nd < j ? d->nd : j;

	if (i < 0) {
		zeros(o, (j < 0 ? j : 0) - i);
		if (j <= 0)
			return;
	}
	if (a < stored)
		o->put(o->ctx, g_dig + a, stored - a);
	zeros(o, j - (stored > a ? stored : a));
}

/* Sign, then padding: the '0' flag pads after the sign (and 0x). */
static void frame(const struct out *o, const struct fltspec *sp, int neg, const char *pre, int len,
		  int finite)
{
	char sign = neg ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;
	int pl = 0;

	while (pre && pre[pl])
		pl++;
	len += (sign != 0) + pl;
	if (!sp->left && !(sp->zero && finite))
		spaces(o, sp->width - len);
	if (sign)
		o->put(o->ctx, &sign, 1);
	if (pl)
		o->put(o->ctx, pre, pl);
	if (sp->zero && finite && !sp->left)
		zeros(o, sp->width - len);
}

static int exp_text(char *b, char e, int x)
{
	int n = 0, u = x < 0 ? -x : x;
	char t[8];
	int k = 0;

	b[n++] = e;
	b[n++] = x < 0 ? '-' : '+';
	do {
		t[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (k < 2 && e != 'p' && e != 'P')
		t[k++] = '0';
	while (k)
		b[n++] = t[--k];
	return n;
}

static void fixed(const struct out *o, const struct fltspec *sp, int neg, const struct digits *d,
		  int p)
{
	int ilen = d->x >= 0 ? d->x + 1 : 1, dot = p > 0 || sp->alt;

	frame(o, sp, neg, 0, ilen + dot + p, 1);
	if (d->x >= 0)
		digit_run(o, d, 0, d->x + 1);
	else
		zeros(o, 1);
	if (dot)
		o->put(o->ctx, ".", 1);
	digit_run(o, d, d->x + 1, d->x + 1 + p);
	if (sp->left)
		spaces(o, sp->width - ilen - dot - p - (neg || sp->plus || sp->space));
}

static void expo(const struct out *o, const struct fltspec *sp, int neg, const struct digits *d,
		 int p, char e)
{
	char eb[12];
	int el = exp_text(eb, e, d->nd ? d->x : 0), dot = p > 0 || sp->alt;
	int len = 1 + dot + p + el;

	frame(o, sp, neg, 0, len, 1);
	digit_run(o, d, 0, 1);
	if (dot)
		o->put(o->ctx, ".", 1);
	digit_run(o, d, 1, 1 + p);
	o->put(o->ctx, eb, el);
	if (sp->left)
		spaces(o, sp->width - len - (neg || sp->plus || sp->space));
}

/* Index of the last nonzero stored digit among the first n, or -1. */
static int last_nonzero(const struct digits *d, int n)
{
	for (int i = (d->nd < n ? d->nd : n) - 1; i >= 0; i--)
		if (g_dig[i] != '0')
			return i;
	return -1;
}

static void general(const struct out *o, const struct fltspec *sp, const struct fltval *v, int rc)
{
	int P = sp->prec < 0 ? 6 : sp->prec == 0 ? 1 : sp->prec;
	struct digits d = gen(v, 1, P, rc);
	int x = d.nd ? d.x : 0, lz = last_nonzero(&d, P);
	int upper = sp->conv == 'G';

	if (P > x && x >= -4) {
		int p = P - 1 - x;
		if (!sp->alt)
			p = lz - x > 0 ? lz - x : 0;
		if (!d.nd)
			d.x = 0;
		fixed(o, sp, v->neg, &d, p);
	} else {
		expo(o, sp, v->neg, &d, sp->alt ? P - 1 : (lz > 0 ? lz : 0), upper ? 'E' : 'e');
	}
}

/*
 * %a: glibc's forms. A double shows its hidden bit as the leading digit
 * (0x1.8p+0; 0x0.8p-1022 for a denormal), a long double its top four
 * significand bits (0xcp-2). Rounding to fewer hex digits carries into the
 * leading digit (double: 0x2p+0) or renormalises (long double: 0x1p+4).
 */
static void hexfloat(const struct out *o, const struct fltspec *sp, const struct fltval *v, int rc)
{
	const char *hx = sp->conv == 'A' ? "0123456789ABCDEF" : "0123456789abcdef";
	uint64_t frac;
	unsigned lead;
	int nfrac, e, p = sp->prec;
	char b[40];
	int n = 0, extra = 0;

	if (v->ldouble) {
		lead = (unsigned)(v->mant >> 60);
		frac = v->mant << 4;
		nfrac = 15;
		e = v->mant ? v->exp + 60 : 0;
	} else {
		lead = (unsigned)(v->mant >> 52);
		frac = v->mant << 12;
		nfrac = 13;
		e = v->mant ? (lead ? v->exp + 52 : -1022) : 0;
	}
	if (p >= 0 && p < nfrac) {
		uint64_t kept = p ? frac >> (64 - 4 * p) : 0, rest = frac << (4 * p);
		int rd = (int)(rest >> 60), sticky = (rest << 4) != 0;
		/* Compare to a half as a digit: 8 is half, more bits are sticky. */
		if (round_up(rc, v->neg,
			     rd > 8    ? 6
			     : rd == 8 ? 5
			     : rd      ? 1
				       : 0,
			     rd > 8 || (rd & 7) || sticky, (int)((p ? kept : lead) & 1))) {
			kept++;
			if (p == 0 || kept >> (p * 4)) {
				kept = 0;
				lead++;
			}
		}
		frac = p ? kept << (64 - p * 4) : 0;
		nfrac = p;
		if (v->ldouble && lead == 16) {
			lead = 1;
			e += 4;
		}
	} else {
		if (p < 0)
			while (nfrac > 0 && !((frac >> (64 - nfrac * 4)) & 0xf))
				nfrac--;
		else
			extra = p - nfrac;
	}
	b[n++] = hx[lead];
	if (nfrac > 0 || extra > 0 || sp->alt)
		b[n++] = '.';
	for (int i = 0; i < nfrac; i++)
		b[n++] = hx[(frac >> (60 - 4 * i)) & 0xf];
	char eb[12];
	int el = exp_text(eb, sp->conv == 'A' ? 'P' : 'p', e);
	int len = n + extra + el;
	frame(o, sp, v->neg, sp->conv == 'A' ? "0X" : "0x", len, 1);
	o->put(o->ctx, b, n);
	zeros(o, extra);
	o->put(o->ctx, eb, el);
	if (sp->left)
		spaces(o, sp->width - len - 2 - (v->neg || sp->plus || sp->space));
}

void flt_format(flt_put_fn put, void *ctx, const struct fltspec *sp, const struct fltval *v)
{
	struct out o = {put, ctx};
	int upper = sp->conv >= 'A' && sp->conv <= 'Z';

	if (v->kind != FV_FINITE) {
		const char *t =
		    v->kind == FV_INF ? (upper ? "INF" : "inf") : (upper ? "NAN" : "nan");
		frame(&o, sp, v->neg, 0, 3, 0);
		put(ctx, t, 3);
		if (sp->left)
			spaces(&o, sp->width - 3 - (v->neg || sp->plus || sp->space));
		return;
	}
	int rc = v->mant ? flt_rounding() : 0;
	int p = sp->prec < 0 ? 6 : sp->prec;
	switch (sp->conv) {
	case 'f':
	case 'F': {
		struct digits d = gen(v, 0, p, rc);
		if (!d.nd)
			d.x = 0;
		fixed(&o, sp, v->neg, &d, p);
		break;
	}
	case 'e':
	case 'E': {
		struct digits d = gen(v, 1, p + 1, rc);
		expo(&o, sp, v->neg, &d, p, sp->conv);
		break;
	}
	case 'g':
	case 'G': general(&o, sp, v, rc); break;
	default: hexfloat(&o, sp, v, rc); break;
	}
}
