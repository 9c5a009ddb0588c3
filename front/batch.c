/*
 * `ia32emu test [OPTIONS] PATH...`: options, the scheduler that keeps up to
 * -j programs running at once, and the summary.
 */
#define _GNU_SOURCE /* nftw, mkdtemp */
#include "batch.h"
#include "cli.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define EXIT_FAILED 1
#define EXIT_USAGE  2
#define MAX_JOBS    256

static void usage(void)
{
	printf("usage: ia32emu test [OPTIONS] PATH...\n\n"
	       "Runs every guest program under each PATH (a directory, searched\n"
	       "recursively, or a file) against the expectations beside it, each in its\n"
	       "own process and machine, and prints `ok NAME` or `FAIL NAME: why` per\n"
	       "program and a summary `N passed, N failed`. Exit status 0 only when all\n"
	       "passed.\n\n"
	       "programs: NAME.c or NAME.S (compiled with ia32emu-cc), or an ELF32 i386\n"
	       "executable NAME; beside it: NAME.in (stdin, default empty), NAME.out\n"
	       "(expected stdout, compared exactly when present), NAME.status (expected\n"
	       "exit status, default 0; 128+signal for a program an exception stops),\n"
	       "NAME.args (arguments, quoted as in the shell), NAME.root (a directory:\n"
	       "the program's root is a copy of it; default: an empty directory).\n"
	       "A program with neither NAME.out nor NAME.status gets a warning.\n\n"
	       "A failure's line ends with a command that reruns it under `trace`,\n"
	       "bounded: --max-insns of the instructions the run retired (or its budget),\n"
	       "the trace in a file of a new mktemp directory.\n\n"
	       "options:\n"
	       "  -j, --jobs N       run N programs at once (default: the host's cores)\n"
	       "  --max-insns N      instruction budget per program (default %llu;\n"
	       "                     0: none)\n"
	       "  --timeout SEC      wall-clock limit per program (default %u; 0: none)\n"
	       "  --mem MIB          guest physical memory in MiB (default 128)\n"
	       "  --abi NAME         every program's system-call ABI (ia32emu, linux;\n"
	       "                     default: chosen from each ELF)\n"
	       "  --cc PROG          compiler driver for sources (default: the\n"
	       "                     ia32emu-cc beside this program)\n"
	       "  --cflags OPTS      extra compiler options, e.g. \"-O2 -Wall\"\n"
	       "  --expect-suffix SUF  expected stdout in NAME+SUF (default .out; e.g.\n"
	       "                     .c.expected for hello.c.expected)\n"
	       "  --tap              write TAP (version 13) to stdout instead\n"
	       "  --junit FILE       also write a JUnit XML report to FILE\n"
	       "  -v, --verbose      show a failing program's stderr (or the\n"
	       "                     compiler's messages)\n"
	       "  --keep             keep the scratch directory (builds, outputs)\n"
	       "  -h, --help         show this help\n",
	       BATCH_DEFAULT_MAX_INSNS, BATCH_DEFAULT_TIMEOUT);
}

static int bad(const char *msg)
{
	fprintf(stderr, "ia32emu: test: %s (see ia32emu test --help)\n", msg);
	return -1;
}

/* One option with a value; returns 1 when consumed, 0 if not an option of
 * this kind, -1 on a bad value. */
static int value_opt(struct batch_opts *o, const char *a, const char *val)
{
	uint64_t v;
	if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
		if (!parse_u64(val, &v) || v < 1 || v > MAX_JOBS)
			return bad("-j takes a number of jobs from 1 to 256");
		o->jobs = (unsigned)v;
	} else if (strcmp(a, "--max-insns") == 0) {
		if (!parse_u64(val, &o->max_insns))
			return bad("--max-insns takes a number");
	} else if (strcmp(a, "--timeout") == 0) {
		if (!parse_u64(val, &v) || v > 86400)
			return bad("--timeout takes a number of seconds (0 to 86400)");
		o->timeout = (unsigned)v;
	} else if (strcmp(a, "--mem") == 0) {
		if (!parse_u64(val, &v) || v < 2 || v > 3072)
			return bad("--mem takes a size in MiB from 2 to 3072");
		o->mem_mib = (uint32_t)v;
	} else if (strcmp(a, "--abi") == 0) {
		if (!parse_abi(val))
			return -1;
		o->abi = val;
	} else if (strcmp(a, "--cc") == 0 || strcmp(a, "--junit") == 0 ||
		   strcmp(a, "--cflags") == 0 || strcmp(a, "--expect-suffix") == 0) {
		if (!val || !*val)
			return bad("--cc, --cflags, --expect-suffix and --junit take an argument");
		if (strcmp(a, "--expect-suffix") == 0) {
			if (strchr(val, '/'))
				return bad("--expect-suffix is a file name's end: no '/'");
			o->expect_suffix = val;
		} else if (strcmp(a, "--cc") == 0)
			o->cc = o->cc_shown = val;
		else if (strcmp(a, "--junit") == 0)
			o->junit = val;
		else
			o->cflags = (char *)val;
	} else {
		return 0;
	}
	return 1;
}

/* -jN and --name=VALUE: the value in the same word. */
static int attached_opt(struct batch_opts *o, const char *a)
{
	if (strncmp(a, "-j", 2) == 0 && a[2] >= '0' && a[2] <= '9')
		return value_opt(o, "-j", a + 2);
	const char *eq = strchr(a, '=');
	if (strncmp(a, "--", 2) != 0 || !eq)
		return 0;
	char name[32];
	snprintf(name, sizeof(name), "%.*s", (int)(eq - a), a);
	return value_opt(o, name, eq + 1);
}

/* Returns the index of the first PATH, argc after --help, -1 on error. */
static int parse_opts(struct batch_opts *o, int argc, char **argv)
{
	int i = 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage();
			return argc;
		}
		if (strcmp(a, "--") == 0)
			return i + 1;
		if (strcmp(a, "--tap") == 0)
			o->tap = true;
		else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0)
			o->verbose = true;
		else if (strcmp(a, "--keep") == 0)
			o->keep = true;
		else {
			int r = attached_opt(o, a);
			if (r == 0)
				r = value_opt(o, a, i + 1 < argc ? argv[i + 1] : NULL) * 2;
			if (r < 0)
				return -1;
			if (r == 0) {
				fprintf(stderr,
					"ia32emu: test: unknown option '%s' (see ia32emu test "
					"--help)\n",
					a);
				return -1;
			}
			i += r == 2;
		}
	}
	if (i >= argc)
		return bad("no PATH given");
	return i;
}

/* ia32emu-cc lies beside this program, in the build tree and installed. */
static void default_cc(struct batch_opts *o, const char *argv0, char *buf, size_t n, char *shown,
		       size_t sn)
{
	ssize_t len = readlink("/proc/self/exe", buf, n - 1);
	buf[len > 0 ? len : 0] = 0;
	char *slash = strrchr(buf, '/');
	if (slash && (size_t)(slash - buf) + sizeof("/ia32emu-cc") <= n) {
		strcpy(slash, "/ia32emu-cc");
		o->cc = buf;
	} else {
		o->cc = "ia32emu-cc";
	}
	const char *s = strrchr(argv0, '/');
	if (s)
		snprintf(shown, sn, "%.*s/ia32emu-cc", (int)(s - argv0), argv0);
	else
		snprintf(shown, sn, "ia32emu-cc");
	o->cc_shown = shown;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct slot {
	pid_t pid;
	size_t idx;
	int fd;
	double start;
};

/* Prints the finished results in discovery order, so that the report does
 * not depend on -j or on timing. */
static void flush_done(const struct batch_opts *o, struct btest_list *l, size_t *printed)
{
	while (*printed < l->n && l->v[*printed].done) {
		batch_print_result(stdout, o, &l->v[*printed], *printed);
		(*printed)++;
	}
	fflush(stdout);
}

static void finish(const struct batch_opts *o, struct btest *t)
{
	if (t->outcome != BT_PASS)
		batch_set_rerun(o, t);
	t->done = true;
}

/* Starts test `next` in a free slot; a test that cannot run fails here. */
static void start(const struct batch_opts *o, struct btest_list *l, size_t next, struct slot *s)
{
	struct btest *t = &l->v[next];
	if (t->setup_error) {
		t->outcome = BT_ERROR;
		t->detail = bt_strf("%s", t->setup_error);
		finish(o, t);
		return;
	}
	s->start = now();
	s->idx = next;
	s->pid = batch_spawn(o, t, next, &s->fd);
	if (s->pid < 0) {
		t->outcome = BT_ERROR;
		t->detail = bt_strf("cannot fork: %s", strerror(errno));
		s->pid = 0;
		finish(o, t);
	}
}

static void run_all(const struct batch_opts *o, struct btest_list *l)
{
	struct slot *slots = bt_alloc(o->jobs * sizeof(*slots));
	size_t next = 0, printed = 0, running = 0;
	while (next < l->n || running > 0) {
		for (unsigned j = 0; j < o->jobs && next < l->n; j++)
			if (slots[j].pid == 0) {
				start(o, l, next++, &slots[j]);
				running += slots[j].pid > 0;
			}
		flush_done(o, l, &printed);
		if (running == 0)
			continue;
		int ws;
		pid_t pid = waitpid(-1, &ws, 0);
		if (pid < 0 && errno == EINTR)
			continue;
		for (unsigned j = 0; j < o->jobs; j++) {
			if (pid < 0 || slots[j].pid != pid)
				continue;
			struct btest *t = &l->v[slots[j].idx];
			batch_reap(o, t, slots[j].idx, ws, slots[j].fd);
			t->secs = now() - slots[j].start;
			finish(o, t);
			slots[j].pid = 0;
			running--;
		}
		if (pid < 0) /* no children left that we know of: cannot happen */
			break;
	}
	flush_done(o, l, &printed);
	free(slots);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static int finish_run(const struct batch_opts *o, struct btest_list *l, double secs)
{
	size_t passed = 0;
	for (size_t i = 0; i < l->n; i++)
		passed += l->v[i].outcome == BT_PASS;
	printf("%s%zu passed, %zu failed\n", o->tap ? "# " : "", passed, l->n - passed);
	fflush(stdout);
	int rc = passed == l->n ? 0 : EXIT_FAILED;
	if (o->junit && batch_write_junit(o->junit, l, secs) < 0)
		rc = EXIT_USAGE;
	if (o->keep)
		fprintf(stderr, "ia32emu: test: scratch files kept in %s\n", o->workdir);
	else
		nftw(o->workdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}

int batch_command(const char *argv0, int argc, char **argv)
{
	struct batch_opts o = {.max_insns = BATCH_DEFAULT_MAX_INSNS,
			       .timeout = BATCH_DEFAULT_TIMEOUT,
			       .mem_mib = 128,
			       .expect_suffix = ".out"};
	char ccbuf[PATH_MAX], ccshown[PATH_MAX];
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	o.jobs = ncpu < 1 ? 1 : ncpu > MAX_JOBS ? MAX_JOBS : (unsigned)ncpu;
	o.emu_shown = strchr(argv0, '/') ? argv0 : "ia32emu";
	default_cc(&o, argv0, ccbuf, sizeof(ccbuf), ccshown, sizeof(ccshown));
	int first = parse_opts(&o, argc, argv);
	if (first < 0)
		return EXIT_USAGE;
	if (first >= argc)
		return 0;
	struct btest_list l = {0};
	for (int i = first; i < argc; i++)
		if (batch_find(argv[i], o.expect_suffix, &l) < 0) {
			batch_free(&l);
			return EXIT_USAGE;
		}
	if (l.n == 0) {
		fprintf(stderr, "ia32emu: test: no guest programs found\n");
		batch_free(&l);
		return EXIT_USAGE;
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(o.workdir, sizeof(o.workdir), "%s/ia32emu-test.XXXXXX",
		 tmp && *tmp && strlen(tmp) < 200 ? tmp : "/tmp");
	if (!mkdtemp(o.workdir)) {
		fprintf(stderr, "ia32emu: test: cannot create %s: %s\n", o.workdir,
			strerror(errno));
		batch_free(&l);
		return EXIT_USAGE;
	}
	if (o.tap)
		batch_tap_plan(stdout, l.n);
	double t0 = now();
	run_all(&o, &l);
	int rc = finish_run(&o, &l, now() - t0);
	batch_free(&l);
	return rc;
}
