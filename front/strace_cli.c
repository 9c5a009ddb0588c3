/* strace's own options, parsed among `run`'s (cli.c). */
#include "strace.h"

#include "cli.h"

#include <string.h>

void strace_usage(FILE *f)
{
	fprintf(f, "strace options:\n"
		   "  -f                 follow forked processes ([pid N] before each line)\n"
		   "  -c                 count calls, errors and guest instructions (kernel\n"
		   "                     and user mode) per call: a table at the end, no lines\n"
		   "  -C                 the lines and the table\n"
		   "  -T                 the guest instructions each call spent in the kernel\n"
		   "  -e trace=SET       only these calls: names, %%file, %%process, %%signal,\n"
		   "                     %%desc, %%memory, %%network, comma-separated; !SET: all\n"
		   "                     but them\n"
		   "  -s N               bytes of a string or buffer shown (default 32)\n"
		   "  -v                 every field of the structures\n"
		   "  -o FILE            write the trace to FILE (default: stderr)\n");
}

static int add_class(struct strace_opts *o, const char *w, size_t n)
{
	static const struct {
		const char *name;
		unsigned cls;
	} cl[] = {{"%file", SC_FILE},	   {"file", SC_FILE},	     {"%process", SC_PROCESS},
		  {"process", SC_PROCESS}, {"%signal", SC_SIGNAL},   {"signal", SC_SIGNAL},
		  {"%desc", SC_DESC},	   {"desc", SC_DESC},	     {"%memory", SC_MEMORY},
		  {"memory", SC_MEMORY},   {"%network", SC_NETWORK}, {"network", SC_NETWORK},
		  {"%net", SC_NETWORK}};
	for (unsigned i = 0; i < sizeof(cl) / sizeof(cl[0]); i++)
		if (strlen(cl[i].name) == n && strncmp(cl[i].name, w, n) == 0) {
			o->classes |= cl[i].cls;
			return 0;
		}
	return -1;
}

static bool known_name(const char *w, size_t n)
{
	const struct strace_abi *abis[] = {&strace_abi_ia32emu, &strace_abi_xv6, &strace_abi_linux};
	char name[64];
	if (n >= sizeof(name))
		return false;
	memcpy(name, w, n);
	name[n] = 0;
	for (unsigned i = 0; i < 3; i++)
		if (strace_call_by_name(abis[i], name) >= 0)
			return true;
	return false;
}

static int parse_filter(struct strace_opts *o, const char *e)
{
	if (strncmp(e, "trace=", 6) == 0)
		e += 6;
	else if (strchr(e, '='))
		return fprintf(stderr, "ia32emu: strace: -e %s: only trace=SET is supported\n", e),
		       -1;
	o->filtered = true;
	if (*e == '!') {
		o->negate = true;
		e++;
	}
	if (strcmp(e, "all") == 0) {
		o->filtered = o->negate; /* !all: nothing */
		o->negate = false;
		if (o->filtered)
			o->classes = 0;
		return 0;
	}
	while (*e) {
		size_t n = strcspn(e, ",");
		if (n == 0 || (add_class(o, e, n) < 0 && !known_name(e, n)) ||
		    (e[0] != '%' && o->nnames >= STRACE_FILTER_MAX)) {
			fprintf(stderr, "ia32emu: strace: invalid system call '%.*s'\n",
				(int)(n > 40 ? 40 : n), e);
			return -1;
		}
		if (e[0] != '%' && add_class(o, e, n) < 0) {
			memcpy(o->names[o->nnames], e, n); /* known_name: n < 64 */
			o->names[o->nnames++][n] = 0;
		}
		e += n;
		if (*e == ',')
			e++;
	}
	return 0;
}

int strace_parse_opt(struct strace_opts *o, const char *a, const char *val)
{
	if (strcmp(a, "-f") == 0)
		o->follow = true;
	else if (strcmp(a, "-c") == 0)
		o->count = true;
	else if (strcmp(a, "-C") == 0)
		o->both = true;
	else if (strcmp(a, "-T") == 0)
		o->insns = true;
	else if (strcmp(a, "-v") == 0)
		o->verbose = true;
	else if (strcmp(a, "-e") == 0 || strcmp(a, "-s") == 0 || strcmp(a, "-o") == 0) {
		uint64_t v;
		if (!val) {
			fprintf(stderr, "ia32emu: strace: %s takes a value\n", a);
			return -1;
		}
		if (a[1] == 'e' && parse_filter(o, val) < 0)
			return -1;
		if (a[1] == 's') {
			if (!parse_u64(val, &v) || v > 65536) {
				fprintf(stderr, "ia32emu: strace: -s takes a size up to 65536\n");
				return -1;
			}
			o->strsize = (unsigned)v;
		}
		if (a[1] == 'o')
			o->outfile = val;
		return 2;
	} else
		return 0;
	return 1;
}
