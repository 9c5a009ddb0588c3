/*
 * `ia32emu disasm`: disassembles raw bytes (a file of machine code) with
 * the same decoder and table the interpreter uses. Its output format is
 * "OFFSET:<tab>TEXT", which the tests compare with objdump -D -b binary.
 */
#include "disasm_cmd.h"

#include "../cpu/decode/disasm.h"
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DISASM_MAX_FILE (64u << 20)

static void usage(void)
{
	printf("usage: ia32emu disasm [--base ADDR] FILE\n\n"
	       "Disassembles FILE as raw 32-bit x86 machine code (AT&T syntax, objdump's\n"
	       "spelling), one instruction per line: OFFSET:<tab>TEXT.\n\n"
	       "options:\n"
	       "  --base ADDR   address of the first byte (default 0)\n"
	       "  -h, --help    show this help\n");
}

int disasm_command(int argc, char **argv)
{
	uint64_t base = 0;
	const char *path = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage();
			return 0;
		} else if (strcmp(argv[i], "--base") == 0) {
			if (!parse_u64(i + 1 < argc ? argv[i + 1] : NULL, &base) ||
			    base > 0xffffffffu) {
				fprintf(stderr, "ia32emu: disasm: --base takes a 32-bit address\n");
				return 2;
			}
			i++;
		} else if (!path) {
			path = argv[i];
		} else {
			fprintf(stderr, "ia32emu: disasm: unexpected argument '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!path) {
		fprintf(stderr, "ia32emu: disasm: no file given (see ia32emu disasm --help)\n");
		return 2;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "ia32emu: disasm: %s: %s\n", path, strerror(errno));
		return 1;
	}
	uint8_t *buf = malloc(DISASM_MAX_FILE);
	size_t n = buf ? fread(buf, 1, DISASM_MAX_FILE, f) : 0;
	fclose(f);
	if (!buf) {
		fprintf(stderr, "ia32emu: disasm: out of memory\n");
		return 1;
	}
	for (size_t off = 0; off < n;) {
		struct insn i;
		size_t avail = n - off < MAX_INSN_LEN ? n - off : MAX_INSN_LEN;
		int len = decode(buf + off, avail, &i);
		uint32_t addr = (uint32_t)(base + off);
		if (len <= 0) {
			printf("%x:\t(bad)\n", addr);
			off++;
			continue;
		}
		char text[128];
		disasm(&i, addr, text, sizeof(text));
		printf("%x:\t%s\n", addr, text);
		off += (size_t)len;
	}
	free(buf);
	return 0;
}
