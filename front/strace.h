/*
 * `ia32emu strace`: strace's view of a run (docs/strace.md) — one line per
 * system call, decoded by the calling process's ABI, per process with -f,
 * unfinished/resumed around calls that block, the end of each process,
 * and with -c a summary counted in guest instructions (virtual time).
 */
#ifndef FRONT_STRACE_H
#define FRONT_STRACE_H

#include "../kernel/machine.h"
#include "strace_fmt.h"

#include <stdio.h>

#define STRACE_FILTER_MAX 64
#define STRACE_SLOTS	  (NPROC + 8)
#define STRACE_STATS	  256
#define STRACE_LINE	  8192

struct strace_opts {
	bool follow;  /* -f */
	bool count;   /* -c: the summary only */
	bool both;    /* -C: the lines and the summary */
	bool insns;   /* -T: kernel instructions of each call */
	bool verbose; /* -v */
	unsigned strsize;
	const char *outfile;
	/* -e trace=...: names and classes; none: every call. */
	bool filtered, negate;
	unsigned classes;
	unsigned nnames;
	char names[STRACE_FILTER_MAX][64];
};

struct strace_slot {
	int pid; /* 0: free */
	bool dead;
	bool in_call, sel, unfinished_shown, failed;
	bool stat_pending, line_pending;
	const struct strace_call *call;
	const char *name;
	uint64_t call_kin, user_since, user_before;
	char entry[STRACE_LINE];
	char line[STRACE_LINE]; /* -T: the finished line, printed at the iret */
};

struct strace_stat {
	const char *name;
	uint64_t calls, errors, kinsns, uinsns;
};

struct strace {
	struct strace_opts o;
	FILE *out;
	struct machine *m;
	struct strace_fmt_opts fo;
	int first_pid;
	bool multi;
	struct strace_slot *pending; /* its entry is printed up to the open call */
	/* The crossing being served: where it began, who made it. */
	bool in_kernel;
	uint64_t entry_icount, last_user_icount;
	int entry_pid;
	unsigned entry_vector;
	uint64_t user_total, kern_sys, kern_other;
	unsigned nstats;
	struct strace_stat stats[STRACE_STATS];
	struct strace_slot slots[STRACE_SLOTS];
};

/* Parses one strace option (-f -c -C -T -v -e X -s N -o F): the number of
 * arguments used (1 or 2), 0 when `a` is not one, -1 after a message. */
int strace_parse_opt(struct strace_opts *o, const char *a, const char *val);
/* Opens the output and subscribes to the machine. 0 or -1 with a message. */
int strace_start(struct strace *st, struct machine *m);
/* The execve line that started the first program (strace's first line). */
void strace_exec_line(struct strace *st, const char *path, int argc, char *const *argv);
/* Prints what is left (unfinished calls, the -c table), closes -o's file. */
void strace_finish(struct strace *st);
/* The strace options' help lines. */
void strace_usage(FILE *f);

/* strace_count.c */
void strace_count_call(struct strace *st, struct strace_slot *s);
void strace_summary(struct strace *st);

#endif
