/* The tracer: a machine subscriber that prints every instruction, every
 * interrupt/exception delivery, every iret and every system call. */
#ifndef FRONT_TRACE_H
#define FRONT_TRACE_H

#include "../kernel/machine.h"

#include <stdio.h>

struct tracer {
	FILE *out;
	unsigned long long lines;
};

void tracer_attach(struct tracer *t, struct machine *m, FILE *out);

#endif
