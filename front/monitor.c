/*
 * The monitor's shell: options, the command loop (GNU readline on a
 * terminal, plain lines otherwise), dispatch through mon_commands[], and
 * helpers the command files share. Errors print a message and return to
 * the prompt; nothing a user types ends the session except quit/EOF.
 */
#include "monitor.h"
#include "monitor_dwarf.h"

#include "../cpu/decode/disasm.h"
#include "cli.h"

#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MON_PROMPT     "(ia32emu) "
#define MON_MAX_DEPTH  8
#define MON_LINE_MAX   4096
#define MON_STREAM_MAX (64 << 20) /* bytes read from one script or stdin */

int mon_err(struct monitor *mon, const char *fmt, ...)
{
	va_list ap;
	mon->errors++;
	fflush(stdout);
	fputs("error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

bool mon_need_live(struct monitor *mon)
{
	if (mon->state == MS_NONE)
		return mon_err(mon, "no program loaded (use `load PROG [ARGS]`)"), false;
	if (mon->state == MS_LOADED)
		return mon_err(mon, "the program is not running (use `run`)"), false;
	if (mon->state == MS_EXITED)
		return mon_err(mon, "the program has exited (use `run` to start it again)"), false;
	return true;
}

const char *mon_sym(struct monitor *mon, uint32_t addr, char *buf, size_t n)
{
	return symtab_format(mon_symtab(mon, addr), addr, buf, n);
}

unsigned mon_disasm_at(struct monitor *mon, uint32_t lin, char *text, size_t n)
{
	uint8_t bytes[MAX_INSN_LEN];
	struct insn in;
	uint32_t got = cpu_peek(machine_cpu(mon->m), lin, bytes, sizeof(bytes), false);
	int r = got ? decode(bytes, got, &in) : -1;
	if (r <= 0) {
		snprintf(text, n, got ? "(bad)" : "(cannot read memory at 0x%08x)", lin);
		return got ? 1 : 0;
	}
	disasm(&in, lin, text, n);
	uint32_t target;
	char s[96];
	if (disasm_branch_target(&in, lin, &target) && *mon_sym(mon, target, s, sizeof(s))) {
		size_t len = strlen(text);
		snprintf(text + len, n - len, " <%s>", s);
	}
	return (unsigned)r;
}

void mon_print_where(struct monitor *mon)
{
	struct cpu *c = machine_cpu(mon->m);
	uint32_t lin = c->seg[SEG_CS].base + c->eip;
	char text[160], s[96];
	mon_disasm_at(mon, lin, text, sizeof(text));
	mon_sym(mon, lin, s, sizeof(s));
	printf("=> [%u] %08x%s%s%s  %s\n", c->cpl, lin, *s ? " <" : "", s, *s ? ">" : "", text);
}

/* The command word ends at a blank or at '/' (x/4xw, print/x). */
static const struct mon_cmd *find_cmd(const char *word, size_t n)
{
	for (const struct mon_cmd *c = mon_commands; c->name; c++)
		if ((strlen(c->name) == n && strncmp(c->name, word, n) == 0) ||
		    (c->alias && strlen(c->alias) == n && strncmp(c->alias, word, n) == 0))
			return c;
	/* A unique prefix, as gdb accepts (`disas`, `back`). */
	const struct mon_cmd *found = NULL;
	for (const struct mon_cmd *c = mon_commands; c->name; c++)
		if (strncmp(c->name, word, n) == 0) {
			if (found)
				return NULL;
			found = c;
		}
	return found;
}

int mon_execute(struct monitor *mon, const char *text)
{
	char line_buf[MON_LINE_MAX];
	snprintf(line_buf, sizeof(line_buf), "%s", text);
	/* Completion leaves a blank after a word: trailing blanks mean nothing. */
	size_t end = strlen(line_buf);
	while (end && (line_buf[end - 1] == ' ' || line_buf[end - 1] == '\t'))
		line_buf[--end] = 0;
	const char *line = line_buf;
	while (*line == ' ' || *line == '\t')
		line++;
	if (mon->collect_bp && mon_bp_collect(mon, line))
		return 0;
	if (!*line || *line == '#')
		return 0;
	size_t n = strcspn(line, " \t/");
	const struct mon_cmd *c = find_cmd(line, n);
	if (!c)
		return mon_err(mon, "unknown command '%.*s' (try `help`)", (int)(n > 40 ? 40 : n),
			       line);
	const char *args = line + n;
	while (*args == ' ' || *args == '\t')
		args++;
	int r = c->fn(mon, args);
	fflush(stdout);
	return r;
}

static char *chomp(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = 0;
	return s;
}

/* Runs commands from a stream until EOF or quit; with stop_on_error (a
 * command file, as gdb's `source` and -x) until the first failed command.
 * Everything read is bounded: a stream that never ends (`source /dev/zero`,
 * a FIFO) stops after MON_STREAM_MAX bytes, counting each line at its
 * buffer's size (NUL bytes hide its true length from strlen) and every
 * byte skipped. */
static int run_stream(struct monitor *mon, FILE *in, bool stop_on_error)
{
	char line[MON_LINE_MAX];
	uint64_t total = 0;
	while (!mon->quit && fgets(line, sizeof(line), in)) {
		total += strchr(line, '\n') ? strlen(line) + 1 : sizeof(line);
		bool whole = strchr(line, '\n') || feof(in);
		if (!whole) {
			int ch;
			while (total <= MON_STREAM_MAX && (ch = fgetc(in)) != EOF && ch != '\n')
				total++;
			if (total <= MON_STREAM_MAX) {
				mon_err(mon, "command line longer than %d bytes ignored",
					MON_LINE_MAX - 2);
				if (stop_on_error)
					return -1;
			}
		}
		if (total > MON_STREAM_MAX) {
			mon_err(mon, "input longer than %d MiB: stopped reading it",
				MON_STREAM_MAX >> 20);
			return -1;
		}
		if (whole && mon_execute(mon, chomp(line)) < 0 && stop_on_error)
			return -1;
	}
	return 0;
}

int mon_source(struct monitor *mon, const char *path)
{
	if (mon->depth >= MON_MAX_DEPTH)
		return mon_err(mon, "source: nested more than %d deep", MON_MAX_DEPTH);
	FILE *f = fopen(path, "r");
	if (!f)
		return mon_err(mon, "source: cannot open %s", path);
	mon->depth++;
	int r = run_stream(mon, f, true);
	mon->depth--;
	fclose(f);
	if (r < 0)
		return mon_err(mon, "in command file %s: the rest of it was not run", path);
	return 0;
}

static void run_interactive(struct monitor *mon)
{
	char *last = NULL;
	while (!mon->quit) {
		mon_sigint_clear();
		char *line = readline(MON_PROMPT);
		if (!line) {
			printf("quit\n");
			break;
		}
		if (*line) {
			add_history(line);
			free(last);
			last = strdup(line);
			mon_execute(mon, line);
		} else if (last) {
			/* gdb: an empty line repeats a stepping or examining command. */
			size_t n = strcspn(last, " \t/");
			if ((n == 2 &&
			     (strncmp(last, "si", 2) == 0 || strncmp(last, "ni", 2) == 0)) ||
			    (n == 5 &&
			     (strncmp(last, "stepi", 5) == 0 || strncmp(last, "nexti", 5) == 0)) ||
			    (n == 1 && *last == 'x'))
				mon_execute(mon, last);
		}
		free(line);
	}
	free(last);
}

static void usage(void)
{
	printf("usage: ia32emu monitor [OPTIONS] [PROG [ARGS...]]\n\n"
	       "An interactive debugger for a program in the emulated machine, with gdb's\n"
	       "command names: break, stepi, nexti, catch cpl, info registers, x, ...\n"
	       "Type `help` at the prompt. Commands are read with GNU readline on a\n"
	       "terminal (history in ~/.ia32emu_history, tab completion), or one per line\n"
	       "from a pipe or file.\n\n"
	       "options:\n"
	       "  -x FILE            run the commands in FILE, then quit (the program's\n"
	       "                     standard input stays the real stdin)\n"
	       "  --mem MIB          guest physical memory in MiB (default 128)\n"
	       "  --timer N          timer interrupt (vector 32) every N instructions\n"
	       "  --max-insns N      stop the program after N instructions of a run\n"
	       "  --timeout SECONDS  stop the program after SECONDS of wall-clock time\n"
	       "                     (counted while it runs, from `run`)\n"
	       "  --root DIR         the directory the program sees as / (default: .)\n"
	       "  --read-only        the program may not change the file tree\n"
	       "  --abi NAME         the system-call ABI of every program (as for run)\n"
	       "  --trace LIST       start with tracing on (see `help trace`)\n"
	       "  --trace-format F   text (default) or jsonl\n"
	       "  --trace-file F     write the trace to F instead of stdout\n"
	       "  -h, --help         show this help\n");
}

/* SECONDS: a number greater than 0, decimals allowed, at most 1000000. */
static bool parse_timeout(const char *s, double *out)
{
	char *end;
	double d = strtod(s, &end);
	if (end == s || *end || !(d > 0) || d > 1e6)
		return false;
	*out = d;
	return true;
}

struct mon_opts {
	const char *script, *trace_what, *trace_file, *trace_format;
	int argc;
	char **argv;
};

static int parse_opts(struct monitor *mon, int argc, char **argv, struct mon_opts *o)
{
	memset(o, 0, sizeof(*o));
	int i = 0;
	for (; i < argc && argv[i][0] == '-'; i += 2) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t v;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			return usage(), 1;
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(a, "--read-only") == 0) {
			mon->cfg.read_only = true;
			i--; /* takes no value */
			continue;
		}
		if (strncmp(a, "--trace-format=", 15) == 0 || strncmp(a, "--trace=", 8) == 0) {
			if (a[7] == '=')
				o->trace_what = a + 8;
			else
				o->trace_format = a + 15;
			i--; /* the value was in this argument */
			continue;
		}
		if (!val)
			return mon_err(mon, "option %s takes a value", a);
		if (strcmp(a, "-x") == 0)
			o->script = val;
		else if (strcmp(a, "--trace") == 0)
			o->trace_what = val;
		else if (strcmp(a, "--trace-file") == 0)
			o->trace_file = val;
		else if (strcmp(a, "--trace-format") == 0)
			o->trace_format = val;
		else if (strcmp(a, "--mem") == 0 && parse_u64(val, &v) && v >= 2 && v <= 3072)
			mon->cfg.mem_bytes = (uint32_t)v << 20;
		else if (strcmp(a, "--timer") == 0 && parse_u64(val, &v))
			mon->cfg.timer_period = v;
		else if (strcmp(a, "--max-insns") == 0 && parse_u64(val, &v) && v > 0)
			mon->max_insns = v;
		else if (strcmp(a, "--timeout") == 0 && parse_timeout(val, &mon->timeout))
			;
		else if (strcmp(a, "--root") == 0)
			mon->cfg.root = val;
		else if (strcmp(a, "--abi") == 0 && parse_abi(val))
			mon->cfg.abi = val; /* as for run: every program's ABI */
		else
			return mon_err(
			    mon, "bad option or value: %s %s (see ia32emu monitor --help)", a, val);
	}
	o->argc = argc - i;
	o->argv = argv + i;
	return 0;
}

static int setup_trace(struct monitor *mon, const struct mon_opts *o)
{
	char err[256];
	mon->trace_out = stdout;
	if (o->trace_format && trace_parse_format(o->trace_format, &mon->trace_fmt) < 0)
		return mon_err(mon, "--trace-format takes text or jsonl");
	if (o->trace_what && trace_parse_what(o->trace_what, &mon->trace_what, err, sizeof(err)))
		return mon_err(mon, "--trace: %s", err);
	if (o->trace_file) {
		mon->trace_out = fopen(o->trace_file, "w");
		if (!mon->trace_out)
			return mon_err(mon, "cannot write %s", o->trace_file);
	}
	return 0;
}

static void monitor_free(struct monitor *mon)
{
	mon_kill(mon);
	for (int k = 0; k < mon->argc; k++)
		free(mon->argv[k]);
	free(mon->argv);
	symtab_free(&mon->syms);
	mdw_close(mon->dw);
	for (int k = 0; k < MON_MAX_BP; k++)
		free(mon->bp[k].cmds);
	mon_psyms_reset(mon);
	if (mon->trace_out && mon->trace_out != stdout)
		fclose(mon->trace_out);
}

int monitor_main(int argc, char **argv)
{
	struct monitor *mon = calloc(1, sizeof(*mon));
	if (!mon)
		return 125;
	machine_config_default(&mon->cfg);
	mon->next_bp = 1;
	mon->x_fmt = 'x';
	mon->x_unit = 'w';
	struct mon_opts o;
	int r = parse_opts(mon, argc, argv, &o);
	if (r == 0)
		r = setup_trace(mon, &o);
	if (r) {
		monitor_free(mon);
		free(mon);
		return r > 0 ? 0 : 2;
	}
	/* Monitor output and the guest's writes to fd 1 interleave in order. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	mon_sigint_install();
	if (o.argc > 0)
		mon_load(mon, o.argc, o.argv);
	mon_read_init_file(mon);
	int status = 0;
	if (o.script) {
		/* gdb -batch -x: non-zero when the file is missing or a command
		 * in it fails. */
		status = mon_source(mon, o.script) < 0 || mon->errors ? 1 : 0;
	} else if (isatty(STDIN_FILENO)) {
		mon->interactive = true;
		mon_rl_init(mon);
		run_interactive(mon);
		mon_rl_done(mon);
	} else {
		run_stream(mon, stdin, false);
		status = mon->errors ? 1 : 0;
	}
	monitor_free(mon);
	free(mon);
	return status;
}
