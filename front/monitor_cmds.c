/*
 * The monitor's command table. One row per command: the gdb name, an
 * optional short alias, the usage line, a one-line description and the
 * handler. Adding a command (e.g. `gdbserver PORT`) is adding a row.
 */
#include "monitor.h"

#include <string.h>

static int cmd_help(struct monitor *mon, const char *args);

static int cmd_quit(struct monitor *mon, const char *args)
{
	(void)args;
	mon->quit = true;
	return 0;
}

static int cmd_source(struct monitor *mon, const char *args)
{
	if (!*args)
		return mon_err(mon, "usage: source FILE");
	return mon_source(mon, args);
}

static int cmd_echo(struct monitor *mon, const char *args)
{
	(void)mon;
	printf("%s\n", args);
	return 0;
}

const struct mon_cmd mon_commands[] = {
    {"load", NULL, "load PROG [ARGS...]", "load an ELF32 program (does not start it)",
     mon_cmd_load},
    {"run", "r", "run [ARGS...]", "start the program from its entry (new ARGS replace the old)",
     mon_cmd_run},
    {"continue", "c", "continue", "resume until a breakpoint, catchpoint or exit",
     mon_cmd_continue},
    {"step", "s", "step [N]",
     "run to the next source line, into calls with line information (needs -g)", mon_cmd_step},
    {"next", "n", "next [N]", "run to the next source line in this function, over calls (needs -g)",
     mon_cmd_next},
    {"stepi", "si", "stepi [N]", "execute N instructions (default 1)", mon_cmd_stepi},
    {"nexti", "ni", "nexti [N]", "like stepi, but run calls and int $64 to their return",
     mon_cmd_nexti},
    {"finish", NULL, "finish", "run until the current function returns", mon_cmd_finish},
    {"start", NULL, "start [ARGS...]", "run to a temporary breakpoint at main", mon_cmd_start},
    {"starti", NULL, "starti [ARGS...]", "start and stop at the first instruction", mon_cmd_starti},
    {"advance", NULL, "advance LOC", "run until LOC is reached", mon_cmd_advance},
    {"until", "u", "until [LOC]", "nexti, or run until LOC", mon_cmd_until},
    {"jump", NULL, "jump LOC", "resume at LOC", mon_cmd_jump},
    {"display", NULL, "display[/FMT] [EXPR]", "show EXPR after every stop (FMT x d i s)",
     mon_cmd_display},
    {"undisplay", NULL, "undisplay [N...]", "stop showing displays (all without N)",
     mon_cmd_undisplay},
    {"shell", NULL, "shell COMMAND", "run COMMAND in the host's /bin/sh", mon_cmd_shell},
    {"kill", NULL, "kill", "stop the program (it can be run again)", mon_cmd_kill},
    {"break", "b", "break LOC [if COND]", "stop when EIP reaches LOC (address, symbol, symbol+off)",
     mon_cmd_break},
    {"tbreak", NULL, "tbreak LOC [if COND]", "a breakpoint deleted when first hit", mon_cmd_tbreak},
    {"condition", NULL, "condition N [COND]", "stop at breakpoint N only when COND is non-zero",
     mon_cmd_condition},
    {"ignore", NULL, "ignore N COUNT", "do not stop at breakpoint N the next COUNT times",
     mon_cmd_ignore},
    {"commands", NULL, "commands [N] ... end",
     "commands to run when breakpoint N (default: the last) stops the program", mon_cmd_commands},
    {"delete", "d", "delete [N...]", "delete breakpoints (all without N)", mon_cmd_delete},
    {"disable", NULL, "disable [N...]", "disable breakpoints (all without N)", mon_cmd_disable},
    {"enable", NULL, "enable [N...]", "enable breakpoints (all without N)", mon_cmd_enable},
    {"watch", NULL, "watch ADDR [LEN]", "stop when the LEN bytes at linear ADDR change",
     mon_cmd_watch},
    {"rwatch", NULL, "rwatch ADDR [LEN]",
     "stop after an instruction whose memory operand touches ADDR..ADDR+LEN", mon_cmd_rwatch},
    {"catch", NULL, "catch syscall [NAME|NR] | exception [VEC] | cpl | signal [NAME|NR]",
     "stop at a system call (call and return), an exception, a CPL change or a Linux signal",
     mon_cmd_catch},
    {"info", "i", "info WHAT", "show machine state (`help info` lists WHAT)", mon_cmd_info},
    {"x", NULL, "x[/NFU] [--phys] ADDR", "examine memory: N units, format x d u c s i, unit b h w",
     mon_cmd_x},
    {"disassemble", NULL, "disassemble [LOC [N]]", "disassemble N instructions (default 10)",
     mon_cmd_disassemble},
    {"backtrace", "bt", "backtrace [N]",
     "the frames outwards, through trap frames (DWARF CFI with -g, else a stack scan)",
     mon_cmd_backtrace},
    {"frame", "f", "frame [N]", "select frame N (print reads its variables) and show it",
     mon_cmd_frame},
    {"up", NULL, "up [N]", "select the frame N levels outwards (the caller)", mon_cmd_up},
    {"down", NULL, "down [N]", "select the frame N levels inwards", mon_cmd_down},
    {"list", "l", "list [LINE | FUNC | FILE:LINE]", "show source lines (needs -g)", mon_cmd_list},
    {"print", "p", "print[/x] EXPR", "evaluate: $registers, symbols, numbers, + - * / ...",
     mon_cmd_print},
    {"set", NULL, "set $REG = V | set {char|short|int} ADDR = V | set *ADDR = V",
     "change a register or memory", mon_cmd_set},
    {"show", NULL, "show follow-fork-mode", "show a setting", mon_cmd_show},
    {"trace", NULL, "trace [on|off] [insn,regs,mem,int,cpl,syscall,paging,all]",
     "choose what the tracer prints while the program runs", mon_cmd_trace},
    {"gdbserver", NULL, "gdbserver PORT",
     "serve this program to gdb on 127.0.0.1:PORT until it detaches", mon_cmd_gdbserver},
    {"source", NULL, "source FILE", "run the commands in FILE", cmd_source},
    {"echo", NULL, "echo TEXT", "print TEXT (for scripts)", cmd_echo},
    {"help", "h", "help [COMMAND]", "list commands, or explain one", cmd_help},
    {"quit", "q", "quit", "leave the monitor", cmd_quit},
    {NULL, NULL, NULL, NULL, NULL},
};

static int cmd_help(struct monitor *mon, const char *args)
{
	if (!*args) {
		for (const struct mon_cmd *c = mon_commands; c->name; c++) {
			char name[32];
			snprintf(name, sizeof(name), "%s%s%s", c->name, c->alias ? ", " : "",
				 c->alias ? c->alias : "");
			printf("  %-16s %s\n", name, c->help);
		}
		return 0;
	}
	size_t n = strcspn(args, " ");
	if (n == 4 && strncmp(args, "info", 4) == 0) {
		printf("usage: info WHAT\n");
		for (const struct mon_cmd *c = mon_info_commands; c->name; c++)
			printf("  info %-14s %s\n", c->name, c->help);
		return 0;
	}
	for (const struct mon_cmd *c = mon_commands; c->name; c++)
		if ((strlen(c->name) == n && strncmp(c->name, args, n) == 0) ||
		    (c->alias && strlen(c->alias) == n && strncmp(c->alias, args, n) == 0)) {
			printf("usage: %s\n%s\n", c->usage, c->help);
			return 0;
		}
	return mon_err(mon, "no command '%.*s' (try `help`)", (int)(n > 40 ? 40 : n), args);
}
