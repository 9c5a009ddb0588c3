/*
 * `ia32emu syscalls-xml [--abi NAME] FILE`: an ABI's system-call table in
 * the XML gdb reads to name calls (gdb manual, "System Calls" under
 * "Setting Catchpoints": syscalls/i386-linux.xml in its data directory),
 * so `catch syscall NAME` through the stub's QCatchSyscalls uses the
 * program's numbering, not Linux's.
 */
#include "../kernel/abi.h"
#include "gdbstub_cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void put_name(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else
			fputc(*s, f);
	}
}

static int usage(int rc)
{
	printf("usage: ia32emu syscalls-xml [--abi NAME] FILE\n\n"
	       "Writes the system calls of ABI NAME (%s; default ia32emu)\n"
	       "as gdb's syscalls XML. Save it as DIR/syscalls/i386-linux.xml, then in gdb\n"
	       "`set data-directory DIR` and `set osabi GNU/Linux` before `catch syscall NAME`\n"
	       "(docs/gdb.md).\n",
	       abi_names());
	return rc;
}

int syscalls_xml_command(int argc, char **argv)
{
	const char *name = "ia32emu", *path = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--abi") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strncmp(argv[i], "--abi=", 6) == 0)
			name = argv[i] + 6;
		else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return usage(0);
		else if (argv[i][0] == '-' || path)
			return usage(2);
		else
			path = argv[i];
	}
	if (!path)
		return usage(2);
	const struct abi *abi = abi_by_name(name);
	if (!abi) {
		fprintf(stderr, "ia32emu: unknown ABI '%s' (one of %s)\n", name, abi_names());
		return 2;
	}
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "ia32emu: %s: %s\n", path, strerror(errno));
		return 1;
	}
	fprintf(f,
		"<?xml version=\"1.0\"?>\n<!-- ia32emu syscalls-xml: the %s ABI -->\n"
		"<syscalls_info>\n",
		abi->name);
	for (unsigned n = 0; n < abi->ncalls; n++) {
		if (!abi->table[n].name)
			continue;
		fputs("  <syscall name=\"", f);
		put_name(f, abi->table[n].name);
		fprintf(f, "\" number=\"%u\"/>\n", n);
	}
	fputs("</syscalls_info>\n", f);
	if (ferror(f) | fclose(f)) {
		fprintf(stderr, "ia32emu: %s: write error\n", path);
		return 1;
	}
	return 0;
}
