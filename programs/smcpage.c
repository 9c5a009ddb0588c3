/*
 * Code and data on one page (issue "hardening, round 2", point 9): at every
 * offset of a page, and across the boundary into the next one, write a tiny
 * function `mov $v,%eax; ret`, call it, then store next to it (the byte
 * after, the byte before), and into it (its immediate), calling it after
 * each store. Every call must return exactly what the bytes say at that
 * moment: a decoded copy of the code must never outlive a store to it, and
 * a store beside the code must not disturb it. Then the same twice more
 * with the kernel doing the store: read() from a pipe puts a byte right
 * after the code, then a new immediate into it. Exit 0 when all are exact.
 */
#include <stdio.h>
#include <unistd.h>

static unsigned char area[3 * 4096] __attribute__((aligned(4096)));

typedef unsigned (*fn_t)(void);

static unsigned call(unsigned char *p)
{
	return ((fn_t)(void *)p)();
}

static void put(unsigned char *p, unsigned v)
{
	p[0] = 0xb8; /* mov $v,%eax */
	p[1] = (unsigned char)v;
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)(v >> 16);
	p[4] = (unsigned char)(v >> 24);
	p[5] = 0xc3; /* ret */
}

int main(void)
{
	unsigned char *page = area + 4096;
	int bad = 0, calls = 0, fds[2];
	if (pipe(fds) < 0) {
		printf("smcpage: pipe failed\n");
		return 1;
	}
	/* From the last bytes of the previous page to the first of the next:
	 * every start offset of `page`, the ones whose code crosses into the
	 * next page, and the ones whose code begins before it. */
	for (int o = -8; o < 4096 + 8; o++) {
		unsigned char *p = page + o;
		unsigned v = 0x10000u + (unsigned)(o & 0xffff);
		put(p, v);
		unsigned got[6];
		got[0] = call(p);
		p[6] = (unsigned char)o; /* data right after the code */
		got[1] = call(p);
		p[-1] = 0xcc; /* data right before it */
		got[2] = call(p);
		p[1] ^= 0x5a; /* the immediate itself: the code changes */
		got[3] = call(p);
		/* The kernel's copyout beside the code, then into it. */
		unsigned char after = (unsigned char)~o,
			      imm[4] = {0x21, 0x43, 0x65, (unsigned char)o};
		if (write(fds[1], &after, 1) != 1 || read(fds[0], p + 6, 1) != 1 ||
		    write(fds[1], imm, 4) != 4) {
			printf("smcpage: pipe i/o failed\n");
			return 1;
		}
		got[4] = call(p);
		if (read(fds[0], p + 1, 4) != 4) {
			printf("smcpage: pipe i/o failed\n");
			return 1;
		}
		got[5] = call(p);
		unsigned w5 = 0x654321u | (unsigned)(o & 0xff) << 24;
		unsigned want[6] = {v, v, v, v ^ 0x5a, v ^ 0x5a, w5};
		for (int k = 0; k < 6; k++, calls++)
			if (got[k] != want[k]) {
				if (bad < 10)
					printf("offset %d, call %d: got 0x%x, want 0x%x\n", o, k,
					       got[k], want[k]);
				bad++;
			}
	}
	printf("smcpage: %d calls, %d wrong\n", calls, bad);
	return bad != 0;
}
