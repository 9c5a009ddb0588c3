/*
 * Run control: load, run, continue, stepi, nexti, finish, kill, and the
 * machine subscriber that forwards events to the tracer and the
 * breakpoint checks. The per-instruction hook is subscribed only while a
 * breakpoint, watchpoint, step-over or instruction trace needs it, so a
 * plain `continue` runs the hot loop without hook calls.
 */
#include "monitor.h"
#include "monitor_dwarf.h"
#include "monitor_frame.h"

#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Ctrl-C during a run: a signal handler can only reach a global flag. */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

#define RUN_CHUNK (1u << 20) /* instructions between looks at Ctrl-C and the clock */

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void ev_insn(void *opaque, struct machine *m, const struct insn *i)
{
	struct monitor *mon = opaque;
	if (mon->trace_what & TR_NEEDS_INSN)
		tracer_insn(&mon->tr, m, i);
	mon_bp_insn(mon, i);
}

static void ev_deliver(void *opaque, struct machine *m, const struct delivery_info *d)
{
	struct monitor *mon = opaque;
	if (mon->trace_what)
		tracer_deliver(&mon->tr, m, d);
	mon_bp_deliver(mon, d);
}

static void ev_iret(void *opaque, struct machine *m, const struct iret_info *r)
{
	struct monitor *mon = opaque;
	if (mon->trace_what)
		tracer_iret(&mon->tr, m, r);
	mon_bp_iret(mon, r);
}

static void ev_syscall(void *opaque, struct machine *m, const struct syscall_event *ev)
{
	struct monitor *mon = opaque;
	if (mon->trace_what)
		tracer_syscall(&mon->tr, m, ev);
	mon_psyms_syscall(mon, ev);
	mon_bp_syscall(mon, ev);
}

static void ev_signal(void *opaque, struct machine *m, const struct signal_event *ev)
{
	struct monitor *mon = opaque;
	if (mon->trace_what)
		tracer_signal(&mon->tr, m, ev);
	mon_bp_signal(mon, ev);
}

static void ev_paging(void *opaque, struct machine *m, const char *what, uint32_t val)
{
	struct monitor *mon = opaque;
	mon->paging_gen++; /* cached watchpoint translations are stale */
	if (mon->trace_what)
		tracer_paging(&mon->tr, m, what, val);
}

static void ev_sched(void *opaque, struct machine *m, const struct switch_event *ev)
{
	struct monitor *mon = opaque;
	mon->paging_gen++; /* another address space */
	if (mon->trace_what)
		tracer_sched(&mon->tr, m, ev);
}

/* Events other than instructions are rare: always subscribed. */
static void subscribe(struct monitor *mon)
{
	bool insn = (mon->trace_what & TR_NEEDS_INSN) || mon_bp_need_insn(mon) || mon->until.active;
	struct machine_events ev = {
	    .opaque = mon,
	    .insn = insn ? ev_insn : NULL,
	    .deliver = ev_deliver,
	    .iret = ev_iret,
	    .syscall = ev_syscall,
	    .paging = ev_paging,
	    .sched = ev_sched,
	    .signal = ev_signal,
	};
	machine_subscribe(mon->m, &ev);
	tracer_init(&mon->tr, mon->trace_out, mon->trace_what, mon->trace_fmt, &mon->syms);
	mon->tr.syms_cr3 = mon->syms_cr3;
}

void mon_kill(struct monitor *mon)
{
	machine_destroy(mon->m);
	mon->m = NULL;
	if (mon->state != MS_NONE)
		mon->state = MS_LOADED;
}

/* A fresh machine with the program loaded; the symbols are re-read. */
static int fresh_machine(struct monitor *mon)
{
	char err[256];
	mon_kill(mon);
	mon->m = machine_create(&mon->cfg, err, sizeof(err));
	if (!mon->m)
		return mon_err(mon, "%s", err);
	if (machine_load(mon->m, mon->argv[0], mon->argc, mon->argv, err, sizeof(err)) < 0) {
		mon_err(mon, "%s: %s", mon->argv[0], err);
		machine_destroy(mon->m);
		mon->m = NULL;
		return -1;
	}
	symtab_free(&mon->syms);
	if (symtab_load(&mon->syms, mon->argv[0], err, sizeof(err)) < 0)
		printf("warning: %s: no symbols: %s\n", mon->argv[0], err);
	symtab_add_kernel(&mon->syms, machine_kernel(mon->m));
	/* The DWARF is re-read too: the file may have been rebuilt. */
	mdw_close(mon->dw);
	mon->dw = mdw_open(mon->argv[0], err, sizeof(err));
	if (!mon->dw && *err)
		printf("warning: %s: no debug information: %s\n", mon->argv[0], err);
	mon->frame_sel = 0;
	mon->list_file[0] = 0;
	/* Ctrl-C must also stop a guest blocked reading the terminal. */
	machine_kernel(mon->m)->eintr_stops = true;
	machine_kernel(mon->m)->keep_exec_image = true;
	mon_psyms_reset(mon);
	mon->follow_pid = 0; /* a new run: follow-fork-mode chooses again */
	const struct proc *p = machine_kernel(mon->m)->cur;
	mon->syms_cr3 = p ? p->pgdir : 0;
	return 0;
}

int mon_load(struct monitor *mon, int argc, char **argv)
{
	char **copy = calloc((size_t)argc + 1, sizeof(*copy));
	if (!copy)
		return mon_err(mon, "out of host memory");
	for (int k = 0; k < argc; k++)
		copy[k] = strdup(argv[k]);
	for (int k = 0; k < mon->argc; k++)
		free(mon->argv[k]);
	free(mon->argv);
	mon->argv = copy;
	mon->argc = argc;
	mon->state = MS_LOADED;
	if (fresh_machine(mon) < 0) {
		mon->state = MS_NONE;
		return -1;
	}
	printf("loaded %s (%zu symbols%s)\n", argv[0], mon->syms.n,
	       mon->dw ? ", DWARF debug information" : "");
	return 0;
}

/* Splits args into words[] (at most max) as a POSIX shell does without
 * expansions: blanks separate words, '...' keeps everything, "..." keeps
 * all but \\ \" \$ \` escapes, a backslash outside quotes escapes the
 * next character. Words are written back into buf (never longer). -1 and
 * a message for an unterminated quote. */
static int split_words(struct monitor *mon, char *buf, char **words, int max)
{
	int n = 0;
	char *in = buf, *out = buf;
	while (*in) {
		while (*in == ' ' || *in == '\t')
			in++;
		if (!*in)
			break;
		if (n == max)
			return mon_err(mon, "more than %d arguments", max);
		words[n++] = out;
		while (*in && *in != ' ' && *in != '\t') {
			char q = *in;
			if (q == '\'' || q == '"') {
				in++;
				while (*in && *in != q) {
					if (q == '"' && *in == '\\' && in[1] &&
					    strchr("\\\"$`", in[1]))
						in++;
					*out++ = *in++;
				}
				if (!*in)
					return mon_err(mon, "unterminated %c quote", q);
				in++;
			} else if (q == '\\' && in[1]) {
				in++;
				*out++ = *in++;
			} else {
				*out++ = *in++;
			}
		}
		char *end = out;
		if (*in)
			in++; /* the blank after the word: out never passes in */
		*end = 0;
		out = end + 1;
	}
	return n;
}

int mon_cmd_load(struct monitor *mon, const char *args)
{
	/* Words as the shell splits them (quotes and backslashes). */
	char buf[1024];
	char *words[64];
	snprintf(buf, sizeof(buf), "%s", args);
	int n = split_words(mon, buf, words, 64);
	if (n < 0)
		return -1;
	if (!n)
		return mon_err(mon, "usage: load PROG [ARGS...]");
	return mon_load(mon, n, words);
}

static void report_stop(struct monitor *mon, enum run_result r, bool stepping)
{
	struct machine *m = mon->m;
	tracer_flush(&mon->tr, m);
	fflush(stdout);
	if (r != RUN_STOPPED && mon->stop_msg[0])
		printf("%s\n", mon->stop_msg); /* e.g. catch syscall exit */
	/* Which process stopped, before the reason: always after a breakpoint,
	 * catchpoint or Ctrl-C, after a step when another than last time. */
	const struct proc *p = machine_kernel(m) ? machine_kernel(m)->cur : NULL;
	bool shown = (r == RUN_STOPPED && !(mon->quiet_step && !mon->stop_msg[0])) ||
		     (r == RUN_BUDGET && !(stepping && mon->quiet_step));
	if (p && shown && (!stepping || mon->stop_msg[0] || p->pid != mon->last_pid)) {
		printf("[pid %d %s]\n", p->pid, p->name);
		mon->last_pid = p->pid;
	}
	switch (r) {
	case RUN_EXITED:
		printf("[program exited with status %d]\n", machine_exit_status(m));
		mon->state = MS_EXITED;
		return;
	case RUN_KILLED:
		printf("[program stopped: %s; status %d]\n", machine_message(m),
		       machine_exit_status(m));
		mon->state = MS_EXITED;
		return;
	case RUN_HALTED:
	case RUN_SHUTDOWN:
	case RUN_PANIC:
		printf("[machine stopped: %s]\n", machine_message(m));
		mon->state = MS_EXITED;
		return;
	case RUN_BUDGET:
		if (!stepping)
			printf("[interrupted]\n");
		else if (mon->quiet_step)
			return; /* one step of several: only the last is shown */
		break;
	case RUN_STOPPED:
		if (mon->stop_msg[0])
			printf("%s\n", mon->stop_msg);
		else if (mon->quiet_step)
			return; /* nexti N reached one step's end */
		break;
	}
	mon_print_where(mon);
	mon_src_show_stop(mon);
	mon_show_displays(mon);
}

void mon_sigint_install(void)
{
	/* For the whole session: a Ctrl-C typed just after a command line is
	 * honoured by the run it started instead of killing the monitor.
	 * Readline installs its own handler while it reads a line. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);
}

void mon_sigint_clear(void)
{
	interrupted = 0;
}

/* Runs `steps` instructions (UINT64_MAX: until something stops it). */
/* A Ctrl-C that cut a host read stops the CPU in the stub, on its way
 * back to the rewound int $64: run the few instructions to CPL 3 so the
 * stop is shown in the program, where gdb would show it. */
static void leave_stub(struct monitor *mon)
{
	struct mon_tframe t;
	struct cpu *c = machine_cpu(mon->m);
	uint32_t off;
	const struct symbol *s = symtab_lookup(&mon->syms, c->seg[SEG_CS].base + c->eip, &off);
	if (!s || strcmp(s->name, "trapret") != 0 || !mon_trapframe(mon, &t))
		return;
	mon->until = (struct mon_until){true, t.eip, t.esp, 3, cpu_get_cr(c, 3)};
	subscribe(mon);
	machine_run(mon->m, 64);
	mon->until.active = false;
}

int mon_resume(struct monitor *mon, uint64_t steps)
{
	if (!mon_need_live(mon))
		return -1;
	struct cpu *c = machine_cpu(mon->m);
	mon->stop_msg[0] = 0;
	mon->user_stop = false;
	mon->hit_bp = 0;
	mon->frame_sel = 0;
	mon->list_file[0] = 0;
	mon->rwatch_pending = false;
	mon->skip_icount = c->icount;
	mon->prev_lin = c->seg[SEG_CS].base + c->eip;
	mon->paging_gen++; /* `set $cr3` and friends happen between runs */
	subscribe(mon);
	fflush(stdout);
	bool stepping = steps != UINT64_MAX, stopped_by_user = false;
	enum run_result r;
	bool out_of_limits = false;
	for (;;) {
		uint64_t chunk = steps < RUN_CHUNK ? steps : RUN_CHUNK;
		if (mon->max_insns && c->icount + chunk > mon->max_insns)
			chunk = mon->max_insns > c->icount ? mon->max_insns - c->icount : 0;
		if (chunk == 0 || (mon->timeout && now_seconds() >= mon->deadline)) {
			out_of_limits = true;
			break;
		}
		r = machine_run(mon->m, chunk);
		if (stepping)
			steps -= chunk;
		/* A Ctrl-C that cut a host read stops the CPU (RUN_STOPPED
		 * without a message): the read restarts on `continue`. */
		if ((r == RUN_BUDGET || (r == RUN_STOPPED && !mon->stop_msg[0])) && interrupted) {
			if (r == RUN_STOPPED)
				leave_stub(mon);
			r = RUN_BUDGET;
			stopped_by_user = true;
			mon->user_stop = true;
			interrupted = 0;
			break;
		}
		if (r != RUN_BUDGET || (stepping && steps == 0))
			break;
	}
	mon->until.active = false;
	if (out_of_limits) {
		/* As for `ia32emu run`: the program is stopped for good. */
		printf("[program stopped: %s]\n",
		       mon->max_insns && c->icount >= mon->max_insns
			   ? "the instruction budget (--max-insns) ran out"
			   : "the time limit (--timeout) ran out");
		mon->state = MS_EXITED;
		return 0;
	}
	report_stop(mon, r, stepping && !stopped_by_user);
	if (r == RUN_STOPPED && !mon->quiet_step)
		mon_bp_run_commands(mon);
	return 0;
}

int mon_resume_quiet(struct monitor *mon, uint64_t steps)
{
	bool q = mon->quiet_step;
	mon->quiet_step = true;
	int r = mon_resume(mon, steps);
	mon->quiet_step = q;
	return r;
}

int mon_start(struct monitor *mon)
{
	if (mon->state == MS_NONE)
		return mon_err(mon, "no program loaded (use `load PROG [ARGS]`)");
	if (mon->state != MS_LOADED || !mon->m) {
		printf("starting %s again from its entry\n", mon->argv[0]);
		if (fresh_machine(mon) < 0) {
			mon->state = MS_LOADED;
			return -1;
		}
	}
	mon->state = MS_STARTED;
	mon->deadline = now_seconds() + mon->timeout;
	mon->last_pid = 0;
	mon_bp_rearm(mon);
	return mon_resume(mon, UINT64_MAX);
}

int mon_cmd_run(struct monitor *mon, const char *args)
{
	if (*args) {
		/* gdb: `run ARGS` replaces the program's arguments. */
		if (mon->state == MS_NONE)
			return mon_err(mon, "no program loaded (use `load PROG [ARGS]`)");
		char buf[1024];
		char *words[64];
		words[0] = mon->argv[0];
		snprintf(buf, sizeof(buf), "%s", args);
		int n = split_words(mon, buf, words + 1, 63);
		if (n < 0)
			return -1;
		n++;
		char *prog = strdup(mon->argv[0]);
		if (!prog)
			return mon_err(mon, "out of host memory");
		words[0] = prog;
		int r = mon_load(mon, n, words);
		free(prog);
		if (r < 0)
			return r;
	}
	return mon_start(mon);
}

int mon_cmd_continue(struct monitor *mon, const char *args)
{
	(void)args;
	if (mon->state == MS_LOADED)
		return mon_start(mon);
	return mon_resume(mon, UINT64_MAX);
}

static int parse_count(struct monitor *mon, const char *args, uint64_t *n)
{
	*n = 1;
	if (!*args)
		return 0;
	uint32_t v;
	if (mon_eval(mon, args, &v) < 0)
		return -1;
	if (v == 0 || (int32_t)v < 0)
		return mon_err(mon, "the count must be a positive number (got %d)", (int32_t)v);
	*n = v;
	return 0;
}

/* The first stepi/nexti of a loaded program starts it. */
static bool ensure_started(struct monitor *mon)
{
	if (mon->state == MS_LOADED && mon->m) {
		mon->state = MS_STARTED;
		mon->deadline = now_seconds() + mon->timeout;
		mon_bp_rearm(mon);
	}
	return mon_need_live(mon);
}

int mon_cmd_stepi(struct monitor *mon, const char *args)
{
	uint64_t n;
	if (parse_count(mon, args, &n) < 0 || !ensure_started(mon))
		return -1;
	return mon_resume(mon, n);
}

/* Is the instruction at the current EIP a call or an int n (int $64)? Its
 * length then, else 0. */
unsigned mon_call_len(struct monitor *mon)
{
	struct cpu *c = machine_cpu(mon->m);
	uint8_t b[MAX_INSN_LEN];
	struct insn in;
	uint32_t lin = c->seg[SEG_CS].base + c->eip;
	uint32_t got = cpu_peek(c, lin, b, sizeof(b), false);
	if (!got || decode(b, got, &in) <= 0)
		return 0;
	const char *mn = op_rows[in.row].mnem;
	if (strncmp(mn, "call", 4) == 0 || strncmp(mn, "int", 3) == 0 ||
	    strncmp(mn, "lcall", 5) == 0)
		return in.len;
	return 0;
}

int mon_cmd_nexti(struct monitor *mon, const char *args)
{
	uint64_t n;
	if (parse_count(mon, args, &n) < 0 || !ensure_started(mon))
		return -1;
	int r = 0;
	for (uint64_t k = 0; k < n && mon->state == MS_STARTED && r == 0; k++) {
		struct cpu *c = machine_cpu(mon->m);
		unsigned len = mon_call_len(mon);
		mon->quiet_step = k + 1 < n;
		if (!len) {
			r = mon_resume(mon, 1);
		} else {
			/* Run until the instruction after the call, in this frame:
			 * the same CPL and the stack no deeper than now. */
			mon->until = (struct mon_until){true, c->seg[SEG_CS].base + c->eip + len,
							c->reg[ESP], c->cpl, cpu_get_cr(c, 3)};
			r = mon_resume(mon, UINT64_MAX);
		}
		if (mon->stop_msg[0])
			break; /* stopped by a breakpoint or catchpoint */
	}
	mon->quiet_step = false;
	return r;
}

int mon_cmd_finish(struct monitor *mon, const char *args)
{
	(void)args;
	if (!mon_need_live(mon))
		return -1;
	struct cpu *c = machine_cpu(mon->m);
	uint32_t lin = c->seg[SEG_CS].base + c->eip, ret, esp;
	unsigned cpl;
	/* Out of a handler the return is the handler's iret, to CPL 3 on the
	 * user stack; out of a function its ret (monitor_frame.c). */
	if (!mon_finish_target(mon, &ret, &esp, &cpl))
		return mon_err(mon, "finish: cannot find the return address of this frame");
	char sn[96];
	printf("run till exit from %08x <%s>, returning to %08x\n", lin,
	       mon_sym(mon, lin, sn, sizeof(sn)), ret);
	mon->until = (struct mon_until){true, ret, esp, cpl, cpu_get_cr(c, 3)};
	return mon_resume(mon, UINT64_MAX);
}

int mon_cmd_kill(struct monitor *mon, const char *args)
{
	(void)args;
	if (mon->state != MS_STARTED && mon->state != MS_EXITED)
		return mon_err(mon, "the program is not running");
	mon_kill(mon);
	printf("[program killed]\n");
	return 0;
}

static int trace_status(struct monitor *mon)
{
	char w[128];
	trace_what_string(mon->trace_what, w, sizeof(w));
	printf("tracing %s: %s (%s)\n", mon->trace_what ? "on" : "off", w,
	       mon->trace_fmt == TF_JSONL ? "jsonl" : "text");
	return 0;
}

int mon_cmd_trace(struct monitor *mon, const char *args)
{
	char err[256];
	unsigned what;
	if (!*args)
		return trace_status(mon);
	if (strncmp(args, "off", 3) == 0 && (!args[3] || args[3] == ' ')) {
		const char *rest = args[3] ? args + 4 : "";
		if (!*rest)
			mon->trace_what = 0;
		else if (trace_parse_what(rest, &what, err, sizeof(err)) < 0)
			return mon_err(mon, "%s", err);
		else
			mon->trace_what &= ~what;
		return trace_status(mon);
	}
	bool on = strncmp(args, "on", 2) == 0 && (!args[2] || args[2] == ' ');
	const char *sel = on ? (args[2] ? args + 3 : "") : args;
	if (!*sel)
		what = TR_DEFAULT;
	else if (trace_parse_what(sel, &what, err, sizeof(err)) < 0)
		return mon_err(mon, "%s", err);
	mon->trace_what = on ? (mon->trace_what | what) : what;
	return trace_status(mon);
}
