/* Resource exhaustion: the heap. `sbrkloop huge` asks for more than the
 * address space allows; `sbrkloop grow STEP` grows the heap by STEP bytes
 * until sbrk fails, touches every page it got, gives it all back and grows
 * again: the second time must reach the same size (no page leaked).
 * `sbrkloop churn` takes and frees 64 MiB for ever: only a limit ends it. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static long grow(int step)
{
	long total = 0;
	for (;;) {
		char *p = sbrk(step);
		if ((int)p < 0 && (int)p > -4096) {
			printf("sbrk(%d) = %d after %ld KiB\n", step, (int)p, total / 1024);
			return total;
		}
		for (int k = 0; k < step; k += 4096)
			p[k] = 1; /* the pages really exist */
		total += step;
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && argv[1][0] == 'h') {
		printf("sbrk(0x7fffffff) = %d\n", (int)sbrk(0x7fffffff));
		printf("sbrk(-0x7fffffff) = %d\n", (int)sbrk(-0x7fffffff));
		return 0;
	}
	if (argc > 1 && argv[1][0] == 'c') {
		for (;;) {
			sbrk(64 << 20);
			sbrk(-(64 << 20));
		}
	}
	int step = argc > 2 ? atoi(argv[2]) : 65536;
	long first = grow(step);
	if ((int)sbrk((int)-first) < 0) {
		printf("cannot shrink the heap\n");
		return 1;
	}
	long second = grow(step);
	printf("%s\n", first == second && first > 0 ? "same size twice" : "sizes differ");
	return 0;
}
