/* Exact unsigned big integers (bignum.h): schoolbook operations only. */
#include "bignum.h"

static void trim(struct big *a)
{
	while (a->n > 0 && a->w[a->n - 1] == 0)
		a->n--;
}

void big_set(struct big *a, uint64_t v)
{
	a->w[0] = (uint32_t)v;
	a->w[1] = (uint32_t)(v >> 32);
	a->n = 2;
	trim(a);
}

int big_muladd(struct big *a, uint32_t m, uint32_t add)
{
	uint64_t carry = add;

	for (int i = 0; i < a->n; i++) {
		carry += (uint64_t)a->w[i] * m;
		a->w[i] = (uint32_t)carry;
		carry >>= 32;
	}
	if (carry) {
		if (a->n == BIG_LIMBS)
			return -1;
		a->w[a->n++] = (uint32_t)carry;
	}
	return 0;
}

int big_mulpow5(struct big *a, int k)
{
	/* 5^13 is the largest power of 5 below 2^32. */
	for (; k >= 13; k -= 13)
		if (big_muladd(a, 1220703125u, 0))
			return -1;
	uint32_t m = 1;
	while (k-- > 0)
		m *= 5;
	return big_muladd(a, m, 0);
}

int big_shl(struct big *a, int bits)
{
	int limbs = bits / 32, r = bits % 32;

	if (a->n == 0)
		return 0;
	if (a->n + limbs + 1 > BIG_LIMBS)
		return -1;
	a->w[a->n + limbs] = 0;
	for (int i = a->n - 1; i >= 0; i--) {
		uint32_t v = a->w[i];
		if (r) {
			a->w[i + limbs + 1] |= v >> (32 - r);
			a->w[i + limbs] = v << r;
		} else {
			a->w[i + limbs] = v;
		}
	}
	for (int i = 0; i < limbs; i++)
		a->w[i] = 0;
	a->n += limbs + 1;
	trim(a);
	return 0;
}

uint32_t big_divsmall(struct big *a, uint32_t d)
{
	uint64_t rem = 0;

	for (int i = a->n - 1; i >= 0; i--) {
		uint32_t lo = a->w[i], hi = (uint32_t)rem;
		/* A 64-by-32 division whose quotient fits in 32 bits (rem < d):
		 * one divl, instead of a call to the 64-bit helper. */
		__asm__("divl %2" : "+a"(lo), "+d"(hi) : "rm"(d));
		uint32_t q = lo;
		rem = hi;
		a->w[i] = q;
	}
	trim(a);
	return (uint32_t)rem;
}

int big_cmp(const struct big *a, const struct big *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (int i = a->n - 1; i >= 0; i--)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	return 0;
}

void big_sub(struct big *a, const struct big *b)
{
	uint32_t borrow = 0;

	for (int i = 0; i < a->n; i++) {
		uint32_t bw = i < b->n ? b->w[i] : 0;
		uint64_t d = (uint64_t)a->w[i] - bw - borrow;
		a->w[i] = (uint32_t)d;
		borrow = (d >> 32) ? 1 : 0;
	}
	trim(a);
}

int big_bitlen(const struct big *a)
{
	if (a->n == 0)
		return 0;
	return (a->n - 1) * 32 + 32 - __builtin_clz(a->w[a->n - 1]);
}

uint32_t big_split(struct big *a, int s)
{
	int limb = s / 32, r = s % 32;
	uint64_t hi = 0;

	if (limb >= a->n)
		return 0;
	for (int i = a->n - 1; i >= limb; i--)
		hi = (hi << 32) | a->w[i]; /* at most two limbs matter: hi < 2^(32 + r) */
	hi >>= r;
	a->w[limb] &= r ? (1u << r) - 1 : 0;
	a->n = limb + 1;
	trim(a);
	return (uint32_t)hi;
}
