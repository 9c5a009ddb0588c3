/*
 * `ia32emu disasm`: disassembles an ELF file's code as objdump -d does
 * (disasm_elf.c), or with --raw (or any file that is not ELF) raw bytes,
 * with the same decoder and table the interpreter uses. The raw format is
 * "OFFSET:<tab>TEXT", which the tests compare with objdump -D -b binary.
 */
#include "disasm_cmd.h"

#include "../cpu/decode/disasm.h"
#include "cli.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DISASM_MAX_FILE (64u << 20)

static void usage(void)
{
	printf("usage: ia32emu disasm [--raw [--base ADDR]] FILE\n\n"
	       "Disassembles 32-bit x86 machine code (AT&T syntax, objdump's spelling).\n"
	       "An ELF32 i386 FILE: its executable sections, split at their symbols, as\n"
	       "objdump -d prints them (ADDRESS: BYTES<tab>TEXT under `ADDR <symbol>:`).\n"
	       "Any other FILE, or with --raw: FILE's bytes as code, one instruction per\n"
	       "line: OFFSET:<tab>TEXT.\n\n"
	       "options:\n"
	       "  --raw         read FILE as raw bytes even if it is an ELF file\n"
	       "  --base ADDR   with raw bytes: address of the first byte (default 0)\n"
	       "  -h, --help    show this help\n");
}

int disasm_command(int argc, char **argv)
{
	uint64_t base = 0;
	bool raw = false, based = false;
	const char *path = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage();
			return 0;
		} else if (strcmp(argv[i], "--raw") == 0) {
			raw = true;
		} else if (strcmp(argv[i], "--base") == 0) {
			based = true;
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
	bool elf = n >= 4 && memcmp(buf, "\177ELF", 4) == 0;
	if (elf && !raw) {
		int rc = based ? 2 : disasm_elf(path, buf, n);
		if (based)
			fprintf(stderr,
				"ia32emu: disasm: %s is an ELF file: --base needs --raw "
				"(addresses come from its sections)\n",
				path);
		free(buf);
		return rc;
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
