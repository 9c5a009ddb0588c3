/*
 * The 64-bit division helpers gcc calls on i386, where no instruction
 * divides a 64-bit value by a 64-bit value. Normally libgcc provides them;
 * guests are linked without it. Nothing here may use a 64-bit '/' or '%',
 * which would call back into these functions.
 */
typedef unsigned long long u64;
typedef long long s64;
typedef unsigned int u32;

u64 __udivmoddi4(u64 n, u64 d, u64 *rem);
s64 __divmoddi4(s64 a, s64 b, s64 *rem);
u64 __udivdi3(u64 n, u64 d);
u64 __umoddi3(u64 n, u64 d);
s64 __divdi3(s64 a, s64 b);
s64 __moddi3(s64 a, s64 b);

u64 __udivmoddi4(u64 n, u64 d, u64 *rem)
{
	u64 q, bit;

	if (d >> 32 == 0) {
		u32 d32 = d, hi = n >> 32, lo = n, q_hi, q_lo, r;

		if (d32 == 0) {
			/* Fault as the hardware divide would (#DE), instead of inventing a value. */
			volatile u32 zero = 0;

			d32 = d32 / zero;
		}
		if (hi == 0) {
			if (rem)
				*rem = lo % d32;
			return lo / d32;
		}
		/*
		 * Schoolbook division in base 2^32: divl divides edx:eax by a
		 * 32-bit value, which cannot overflow as long as edx < divisor.
		 */
		q_hi = hi / d32;
		r = hi % d32;
		__asm__("divl %4" : "=a"(q_lo), "=d"(r) : "0"(lo), "1"(r), "rm"(d32));
		if (rem)
			*rem = r;
		return (u64)q_hi << 32 | q_lo;
	}
	/*
	 * A divisor of 33 bits or more makes a quotient of at most 32 bits:
	 * shift-and-subtract, after aligning the divisor under the dividend.
	 */
	q = 0;
	bit = 1;
	while (d < n && !(d >> 63)) {
		d <<= 1;
		bit <<= 1;
	}
	while (bit) {
		if (n >= d) {
			n -= d;
			q |= bit;
		}
		d >>= 1;
		bit >>= 1;
	}
	if (rem)
		*rem = n;
	return q;
}

/* C99 truncates toward zero: the remainder takes the dividend's sign. */
s64 __divmoddi4(s64 a, s64 b, s64 *rem)
{
	u64 ua = a < 0 ? -(u64)a : (u64)a;
	u64 ub = b < 0 ? -(u64)b : (u64)b;
	u64 r, q = __udivmoddi4(ua, ub, &r);

	/* Negate unsigned: INT64_MIN / -1 wraps like the hardware, without UB. */
	if (rem)
		*rem = (s64)(a < 0 ? -r : r);
	return (s64)((a < 0) != (b < 0) ? -q : q);
}

u64 __udivdi3(u64 n, u64 d)
{
	return __udivmoddi4(n, d, 0);
}

u64 __umoddi3(u64 n, u64 d)
{
	u64 r;

	__udivmoddi4(n, d, &r);
	return r;
}

s64 __divdi3(s64 a, s64 b)
{
	return __divmoddi4(a, b, 0);
}

s64 __moddi3(s64 a, s64 b)
{
	s64 r;

	__divmoddi4(a, b, &r);
	return r;
}
