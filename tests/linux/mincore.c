/* mincore, as libsigsegv (grep, gawk, diff link it) asks it about the
 * stack and the heap: touched pages are resident; an unaligned address
 * is EINVAL, an unmapped page ENOMEM. */
#include "common.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	unsigned char vec[4] = {9, 9, 9, 9};
	char *p = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	memset(p, 1, 4 * 4096); /* resident natively too */
	T(mincore(p, 4 * 4096, vec));
	printf("resident: %d %d %d %d\n", vec[0] & 1, vec[1] & 1, vec[2] & 1, vec[3] & 1);
	T(mincore(p, 100, vec)); /* a partial page counts */
	T(mincore(p + 1, 4096, vec));
	T(munmap(p + 2 * 4096, 4096));
	T(mincore(p, 4 * 4096, vec)); /* a hole */
	T(mincore(p + 2 * 4096, 4096, vec));
	T(mincore(p, 0, vec));
	char here;
	unsigned long sp = (unsigned long)&here & ~4095ul;
	T(mincore((void *)sp, 4096, vec));
	printf("the stack: %d\n", vec[0] & 1);
	T(mincore((void *)0xc0000000ul, 4096, vec)); /* kernel space */
	return 0;
}
