/* ia32emu: the command-line front end. */
#include "../kernel/machine.h"
#include "batch.h"
#include "cli.h"
#include "coverage.h"
#include "disasm_cmd.h"
#include "gdbstub_cli.h"
#include "monitor.h"
#include "runlimit.h"
#include "strace.h"
#include "trace.h"
#include "version.h"
#include "view.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXIT_USAGE   2
#define EXIT_LOAD    126
#define EXIT_NOENT   127 /* no such program, as shells say */
#define EXIT_BUDGET  124 /* --max-insns or --timeout, as timeout(1) */
#define EXIT_MACHINE 125
#define EXIT_KILLED  137 /* 128 + SIGKILL, like a shell */

static void usage(FILE *out)
{
	fprintf(out, "usage: ia32emu COMMAND [OPTIONS] PROG [ARGS...]\n\n"
		     "An interpretive emulator of protected-mode IA-32 with an emulated kernel:\n"
		     "a program's `int $64` crosses from CPL 3 to CPL 0 through a real IDT trap\n"
		     "gate, TSS stack switch and paging, and returns by a real iret.\n\n"
		     "commands:\n"
		     "  run PROG [ARGS...]     run an ELF32 program (batch mode)\n"
		     "  trace PROG [ARGS...]   run it, tracing every instruction, privilege\n"
		     "                         transition and system call to stderr\n"
		     "  strace [-f -c -C -T -e trace=SET -s N -o FILE] PROG [ARGS...]\n"
		     "                         run it, printing each system call as strace\n"
		     "                         does (decoded arguments, per process, counts)\n"
		     "  trace --html FILE PROG [ARGS...]\n"
		     "                         run it and draw the run as one HTML page\n"
		     "  view TRACE.jsonl -o FILE.html\n"
		     "                         draw a saved jsonl trace as one HTML page\n"
		     "  monitor [PROG [ARGS]]  an interactive debugger shell (breakpoints,\n"
		     "                         stepping, catch cpl/syscall, info, x, trace)\n"
		     "  disasm FILE            disassemble an ELF's code as objdump -d does\n"
		     "                         (--raw: any file as raw machine code)\n"
		     "  syscalls-xml [--abi NAME] FILE\n"
		     "                         an ABI's system calls as gdb's syscalls XML\n"
		     "                         (catch syscall NAME through run --gdb)\n"
		     "  test PATH...           run directories of programs against expected\n"
		     "                         output and exit status (see test --help)\n"
		     "  help [COMMAND]         show help\n"
		     "  --version              print the version\n\n"
		     "`ia32emu COMMAND --help` explains the options of a command.\n");
}

/* The batch tracer: selection, format, file and the program's symbols
 * (a file without symbols is traced without them). */
static int setup_trace(const struct run_opts *o, struct machine *m, struct tracer *tr,
		       struct symtab *syms, FILE **tf)
{
	unsigned what = TR_DEFAULT;
	enum trace_format fmt = TF_TEXT;
	char err[256];
	if (o->trace_what && trace_parse_what(o->trace_what, &what, err, sizeof(err)) < 0) {
		fprintf(stderr, "ia32emu: --trace: %s\n", err);
		return -1;
	}
	if (o->trace_format && trace_parse_format(o->trace_format, &fmt) < 0) {
		fprintf(stderr, "ia32emu: --trace-format takes text or jsonl\n");
		return -1;
	}
	if (symtab_load(syms, o->argv[0], err, sizeof(err)) < 0)
		fprintf(stderr, "ia32emu: %s: no symbols: %s\n", o->argv[0], err);
	symtab_add_kernel(syms, machine_kernel(m));
	if (!*tf)
		*tf = o->trace_file ? fopen(o->trace_file, "w") : stderr;
	if (!*tf) {
		fprintf(stderr, "ia32emu: cannot write %s\n", o->trace_file);
		symtab_free(syms);
		return -1;
	}
	tracer_init(tr, *tf, what, fmt, syms);
	tr->syms_cr3 = machine_kernel(m)->cur ? machine_kernel(m)->cur->pgdir : 0;
	tracer_subscribe(tr, m);
	return 0;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* --stats: the figures `make bench` reads (bench/run.py parses this line). */
static void print_stats(struct machine *m, double seconds)
{
	uint64_t n = machine_cpu(m)->icount;
	struct rusage ru;
	long rss_kib = getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
	fprintf(stderr, "ia32emu: stats: %llu instructions, %.6f s, %.1f MIPS, peak RSS %ld KiB\n",
		(unsigned long long)n, seconds, seconds > 0 ? (double)n / seconds / 1e6 : 0.0,
		rss_kib);
}

static int strace_opt(void *ctx, const char *a, const char *val)
{
	return strace_parse_opt(&((struct strace *)ctx)->o, a, val);
}

/* trace --html FILE: the jsonl goes to a temporary file, then the page. */
static int html_opt(void *ctx, const char *a, const char *val)
{
	if (strcmp(a, "--html") != 0)
		return 0;
	if (!val) {
		fprintf(stderr, "ia32emu: --html takes a file name\n");
		return -1;
	}
	*(const char **)ctx = val;
	return 2;
}

static int write_html(FILE *jsonl, const char *html, const char *title)
{
	FILE *out = fopen(html, "w");
	rewind(jsonl);
	int r = out ? view_write(jsonl, out, title) : -1;
	if (out && fclose(out) != 0)
		r = -1;
	if (r < 0)
		fprintf(stderr, "ia32emu: cannot write %s\n", html);
	return r;
}

static int run_program(const char *cmd, int argc, char **argv)
{
	struct run_opts o;
	const char *html = NULL;
	bool is_strace = strcmp(cmd, "strace") == 0;
	struct strace *st = is_strace ? calloc(1, sizeof(*st)) : NULL;
	if (is_strace && !st) {
		fprintf(stderr, "ia32emu: out of memory\n");
		return EXIT_MACHINE;
	}
	if (st)
		st->o.strsize = 32;
	int r = st ? parse_run_opts_with(cmd, argc, argv, &o, strace_opt, st)
		: strcmp(cmd, "trace") == 0
		    ? parse_run_opts_with(cmd, argc, argv, &o, html_opt, &html)
		    : parse_run_opts(cmd, argc, argv, &o);
	if (r) {
		free(st);
		return r > 0 ? 0 : EXIT_USAGE;
	}
	struct machine_config cfg;
	machine_config_default(&cfg);
	cfg.mem_bytes = o.mem_mib << 20;
	cfg.timer_period = o.timer;
	cfg.root = o.root;
	cfg.read_only = o.read_only;
	cfg.bare = o.bare;
	cfg.abi = o.abi;
	cfg.seed = o.seed;
	if (o.epoch_set)
		cfg.epoch = o.epoch;
	char **env = NULL;
	if (o.env_inherit || o.nenv) {
		extern char **environ;
		int n = 0;
		while (o.env_inherit && environ[n])
			n++;
		env = calloc((size_t)(n + o.nenv + 1), sizeof(char *));
		if (!env) {
			fprintf(stderr, "ia32emu: out of memory\n");
			return EXIT_MACHINE;
		}
		for (int j = 0; j < n; j++)
			env[j] = environ[j];
		for (int j = 0; j < o.nenv; j++)
			env[n + j] = o.env[j];
		cfg.env = env;
		cfg.envc = n + o.nenv;
	}
	char err[256];
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "ia32emu: %s\n", err);
		free(env);
		free(st);
		return EXIT_MACHINE;
	}
	int lr = machine_load(m, o.argv[0], o.argc, o.argv, err, sizeof(err));
	free(env); /* the strings are on the guest's stack now */
	if (lr < 0) {
		fprintf(stderr, "ia32emu: %s: %s\n", o.argv[0], err);
		free(st);
		machine_destroy(m);
		return access(o.argv[0], F_OK) != 0 && errno == ENOENT ? EXIT_NOENT : EXIT_LOAD;
	}
	struct tracer tr;
	struct symtab syms = {0};
	FILE *tf = NULL;
	if (html) {
		if (o.trace_file || o.trace_format) {
			fprintf(stderr,
				"ia32emu: --html writes its own jsonl trace: no --trace-file or "
				"--trace-format with it\n");
			machine_destroy(m);
			return EXIT_USAGE;
		}
		o.trace_format = "jsonl";
		tf = tmpfile();
		if (!tf) {
			fprintf(stderr, "ia32emu: cannot create a temporary file\n");
			machine_destroy(m);
			return EXIT_MACHINE;
		}
	}
	if (strcmp(cmd, "trace") == 0) {
		if (setup_trace(&o, m, &tr, &syms, &tf) < 0) {
			machine_destroy(m);
			return EXIT_USAGE;
		}
		if (html) { /* the pictures' own events (docs/view.md) */
			tr.what |= TR_VIEW;
			tr.ring.on = true; /* only the instructions the page shows */
			tracer_subscribe(&tr, m);
		}
	}
	if (st && strace_start(st, m) < 0) {
		free(st);
		machine_destroy(m);
		return EXIT_USAGE;
	}
	if (st)
		strace_exec_line(st, o.argv[0], o.argc, o.argv);
	struct coverage *cov = NULL; /* large: on the heap */
	if (o.coverage_file) {
		cov = malloc(sizeof(*cov));
		if (!cov) {
			fprintf(stderr, "ia32emu: out of memory\n");
			machine_destroy(m);
			return EXIT_MACHINE;
		}
		coverage_attach(cov, m);
	}
	double t0 = now_seconds();
	enum run_result res = RUN_STOPPED;
	bool timed_out = false;
	char tmsg[160] = "";
	if (o.gdb_port >= 0) {
		int g = gdb_run_cli(m, o.gdb_port, o.max_insns, &res);
		if (g != 0) {
			if (g > 0)
				fprintf(stderr, "ia32emu: program killed by the debugger\n");
			symtab_free(&syms);
			machine_destroy(m);
			return g > 0 ? EXIT_KILLED : EXIT_MACHINE;
		}
	} else {
		struct run_limits lim = {o.max_insns, o.timeout};
		res = run_limited(m, &lim, &timed_out, tmsg, sizeof(tmsg));
	}
	double t1 = now_seconds();
	int status;
	switch (res) {
	case RUN_EXITED: status = machine_exit_status(m); break;
	case RUN_KILLED: status = machine_exit_status(m); break;
	case RUN_BUDGET: status = EXIT_BUDGET; break;
	default: status = EXIT_MACHINE; break;
	}
	if (res != RUN_EXITED) {
		fflush(stdout);
		fprintf(stderr, "ia32emu: %s\n", timed_out ? tmsg : machine_message(m));
	}
	if (cov && coverage_write(cov, o.coverage_file) < 0) {
		fprintf(stderr, "ia32emu: cannot write %s\n", o.coverage_file);
		if (status == 0)
			status = EXIT_USAGE;
	}
	free(cov);
	if (o.stats)
		print_stats(m, t1 - t0);
	if (st) {
		strace_finish(st);
		free(st);
	}
	if (tf) {
		tracer_flush(&tr, m);
		fflush(tf);
		if (html && write_html(tf, html, o.argv[0]) < 0 && status == 0)
			status = EXIT_USAGE;
		if (tf != stderr)
			fclose(tf);
	}
	symtab_free(&syms);
	machine_destroy(m);
	return status;
}

int main(int argc, char **argv)
{
	/* A closed pipe is the guest's -EPIPE, not the emulator's death. */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("ia32emu %s\n", IA32EMU_VERSION);
		return 0;
	}
	if (strcmp(cmd, "help") == 0) {
		char *h[] = {"--help"};
		if (argc > 2 && (strcmp(argv[2], "run") == 0 || strcmp(argv[2], "trace") == 0 ||
				 strcmp(argv[2], "strace") == 0))
			return run_program(argv[2], 1, h);
		if (argc > 2 && strcmp(argv[2], "monitor") == 0)
			return monitor_main(1, h);
		if (argc > 2 && strcmp(argv[2], "disasm") == 0)
			return disasm_command(1, h);
		if (argc > 2 && strcmp(argv[2], "test") == 0)
			return batch_command(argv[0], 1, h);
		if (argc > 2 && strcmp(argv[2], "view") == 0)
			return view_command(1, h);
		if (argc > 2) {
			fprintf(stderr, "ia32emu: help: no command '%s' (see ia32emu --help)\n",
				argv[2]);
			return EXIT_USAGE;
		}
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "monitor") == 0)
		return monitor_main(argc - 2, argv + 2);
	if (strcmp(cmd, "disasm") == 0)
		return disasm_command(argc - 2, argv + 2);
	if (strcmp(cmd, "stubs-elf") == 0)
		return stubs_elf_command(argc - 2, argv + 2);
	if (strcmp(cmd, "syscalls-xml") == 0)
		return syscalls_xml_command(argc - 2, argv + 2);
	if (strcmp(cmd, "test") == 0)
		return batch_command(argv[0], argc - 2, argv + 2);
	if (strcmp(cmd, "view") == 0)
		return view_command(argc - 2, argv + 2);
	if (strcmp(cmd, "run") == 0 || strcmp(cmd, "trace") == 0 || strcmp(cmd, "strace") == 0)
		return run_program(cmd, argc - 2, argv + 2);
	fprintf(stderr, "ia32emu: unknown command '%s' (see ia32emu --help)\n", cmd);
	return EXIT_USAGE;
}
