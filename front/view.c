/* ia32emu view: a jsonl trace as one HTML page. The trace lines go into the
 * page as JavaScript string literals (the page's script parses them), so the
 * writer needs no JSON parser and no guest byte can reach the markup: `<`,
 * `>`, `&`, quotes, backslashes and control bytes are all escaped. Large
 * runs are thinned here (docs/view.md): instructions are kept only around
 * crossings, and past the first VIEW_DETAIL crossings the deliver and iret
 * events are cut to their time and process. */
#include "view.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define VIEW_DETAIL 500 /* crossings kept with every field */
#define VIEW_BEFORE 4	/* instructions kept before a delivery */
#define VIEW_LINE   65536
#define VIEW_MAPS   256 /* distinct address-space maps kept whole */

struct view_state {
	FILE *out;
	char before[VIEW_BEFORE][VIEW_LINE / 16];
	int nbefore;
	bool after_iret; /* keep the next instruction: the first one back */
	unsigned long crossings;
	unsigned long lines;
	unsigned long dropped;
	char *maps[VIEW_MAPS]; /* the ranges of each distinct map kept, in order */
	int nmaps;
	unsigned long maps_same, maps_dropped;
};

/* One trace line as a JavaScript string literal in single quotes (the
 * line's many double quotes stay as they are). */
static void put_js_string(FILE *out, const char *s)
{
	fputc('\'', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if (c == '\\')
			fputs("\\\\", out);
		else if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&' || c == '\'')
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('\'', out);
}

static void emit(struct view_state *v, const char *line)
{
	put_js_string(v->out, line);
	fputs(",\n", v->out);
	v->lines++;
}

static bool is_ev(const char *line, const char *ev)
{
	size_t n = strlen(ev);
	return strncmp(line, "{\"ev\":\"", 7) == 0 && strncmp(line + 7, ev, n) == 0 &&
	       line[7 + n] == '"';
}

/* The number after `key` (",\"pid\":"): a key preceded by a comma and a
 * bare quote cannot be inside an escaped string. */
static unsigned long long field_num(const char *line, const char *key)
{
	const char *p = strstr(line, key);
	return p ? strtoull(p + strlen(key), NULL, 10) : 0;
}

/* A deliver or iret past the detail budget: its kind, time and process. */
static void emit_short(struct view_state *v, const char *line, bool deliver)
{
	char buf[256];
	const char *kind = strstr(line, ",\"kind\":\"softint\"")    ? "softint"
			   : strstr(line, ",\"kind\":\"external\"") ? "external"
								    : "exception";
	if (deliver)
		snprintf(buf, sizeof(buf),
			 "{\"ev\":\"deliver\",\"vector\":%llu,\"kind\":\"%s\",\"old_cpl\":%llu,"
			 "\"new_cpl\":%llu,\"pid\":%llu,\"icount\":%llu,\"short\":true}",
			 field_num(line, "\"vector\":"), kind, field_num(line, ",\"old_cpl\":"),
			 field_num(line, ",\"new_cpl\":"), field_num(line, ",\"pid\":"),
			 field_num(line, ",\"icount\":"));
	else
		snprintf(buf, sizeof(buf),
			 "{\"ev\":\"iret\",\"old_cpl\":%llu,\"new_cpl\":%llu,\"pid\":%llu,"
			 "\"icount\":%llu,\"short\":true}",
			 field_num(line, ",\"old_cpl\":"), field_num(line, ",\"new_cpl\":"),
			 field_num(line, ",\"pid\":"), field_num(line, ",\"icount\":"));
	emit(v, buf);
}

/* A map event: kept whole the first time its ranges are seen; after that
 * as {"same":K} naming the K-th kept map (forked children and repeated
 * heap steps give the same ranges), so maps cost little in large runs. */
static void take_map(struct view_state *v, const char *line)
{
	const char *a = strstr(line, ",\"ranges\":["), *b = a ? strstr(a, "],\"pid\":") : NULL;
	if (!a || !b) {
		emit(v, line);
		return;
	}
	size_t n = (size_t)(b - a);
	for (int i = 0; i < v->nmaps; i++)
		if (strlen(v->maps[i]) == n && strncmp(v->maps[i], a, n) == 0) {
			char buf[512];
			if ((size_t)(a - line) + strlen(b + 1) + 32 >= sizeof(buf))
				break;
			snprintf(buf, sizeof(buf), "%.*s,\"same\":%d%s", (int)(a - line), line, i,
				 b + 1);
			emit(v, buf);
			v->maps_same++;
			return;
		}
	if (v->nmaps == VIEW_MAPS) {
		v->maps_dropped++;
		v->dropped++;
		return;
	}
	v->maps[v->nmaps] = strndup(a, n);
	if (v->maps[v->nmaps])
		v->nmaps++;
	emit(v, line);
}

static void take_line(struct view_state *v, const char *line)
{
	bool detail = v->crossings < VIEW_DETAIL;
	if (is_ev(line, "map")) {
		take_map(v, line);
		return;
	}
	if (is_ev(line, "uaccess") || is_ev(line, "trapframe")) {
		if (detail)
			emit(v, line);
		else
			v->dropped++;
		return;
	}
	if (is_ev(line, "insn")) {
		if (v->after_iret && detail) {
			emit(v, line);
			v->after_iret = false;
			return;
		}
		if (strlen(line) >= sizeof(v->before[0])) {
			v->dropped++;
			return;
		}
		if (v->nbefore == VIEW_BEFORE) {
			memmove(v->before[0], v->before[1],
				sizeof(v->before[0]) * (VIEW_BEFORE - 1));
			v->nbefore--;
			v->dropped++;
		}
		strcpy(v->before[v->nbefore++], line);
		return;
	}
	if (is_ev(line, "regs") || is_ev(line, "mem")) {
		v->dropped++;
		return;
	}
	if (is_ev(line, "deliver")) {
		if (detail) {
			for (int i = 0; i < v->nbefore; i++)
				emit(v, v->before[i]);
			emit(v, line);
		} else {
			v->dropped += (unsigned long)v->nbefore;
			emit_short(v, line, true);
		}
		v->nbefore = 0;
		v->crossings++;
		return;
	}
	if (is_ev(line, "iret")) {
		if (detail)
			emit(v, line);
		else
			emit_short(v, line, false);
		v->after_iret = true;
		v->dropped += (unsigned long)v->nbefore;
		v->nbefore = 0;
		return;
	}
	emit(v, line);
}

static void put_html_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out);
		}
	}
}

int view_write(FILE *in, FILE *out, const char *title)
{
	struct view_state *v = calloc(1, sizeof(*v));
	char *line = malloc(VIEW_LINE);
	if (!v || !line) {
		free(v);
		free(line);
		fprintf(stderr, "ia32emu: out of memory\n");
		return -1;
	}
	v->out = out;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n<title>",
	      out);
	put_html_text(out, title);
	fputs(" — ia32emu view</title>\n<style>\n", out);
	fputs(view_css, out);
	fputs("</style></head>\n<body data-title=\"", out);
	put_html_text(out, title);
	fputs("\">\n<script>\nwindow.onerror = function (m, s, l) {\n"
	      "  document.body.setAttribute('data-error', String(m) + ' at line ' + l);\n};\n"
	      "const TRACE = [\n",
	      out);
	while (fgets(line, VIEW_LINE, in)) {
		size_t n = strlen(line);
		bool whole = n > 0 && line[n - 1] == '\n';
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!whole && !feof(in)) { /* longer than any event: skip the rest */
			int c;
			while ((c = fgetc(in)) != EOF && c != '\n')
				;
			v->dropped++;
			continue;
		}
		if (n > 0)
			take_line(v, line);
	}
	fprintf(out,
		"];\nconst THINNED = {dropped: %lu, detail: %d, crossings: %lu, maps: %d, "
		"maps_same: %lu, maps_dropped: %lu};\n",
		v->dropped, VIEW_DETAIL, v->crossings, v->nmaps, v->maps_same, v->maps_dropped);
	fputs(view_js, out);
	fputs("</script>\n</body></html>\n", out);
	free(line);
	for (int i = 0; i < v->nmaps; i++)
		free(v->maps[i]);
	free(v);
	return ferror(out) ? -1 : 0;
}

static void view_usage(FILE *f)
{
	fprintf(f, "usage: ia32emu view TRACE.jsonl -o FILE.html\n\n"
		   "Writes one self-contained HTML page (inline style, SVG and script)\n"
		   "of a trace written by `ia32emu trace --trace-format jsonl`: a timeline\n"
		   "with a lane per process, user and kernel mode, every crossing, the\n"
		   "anatomy of a crossing on click, and the calls' summary.\n"
		   "`ia32emu trace --html FILE PROG` does both in one run.\n");
}

int view_command(int argc, char **argv)
{
	const char *in_name = NULL, *out_name = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			view_usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			out_name = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "ia32emu: view: unknown option '%s'\n", argv[i]);
			return 2;
		} else if (!in_name) {
			in_name = argv[i];
		} else {
			fprintf(stderr, "ia32emu: view: one trace file only\n");
			return 2;
		}
	}
	if (!in_name || !out_name) {
		view_usage(stderr);
		return 2;
	}
	FILE *in = strcmp(in_name, "-") == 0 ? stdin : fopen(in_name, "r");
	if (!in) {
		fprintf(stderr, "ia32emu: view: cannot read %s\n", in_name);
		return 1;
	}
	FILE *out = fopen(out_name, "w");
	if (!out) {
		fprintf(stderr, "ia32emu: view: cannot write %s\n", out_name);
		if (in != stdin)
			fclose(in);
		return 1;
	}
	const char *base = strrchr(in_name, '/');
	int r = view_write(in, out, base ? base + 1 : in_name);
	if (in != stdin)
		fclose(in);
	if (fclose(out) != 0 || r < 0) {
		fprintf(stderr, "ia32emu: view: cannot write %s\n", out_name);
		return 1;
	}
	return 0;
}
