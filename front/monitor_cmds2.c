/*
 * gdb's everyday run-control shorthands, each built on the primitives of
 * monitor_run.c and monitor_bp.c: start, starti, advance, until, jump,
 * and shell; and the init file ~/.ia32emurc.
 */
#include "monitor.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* A temporary breakpoint at loc for the coming run, as gdb's start and
 * advance make one. -1 after an error. */
static int temp_break(struct monitor *mon, const char *loc)
{
	return mon_cmd_tbreak(mon, loc);
}

/* start: a temporary breakpoint at main, then run. */
int mon_cmd_start(struct monitor *mon, const char *args)
{
	if (mon->state == MS_NONE)
		return mon_err(mon, "no program loaded (use `load PROG [ARGS]`)");
	if (temp_break(mon, "main") < 0)
		return -1;
	return mon_cmd_run(mon, args);
}

/* starti: stop at the program's first instruction (its ELF entry, at CPL 3
 * after the kernel's first iret) */
int mon_cmd_starti(struct monitor *mon, const char *args)
{
	if (mon->state == MS_NONE)
		return mon_err(mon, "no program loaded (use `load PROG [ARGS]`)");
	if (mon->state != MS_LOADED || *args) {
		/* run ARGS reloads; a bare run restarts: both leave it loaded */
		if (*args) {
			char line[1100];
			snprintf(line, sizeof(line), "load %s %s", mon->argv[0], args);
			if (mon_execute(mon, line) < 0)
				return -1;
		} else {
			char line[1100];
			snprintf(line, sizeof(line), "load %s", mon->argv[0]);
			for (int k = 1; k < mon->argc; k++) {
				size_t n = strlen(line);
				snprintf(line + n, sizeof(line) - n, " '%s'", mon->argv[k]);
			}
			if (mon_execute(mon, line) < 0)
				return -1;
		}
	}
	/* The kernel starts the program with an iret from trapret: run to
	 * the first instruction at CPL 3. */
	mon->state = MS_STARTED;
	mon_bp_rearm(mon);
	struct cpu *c = machine_cpu(mon->m);
	for (int k = 0; k < 64 && c->cpl != 3; k++)
		if (mon_resume_quiet(mon, 1) < 0)
			return -1;
	printf("Program stopped at its first instruction.\n");
	mon_print_where(mon);
	return 0;
}

/* advance LOC: run until LOC (or the current frame returns, as gdb). */
int mon_cmd_advance(struct monitor *mon, const char *args)
{
	if (!*args)
		return mon_err(mon, "usage: advance LOC");
	if (!mon_need_live(mon) || temp_break(mon, args) < 0)
		return -1;
	return mon_resume(mon, UINT64_MAX);
}

/* until [LOC]: without LOC like nexti; with LOC as advance. */
int mon_cmd_until(struct monitor *mon, const char *args)
{
	return *args ? mon_cmd_advance(mon, args) : mon_cmd_nexti(mon, "");
}

/* jump LOC: resume at LOC (EIP is set, nothing else changes). */
int mon_cmd_jump(struct monitor *mon, const char *args)
{
	uint32_t a;
	if (!*args)
		return mon_err(mon, "usage: jump LOC");
	if (!mon_need_live(mon) || mon_eval_loc(mon, args, &a) < 0)
		return -1;
	struct cpu *c = machine_cpu(mon->m);
	if (mon_set_reg(mon, "eip", a - c->seg[SEG_CS].base) < 0)
		return -1;
	char s[96];
	mon_sym(mon, a, s, sizeof(s));
	printf("Continuing at 0x%08x%s%s%s.\n", a, *s ? " <" : "", s, *s ? ">" : "");
	return mon_resume(mon, UINT64_MAX);
}

/* shell CMD: the host's /bin/sh runs CMD; a non-zero status is an error. */
int mon_cmd_shell(struct monitor *mon, const char *args)
{
	if (!*args)
		return mon_err(mon, "usage: shell COMMAND");
	fflush(stdout);
	int st = system(args);
	if (st == -1)
		return mon_err(mon, "shell: cannot run /bin/sh");
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return mon_err(mon, "shell: the command exited with status %d",
			       WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	return 0;
}

void mon_read_init_file(struct monitor *mon)
{
	const char *home = getenv("HOME");
	if (!home || !*home)
		return;
	char path[4096];
	snprintf(path, sizeof(path), "%s/.ia32emurc", home);
	FILE *f = fopen(path, "r");
	if (!f)
		return; /* no init file: nothing to do */
	fclose(f);
	mon_source(mon, path);
}

static void show_display(struct monitor *mon, const struct mon_display *d)
{
	if (d->fmt == 'i' || d->fmt == 's') {
		char line[200];
		printf("%d: x/%c %s\n", d->num, d->fmt, d->expr);
		snprintf(line, sizeof(line), "x/%c %s", d->fmt, d->expr);
		mon_execute(mon, line);
		return;
	}
	uint32_t v;
	if (mon_eval(mon, d->expr, &v) < 0)
		return;
	printf("%d: ", d->num);
	if (d->fmt == 'x')
		printf("/x %s = 0x%x\n", d->expr, v);
	else
		printf("%s = %d\n", d->expr, (int32_t)v);
}

void mon_show_displays(struct monitor *mon)
{
	for (int k = 0; k < MON_MAX_DISPLAY; k++)
		if (mon->disp[k].used)
			show_display(mon, &mon->disp[k]);
}

/* display[/FMT] EXPR: FMT x (hex) or d (default), i or s (as x/i, x/s). */
int mon_cmd_display(struct monitor *mon, const char *args)
{
	char fmt = 0;
	if (!*args) {
		if (mon->m && mon->state == MS_STARTED)
			mon_show_displays(mon);
		return 0;
	}
	if (*args == '/') {
		fmt = args[1];
		if (!fmt || !strchr("xdis", fmt) || (args[2] && args[2] != ' '))
			return mon_err(mon, "display/FMT: FMT is one of x d i s");
		args += 2;
		while (*args == ' ')
			args++;
	}
	if (!*args || strlen(args) >= sizeof(mon->disp[0].expr))
		return mon_err(mon, "usage: display[/FMT] EXPR");
	struct mon_display *d = NULL;
	for (int k = 0; k < MON_MAX_DISPLAY && !d; k++)
		if (!mon->disp[k].used)
			d = &mon->disp[k];
	if (!d)
		return mon_err(mon, "too many displays (%d)", MON_MAX_DISPLAY);
	d->used = true;
	d->num = ++mon->next_disp;
	d->fmt = fmt;
	snprintf(d->expr, sizeof(d->expr), "%s", args);
	if (mon->m && mon->state == MS_STARTED)
		show_display(mon, d);
	return 0;
}

/* undisplay [N...]: all without numbers. */
int mon_cmd_undisplay(struct monitor *mon, const char *args)
{
	if (!*args) {
		for (int k = 0; k < MON_MAX_DISPLAY; k++)
			mon->disp[k].used = false;
		return 0;
	}
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", args);
	for (char *w = strtok(buf, " "); w; w = strtok(NULL, " ")) {
		char *end;
		long n = strtol(w, &end, 10);
		int k = 0;
		while (k < MON_MAX_DISPLAY && !(mon->disp[k].used && mon->disp[k].num == n))
			k++;
		if (*end || k == MON_MAX_DISPLAY)
			return mon_err(mon, "undisplay: no display number %s", w);
		mon->disp[k].used = false;
	}
	return 0;
}
