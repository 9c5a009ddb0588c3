/* Instruction budget and wall-clock limit around machine_run (runlimit.h). */
#include "runlimit.h"

#include <stdio.h>
#include <time.h>

/* Slice bounds in instructions. The slice adapts so the clock is read
 * about every SLICE_TARGET_NS: often enough for a tight limit when every
 * instruction is traced, rarely enough to cost nothing when it is not. */
#define SLICE_MIN	1024u
#define SLICE_MAX	(1u << 24)
#define SLICE_TARGET_NS 5000000.0

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t icount(struct machine *m)
{
	return machine_cpu(m)->icount;
}

enum run_result run_limited(struct machine *m, const struct run_limits *l, bool *timed_out,
			    char *msg, size_t msglen)
{
	uint64_t left = l->max_insns ? l->max_insns : UINT64_MAX;
	*timed_out = false;
	if (l->timeout <= 0)
		return machine_run(m, left);
	double start = now(), last = start;
	uint64_t slice = 65536;
	for (;;) {
		uint64_t n = left < slice ? left : slice;
		enum run_result r = machine_run(m, n);
		if (r != RUN_BUDGET)
			return r;
		/* The slice's budget is spent, by instructions or by exception
		 * deliveries (cpu_run charges those too). */
		if (left != UINT64_MAX)
			left -= n;
		if (left == 0)
			return RUN_BUDGET; /* the instruction budget, with its message */
		double t = now();
		if (t - start >= l->timeout) {
			*timed_out = true;
			snprintf(
			    msg, msglen,
			    "time limit of %g s exceeded at eip 0x%08x after %llu instructions",
			    l->timeout, machine_cpu(m)->eip, (unsigned long long)icount(m));
			return RUN_BUDGET;
		}
		double ns = (t - last) * 1e9;
		last = t;
		if (ns < SLICE_TARGET_NS / 2 && slice < SLICE_MAX)
			slice *= 2;
		else if (ns > SLICE_TARGET_NS * 2 && slice > SLICE_MIN)
			slice /= 2;
	}
}
