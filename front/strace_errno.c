#define _GNU_SOURCE /* strerrorname_np */
/* errno and signal names for the decoders. The ABIs return Linux's errno
 * numbers; the host is Linux with glibc, whose strerrorname_np() and
 * strerror() give the names and messages strace prints (C locale). */
#include "strace_abi.h"

#include <string.h>

const char *strace_errno_name(int e)
{
	if (e <= 0 || e > 4095)
		return NULL;
	return strerrorname_np(e);
}

const char *strace_errno_msg(int e)
{
	const char *s = strerror(e);
	return s ? s : "Unknown error";
}

const char *strace_signal_name(int sig)
{
	static const char *const names[] = {
	    NULL,	"SIGHUP",  "SIGINT",	"SIGQUIT", "SIGILL",  "SIGTRAP",   "SIGABRT",
	    "SIGBUS",	"SIGFPE",  "SIGKILL",	"SIGUSR1", "SIGSEGV", "SIGUSR2",   "SIGPIPE",
	    "SIGALRM",	"SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP",   "SIGTSTP",
	    "SIGTTIN",	"SIGTTOU", "SIGURG",	"SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
	    "SIGWINCH", "SIGIO",   "SIGPWR",	"SIGSYS"};
	return sig > 0 && sig < (int)(sizeof(names) / sizeof(names[0])) ? names[sig] : NULL;
}
