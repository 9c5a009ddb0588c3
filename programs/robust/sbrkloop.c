/* Resource exhaustion: the heap. `sbrkloop huge` asks for more than the
 * address space allows; `sbrkloop grow STEP` grows the heap by STEP bytes
 * until sbrk fails, touches every page it got, gives it all back and grows
 * again: the second time must reach the same size (no page leaked).
 * `sbrkloop churn` takes and frees 64 MiB for ever: only a limit ends it.
 * `sbrkloop one` takes 64 MiB, finds the first word of every page zero,
 * writes one page and frees it all, eight times: each round's pages must
 * read zero though the frames are the last round's (zero on demand: the
 * host holds about one page per round, not 64 MiB).
 * `sbrkloop fork` takes 32 MiB, writes one page and forks, four times:
 * each child finds the written page and an unwritten one as they were
 * (fork copies only what the parent wrote). */
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
	if (argc > 1 && argv[1][0] == 'o') {
		const int pages = (64 << 20) / 4096;
		for (int round = 0; round < 8; round++) {
			volatile int *p = (volatile int *)sbrk(64 << 20);
			if ((int)p < 0 && (int)p > -4096) {
				printf("sbrk(64 MiB) = %d\n", (int)p);
				return 1;
			}
			for (int k = 0; k < pages; k++)
				if (p[k * 1024] != 0) {
					printf("round %d: page %d reads %#x, not 0\n", round, k, p[k * 1024]);
					return 1;
				}
			p[(round * 4099 % pages) * 1024] = 0x5a5a5a5a;
			sbrk(-(64 << 20));
		}
		printf("8 rounds of 64 MiB: every page read zero\n");
		return 0;
	}
	if (argc > 1 && argv[1][0] == 'f') {
		volatile int *p = (volatile int *)sbrk(32 << 20);
		if ((int)p < 0 && (int)p > -4096)
			return 1;
		for (int round = 0; round < 4; round++) {
			p[round * 4096 * 1024 / 4] = 0x1234 + round;
			int pid = fork();
			if (pid == 0) {
				if (p[round * 4096 * 1024 / 4] != 0x1234 + round || p[4096 * 1000] != 0)
					printf("child %d: the heap is wrong\n", round);
				return 0;
			}
			int w = pid < 0 ? 0 : wait();
			if (w != pid) {
				printf("round %d: fork %d, wait %d\n", round, pid, w);
				return 2;
			}
		}
		printf("4 forks of a 32 MiB heap: each child saw it right\n");
		return 0;
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
