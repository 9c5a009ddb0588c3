/* Comparing a program's stdout with NAME.out: the first differing line. */
#include "batch.h"

#include <stdlib.h>
#include <string.h>

#define SHOW_MAX 60 /* bytes of a line shown in a report */

/* One line as shown: escaped, without its '\n'. */
static char *show(const char *line, ssize_t n)
{
	if (n > 0 && line[n - 1] == '\n')
		n--;
	char *e = bt_escape(line, (size_t)n, SHOW_MAX);
	char *s = bt_strf("\"%s\"", e);
	free(e);
	return s;
}

static char *differ(long lineno, const char *want, ssize_t wn, const char *got, ssize_t gn)
{
	if (wn < 0) {
		char *g = show(got, gn);
		char *r = bt_strf("line %ld: expected end of output, got %s", lineno, g);
		free(g);
		return r;
	}
	if (gn < 0) {
		char *w = show(want, wn);
		char *r = bt_strf("line %ld: expected %s, got end of output", lineno, w);
		free(w);
		return r;
	}
	bool wnl = want[wn - 1] == '\n', gnl = got[gn - 1] == '\n';
	char *w = show(want, wn), *g = show(got, gn);
	char *r;
	if (wnl != gnl && wn - wnl == gn - gnl && memcmp(want, got, (size_t)(wn - wnl)) == 0)
		r = bt_strf("line %ld: expected %s %s a newline at the end of output", lineno, w,
			    wnl ? "with" : "without");
	else
		r = bt_strf("line %ld: expected %s, got %s", lineno, w, g);
	free(w);
	free(g);
	return r;
}

char *batch_compare(const char *want_path, const char *got_path)
{
	FILE *wf = fopen(want_path, "rb");
	if (!wf)
		return bt_strf("cannot read %s", want_path);
	FILE *gf = fopen(got_path, "rb");
	if (!gf) {
		fclose(wf);
		return bt_strf("cannot read the program's output");
	}
	char *want = NULL, *got = NULL;
	size_t wcap = 0, gcap = 0;
	char *r = NULL;
	for (long lineno = 1; !r; lineno++) {
		ssize_t wn = getline(&want, &wcap, wf);
		ssize_t gn = getline(&got, &gcap, gf);
		if (wn < 0 && gn < 0)
			break;
		if (wn != gn || memcmp(want, got, (size_t)wn) != 0)
			r = differ(lineno, want, wn, got, gn);
	}
	free(want);
	free(got);
	fclose(wf);
	fclose(gf);
	return r;
}
