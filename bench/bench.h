/*
 * Shared by the benchmark programs: each takes its size (a repetition
 * count) as argv[1], so `make bench BENCH_QUICK=1` can run them small, and
 * prints a checksum so a wrong result (in the emulator, natively or under
 * qemu-i386) shows up as a mismatch in bench/run.py.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdlib.h>

static inline int bench_reps(int argc, char **argv, int dflt)
{
	int n = argc > 1 ? atoi(argv[1]) : dflt;
	return n > 0 ? n : dflt;
}

/* A 32-bit LCG (Numerical Recipes constants): deterministic input data. */
static inline unsigned lcg(unsigned *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s;
}

#endif
