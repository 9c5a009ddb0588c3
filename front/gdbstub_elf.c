/*
 * `ia32emu stubs-elf FILE`: the kernel's trap stubs as an ELF32 file for
 * gdb's `add-symbol-file FILE`, so a session through the stub names
 * vector64, alltraps and trapret instead of `??`. The file holds the
 * stubs' own bytes in .text at their linear address (KERNBASE + PA_STUBS,
 * where the kernel maps them), and one FUNC symbol per entry point, sized
 * up to the next one, as the monitor's symbol table has them.
 */
#include "gdbstub_cli.h"

#include "../kernel/kernel.h"
#include "symbols.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STUB_ADDR (KERNBASE + PA_STUBS)

/* The section-name string table and where each name starts in it. */
static const char shstr[] = "\0.text\0.symtab\0.strtab\0.shstrtab";
enum { SH_TEXT = 1, SH_SYMTAB = 7, SH_STRTAB = 15, SH_SHSTRTAB = 23 };

static int write_all(FILE *f, const void *p, size_t n)
{
	return fwrite(p, 1, n, f) == n ? 0 : -1;
}

int stubs_elf_command(int argc, char **argv)
{
	if (argc != 1 || argv[0][0] == '-') {
		printf("usage: ia32emu stubs-elf FILE\n\nWrites the trap stubs (vectorN, "
		       "alltraps, trapret) as an ELF32 file with their symbols at 0x%08x,\n"
		       "for gdb's `add-symbol-file FILE`.\n",
		       STUB_ADDR);
		return argc == 1 ? 0 : 2;
	}
	static uint8_t code[PAGE_SIZE];
	struct kernel *k = calloc(1, sizeof(*k)); /* only its stub layout is used */
	struct symtab st = {0};
	if (!k || trapstub_build(code, sizeof(code), &k->stubs) < 0 ||
	    symtab_add_kernel(&st, k) < 0) {
		fprintf(stderr, "ia32emu: cannot build the trap stubs' table\n");
		free(k);
		symtab_free(&st);
		return 1;
	}
	uint32_t text_sz = k->stubs.size;
	free(k);
	/* Symbols and their names. */
	Elf32_Sym *syms = calloc(st.n + 1, sizeof(*syms));
	size_t strsz = 1;
	for (size_t i = 0; i < st.n; i++)
		strsz += strlen(st.v[i].name) + 1;
	char *strs = calloc(1, strsz);
	if (!syms || !strs) {
		fprintf(stderr, "ia32emu: out of memory\n");
		free(syms);
		free(strs);
		symtab_free(&st);
		return 1;
	}
	size_t at = 1;
	for (size_t i = 0; i < st.n; i++) {
		Elf32_Sym *s = &syms[i + 1];
		s->st_name = (Elf32_Word)at;
		s->st_value = st.v[i].addr;
		s->st_size = st.v[i].size;
		s->st_info = ELF32_ST_INFO(STB_GLOBAL, STT_FUNC);
		s->st_shndx = 1;
		strcpy(strs + at, st.v[i].name);
		at += strlen(st.v[i].name) + 1;
	}
	/* Layout: header, .text, .symtab, .strtab, .shstrtab, section headers. */
	uint32_t text_off = sizeof(Elf32_Ehdr);
	uint32_t sym_off = (text_off + text_sz + 3) & ~3u;
	uint32_t sym_sz = (uint32_t)((st.n + 1) * sizeof(Elf32_Sym));
	uint32_t str_off = sym_off + sym_sz, shs_off = str_off + (uint32_t)strsz;
	uint32_t sh_off = (shs_off + (uint32_t)sizeof(shstr) + 3) & ~3u;
	Elf32_Ehdr eh = {0};
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS32;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_386;
	eh.e_version = EV_CURRENT;
	eh.e_ehsize = sizeof(Elf32_Ehdr);
	eh.e_shentsize = sizeof(Elf32_Shdr);
	eh.e_shoff = sh_off;
	eh.e_shnum = 5;
	eh.e_shstrndx = 4;
	Elf32_Shdr sh[5];
	memset(sh, 0, sizeof(sh));
	sh[1] = (Elf32_Shdr){
	    SH_TEXT, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, STUB_ADDR, text_off, text_sz, 0, 0, 8,
	    0};
	sh[2] =
	    (Elf32_Shdr){SH_SYMTAB, SHT_SYMTAB, 0, 0, sym_off, sym_sz, 3, 1, 4, sizeof(Elf32_Sym)};
	sh[3] = (Elf32_Shdr){SH_STRTAB, SHT_STRTAB, 0, 0, str_off, (Elf32_Word)strsz, 0, 0, 1, 0};
	sh[4] = (Elf32_Shdr){SH_SHSTRTAB, SHT_STRTAB, 0, 0, shs_off, sizeof(shstr), 0, 0, 1, 0};
	static const uint8_t pad[4];
	FILE *f = fopen(argv[0], "wb");
	int r = !f ? -1
		: write_all(f, &eh, sizeof(eh)) || write_all(f, code, text_sz) ||
			write_all(f, pad, sym_off - text_off - text_sz) ||
			write_all(f, syms, sym_sz) || write_all(f, strs, strsz) ||
			write_all(f, shstr, sizeof(shstr)) ||
			write_all(f, pad, sh_off - shs_off - sizeof(shstr)) ||
			write_all(f, sh, sizeof(sh))
		    ? -1
		    : 0;
	if (f && fclose(f) != 0)
		r = -1;
	if (r < 0)
		fprintf(stderr, "ia32emu: cannot write %s: %s\n", argv[0], strerror(errno));
	free(syms);
	free(strs);
	symtab_free(&st);
	return r < 0 ? 1 : 0;
}
