/*
 * Exact unsigned big integers for the decimal <-> binary conversions of
 * printf and strtod (internal to the user library). Fixed capacity, no
 * allocation: BIG_LIMBS 32-bit limbs, least significant first, enough for
 * the largest intermediate of a long double conversion (an 11,600-digit
 * decimal significand, or 5^16,950, shifted by 70 bits: about 39,500 bits).
 */
#ifndef IA32EMU_BIGNUM_H
#define IA32EMU_BIGNUM_H

#include <stdint.h>

#define BIG_LIMBS 1280

struct big {
	int n; /* limbs in use; w[n-1] != 0, or n == 0 for zero */
	uint32_t w[BIG_LIMBS];
};

void big_set(struct big *a, uint64_t v);
/* a = a * m + add; returns 0, or -1 when the capacity would be exceeded. */
int big_muladd(struct big *a, uint32_t m, uint32_t add);
int big_mulpow5(struct big *a, int k);
int big_shl(struct big *a, int bits);
/* a /= d, returns the remainder. */
uint32_t big_divsmall(struct big *a, uint32_t d);
int big_cmp(const struct big *a, const struct big *b);
/* a -= b, with a >= b. */
void big_sub(struct big *a, const struct big *b);
int big_bitlen(const struct big *a);
/* Splits a = hi * 2^s + lo: returns hi (which must fit in 32 bits), a = lo. */
uint32_t big_split(struct big *a, int s);

#endif
