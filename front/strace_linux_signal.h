/* A Linux signal's strace line (strace_linux_signal.c). */
#ifndef FRONT_STRACE_LINUX_SIGNAL_H
#define FRONT_STRACE_LINUX_SIGNAL_H

#include "../kernel/kernel.h"
#include "strace_fmt.h"

#include <stdio.h>

/* `--- SIGNAME {si_signo=..., si_code=..., ...} ---` */
void strace_signal_text(struct sbuf *b, const struct signal_event *e);
/* si_code's name for signal `sig` ("CLD_EXITED", "SI_USER"), or the
 * number in buf. */
const char *strace_si_code_name(int sig, int code, char *buf, size_t n);

/* Argument kinds of the signal calls (SK_SIGACTION, SK_SIGSET, ...):
 * true when `kind` is one and was printed. */
bool strace_signal_arg(struct sbuf *b, struct machine *m, unsigned kind, uint32_t v, bool filled);

#endif
