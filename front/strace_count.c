/* strace -c: the summary table, in guest instructions (virtual time). */
#include "strace.h"

#include <stdlib.h>
#include <string.h>

void strace_count_call(struct strace *st, struct strace_slot *s)
{
	if (!s->sel)
		return;
	struct strace_stat *t = NULL;
	for (unsigned i = 0; i < st->nstats && !t; i++)
		if (strcmp(st->stats[i].name, s->name) == 0)
			t = &st->stats[i];
	if (!t && st->nstats < STRACE_STATS) {
		t = &st->stats[st->nstats++];
		t->name = s->name;
	}
	if (!t)
		return;
	t->calls++;
	t->errors += s->failed;
	t->kinsns += s->call_kin;
	t->uinsns += s->user_before;
}

static int by_kernel(const void *a, const void *b)
{
	const struct strace_stat *x = a, *y = b;
	if (x->kinsns != y->kinsns)
		return x->kinsns < y->kinsns ? 1 : -1;
	return strcmp(x->name, y->name);
}

static const char *const rule = "------ ------------ ----------- ------------ ----------- "
				"--------- --------- ----------------";

void strace_summary(struct strace *st)
{
	FILE *f = st->out;
	qsort(st->stats, st->nstats, sizeof(st->stats[0]), by_kernel);
	uint64_t k = 0, u = 0, calls = 0, errors = 0;
	for (unsigned i = 0; i < st->nstats; i++) {
		k += st->stats[i].kinsns;
		u += st->stats[i].uinsns;
		calls += st->stats[i].calls;
		errors += st->stats[i].errors;
	}
	fprintf(f, "%6s %12s %11s %12s %11s %9s %9s %s\n", "% kern", "kernel insns", "insns/call",
		"user insns", "user/call", "calls", "errors", "syscall");
	fprintf(f, "%s\n", rule);
	for (unsigned i = 0; i < st->nstats; i++) {
		const struct strace_stat *t = &st->stats[i];
		double pct = k ? 100.0 * (double)t->kinsns / (double)k : 0.0;
		fprintf(f, "%6.2f %12llu %11llu %12llu %11llu %9llu ", pct,
			(unsigned long long)t->kinsns, (unsigned long long)(t->kinsns / t->calls),
			(unsigned long long)t->uinsns, (unsigned long long)(t->uinsns / t->calls),
			(unsigned long long)t->calls);
		if (t->errors)
			fprintf(f, "%9llu %s\n", (unsigned long long)t->errors, t->name);
		else
			fprintf(f, "%9s %s\n", "", t->name);
	}
	fprintf(f, "%s\n", rule);
	fprintf(f, "%6.2f %12llu %11llu %12llu %11llu %9llu %9llu total\n", 100.0,
		(unsigned long long)k, (unsigned long long)(calls ? k / calls : 0),
		(unsigned long long)u, (unsigned long long)(calls ? u / calls : 0),
		(unsigned long long)calls, (unsigned long long)errors);
	fprintf(f,
		"instructions: %llu in user mode, %llu in kernel mode (%llu in system calls, "
		"%llu in other traps and interrupts)\n",
		(unsigned long long)st->user_total,
		(unsigned long long)(st->kern_sys + st->kern_other),
		(unsigned long long)st->kern_sys, (unsigned long long)st->kern_other);
}
