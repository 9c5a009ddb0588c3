/* The system-call round trip: getpid in a loop (int $64 -> kernel -> iret
 * here; int $0x80 natively and under qemu-i386). */
#include "bench.h"

#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int reps = bench_reps(argc, argv, 1);
	unsigned sum = 0;
	for (int k = 0; k < reps; k++)
		sum += (unsigned)getpid();
	printf("getpid: %d calls\n", sum ? reps : 0);
	return 0;
}
