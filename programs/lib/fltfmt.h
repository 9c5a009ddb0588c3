/*
 * Floating-point conversions of the printf family (fltfmt.c), internal to
 * the user library: printf.c parses the conversion and hands the value here.
 */
#ifndef IA32EMU_FLTFMT_H
#define IA32EMU_FLTFMT_H

#include <stdint.h>

/* An x87 value taken apart: value = (-1)^neg * mant * 2^exp. */
struct fltval {
	int neg;
	int kind; /* FV_FINITE (mant == 0 for zero), FV_INF, FV_NAN */
	uint64_t mant;
	int exp;
	int ldouble; /* from a long double: %a shows the explicit integer bit */
};
#define FV_FINITE 0
#define FV_INF	  1
#define FV_NAN	  2

struct fltspec {
	int left, zero, plus, space, alt;
	int width;
	int prec;  /* -1 when absent */
	char conv; /* one of f F e E g G a A */
};

typedef void (*flt_put_fn)(void *ctx, const char *p, int n);

void flt_from_double(struct fltval *v, uint64_t bits);
void flt_from_ldouble(struct fltval *v, uint64_t mant, uint16_t sexp);
void flt_format(flt_put_fn put, void *ctx, const struct fltspec *sp, const struct fltval *v);

/* The x87 rounding control (FPU control word bits 11:10, SDM vol. 1
 * 8.1.5.3): 0 nearest-even, 1 down, 2 up, 3 toward zero. */
int flt_rounding(void);

#endif
