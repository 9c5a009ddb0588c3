/* Option parsing for `run` and `trace`. */
#include "cli.h"

#include "../kernel/abi.h"
/* The shortest --timer period accepted (see the check below). */
#define CLI_TIMER_MIN 100u

#include "../kernel/kernel.h"
#include "strace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

/* A positive decimal number of seconds, at most a million (11 days). */
static bool parse_seconds(const char *s, double *out)
{
	char *end;
	if (!s || !*s)
		return false;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || *end || !(v > 0) || v > 1e6)
		return false;
	*out = v;
	return true;
}

bool parse_abi(const char *val)
{
	if (val && abi_by_name(val))
		return true;
	fprintf(stderr, "ia32emu: --abi takes one of: %s\n", abi_names());
	return false;
}

/* The options of run and trace that take no value. */
static bool is_flag(const char *a)
{
	static const char *const flags[] = {"--read-only", "--bare", "--stats", "--env-inherit"};
	for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
		if (strcmp(a, flags[k]) == 0)
			return true;
	return false;
}

static void usage(const char *cmd)
{
	bool trace = strcmp(cmd, "trace") == 0;
	printf("usage: ia32emu %s [OPTIONS] PROG [ARGS...]\n\n", cmd);
	if (strcmp(cmd, "strace") == 0) {
		printf(
		    "Runs PROG like `run`, printing each system call as strace does:\n"
		    "name(arguments) = result, decoded by the process's ABI (docs/strace.md).\n\n");
		strace_usage(stdout);
		printf("\nrun ");
	}
	if (trace)
		printf("Runs the ELF32 program PROG like `run`, printing a trace of every\n"
		       "instruction ([CPL] EIP disassembly), every interrupt or exception\n"
		       "delivery (==>), every iret (<==) and every system call.\n\n");
	else
		printf("Runs the ELF32 program PROG in the emulated kernel. Guest file\n"
		       "descriptors 0, 1, 2 are the host's stdin, stdout and stderr; the exit\n"
		       "status is the program's (128+signal if an exception stopped it,\n"
		       "124 if --max-insns or --timeout stopped it).\n\n");
	printf("options:\n"
	       "  --mem MIB          guest physical memory in MiB (default 128)\n"
	       "  --max-insns N      stop after N instructions (default: no limit)\n"
	       "  --timeout SECONDS  stop after SECONDS of wall-clock time (decimals\n"
	       "                     allowed; default: no limit)\n"
	       "  --timer N          timer interrupt (vector 32) every N instructions\n"
	       "                     (default 0: off; a fork switches on one every %u)\n"
	       "  --root DIR         the directory the program sees as / (default: the\n"
	       "                     current directory); nothing outside it is reachable\n"
	       "  --read-only        the program may read the tree but not change it\n"
	       "  --abi NAME         the system-call ABI of every program: ia32emu\n"
	       "                     (int $64, xv6 numbers), xv6 (classic xv6 exactly:\n"
	       "                     errors -1, 640 KiB; docs/xv6.md) or linux (int $0x80);\n"
	       "                     default: chosen from each ELF (docs/linux.md)\n"
	       "  --seed N           seed of a Linux program's AT_RANDOM and getrandom\n"
	       "                     bytes (default 0: the same bytes every run)\n"
	       "  --epoch SECONDS    a Linux program's CLOCK_REALTIME when the run starts\n"
	       "                     (seconds since 1970, or `now`: the host's time;\n"
	       "                     default 1767225600, 2026-01-01, the same every run)\n"
	       "  --env NAME=VALUE   the Linux program's environment: these variables\n"
	       "                     instead of the default PATH, HOME, TERM, LANG\n"
	       "  --env-inherit      the host's environment (then --env adds to it)\n"
	       "  --bare             PROG is a Multiboot (v1) ELF32 kernel image: no emulated\n"
	       "                     kernel; port 0xE9 prints a byte, a write of V to port\n"
	       "                     0xF4 exits with status (V << 1) | 1 (docs/bare.md)\n"
	       "  --stats            print retired instructions, seconds, MIPS and the\n"
	       "                     peak RSS to stderr when the program ends\n",
	       DEFAULT_TIMER_PERIOD);
	if (trace)
		printf("  --trace-file F     write the trace to F instead of stderr\n"
		       "  --trace LIST       what to trace, comma-separated: insn, regs, mem,\n"
		       "                     int, cpl, syscall, paging, sched, uaccess, map,\n"
		       "                     frame, all (default:\n"
		       "                     insn,int,cpl,syscall,sched)\n"
		       "  --trace-format F   text (default) or jsonl (one JSON object per line)\n"
		       "  --html FILE        draw the run as one HTML page (docs/view.md)\n");
	else
		printf("  --coverage F       count the opcode-table rows executed (CPL 3 and\n"
		       "                     CPL 0-2) and write one line per row to F\n"
		       "  --gdb PORT         wait for gdb on 127.0.0.1:PORT (0: any free port,\n"
		       "                     printed) before the first instruction\n");
	printf("  -h, --help         show this help\n");
}

int parse_run_opts(const char *cmd, int argc, char **argv, struct run_opts *o)
{
	return parse_run_opts_with(cmd, argc, argv, o, NULL, NULL);
}

int parse_run_opts_with(const char *cmd, int argc, char **argv, struct run_opts *o,
			int (*extra)(void *ctx, const char *a, const char *val), void *ctx)
{
	memset(o, 0, sizeof(*o));
	o->mem_mib = 128;
	o->gdb_port = -1;
	int i = 0;
	for (; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t v;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(cmd);
			return 1;
		}
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-')
			break;
		/* --OPTION=VALUE, as GNU tools take it, is --OPTION VALUE. */
		char name[48];
		bool inl = false;
		const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
		if (eq && (size_t)(eq - a) < sizeof(name)) {
			memcpy(name, a, (size_t)(eq - a));
			name[eq - a] = 0;
			a = name;
			val = eq + 1;
			inl = true;
		}
		int used = extra ? extra(ctx, a, val) : 0;
		if (used < 0)
			return -1;
		if (used == 1 && inl) {
			fprintf(stderr, "ia32emu: %s takes no value\n", a);
			return -1;
		}
		if (used) {
			i += inl ? 0 : used - 1;
			continue;
		}
		if (inl && is_flag(a)) {
			fprintf(stderr, "ia32emu: %s takes no value\n", a);
			return -1;
		}
		if (strcmp(a, "--mem") == 0) {
			if (!parse_u64(val, &v) || v < 2 || v > 3072) {
				fprintf(stderr,
					"ia32emu: --mem takes a size in MiB from 2 to 3072\n");
				return -1;
			}
			o->mem_mib = (uint32_t)v;
		} else if (strcmp(a, "--max-insns") == 0) {
			if (!parse_u64(val, &o->max_insns)) {
				fprintf(stderr, "ia32emu: --max-insns takes a number\n");
				return -1;
			}
		} else if (strcmp(a, "--timeout") == 0) {
			if (!parse_seconds(val, &o->timeout)) {
				fprintf(stderr, "ia32emu: --timeout takes a number of seconds "
						"greater than 0 (at most 1000000)\n");
				return -1;
			}
		} else if (strcmp(a, "--timer") == 0) {
			if (!parse_u64(val, &o->timer)) {
				fprintf(stderr,
					"ia32emu: --timer takes a number of instructions\n");
				return -1;
			}
			/* A tick that comes before the last one's handler has
			 * returned is taken at once after the iret: the program
			 * never runs again (about 20 instructions in the kernel's
			 * path, more in a bare guest's own handler). */
			if (o->timer && o->timer < CLI_TIMER_MIN) {
				fprintf(stderr,
					"ia32emu: --timer %llu is shorter than the timer "
					"interrupt's own path (delivery, handler, iret): the "
					"program would never run; use at least %u\n",
					(unsigned long long)o->timer, CLI_TIMER_MIN);
				return -1;
			}
		} else if (strcmp(a, "--root") == 0) {
			if (!val) {
				fprintf(stderr, "ia32emu: --root takes a directory\n");
				return -1;
			}
			o->root = val;
		} else if (strcmp(a, "--abi") == 0) {
			if (!parse_abi(val))
				return -1;
			o->abi = val;
		} else if (strcmp(a, "--seed") == 0) {
			if (!parse_u64(val, &o->seed)) {
				fprintf(stderr, "ia32emu: --seed takes a number\n");
				return -1;
			}
		} else if (strcmp(a, "--epoch") == 0) {
			if (val && strcmp(val, "now") == 0) {
				o->epoch = (uint64_t)time(NULL);
			} else if (!parse_u64(val, &o->epoch) || o->epoch > 0xffffffffull) {
				fprintf(stderr,
					"ia32emu: --epoch takes seconds since 1970 (at most "
					"4294967295) or now\n");
				return -1;
			}
			o->epoch_set = true;
		} else if (strcmp(a, "--env") == 0) {
			if (!val || !strchr(val, '=') || val[0] == '=' || o->nenv == 64) {
				fprintf(stderr, "ia32emu: --env takes NAME=VALUE (at most 64)\n");
				return -1;
			}
			o->env[o->nenv++] = (char *)val;
		} else if (strcmp(a, "--env-inherit") == 0) {
			o->env_inherit = true;
			continue;
		} else if (strcmp(a, "--read-only") == 0) {
			o->read_only = true;
			continue;
		} else if (strcmp(a, "--bare") == 0) {
			o->bare = true;
			continue; /* takes no value */
		} else if (strcmp(a, "--stats") == 0) {
			o->stats = true;
			continue;
		} else if (strcmp(a, "--gdb") == 0 && strcmp(cmd, "run") == 0) {
			if (!parse_u64(val, &v) || v > 65535) {
				fprintf(stderr,
					"ia32emu: --gdb takes a TCP port from 0 to 65535\n");
				return -1;
			}
			o->gdb_port = (int)v;
		} else if (strcmp(a, "--trace-file") == 0 && strcmp(cmd, "trace") == 0) {
			if (!val) {
				fprintf(stderr, "ia32emu: --trace-file takes a file name\n");
				return -1;
			}
			o->trace_file = val;
		} else if (strcmp(cmd, "trace") == 0 &&
			   (strcmp(a, "--trace") == 0 || strcmp(a, "--trace-format") == 0)) {
			if (!val) {
				fprintf(stderr, "ia32emu: %s takes a value\n", a);
				return -1;
			}
			if (a[7] == '-')
				o->trace_format = val;
			else
				o->trace_what = val;
		} else if (strcmp(a, "--coverage") == 0 && strcmp(cmd, "run") == 0) {
			if (!val) {
				fprintf(stderr, "ia32emu: --coverage takes a file name\n");
				return -1;
			}
			o->coverage_file = val;
		} else {
			fprintf(stderr,
				"ia32emu: %s: unknown option '%s' (see ia32emu %s --help)\n", cmd,
				a, cmd);
			return -1;
		}
		if (!inl)
			i++; /* the value was the next argument */
	}
	if (i >= argc) {
		fprintf(stderr, "ia32emu: %s: no program given (see ia32emu %s --help)\n", cmd,
			cmd);
		return -1;
	}
	/* Both would be the machine's one subscriber. */
	if (o->gdb_port >= 0 && o->coverage_file) {
		fprintf(stderr, "ia32emu: --gdb and --coverage cannot be used together\n");
		return -1;
	}
	/* Under gdb the debugger decides when the program runs and stops. */
	if (o->gdb_port >= 0 && o->timeout > 0) {
		fprintf(stderr, "ia32emu: --gdb and --timeout cannot be used together\n");
		return -1;
	}
	o->argc = argc - i;
	o->argv = argv + i;
	return 0;
}
