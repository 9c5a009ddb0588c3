/*
 * `ia32emu test`: run a directory of guest programs against the
 * expectations kept beside them (NAME.in, NAME.out, NAME.status, NAME.args),
 * each in its own forked process with its own machine, in parallel.
 */
#ifndef FRONT_BATCH_H
#define FRONT_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* What became of one program, worst first within a run. */
enum bt_outcome {
	BT_PASS,
	BT_OUTPUT,  /* stdout differs from NAME.out */
	BT_STATUS,  /* exit status differs from NAME.status */
	BT_FAULT,   /* stopped by an exception, with a status not expected */
	BT_STOPPED, /* instruction budget, hlt, triple fault, kernel panic */
	BT_TIMEOUT, /* wall-clock --timeout */
	BT_COMPILE, /* the source does not compile */
	BT_LOAD,    /* the ELF loader refused the program */
	BT_ERROR,   /* bad expectation file, or the runner itself failed */
};

struct btest {
	char *name;	/* shown in reports: the path, without .c/.S */
	char *prog;	/* the ELF file, or the source to compile */
	bool source;	/* prog is a .c/.S file */
	char *in_path;	/* NAME.in, or NULL: stdin is /dev/null */
	char *out_path; /* NAME.out, or NULL: stdout is not compared */
	char *root_src; /* NAME.root, copied into the program's own root */
	int want_status;
	bool has_status; /* NAME.status exists */
	int argc;	 /* argv[0] is the program's name */
	char **argv;
	char *setup_error; /* set: fails without running */

	enum bt_outcome outcome;
	char *detail;	/* why it failed (one line) */
	char *rerun;	/* a shell command that reruns it under `trace` */
	char *log;	/* the guest's stderr or the compiler's messages */
	char *output;	/* the start of a failing program's stdout */
	uint64_t insns; /* instructions the run retired; 0: unknown */
	double secs;
	bool done;
};

struct btest_list {
	struct btest *v;
	size_t n, cap;
};

struct batch_opts {
	uint64_t max_insns; /* 0: no budget */
	unsigned timeout;   /* seconds, 0: none */
	uint32_t mem_mib;
	const char *abi; /* --abi NAME for every program; NULL: the rule */
	unsigned jobs;
	bool tap, verbose, keep;
	const char *junit;	   /* JUnit XML file, or NULL */
	const char *expect_suffix; /* expected stdout: NAME + this (".out") */
	const char *cc;		   /* the compiler driver to execute */
	const char *cc_shown;	   /* and as shown in rerun commands */
	const char *emu_shown;	   /* this program, as shown in rerun commands */
	char *cflags;		   /* extra compiler options, space-separated */
	char workdir[256];	   /* scratch directory of this run */
};

#define BATCH_DEFAULT_MAX_INSNS 1000000000ull
#define BATCH_DEFAULT_TIMEOUT	30u

int batch_command(const char *argv0, int argc, char **argv);

/* batch_find.c: finds the programs under PATH (a directory, searched
 * recursively, or one file) and reads their expectations, the expected
 * stdout from NAME + out_suffix. Warns on stderr about each program with
 * neither expected output nor NAME.status. Returns -1 after printing an
 * error. */
int batch_find(const char *path, const char *out_suffix, struct btest_list *l);
void batch_free(struct btest_list *l);
/* Splits NAME.args-style text into words ('...', "...", \x quoting).
 * Returns the number of words, or -1 on an unterminated quote. */
int batch_split_words(const char *s, char ***out);

/* batch_run.c: forks the process that compiles and runs test idx; its
 * result comes back through *result_fd. batch_reap() reads it after the
 * process has been waited for and fills the outcome. */
pid_t batch_spawn(const struct batch_opts *o, struct btest *t, size_t idx, int *result_fd);
void batch_reap(const struct batch_opts *o, struct btest *t, size_t idx, int wstatus,
		int result_fd);

/* batch_root.c: copies the directories and regular files under src into
 * the existing directory dst. Returns -1 with a message in err. */
int batch_copy_tree(const char *src, const char *dst, char *err, size_t errlen);

/* batch_check.c: compares a program's stdout with the expected file.
 * Returns NULL when they are equal, else the first difference (malloc'd). */
char *batch_compare(const char *want_path, const char *got_path);

/* batch_report.c */
void batch_print_result(FILE *f, const struct batch_opts *o, const struct btest *t, size_t idx);
void batch_tap_plan(FILE *f, size_t n);
void batch_set_rerun(const struct batch_opts *o, struct btest *t);
int batch_write_junit(const char *path, const struct btest_list *l, double secs);

/* batch_util.c */
char *bt_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *bt_strdup(const char *s);
void *bt_alloc(size_t n);
/* Printable ASCII with C escapes, at most max source bytes (then "..."). */
char *bt_escape(const char *s, size_t n, size_t max);
/* A word as sh(1) reads it back. */
char *bt_shquote(const char *s);
/* Up to max bytes of a file, NUL-terminated; NULL if it cannot be read. */
char *bt_read_file(const char *path, size_t max, size_t *len);

#endif
