/*
 * The monitor: an interactive debugger shell over the embedding API
 * (kernel/machine.h), with gdb's command names. Commands live in one
 * table of {name, alias, usage, help, handler} (monitor_cmds.c); a new
 * command is one row and one handler.
 */
#ifndef FRONT_MONITOR_H
#define FRONT_MONITOR_H

#include "../kernel/machine.h"
#include "symbols.h"
#include "trace.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define MON_MAX_BP    64
#define MON_WATCH_MAX 16 /* bytes one watchpoint may cover */

enum bp_kind {
	BP_BREAK,
	BP_WATCH,
	BP_RWATCH,
	BP_CATCH_SYSCALL,
	BP_CATCH_EXC,
	BP_CATCH_CPL,
	BP_CATCH_SIGNAL
};

struct bpoint {
	bool used, enabled, temp;
	int num;
	enum bp_kind kind;
	uint32_t addr, len; /* code address, or watched linear range */
	char reg[8];	    /* watch $REG: this register instead of memory */
	char cond[128];	    /* break ... if COND / condition N COND: "" none */
	unsigned ignore;    /* ignore N COUNT: crossings still to ignore */
	int arg;	    /* catch: syscall number or vector, -1 = any */
	uint8_t old[MON_WATCH_MAX];
	bool old_ok;
	unsigned hits;
	char *cmds;	     /* commands N ... end: lines joined by '\n', or NULL */
	const uint8_t *host; /* cached translation of addr (CPL 3 only) */
	unsigned host_gen;   /* paging_gen it was made in */
};

/* One process's own symbols (monitor_psyms.c). */
#define MON_MAX_PSYMS 64
struct mon_psym {
	bool used;
	bool main_image; /* runs the loaded program (a forked copy): its DWARF applies */
	int pid;
	struct symtab st;
};

enum mon_state { MS_NONE, MS_LOADED, MS_STARTED, MS_EXITED };

/* display[/FMT] EXPR: shown after every stop. */
#define MON_MAX_DISPLAY 16
struct mon_display {
	bool used;
	int num;
	char fmt; /* 0, a print format, or i / s (through x) */
	char expr[128];
};

/* Where a resumed run must stop besides breakpoints (nexti, finish). */
struct mon_until {
	bool active;
	uint32_t eip;
	uint32_t esp_min; /* stop only once ESP >= this (the frame was left) */
	unsigned cpl;
	uint32_t cr3; /* in this process (a forked child runs the same code) */
};

struct monitor {
	struct machine_config cfg;
	struct machine *m;
	enum mon_state state;
	int argc;
	char **argv; /* owned copy of the program and its arguments */
	struct symtab syms;
	struct mdw *dw;	      /* the loaded program's DWARF (monitor_dwarf.h), NULL without */
	int frame_sel;	      /* frame N / up / down: the selected frame, 0 after each stop */
	char list_file[1024]; /* list: the file and the next line it shows */
	int list_line;
	bool user_stop;	   /* the last resume ended by Ctrl-C */
	int hit_bp;	   /* the breakpoint number of the last stop, 0 none */
	int collect_bp;	   /* commands N: lines go to breakpoint N until `end`, 0 none */
	int follow_mode;   /* set follow-fork-mode: 0 every process (default), 1 parent, 2 child */
	int follow_pid;	   /* the process stop points watch, 0 all */
	int cmds_depth;	   /* breakpoint commands running (a `continue` in them nests) */
	uint32_t syms_cr3; /* the program's address space (trace_syms_for) */
	struct mon_psym psyms[MON_MAX_PSYMS]; /* forked and exec'd processes */
	struct symtab no_syms;		      /* empty: an address space without */

	struct bpoint bp[MON_MAX_BP];
	int next_bp;

	/* Tracing. */
	struct tracer tr;
	unsigned trace_what; /* 0: off */
	enum trace_format trace_fmt;
	FILE *trace_out; /* stdout or --trace-file */

	/* Run control, valid during one resume. */
	bool stopped_by_us;
	char stop_msg[512];
	uint64_t skip_icount; /* no breakpoint stop for the first instruction */
	uint32_t prev_lin;    /* the last instruction that ran */
	bool rwatch_pending;
	int rwatch_num;
	struct mon_until until;
	/* What the per-instruction check looks at (set when a run starts). */
	uint32_t brk_addr[MON_MAX_BP];
	int n_brk;
	int watch_idx[MON_MAX_BP], n_watch; /* indexes into bp[] */
	int rwatch_idx[MON_MAX_BP], n_rwatch;
	unsigned paging_gen; /* bumped by every CR0/CR3/CR4 load and invlpg */
	bool quiet_step;     /* nexti N: report only the last step */

	/* Input. */
	bool interactive; /* readline on a terminal */
	int depth;	  /* `source` nesting */
	bool quit;
	unsigned value_count; /* $N of print */
	uint32_t values[256]; /* the value history: $N is values[N % 256] */
	int last_pid;	      /* the process of the last stop shown */
	unsigned errors;      /* commands that failed: a script's exit status */
	uint64_t max_insns;   /* --max-insns: budget of each run, 0 none */
	double timeout;	      /* --timeout: wall-clock seconds of each run, 0 none */
	double deadline;      /* when the current run's time is up (monotonic s) */

	struct mon_display disp[MON_MAX_DISPLAY];
	int next_disp;

	/* x: defaults for the next use (gdb remembers them). */
	uint32_t x_next;
	char x_fmt, x_unit;
};

/* A command handler gets everything after the command word. 0 or -1
 * (after printing an error with mon_err). */
typedef int (*mon_fn)(struct monitor *mon, const char *args);

struct mon_cmd {
	const char *name;
	const char *alias; /* NULL or a short name (gdb's) */
	const char *usage;
	const char *help; /* one line */
	mon_fn fn;
};

extern const struct mon_cmd mon_commands[];
extern const struct mon_cmd mon_info_commands[];

/* gdbstub_mon.c: `gdbserver PORT` */
int mon_cmd_gdbserver(struct monitor *mon, const char *args);

/* ia32emu monitor [OPTIONS] [PROG [ARGS...]] */
int monitor_main(int argc, char **argv);

struct mdw;

/* monitor.c */
int mon_err(struct monitor *mon, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int mon_execute(struct monitor *mon, const char *line);
int mon_source(struct monitor *mon, const char *path);
/* A program must be running (started and not exited): else an error. */
bool mon_need_live(struct monitor *mon);
/* "main+0x12" or "" */
const char *mon_sym(struct monitor *mon, uint32_t addr, char *buf, size_t n);
/* Prints "=> [cpl] eip <sym>  insn" for the current instruction. */
void mon_print_where(struct monitor *mon);
/* Disassembles one instruction at lin; returns its length (0 when the
 * bytes cannot be read). */
unsigned mon_disasm_at(struct monitor *mon, uint32_t lin, char *text, size_t n);

/* monitor_run.c */
int mon_load(struct monitor *mon, int argc, char **argv);
void mon_kill(struct monitor *mon);
int mon_start(struct monitor *mon);
int mon_resume(struct monitor *mon, uint64_t steps);
/* Runs `steps` instructions without reporting the stop. */
int mon_resume_quiet(struct monitor *mon, uint64_t steps);
void mon_sigint_install(void);
void mon_sigint_clear(void); /* at the prompt: forget an old Ctrl-C */
int mon_cmd_run(struct monitor *mon, const char *args);
int mon_cmd_continue(struct monitor *mon, const char *args);
int mon_cmd_stepi(struct monitor *mon, const char *args);
int mon_cmd_nexti(struct monitor *mon, const char *args);
int mon_cmd_finish(struct monitor *mon, const char *args);
int mon_cmd_kill(struct monitor *mon, const char *args);
int mon_cmd_load(struct monitor *mon, const char *args);
int mon_cmd_trace(struct monitor *mon, const char *args);

/* Is the instruction at EIP a call or int n: its length, else 0. */
unsigned mon_call_len(struct monitor *mon);

/* monitor_src.c: source-level commands over DWARF */
/* The DWARF that describes user address pc in the current process, or NULL. */
struct mdw *mon_dwarf_at(struct monitor *mon, uint32_t pc);
/* Guest memory for monitor_dwarf.c (opaque: the monitor). */
bool mon_dwarf_read(void *opaque, uint32_t addr, void *buf, uint32_t n);
/* After a stop: "func (args) at file:line" and the source line, with DWARF. */
void mon_src_show_stop(struct monitor *mon);
/* "FILE:LINE" -> its first address; 1 when s is not of that form. */
int mon_src_linespec(struct monitor *mon, const char *s, uint32_t *addr);
/* A DWARF variable's value in the selected frame (for expressions). */
bool mon_src_scalar(struct monitor *mon, const char *name, uint32_t *val);
/* print VAR with its type: 0 printed, 1 not a DWARF variable, -1 error. */
int mon_src_print(struct monitor *mon, const char *name, char fmt);
int mon_cmd_step(struct monitor *mon, const char *args);
int mon_cmd_next(struct monitor *mon, const char *args);
int mon_cmd_list(struct monitor *mon, const char *args);
int mon_cmd_frame(struct monitor *mon, const char *args);
int mon_cmd_up(struct monitor *mon, const char *args);
int mon_cmd_down(struct monitor *mon, const char *args);
int mon_info_line(struct monitor *mon, const char *args);
int mon_info_source(struct monitor *mon, const char *args);
int mon_info_locals(struct monitor *mon, const char *args);
int mon_info_args(struct monitor *mon, const char *args);
/* info frame of the selected frame, with DWARF: 0 shown, 1 not applicable. */
int mon_src_info_frame(struct monitor *mon);

/* monitor_psyms.c: per-process symbols */
/* True when the current process runs the loaded program's image. */
bool mon_psyms_main(struct monitor *mon);
void mon_psyms_reset(struct monitor *mon);
void mon_psyms_syscall(struct monitor *mon, const struct syscall_event *ev);
/* The symbols that name addr in the current address space (never NULL). */
const struct symtab *mon_symtab(struct monitor *mon, uint32_t addr);

/* monitor_cmds2.c */
int mon_cmd_start(struct monitor *mon, const char *args);
int mon_cmd_starti(struct monitor *mon, const char *args);
int mon_cmd_advance(struct monitor *mon, const char *args);
int mon_cmd_until(struct monitor *mon, const char *args);
int mon_cmd_jump(struct monitor *mon, const char *args);
int mon_cmd_shell(struct monitor *mon, const char *args);
int mon_cmd_display(struct monitor *mon, const char *args);
int mon_cmd_undisplay(struct monitor *mon, const char *args);
/* Shows every display (after a stop). */
void mon_show_displays(struct monitor *mon);
/* ~/.ia32emurc, when it exists, before the first command. */
void mon_read_init_file(struct monitor *mon);

/* monitor_bp.c */
int mon_cmd_break(struct monitor *mon, const char *args);
int mon_cmd_tbreak(struct monitor *mon, const char *args);
int mon_cmd_delete(struct monitor *mon, const char *args);
int mon_cmd_disable(struct monitor *mon, const char *args);
int mon_cmd_enable(struct monitor *mon, const char *args);
int mon_cmd_watch(struct monitor *mon, const char *args);
int mon_cmd_rwatch(struct monitor *mon, const char *args);
int mon_cmd_catch(struct monitor *mon, const char *args);
int mon_cmd_condition(struct monitor *mon, const char *args);
int mon_cmd_ignore(struct monitor *mon, const char *args);
int mon_info_breakpoints(struct monitor *mon, const char *args);
int mon_cmd_commands(struct monitor *mon, const char *args);
/* follow-fork-mode: is the current process followed; a fork's choice. */
bool mon_follows(struct monitor *mon);
void mon_fork_follow(struct monitor *mon, const struct syscall_event *ev);
int mon_info_inferiors(struct monitor *mon, const char *args);
int mon_cmd_show(struct monitor *mon, const char *args);
/* While `commands` collects: takes the line (true), `end` closes. */
bool mon_bp_collect(struct monitor *mon, const char *line);
/* After a stop at a breakpoint with commands: runs them. */
void mon_bp_run_commands(struct monitor *mon);
/* True when a breakpoint or watchpoint needs the per-instruction hook;
 * prepares the per-instruction checks for the coming run. */
bool mon_bp_need_insn(struct monitor *mon);
/* The event checks, called from the subscriber; they stop the machine. */
void mon_bp_insn(struct monitor *mon, const struct insn *i);
void mon_bp_deliver(struct monitor *mon, const struct delivery_info *d);
void mon_bp_iret(struct monitor *mon, const struct iret_info *r);
void mon_bp_syscall(struct monitor *mon, const struct syscall_event *ev);
/* A Linux signal dequeued (catch signal). */
void mon_bp_signal(struct monitor *mon, const struct signal_event *ev);
/* Re-reads the watched values (after load, run, or set memory). */
void mon_bp_rearm(struct monitor *mon);

/* monitor_expr.c */
/* Evaluates an expression: numbers, $registers, symbols, + - * / % & | ^
 * << >> ~ unary -, parentheses, *ADDR (a 32-bit load). */
int mon_eval(struct monitor *mon, const char *s, uint32_t *val);
/* A location: an expression, optionally after gdb's `*`. */
int mon_eval_loc(struct monitor *mon, const char *s, uint32_t *val);
/* Register access by name ("eax", "eip", "eflags", "cs", "cr3", "cpl"). */
bool mon_get_reg(struct monitor *mon, const char *name, uint32_t *val);
bool mon_reg_known(const char *name);
int mon_set_reg(struct monitor *mon, const char *name, uint32_t val);
const char *const *mon_reg_names(void);

/* monitor_mem.c */
int mon_cmd_x(struct monitor *mon, const char *args);
int mon_cmd_disassemble(struct monitor *mon, const char *args);
int mon_cmd_backtrace(struct monitor *mon, const char *args);
int mon_cmd_print(struct monitor *mon, const char *args);
int mon_cmd_set(struct monitor *mon, const char *args);

/* monitor_info.c, monitor_info2.c */
int mon_cmd_info(struct monitor *mon, const char *args);

/* monitor_rl.c: readline completion and history */
void mon_rl_init(struct monitor *mon);
void mon_rl_done(struct monitor *mon);

#endif
