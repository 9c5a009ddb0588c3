/* ia32emu view: one self-contained HTML page of a jsonl trace (docs/view.md). */
#ifndef FRONT_VIEW_H
#define FRONT_VIEW_H

#include <stdio.h>

/* Reads jsonl trace lines from `in`, writes the page to `out`. The page's
 * script and style are inline; every trace line is embedded as an escaped
 * JavaScript string, so no byte of it can end the script. Returns 0, or -1
 * on a write error. */
int view_write(FILE *in, FILE *out, const char *title);
/* `ia32emu view TRACE.jsonl -o FILE.html` */
int view_command(int argc, char **argv);

/* The page's style and script (front/view.css, front/view.js, built in). */
extern const char view_css[];
extern const char view_js[];

#endif
