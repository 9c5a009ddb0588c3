/*
 * The reports of `ia32emu test`: one line per program (or TAP), the
 * command that reruns a failing program under `trace`, and JUnit XML.
 */
#include "batch.h"

#include <stdlib.h>
#include <string.h>

#define LOG_LINES 20 /* lines of a failing program's stderr shown with -v */

static void put_word(FILE *f, const char *w)
{
	char *q = bt_shquote(w);
	fprintf(f, " %s", q);
	free(q);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* A trace of more instructions than this shows only the crossings (int,
 * cpl, syscall, sched): a line per instruction is some 55 bytes. */
#define HINT_INSN_LINES 1000000ull
/* Beyond the retired count, room for the instructions of an exit. */
#define HINT_MARGIN 1000ull

/* The rerun's budget: the instructions the failing run retired (it is
 * deterministic), within its own budget; when unknown (a timeout), that
 * budget, or the default one when it had none. Never unbounded. */
static uint64_t hint_insns(const struct batch_opts *o, const struct btest *t)
{
	uint64_t cap = o->max_insns ? o->max_insns : BATCH_DEFAULT_MAX_INSNS;
	if (t->insns && t->insns + HINT_MARGIN < cap)
		return t->insns + HINT_MARGIN;
	return cap;
}

/* A fresh root like the one the run had, in the mktemp directory $d: an
 * empty directory, or a copy of NAME.root (the program may change it). */
static void put_root(FILE *f, const struct btest *t)
{
	fputs("mkdir \"$d/root\" && ", f);
	if (t->root_src) {
		char *src = bt_strf("%s/.", t->root_src);
		fputs("cp -R", f);
		put_word(f, src);
		fputs(" \"$d/root\" && ", f);
		free(src);
	}
}

/* `d=$(mktemp -d) && [CC [CFLAGS] SRC -o "$d"/NAME &&] mkdir "$d/root" &&
 * EMU trace --root "$d/root" --max-insns N --trace-file "$d/trace" PROG
 * ARGS [< IN]; echo ...`: everything in a new directory of its own (the
 * runner's build is gone when it ends), the trace bounded and in a file. */
void batch_set_rerun(const struct batch_opts *o, struct btest *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return;
	char *base = bt_shquote(base_name(t->name));
	char *built = bt_strf("\"$d\"/%s", base);
	free(base);
	fputs("d=$(mktemp -d) && ", f);
	if (t->source) {
		char *cc = bt_shquote(o->cc_shown);
		fputs(cc, f);
		free(cc);
		if (o->cflags)
			fprintf(f, " %s", o->cflags);
		put_word(f, t->prog);
		fprintf(f, " -o %s", built);
	}
	if (t->outcome != BT_COMPILE) {
		if (t->source)
			fputs(" && ", f);
		put_root(f, t);
		char *emu = bt_shquote(o->emu_shown);
		uint64_t n = hint_insns(o, t);
		fprintf(f, "%s trace --root \"$d/root\" --max-insns %llu", emu,
			(unsigned long long)n);
		free(emu);
		if (n > HINT_INSN_LINES)
			fputs(" --trace int,cpl,syscall,sched", f);
		if (t->outcome == BT_TIMEOUT && o->timeout)
			fprintf(f, " --timeout %u", o->timeout);
		if (o->mem_mib != 128)
			fprintf(f, " --mem %u", o->mem_mib);
		if (o->abi)
			fprintf(f, " --abi %s", o->abi);
		fputs(" --trace-file \"$d/trace\"", f);
		if (t->source)
			fprintf(f, " %s", built);
		else
			put_word(f, t->prog);
		for (int i = 1; i < t->argc; i++)
			put_word(f, t->argv[i]);
		if (t->in_path) {
			fputs(" <", f);
			put_word(f, t->in_path);
		}
		fputs("; echo \"trace: $d/trace\" >&2", f);
	}
	fclose(f);
	free(built);
	free(t->rerun);
	t->rerun = buf;
}

/* Up to LOG_LINES lines of the log, each after a prefix, made printable. */
static void print_log(FILE *f, const char *prefix, const char *log)
{
	int lines = 0;
	while (log && *log && lines++ < LOG_LINES) {
		const char *nl = strchr(log, '\n');
		size_t n = nl ? (size_t)(nl - log) : strlen(log);
		char *e = bt_escape(log, n, 200);
		fprintf(f, "%s%s\n", prefix, e);
		free(e);
		log += n + (nl != NULL);
	}
}

/* TAP: a test name may not contain '#' (it starts a directive). */
static void tap_name(FILE *f, const char *name)
{
	for (; *name; name++) {
		if (*name == '#')
			fputc('\\', f);
		fputc(*name, f);
	}
}

/* YAML single-quoted scalar: ' is written twice. */
static void yaml_str(FILE *f, const char *key, const char *s)
{
	fprintf(f, "  %s: '", key);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
	fputs("'\n", f);
}

void batch_tap_plan(FILE *f, size_t n)
{
	fprintf(f, "TAP version 13\n1..%zu\n", n);
}

void batch_print_result(FILE *f, const struct batch_opts *o, const struct btest *t, size_t idx)
{
	bool pass = t->outcome == BT_PASS;
	if (o->tap) {
		fprintf(f, "%sok %zu - ", pass ? "" : "not ", idx + 1);
		tap_name(f, t->name);
		fputc('\n', f);
		if (!pass) {
			fputs("  ---\n", f);
			yaml_str(f, "message", t->detail ? t->detail : "");
			if (t->rerun)
				yaml_str(f, "rerun", t->rerun);
			fputs("  ...\n", f);
			if (o->verbose)
				print_log(f, "# ", t->log);
		}
		return;
	}
	if (pass) {
		fprintf(f, "ok %s\n", t->name);
		return;
	}
	fprintf(f, "FAIL %s: %s", t->name, t->detail ? t->detail : "");
	if (t->rerun)
		fprintf(f, " -- rerun: %s", t->rerun);
	fputc('\n', f);
	if (o->verbose)
		print_log(f, "    | ", t->log);
}

/* The length of the well-formed UTF-8 sequence at p (Unicode table 3-7:
 * no overlong forms, no surrogates, nothing above U+10FFFF), or 0. */
static int utf8_len(const unsigned char *p)
{
	unsigned c = p[0];
	unsigned lo = 0x80, hi = 0xbf;
	int n;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (int i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* XML 1.0 character data: markup characters as references, control
 * characters (not allowed in XML 1.0, even as references) and bytes that
 * are not UTF-8 as '?'. */
static void xml_text(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		if (c >= 0x80) {
			int n = utf8_len(p);
			if (n)
				fwrite(p, 1, (size_t)n, f);
			else
				fputc('?', f);
			p += n ? n : 1;
			continue;
		}
		switch (c) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		case '\n':
		case '\t': fputc((int)c, f); break;
		default: fputc(c < 0x20 || c == 0x7f ? '?' : (int)c, f); break;
		}
		p++;
	}
}

static const char *const kind[] = {
    [BT_PASS] = "pass",	      [BT_OUTPUT] = "output",	[BT_STATUS] = "status",
    [BT_FAULT] = "exception", [BT_STOPPED] = "stopped", [BT_TIMEOUT] = "timeout",
    [BT_COMPILE] = "compile", [BT_LOAD] = "load",	[BT_ERROR] = "error",
};

static void junit_case(FILE *f, const struct btest *t)
{
	fputs("    <testcase classname=\"ia32emu\" name=\"", f);
	xml_text(f, t->name);
	fprintf(f, "\" time=\"%.3f\"", t->secs);
	if (t->outcome == BT_PASS) {
		fputs("/>\n", f);
		return;
	}
	fputs(">\n      <failure type=\"", f);
	xml_text(f, kind[t->outcome]);
	fputs("\" message=\"", f);
	xml_text(f, t->detail ? t->detail : "");
	fputs("\">", f);
	xml_text(f, t->detail ? t->detail : "");
	if (t->rerun) {
		fputs("\nrerun: ", f);
		xml_text(f, t->rerun);
	}
	fputs("</failure>\n", f);
	if (t->output && *t->output) {
		fputs("      <system-out>", f);
		xml_text(f, t->output);
		fputs("</system-out>\n", f);
	}
	if (t->log && *t->log) {
		fputs("      <system-err>", f);
		xml_text(f, t->log);
		fputs("</system-err>\n", f);
	}
	fputs("    </testcase>\n", f);
}

int batch_write_junit(const char *path, const struct btest_list *l, double secs)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		return -1;
	}
	size_t failed = 0;
	for (size_t i = 0; i < l->n; i++)
		failed += l->v[i].outcome != BT_PASS;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites tests=\"%zu\" failures=\"%zu\" time=\"%.3f\">\n", l->n, failed,
		secs);
	fprintf(f,
		"  <testsuite name=\"ia32emu test\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
		"skipped=\"0\" time=\"%.3f\">\n",
		l->n, failed, secs);
	for (size_t i = 0; i < l->n; i++)
		junit_case(f, &l->v[i]);
	fputs("  </testsuite>\n</testsuites>\n", f);
	if (fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}
