/*
 * GNU readline glue: tab completion of command names, sub-commands
 * (info, catch, trace) and program symbols, and the history file
 * ~/.ia32emu_history.
 */
#include "monitor.h"

#include <readline/history.h>
#include <readline/readline.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_MAX 1000

/* Readline's completion callbacks take no context argument, so the
 * monitor being completed for is kept here while readline runs. */
static struct monitor *completing;

static const char *const catch_words[] = {"syscall", "exception", "cpl", "signal", NULL};
static const char *const trace_words[] = {"on",	 "off",	    "insn",   "regs",  "mem", "int",
					  "cpl", "syscall", "paging", "sched", "all", NULL};

/* Candidates for the word being completed: kind 0 commands, 1 info
 * sub-commands, 2 a word list, 3 symbols. Static for the same reason as
 * `completing`: readline's generator gets only (text, state). */
static int comp_kind;
static const char *const *comp_words;

static const char *candidate(size_t k, bool *done)
{
	*done = false;
	switch (comp_kind) {
	case 0:
		if (!mon_commands[k].name)
			break;
		return mon_commands[k].name;
	case 1:
		if (!mon_info_commands[k].name)
			break;
		return mon_info_commands[k].name;
	case 2:
		if (!comp_words[k])
			break;
		return comp_words[k];
	default: {
		const struct symtab *st = &completing->syms;
		if (k < st->n)
			return st->v[k].name;
		return NULL; /* registers are completed by reg_generator */
	}
	}
	*done = true;
	return NULL;
}

static char *generator(const char *text, int state)
{
	static size_t idx; /* readline's generator protocol keeps state here */
	if (!state)
		idx = 0;
	size_t len = strlen(text);
	for (;;) {
		bool done;
		const char *c = candidate(idx++, &done);
		if (done || (!c && comp_kind == 3))
			return NULL;
		if (c && strncmp(c, text, len) == 0)
			return strdup(c);
	}
}

static char *reg_generator(const char *text, int state)
{
	static size_t idx;
	if (!state)
		idx = 0;
	const char *const *r = mon_reg_names();
	size_t len = strlen(text + 1);
	while (r[idx]) {
		const char *c = r[idx++];
		if (strncmp(c, text + 1, len) == 0) {
			char *s = malloc(strlen(c) + 2);
			if (s) {
				s[0] = '$';
				strcpy(s + 1, c);
			}
			return s;
		}
	}
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1; /* never fall back to file names */
	const char *line = rl_line_buffer;
	while (*line == ' ')
		line++;
	size_t w = strcspn(line, " ");
	if (line + w >= rl_line_buffer + start) {
		comp_kind = 0;
	} else if ((w == 4 && strncmp(line, "info", 4) == 0) || (w == 1 && *line == 'i')) {
		comp_kind = 1;
	} else if (w == 5 && strncmp(line, "catch", 5) == 0) {
		comp_kind = 2;
		comp_words = catch_words;
	} else if (w == 5 && strncmp(line, "trace", 5) == 0) {
		comp_kind = 2;
		comp_words = trace_words;
	} else if ((w == 4 && strncmp(line, "load", 4) == 0) ||
		   (w == 6 && strncmp(line, "source", 6) == 0)) {
		rl_attempted_completion_over = 0; /* file names */
		return NULL;
	} else if (*text == '$') {
		return rl_completion_matches(text, reg_generator);
	} else {
		comp_kind = 3;
	}
	return rl_completion_matches(text, generator);
}

static char *history_path(void)
{
	const char *home = getenv("HOME");
	if (!home || !*home)
		return NULL;
	size_t n = strlen(home) + sizeof("/.ia32emu_history");
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/.ia32emu_history", home);
	return p;
}

void mon_rl_init(struct monitor *mon)
{
	completing = mon;
	rl_readline_name = "ia32emu";
	rl_attempted_completion_function = complete;
	/* Symbols contain '.' and '_'; '$' starts a register. */
	rl_basic_word_break_characters = " \t\n\"\\'`@><=;|&{(+-*/,";
	using_history();
	stifle_history(HISTORY_MAX);
	char *p = history_path();
	if (p) {
		read_history(p); /* a missing file is the first session */
		free(p);
	}
}

void mon_rl_done(struct monitor *mon)
{
	(void)mon;
	char *p = history_path();
	if (p) {
		write_history(p);
		history_truncate_file(p, HISTORY_MAX);
		free(p);
	}
	completing = NULL;
}
