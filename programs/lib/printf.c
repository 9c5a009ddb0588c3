/*
 * The printf family. One formatter writes through a small sink that either
 * fills a caller's buffer (sprintf) or batches bytes for write() (printf),
 * so a typical printf is a single system call.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fltfmt.h"

struct sink {
	int fd;	     /* < 0: write into buf instead */
	char *buf;   /* destination of the string variants */
	size_t size; /* capacity of buf, terminator included */
	size_t len;  /* bytes produced so far, stored or not */
	int nbuf;    /* bytes pending in pending[] */
	char pending[128];
};

static void flush(struct sink *s)
{
	if (s->nbuf > 0)
		write(s->fd, s->pending, s->nbuf);
	s->nbuf = 0;
}

static void put(struct sink *s, char c)
{
	if (s->fd >= 0) {
		if (s->nbuf == (int)sizeof(s->pending))
			flush(s);
		s->pending[s->nbuf++] = c;
	} else if (s->len + 1 < s->size) {
		s->buf[s->len] = c;
	}
	s->len++;
}

static void put_n(struct sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, c);
}

static void put_str(struct sink *s, const char *p, int n)
{
	while (n-- > 0)
		put(s, *p++);
}

/* One parsed conversion: %[flags][width][.precision][length]conv. */
struct spec {
	int left;  /* '-' */
	int zero;  /* '0' */
	int plus;  /* '+' */
	int space; /* ' ' */
	int alt;   /* '#' */
	int width;
	int prec; /* -1 when absent */
};

/*
 * Digits of v in reverse into d; returns how many. Values that fit in
 * 32 bits are divided as such, since a 64-bit division is a library call.
 */
static int digits(char *d, unsigned long long v, unsigned int base, int upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	while (v >> 32) {
		d[n++] = set[v % base];
		v /= base;
	}
	for (unsigned int w = v; w; w /= base)
		d[n++] = set[w % base];
	return n;
}

static void put_number(struct sink *s, const struct spec *sp, unsigned long long v, int neg,
		       unsigned int base, int upper, const char *prefix)
{
	char d[24];
	int n = digits(d, v, base, upper);
	int zeros = 0, plen, pad;
	char sign = neg ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;

	if (n == 0 && sp->prec != 0)
		d[n++] = '0'; /* zero prints as "0" unless the precision is 0 */
	if (sp->prec > n)
		zeros = sp->prec - n;
	if (base == 8 && sp->alt && zeros == 0 && (n == 0 || d[n - 1] != '0'))
		zeros = 1; /* '#' octal: a leading 0 */
	plen = (sign != 0) + (prefix ? (int)strlen(prefix) : 0);
	pad = sp->width - plen - zeros - n;
	/* The '0' flag pads between the sign and the digits; a precision disables it. */
	if (sp->zero && !sp->left && sp->prec < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!sp->left)
		put_n(s, ' ', pad);
	if (sign)
		put(s, sign);
	if (prefix)
		put_str(s, prefix, strlen(prefix));
	put_n(s, '0', zeros);
	while (n > 0)
		put(s, d[--n]);
	if (sp->left)
		put_n(s, ' ', pad);
}

static void put_flt(void *ctx, const char *p, int n)
{
	put_str(ctx, p, n);
}

/*
 * A floating-point argument. The i386 System V ABI passes a double as 8
 * bytes and a long double as 12 bytes (80 bits and padding) on the stack,
 * 4-byte aligned, exactly as it passes an unsigned long long and a 12-byte
 * struct: reading them so takes their bits without an x87 load (which would
 * quiet a signalling NaN and costs an FPU state switch for nothing).
 */
struct ld_bits {
	uint32_t lo, hi;
	uint16_t sexp, pad;
};

static void put_float(struct sink *s, const struct spec *sp, char conv, int ld, va_list *ap)
{
	struct fltspec fs = {sp->left, sp->zero,  sp->plus, sp->space,
			     sp->alt,  sp->width, sp->prec, conv};
	struct fltval v;

	if (ld) {
		struct ld_bits b = va_arg(*ap, struct ld_bits);
		flt_from_ldouble(&v, (uint64_t)b.hi << 32 | b.lo, b.sexp);
	} else {
		flt_from_double(&v, va_arg(*ap, unsigned long long));
	}
	flt_format(put_flt, s, &fs, &v);
}

static void put_padded(struct sink *s, const struct spec *sp, const char *p, int n)
{
	if (!sp->left)
		put_n(s, ' ', sp->width - n);
	put_str(s, p, n);
	if (sp->left)
		put_n(s, ' ', sp->width - n);
}

static void format(struct sink *s, const char *fmt, va_list ap0)
{
	va_list ap;

	va_copy(ap, ap0); /* passed on by address to put_float */
	for (; *fmt; fmt++) {
		struct spec sp = {0, 0, 0, 0, 0, 0, -1};
		const char *start = fmt;
		int len = 0; /* -2 hh, -1 h, 0 int, 1 l, 2 ll */
		int ld = 0;  /* L: long double */
		unsigned long long u;
		long long v;
		char c;

		if (*fmt != '%') {
			put(s, *fmt);
			continue;
		}
		for (;;) {
			c = *++fmt;
			if (c == '-')
				sp.left = 1;
			else if (c == '0')
				sp.zero = 1;
			else if (c == '+')
				sp.plus = 1;
			else if (c == ' ')
				sp.space = 1;
			else if (c == '#')
				sp.alt = 1;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) { /* a negative '*' width means '-' */
				sp.left = 1;
				sp.width = -sp.width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				sp.width = sp.width * 10 + *fmt++ - '0';
		}
		if (*fmt == '.') {
			fmt++;
			sp.prec = 0;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				if (sp.prec < 0)
					sp.prec = -1; /* as if omitted */
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					sp.prec = sp.prec * 10 + *fmt++ - '0';
			}
		}
		for (;; fmt++) {
			if (*fmt == 'h')
				len--;
			else if (*fmt == 'l')
				len++;
			else if (*fmt == 'L')
				ld = 1;
			else if (*fmt != 'z' && *fmt != 't' && *fmt != 'j')
				break; /* size_t and ptrdiff_t are int-sized; intmax_t is not used */
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			if (len >= 2)
				v = va_arg(ap, long long);
			else if (len == 1)
				v = va_arg(ap, long);
			else
				v = va_arg(ap, int);
			if (len == -1)
				v = (short)v;
			else if (len <= -2)
				v = (signed char)v;
			put_number(s, &sp, v < 0 ? -(unsigned long long)v : (unsigned long long)v,
				   v < 0, 10, 0, NULL);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (len >= 2)
				u = va_arg(ap, unsigned long long);
			else if (len == 1)
				u = va_arg(ap, unsigned long);
			else
				u = va_arg(ap, unsigned int);
			if (len == -1)
				u = (unsigned short)u;
			else if (len <= -2)
				u = (unsigned char)u;
			sp.plus = sp.space = 0; /* only signed conversions show a sign */
			if (*fmt == 'u')
				put_number(s, &sp, u, 0, 10, 0, NULL);
			else if (*fmt == 'o')
				put_number(s, &sp, u, 0, 8, 0, NULL);
			else
				put_number(s, &sp, u, 0, 16, *fmt == 'X',
					   sp.alt && u ? (*fmt == 'X' ? "0X" : "0x") : NULL);
			break;
		case 'p':
			u = (unsigned long)va_arg(ap, void *);
			if (u == 0) {
				put_padded(s, &sp, "(nil)", 5); /* as glibc prints it */
			} else {
				sp.plus = sp.space = 0;
				put_number(s, &sp, u, 0, 16, 0, "0x");
			}
			break;
		case 'c':
			c = (char)va_arg(ap, int);
			put_padded(s, &sp, &c, 1);
			break;
		case 's': {
			const char *p = va_arg(ap, const char *);
			int n = 0;

			/* glibc's choice, so native runs agree: no partial "(null)". */
			if (!p)
				p = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
			while (p[n] && (sp.prec < 0 || n < sp.prec))
				n++;
			put_padded(s, &sp, p, n);
			break;
		}
		case 'f':
		case 'F':
		case 'e':
		case 'E':
		case 'g':
		case 'G':
		case 'a':
		case 'A': put_float(s, &sp, *fmt, ld, &ap); break;
		case '%': put(s, '%'); break;
		default:
			/* Unknown conversion: show it as written rather than guess. */
			put_str(s, start, fmt - start + (*fmt != 0));
			if (!*fmt)
				goto out;
			break;
		}
	}
out:
	va_end(ap);
}

int vfprintf(int fd, const char *fmt, va_list ap)
{
	struct sink s;

	s.fd = fd;
	s.buf = NULL;
	s.size = 0;
	s.len = 0;
	s.nbuf = 0;
	format(&s, fmt, ap);
	flush(&s);
	return (int)s.len;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s;

	s.fd = -1;
	s.buf = buf;
	s.size = size;
	s.len = 0;
	s.nbuf = 0;
	format(&s, fmt, ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = 0;
	return (int)s.len;
}

int vsprintf(char *buf, const char *fmt, va_list ap)
{
	return vsnprintf(buf, 0x7fffffff, fmt, ap);
}

int vprintf(const char *fmt, va_list ap)
{
	return vfprintf(1, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(1, fmt, ap);
	va_end(ap);
	return n;
}

int fprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsprintf(buf, fmt, ap);
	va_end(ap);
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
