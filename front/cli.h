/* Command-line parsing shared by the commands. */
#ifndef FRONT_CLI_H
#define FRONT_CLI_H

#include <stdbool.h>
#include <stdint.h>

struct run_opts {
	uint32_t mem_mib;
	uint64_t max_insns; /* 0: no budget */
	double timeout;	    /* wall-clock seconds; 0: no limit */
	uint64_t timer;
	const char *trace_file;
	const char *root; /* --root DIR: the guest's "/" (NULL: cwd) */
	bool read_only;
	const char *trace_what;	   /* --trace LIST, NULL: the default */
	const char *trace_format;  /* --trace-format text|jsonl */
	const char *coverage_file; /* run --coverage FILE */
	bool stats;
	bool bare;	  /* --bare: PROG is a Multiboot kernel image */
	const char *abi;  /* --abi NAME: NULL, the rule (docs/linux.md) */
	uint64_t seed;	  /* --seed N */
	uint64_t epoch;	  /* --epoch: CLOCK_REALTIME at the start, */
	bool epoch_set;	  /* given (else the machine's default) */
	bool env_inherit; /* --env-inherit: the host's environment */
	char *env[64];	  /* --env NAME=VALUE, in order */
	int nenv;
	int gdb_port; /* -1: no gdb stub */
	int argc;     /* program and its arguments */
	char **argv;
};

/* Parses options up to the program name. Returns 0, 1 for --help (text
 * printed), or -1 after printing an error. */
int parse_run_opts(const char *cmd, int argc, char **argv, struct run_opts *o);
/* The same, offering each option first to `extra` (strace's own): it
 * returns the arguments it used (1, 2), 0 when not its, -1 on error. */
int parse_run_opts_with(const char *cmd, int argc, char **argv, struct run_opts *o,
			int (*extra)(void *ctx, const char *a, const char *val), void *ctx);
bool parse_u64(const char *s, uint64_t *out);
/* --abi's value: true when `val` names an ABI (else a message printed). */
bool parse_abi(const char *val);

#endif
