/* Running a machine under an instruction budget and a wall-clock limit. */
#ifndef FRONT_RUNLIMIT_H
#define FRONT_RUNLIMIT_H

#include "../kernel/machine.h"

#include <stdbool.h>
#include <stdint.h>

struct run_limits {
	uint64_t max_insns; /* 0: no instruction budget */
	double timeout;	    /* wall-clock seconds; 0: no limit */
};

/*
 * machine_run under both limits. With a timeout the machine runs in
 * slices of instructions and the clock is read only between slices, so
 * the interpreter's hot loop pays nothing. When the time runs out the
 * result is RUN_BUDGET with *timed_out set and a message in msg.
 */
enum run_result run_limited(struct machine *m, const struct run_limits *l, bool *timed_out,
			    char *msg, size_t msglen);

#endif
