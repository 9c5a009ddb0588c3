/*
 * Source-level commands over the program's DWARF (monitor_dwarf.h):
 * step and next by source line, list, info line, frame/up/down, and print
 * of variables with their types. Without debug information each command
 * says so; the instruction-level commands are unchanged.
 */
#include "monitor.h"
#include "monitor_dwarf.h"
#include "monitor_frame.h"

#include "../kernel/kernel.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct mdw *mon_dwarf_at(struct monitor *mon, uint32_t pc)
{
	if (!mon->dw || !mon->m || pc >= KERNBASE || !mon_psyms_main(mon))
		return NULL;
	return mon->dw;
}

bool mon_dwarf_read(void *opaque, uint32_t addr, void *buf, uint32_t n)
{
	struct monitor *mon = opaque;
	return cpu_peek(machine_cpu(mon->m), addr, buf, n, false) == n;
}

static uint32_t cur_pc(struct monitor *mon)
{
	struct cpu *c = machine_cpu(mon->m);
	return c->seg[SEG_CS].base + c->eip;
}

/* The selected frame (frame_sel, clamped to the frames there are). */
static bool selected(struct monitor *mon, struct mon_frame *out, int *level)
{
	static struct mon_frame v[MON_MAX_FRAMES];
	int n = mon_frames(mon, v, MON_MAX_FRAMES);
	if (n <= 0)
		return false;
	if (mon->frame_sel >= n)
		mon->frame_sel = n - 1;
	if (v[mon->frame_sel].trap && mon->frame_sel + 1 < n)
		mon->frame_sel++; /* the trap line is no frame to select */
	*out = v[mon->frame_sel];
	if (level)
		*level = mon->frame_sel;
	return true;
}

/* --- source files -------------------------------------------------------- */

/* Prints lines [from, to] of path; false when the file cannot be read. */
static bool print_lines(const char *path, int from, int to, int *last)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	char buf[1024];
	int ln = 1;
	*last = from - 1;
	while (ln <= to && fgets(buf, sizeof(buf), f)) {
		size_t n = strlen(buf);
		bool whole = n && buf[n - 1] == '\n';
		if (ln >= from) {
			printf("%d\t%s%s", ln, buf, whole ? "" : "\n");
			*last = ln;
		}
		while (!whole && fgets(buf, sizeof(buf), f)) /* the rest of a long line */
			whole = strchr(buf, '\n') != NULL;
		ln++;
	}
	fclose(f);
	return true;
}

static void show_line(const char *path, const char *file, int line)
{
	int last;
	if (!print_lines(path, line, line, &last) || last != line)
		printf("%d\tin %s\n", line, file);
}

/* "func (args) at file:line" then the line, as gdb after a stop in a new
 * function; only the line when `header` is false. */
static void show_location(struct monitor *mon, bool header)
{
	uint32_t pc = cur_pc(mon);
	struct mdw *d = mon_dwarf_at(mon, pc);
	struct mdw_line ln;
	if (!d || !mdw_pc_line(d, pc, &ln))
		return;
	if (header) {
		struct mon_frame f;
		if (selected(mon, &f, NULL)) {
			const char *fn;
			uint32_t lo, hi;
			char args[512] = "";
			mdw_format_args(d, &f.regs, true, mon_dwarf_read, mon, args, sizeof(args));
			char at[32] = "";
			if (ln.addr != pc) /* gdb: the pc, when not a line's start */
				snprintf(at, sizeof(at), "0x%08x in ", pc);
			if (mdw_func(d, pc, &fn, &lo, &hi))
				printf("%s%s (%s) at %s:%d\n", at, fn, args, ln.file, ln.line);
		}
	}
	show_line(ln.path, ln.file, ln.line);
	snprintf(mon->list_file, sizeof(mon->list_file), "%s", ln.path);
	mon->list_line = ln.line - 5 < 1 ? 1 : ln.line - 5;
}

void mon_src_show_stop(struct monitor *mon)
{
	if (mon->m && mon->state == MS_STARTED && machine_cpu(mon->m)->cpl == 3)
		show_location(mon, true);
}

/* --- linespecs ------------------------------------------------------------ */

int mon_src_linespec(struct monitor *mon, const char *s, uint32_t *addr)
{
	while (*s == ' ')
		s++;
	const char *colon = strrchr(s, ':');
	if (!colon || colon == s || !isdigit((unsigned char)colon[1]))
		return 1;
	for (const char *p = colon + 1; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != ' ')
			return 1;
	char file[1024];
	snprintf(file, sizeof(file), "%.*s", (int)(colon - s), s);
	if (!mon->dw)
		return mon_err(mon,
			       "no line information: the program has no DWARF (build it with -g)");
	struct mdw_line ln;
	int r = mdw_file_line(mon->dw, file, atoi(colon + 1), &ln);
	if (r < 0)
		return mon_err(mon, "no source file named %s", file);
	if (r > 0)
		return mon_err(mon, "no line %d in file \"%s\"", atoi(colon + 1), file);
	*addr = ln.addr;
	return 0;
}

/* --- variables ------------------------------------------------------------ */

static bool is_ident(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

bool mon_src_scalar(struct monitor *mon, const char *name, uint32_t *val)
{
	struct mon_frame f;
	char out[256], type[128];
	if (!mon->m || !is_ident(name) || !selected(mon, &f, NULL))
		return false;
	struct mdw *d = mon_dwarf_at(mon, f.pc);
	if (!d)
		d = mon->dw && mon_psyms_main(mon) ? mon->dw : NULL;
	return d &&
	       mdw_print_var(d, &f.regs, f.exact, name, mon_dwarf_read, mon, out, sizeof(out), val,
			     type, sizeof(type)) == 0 &&
	       strcmp(out, "<optimized out>") != 0;
}

int mon_src_print(struct monitor *mon, const char *name, char fmt)
{
	struct mon_frame f;
	static char out[16384];
	char type[128];
	uint32_t v;
	char nm[128];
	size_t n = strlen(name);
	while (n && name[n - 1] == ' ')
		n--;
	if (n >= sizeof(nm))
		return 1;
	memcpy(nm, name, n);
	nm[n] = 0;
	if (!mon->m || !is_ident(nm) || !mon->dw || !mon_psyms_main(mon) ||
	    !selected(mon, &f, NULL))
		return 1;
	int r = mdw_print_var(mon->dw, &f.regs, f.exact, nm, mon_dwarf_read, mon, out, sizeof(out),
			      &v, type, sizeof(type));
	if (r != 0)
		return r;
	if (fmt)
		return 1; /* print/FMT: the value as a number (monitor_mem.c) */
	mon->value_count++;
	mon->values[mon->value_count % 256] = v;
	printf("$%u = %s\n", mon->value_count, out);
	return 0;
}

/* --- step and next -------------------------------------------------------- */

static bool live_user(struct monitor *mon)
{
	return mon->state == MS_STARTED && !mon->stop_msg[0] && !mon->user_stop;
}

/* Runs to `eip` in this address space with ESP at least esp_min. */
static void run_to(struct monitor *mon, uint32_t eip, uint32_t esp_min, unsigned cpl)
{
	struct cpu *c = machine_cpu(mon->m);
	mon->until = (struct mon_until){true, eip, esp_min, cpl, cpu_get_cr(c, 3)};
	mon_resume_quiet(mon, UINT64_MAX);
}

/* One source line: gdb's step (into calls with line information) or next
 * (over every call). An int $64 is always stepped over: the kernel side
 * has no source here. Returns 0 when a new line was reached, 1 when
 * something else stopped the program (already reported), -1 error. */
static int line_step(struct monitor *mon, bool over, bool *new_func)
{
	struct cpu *c = machine_cpu(mon->m);
	uint32_t pc = cur_pc(mon);
	struct mdw *d = mon_dwarf_at(mon, pc);
	struct mdw_line ln;
	const char *fn0 = NULL, *fn;
	uint32_t lo, hi;
	*new_func = false;
	if (c->cpl != 3) {
		/* In a handler: out of it first, to the interrupted user code. */
		uint32_t eip, esp;
		unsigned cpl;
		if (!mon_finish_target(mon, &eip, &esp, &cpl))
			return mon_err(mon, "cannot find where this handler returns");
		run_to(mon, eip, esp, cpl);
		if (!live_user(mon))
			return 1;
		pc = cur_pc(mon);
		d = mon_dwarf_at(mon, pc);
	}
	if (!d || !mdw_pc_line(d, pc, &ln)) {
		char s[96];
		printf("Single stepping until exit from function %s,\n"
		       "which has no line number information.\n",
		       *mon_sym(mon, pc, s, sizeof(s)) ? s : "??");
		uint32_t eip, esp;
		unsigned cpl;
		if (!mon_finish_target(mon, &eip, &esp, &cpl))
			return mon_err(mon, "cannot find the return address of this frame");
		run_to(mon, eip, esp, cpl);
		if (!live_user(mon))
			return 1;
		pc = cur_pc(mon);
		d = mon_dwarf_at(mon, pc);
		if (!d || !mdw_pc_line(d, pc, &ln)) {
			mon_resume(mon, UINT64_MAX); /* no source outwards: run on */
			return 1;
		}
		*new_func = true;
	}
	if (mdw_func(d, pc, &fn, &lo, &hi))
		fn0 = fn;
	struct mdw_line cur = ln;
	for (unsigned long k = 0; k < 10000000ul; k++) {
		uint32_t esp = c->reg[ESP];
		unsigned len = mon_call_len(mon);
		uint8_t op = 0;
		cpu_peek(c, pc, &op, 1, false);
		bool called = false;
		if (len && (over || op == 0xcd || op == 0xcc || op == 0xce)) {
			run_to(mon, pc + len, esp, c->cpl);
		} else {
			called = len != 0;
			mon_resume_quiet(mon, 1);
		}
		if (!live_user(mon))
			return 1;
		pc = cur_pc(mon);
		if (c->cpl != 3)
			continue; /* a fault's handler: step through to its iret */
		if (pc >= cur.addr && pc < cur.end)
			continue;
		d = mon_dwarf_at(mon, pc);
		if (!d || !mdw_pc_line(d, pc, &ln)) {
			if (called) {
				/* Into a function without line information (the
				 * library): back out of it. */
				uint32_t ret;
				if (cpu_peek(c, c->reg[ESP], &ret, 4, false) != 4)
					return mon_err(mon, "cannot read the return address");
				run_to(mon, ret, c->reg[ESP] + 4, 3);
				if (!live_user(mon))
					return 1;
				pc = cur_pc(mon);
				if (pc >= cur.addr && pc < cur.end)
					continue;
				d = mon_dwarf_at(mon, pc);
				if (!d || !mdw_pc_line(d, pc, &ln))
					continue;
			} else {
				/* Returned into code without lines (crt0): run on. */
				mon_resume(mon, UINT64_MAX);
				return 1;
			}
		}
		bool in_fn = mdw_func(d, pc, &fn, &lo, &hi);
		if (called && in_fn && pc == lo) {
			/* Stepped into a function with lines: stop after its
			 * prologue, where its arguments can be read. */
			uint32_t at = mdw_after_prologue(d, lo, hi);
			if (at != pc)
				run_to(mon, at, 0, 3);
			if (!live_user(mon))
				return 1;
			*new_func = true;
			return 0;
		}
		if (in_fn && fn0 && fn != fn0 && strcmp(fn, fn0) != 0)
			*new_func = true;
		if (pc == ln.addr && (ln.line != cur.line || strcmp(ln.file, cur.file) != 0))
			return 0;
		cur = ln; /* mid-line (a return), or another row of the same line */
		if (in_fn)
			fn0 = fn;
	}
	return mon_err(mon, "step: gave up after 10^7 instructions in one line");
}

/* Which frame we are in: the function and its CFA (gdb's frame id). */
static void frame_id(struct monitor *mon, uint32_t id[2])
{
	static struct mon_frame v[3];
	const char *fn;
	uint32_t hi;
	int n = mon_frames(mon, v, 3);
	id[0] = id[1] = 0;
	if (n >= 2 && mon_dwarf_at(mon, v[0].pc))
		mdw_func(mon->dw, v[0].pc, &fn, &id[0], &hi);
	if (n >= 2)
		id[1] = v[1].regs.r[MDW_ESP];
}

static int step_cmd(struct monitor *mon, const char *args, bool over)
{
	uint32_t n = 1;
	if (*args && (mon_eval(mon, args, &n) < 0 || n == 0 || (int32_t)n < 0))
		return *args && n == 0 ? mon_err(mon, "the count must be a positive number") : -1;
	if (mon->state == MS_LOADED)
		return mon_err(mon, "the program is not being run (use `start` or `run`)");
	if (!mon_need_live(mon))
		return -1;
	if (!mon->dw)
		return mon_err(mon,
			       "%s: the program has no line information (build it with -g); "
			       "use %s",
			       over ? "next" : "step", over ? "nexti" : "stepi");
	uint32_t id0[2], id1[2];
	frame_id(mon, id0);
	for (uint32_t k = 0; k < n; k++) {
		bool nf;
		int r = line_step(mon, over, &nf);
		if (r != 0)
			return r < 0 ? -1 : 0;
	}
	mon->frame_sel = 0;
	frame_id(mon, id1);
	/* gdb names the frame when the step ended in another one. */
	show_location(mon, id0[0] != id1[0] || id0[1] != id1[1]);
	mon_show_displays(mon);
	return 0;
}

int mon_cmd_step(struct monitor *mon, const char *args)
{
	return step_cmd(mon, args, false);
}

int mon_cmd_next(struct monitor *mon, const char *args)
{
	return step_cmd(mon, args, true);
}

/* --- list, info line, info source ---------------------------------------- */

int mon_cmd_list(struct monitor *mon, const char *args)
{
	if (!mon->dw)
		return mon_err(mon, "list: the program has no line information (build it with -g)");
	int center = 0;
	struct mdw_line ln;
	char file[1024];
	snprintf(file, sizeof(file), "%s", mon->list_file);
	while (*args == ' ')
		args++;
	if (*args) {
		uint32_t lo, at;
		const char *colon = strrchr(args, ':');
		if (isdigit((unsigned char)*args) && strspn(args, "0123456789") == strlen(args)) {
			center = atoi(args);
		} else if (colon && isdigit((unsigned char)colon[1])) {
			int r = mdw_file_line(
			    mon->dw,
			    (snprintf(file, sizeof(file), "%.*s", (int)(colon - args), args), file),
			    atoi(colon + 1), &ln);
			if (r < 0)
				return mon_err(mon, "no source file named %s", file);
			snprintf(file, sizeof(file), "%s", ln.path);
			center = atoi(colon + 1);
		} else if (mdw_func_named(mon->dw, args, &lo, &at) &&
			   mdw_pc_line(mon->dw, lo, &ln)) {
			snprintf(file, sizeof(file), "%s", ln.path);
			center = ln.line;
		} else {
			return mon_err(mon, "list: no function or line '%s'", args);
		}
		if (!*file)
			return mon_err(mon, "list: no default source file yet (try list FUNC)");
		mon->list_line = center - 5 < 1 ? 1 : center - 5;
	} else if (!*file) {
		/* gdb starts around main. */
		uint32_t lo, at;
		uint32_t pc = mon->m ? cur_pc(mon) : 0;
		if (mon->m && mon_dwarf_at(mon, pc) && mdw_pc_line(mon->dw, pc, &ln))
			center = ln.line;
		else if (mdw_func_named(mon->dw, "main", &lo, &at) && mdw_pc_line(mon->dw, lo, &ln))
			center = ln.line + 1;
		else
			return mon_err(mon, "list: no default source file (try list FUNC)");
		snprintf(file, sizeof(file), "%s", ln.path);
		mon->list_line = center - 5 < 1 ? 1 : center - 5;
	}
	int last;
	if (!print_lines(file, mon->list_line, mon->list_line + 9, &last))
		return mon_err(mon, "%s: cannot read the source file", file);
	if (last < mon->list_line)
		return mon_err(mon, "line number %d out of range; \"%s\" has fewer lines",
			       mon->list_line, file);
	snprintf(mon->list_file, sizeof(mon->list_file), "%s", file);
	mon->list_line = last + 1;
	return 0;
}

int mon_info_line(struct monitor *mon, const char *args)
{
	uint32_t pc;
	struct mdw_line ln;
	char s1[96], s2[96];
	if (!mon->dw)
		return mon_err(mon, "info line: the program has no line information (build it "
				    "with -g)");
	while (*args == ' ')
		args++;
	if (!*args) {
		if (!mon_need_live(mon))
			return -1;
		pc = cur_pc(mon);
	} else if (mon_src_linespec(mon, args, &pc) != 0 && mon_eval_loc(mon, args, &pc) < 0) {
		return -1;
	}
	if (!mdw_pc_line(mon->dw, pc, &ln))
		return mon_err(mon, "no line number information for address 0x%08x", pc);
	mon_sym(mon, ln.addr, s1, sizeof(s1));
	mon_sym(mon, ln.end, s2, sizeof(s2));
	printf("Line %d of \"%s\" starts at address 0x%08x <%s> and ends at 0x%08x <%s>.\n",
	       ln.line, ln.file, ln.addr, s1, ln.end, s2);
	mon->x_next = ln.addr;
	return 0;
}

int mon_info_source(struct monitor *mon, const char *args)
{
	(void)args;
	if (!mon->dw) {
		printf("No debug information: %s was built without -g.\n",
		       mon->argv ? mon->argv[0] : "the program");
		return 0;
	}
	struct mdw_line ln;
	uint32_t pc = mon->m ? cur_pc(mon) : 0;
	if (mon->m && mon_dwarf_at(mon, pc) && mdw_pc_line(mon->dw, pc, &ln))
		printf("Current source file is %s\n", ln.file);
	else
		printf("%s has DWARF debug information (no current source file).\n", mon->argv[0]);
	return 0;
}

/* --- frame, up, down ------------------------------------------------------ */

static int show_frame(struct monitor *mon)
{
	struct mon_frame f;
	int level;
	if (!selected(mon, &f, &level))
		return mon_err(mon, "no stack");
	mon_print_frame(mon, level, &f);
	struct mdw *d = mon_dwarf_at(mon, f.pc);
	struct mdw_line ln;
	if (d && mdw_pc_line(d, f.pc - (f.exact ? 0 : 1), &ln)) {
		show_line(ln.path, ln.file, ln.line);
		snprintf(mon->list_file, sizeof(mon->list_file), "%s", ln.path);
		mon->list_line = ln.line - 5 < 1 ? 1 : ln.line - 5;
	}
	return 0;
}

static int count_arg(struct monitor *mon, const char *args, int dflt, int *n)
{
	*n = dflt;
	if (!*args)
		return 0;
	char *end;
	long v = strtol(args, &end, 10);
	if (end == args || *end || v < 0 || v > 10000)
		return mon_err(mon, "'%s' is not a frame count", args);
	*n = (int)v;
	return 0;
}

int mon_cmd_frame(struct monitor *mon, const char *args)
{
	int n;
	if (!mon_need_live(mon) || count_arg(mon, args, mon->frame_sel, &n) < 0)
		return -1;
	static struct mon_frame v[MON_MAX_FRAMES];
	int have = mon_frames(mon, v, MON_MAX_FRAMES);
	if (n >= have)
		return mon_err(mon, "no frame at level %d (the stack has %d)", n, have);
	if (v[n].trap)
		return mon_err(mon, "frame %d is the trap: `info trapframe` shows it", n);
	mon->frame_sel = n;
	return show_frame(mon);
}

static int move_frame(struct monitor *mon, const char *args, int dir)
{
	int n;
	if (!mon_need_live(mon) || count_arg(mon, args, 1, &n) < 0)
		return -1;
	static struct mon_frame v[MON_MAX_FRAMES];
	int have = mon_frames(mon, v, MON_MAX_FRAMES), k = mon->frame_sel;
	for (int s = 0; s < n; s++) {
		int next = k + dir;
		if (next >= 0 && next < have && v[next].trap)
			next += dir;
		if (next < 0 || next >= have)
			return mon_err(mon, dir > 0 ? "Initial frame selected; you cannot go up."
						    : "Bottom (innermost) frame selected; you "
						      "cannot go down.");
		k = next;
	}
	mon->frame_sel = k;
	return show_frame(mon);
}

int mon_cmd_up(struct monitor *mon, const char *args)
{
	return move_frame(mon, args, 1);
}

int mon_cmd_down(struct monitor *mon, const char *args)
{
	return move_frame(mon, args, -1);
}

/* --- info locals, info args, info frame ----------------------------------- */

static void emit_var(void *arg, const char *name, const char *value)
{
	int *n = arg;
	printf("%s = %s\n", name, value);
	(*n)++;
}

static int list_vars(struct monitor *mon, bool args)
{
	struct mon_frame f;
	if (!mon_need_live(mon))
		return -1;
	if (!selected(mon, &f, NULL) || !mon_dwarf_at(mon, f.pc))
		return mon_err(mon, "no symbol table info available (build the program with -g)");
	int n = 0;
	mdw_list_vars(mon->dw, &f.regs, f.exact, args, mon_dwarf_read, mon, emit_var, &n);
	if (!n)
		printf("%s\n", args ? "No arguments." : "No locals.");
	return 0;
}

int mon_info_locals(struct monitor *mon, const char *args)
{
	(void)args;
	return list_vars(mon, false);
}

int mon_info_args(struct monitor *mon, const char *args)
{
	(void)args;
	return list_vars(mon, true);
}

int mon_src_info_frame(struct monitor *mon)
{
	static struct mon_frame v[MON_MAX_FRAMES];
	int n = mon_frames(mon, v, MON_MAX_FRAMES), k = mon->frame_sel;
	if (k >= n || v[k].trap || !mon_dwarf_at(mon, v[k].pc) || k + 1 >= n)
		return 1;
	struct mon_frame *f = &v[k];
	const char *fn = "??";
	uint32_t lo, hi, cfa = v[k + 1].regs.r[MDW_ESP];
	struct mdw_line ln;
	char where[1100] = "", args[512];
	mdw_func(mon->dw, f->pc - (f->exact ? 0 : 1), &fn, &lo, &hi);
	if (mdw_pc_line(mon->dw, f->pc - (f->exact ? 0 : 1), &ln))
		snprintf(where, sizeof(where), " (%s:%d)", ln.file, ln.line);
	printf("Stack level %d, frame at 0x%08x:\n", k, cfa);
	printf(" eip = 0x%08x in %s%s; saved eip = 0x%08x\n", f->pc, fn, where, v[k + 1].pc);
	if (k + 2 < n && !v[k + 1].trap && v[k + 2].regs.valid & (1u << MDW_ESP))
		printf(" called by frame at 0x%08x", v[k + 2].regs.r[MDW_ESP]);
	else
		printf(" outermost caller");
	if (k > 0 && !v[k - 1].trap)
		printf(", caller of frame at 0x%08x", v[k].regs.r[MDW_ESP]);
	printf("\n");
	mdw_format_args(mon->dw, &f->regs, f->exact, mon_dwarf_read, mon, args, sizeof(args));
	printf(" args: %s\n", args);
	printf(" esp 0x%08x, ebp 0x%08x; previous frame's sp is 0x%08x\n", f->regs.r[MDW_ESP],
	       f->regs.r[MDW_EBP], cfa);
	return 0;
}
