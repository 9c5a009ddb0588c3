/*
 * `ia32emu disasm FILE` on an ELF32 i386 file: the executable sections
 * (SHF_EXECINSTR), each split at its symbols, in the layout of
 * `objdump -d` (address: bytes<tab>text, `ADDR <symbol>:` headings, branch
 * targets followed by `<symbol+off>`, runs of zero bytes shown as `...`).
 * The bytes are decoded by the table the interpreter executes. Every
 * offset read from the file is checked against its size first, so a
 * malformed file gives a message, never a read outside the buffer.
 */
#include "disasm_cmd.h"

#include "../cpu/decode/disasm.h"
#include "symbols.h"

#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define BYTES_PER_LINE 7 /* objdump's for i386 */
/* objdump's zero skipping (without -z): a run of at least SKIP_ZEROES zero
 * bytes, or SKIP_ZEROES_AT_END reaching the end of the block, is `...`. */
#define SKIP_ZEROES	   8
#define SKIP_ZEROES_AT_END 3

static bool in_file(size_t size, uint64_t off, uint64_t len)
{
	return off <= size && len <= size - off;
}

/* One block of code: a section, or a PF_X segment of a file without
 * section headers. */
struct block {
	const uint8_t *bytes;
	uint32_t addr, size;
};

static bool file_like(const char *n)
{
	size_t l = strlen(n);
	return l > 2 && n[l - 2] == '.' && (n[l - 1] == 'o' || n[l - 1] == 'a');
}

/* Whether x names an address better than y, by objdump's preferences:
 * not a file name, functions, then objects, then global before weak
 * before local, then the larger, then not starting with '.', then by
 * name. Observed on glibc's static programs, whose aliases (raise and
 * gsignal, _exit and _Exit) share addresses. */
static bool better(const struct symbol *x, const struct symbol *y)
{
	/* An indirect function's symbol is not a function to objdump: the
	 * resolver's own FUNC symbol wins (memset_ifunc over memset). */
	bool xf = x->type == STT_FUNC, yf = y->type == STT_FUNC;
	if (file_like(x->name) != file_like(y->name))
		return !file_like(x->name);
	if (xf != yf)
		return xf;
	if ((x->type == STT_OBJECT) != (y->type == STT_OBJECT))
		return x->type == STT_OBJECT;
	if ((x->bind == STB_LOCAL) != (y->bind == STB_LOCAL))
		return x->bind != STB_LOCAL;
	if ((x->bind == STB_GLOBAL) != (y->bind == STB_GLOBAL))
		return x->bind == STB_GLOBAL;
	if (x->size != y->size)
		return x->size > y->size;
	if ((x->name[0] == '.') != (y->name[0] == '.'))
		return x->name[0] != '.';
	return strcmp(x->name, y->name) < 0;
}

/* The first index of a symbol at addr or above (the table is sorted by
 * address). */
static size_t lower_bound(const struct symtab *st, uint32_t addr)
{
	size_t lo = 0, hi = st->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (st->v[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The best of the symbols at exactly addr, or NULL. */
static const struct symbol *sym_at(const struct symtab *st, uint32_t addr)
{
	const struct symbol *best = NULL;
	for (size_t k = lower_bound(st, addr); k < st->n && st->v[k].addr == addr; k++)
		if (!best || better(&st->v[k], best))
			best = &st->v[k];
	return best;
}

/* The first symbol address in (addr, end), or end. */
static uint32_t next_sym(const struct symtab *st, uint32_t addr, uint32_t end)
{
	size_t k = lower_bound(st, addr);
	while (k < st->n && st->v[k].addr == addr)
		k++;
	return k < st->n && st->v[k].addr < end ? st->v[k].addr : end;
}

/* The best symbol at the first symbol address in [addr, end), or NULL. */
static const struct symbol *first_sym(const struct symtab *st, uint32_t addr, uint32_t end)
{
	size_t k = lower_bound(st, addr);
	return k < st->n && st->v[k].addr < end ? sym_at(st, st->v[k].addr) : NULL;
}

/* objdump's `<sym+0x12>` for a branch target: the nearest symbol at or
 * below it, wherever it is (a PLT entry without symbols reads as
 * `<_init+0x20>`); with none below it, the block's name inside the block,
 * else nothing. */
static void target_name(const struct symtab *st, const struct block *b, const char *bname,
			uint32_t target, char *out, size_t n)
{
	const struct symbol *best = NULL;
	size_t k = lower_bound(st, target);
	if (k < st->n && st->v[k].addr == target)
		best = sym_at(st, target);
	else if (k > 0)
		best = sym_at(st, st->v[k - 1].addr);
	bool inside = target >= b->addr && target - b->addr < b->size;
	if (!best && !inside) {
		*out = 0;
		return;
	}
	const char *name = best ? best->name : bname;
	uint32_t base = best ? best->addr : b->addr;
	if (target == base)
		snprintf(out, n, " <%s>", name);
	else
		snprintf(out, n, " <%s+0x%" PRIx32 ">", name, target - base);
}

/* objdump's address column: as many hex digits as the block's end address
 * needs, dropping leading zeros four at a time but keeping one (a program
 * linked at 0, as xv6's, shows "   0:"; one at 0x8048000 " 8048000:"). */
static int addr_width(const struct block *b)
{
	char buf[16];
	snprintf(buf, sizeof(buf), "%08" PRIx32, b->addr + b->size);
	int zeros = 0;
	while (buf[zeros] == '0')
		zeros++;
	if (buf[zeros] == 0 && b->addr != 0) /* overflow: keep them all */
		zeros = 0;
	int skip = zeros ? (zeros - 1) & ~3 : 0;
	return 8 - skip;
}

static void put_bytes(FILE *f, int w, uint32_t addr, const uint8_t *p, unsigned len,
		      const char *text)
{
	unsigned first = len < BYTES_PER_LINE ? len : BYTES_PER_LINE;
	fprintf(f, "%*" PRIx32 ":\t", w, addr);
	/* cppcheck follows only the (bad) caller's len of 1 */
	// cppcheck-suppress knownConditionTrueFalse
	for (unsigned k = 0; k < first; k++)
		fprintf(f, "%02x ", p[k]);
	for (unsigned k = first; k < BYTES_PER_LINE; k++)
		fputs("   ", f);
	fprintf(f, "\t%s\n", text);
	for (unsigned k = first; k < len; k += BYTES_PER_LINE) {
		fprintf(f, "%*" PRIx32 ":\t", w, addr + k);
		for (unsigned j = k; j < len && j < k + BYTES_PER_LINE; j++)
			fprintf(f, "%02x ", p[j]);
		fputc('\n', f);
	}
}

/* Disassembles [off, stop) of the block; off and stop are offsets in it. */
static void run(FILE *f, const struct symtab *st, const struct block *b, const char *bname,
		uint32_t off, uint32_t stop)
{
	while (off < stop) {
		uint32_t z = off;
		while (z < stop && b->bytes[z] == 0)
			z++;
		if (z - off >= SKIP_ZEROES || (z == stop && z - off >= SKIP_ZEROES_AT_END)) {
			/* Inside a block, only whole words of zeros are skipped,
			 * so an instruction starting with 00 is not run over. */
			if (z != stop)
				z = off + ((z - off) & ~3u);
			fputs("\t...\n", f);
			off = z;
			continue;
		}
		struct insn i;
		uint32_t avail = stop - off < MAX_INSN_LEN ? stop - off : MAX_INSN_LEN;
		int len = decode(b->bytes + off, avail, &i);
		uint32_t addr = b->addr + off;
		char text[160];
		if (len <= 0) {
			/* An instruction the next symbol or the section's end
			 * cuts short is data to objdump: `.byte`; one that is
			 * too long is (bad). */
			if (len == DEC_NEED_MORE)
				snprintf(text, sizeof(text), ".byte 0x%x", b->bytes[off]);
			else
				snprintf(text, sizeof(text), "(bad)");
			put_bytes(f, addr_width(b), addr, b->bytes + off, 1, text);
			off++;
			continue;
		}
		disasm(&i, addr, text, sizeof(text));
		uint32_t target;
		if (disasm_branch_target(&i, addr, &target)) {
			/* objdump -d writes a direct target as bare hex and its
			 * symbol, where the raw form has 0x. */
			char tname[300];
			char *hex = strstr(text, "0x");
			if (hex)
				memmove(hex, hex + 2, strlen(hex + 2) + 1);
			target_name(st, b, bname, target, tname, sizeof(tname));
			strncat(text, tname, sizeof(text) - strlen(text) - 1);
		}
		put_bytes(f, addr_width(b), addr, b->bytes + off, (unsigned)len, text);
		off += (uint32_t)len;
	}
}

/* A block split at its symbols, each part under an `ADDR <name>:` line. */
static void block_out(FILE *f, const struct symtab *st, const struct block *b, const char *bname)
{
	uint32_t end = b->addr + b->size;
	uint32_t a = b->addr;
	while (a < end) {
		const struct symbol *s = sym_at(st, a);
		uint32_t stop = next_sym(st, a, end);
		fprintf(f, "\n%08" PRIx32 " <", a);
		const struct symbol *after = s ? NULL : first_sym(st, a, end);
		if (s)
			fprintf(f, "%s", s->name);
		else if (after) /* objdump names a part before any symbol so */
			fprintf(f, "%s-0x%" PRIx32, after->name, after->addr - a);
		else if (a == b->addr)
			fprintf(f, "%s", bname);
		else
			fprintf(f, "%s+0x%" PRIx32, bname, a - b->addr);
		fputs(">:\n", f);
		run(f, st, b, bname, a - b->addr, stop - b->addr);
		a = stop;
	}
}

static int bad(const char *path, const char *why)
{
	fprintf(stderr, "ia32emu: disasm: %s: %s\n", path, why);
	return 1;
}

/* A file without section headers: its executable PT_LOAD segments. */
static int segments_out(FILE *f, const char *path, const uint8_t *d, size_t size,
			const Elf32_Ehdr *eh, const struct symtab *st)
{
	if (eh->e_phnum == 0 || eh->e_phentsize != sizeof(Elf32_Phdr) ||
	    !in_file(size, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr)))
		return bad(path, "no section headers and no valid program headers");
	for (unsigned k = 0; k < eh->e_phnum; k++) {
		Elf32_Phdr ph;
		memcpy(&ph, d + eh->e_phoff + k * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || !(ph.p_flags & PF_X) || ph.p_filesz == 0)
			continue;
		if (!in_file(size, ph.p_offset, ph.p_filesz) ||
		    (uint64_t)ph.p_vaddr + ph.p_filesz > 0xffffffffull)
			return bad(path, "a program header lies outside the file");
		char name[32];
		snprintf(name, sizeof(name), "segment%u", k);
		fprintf(f, "\nDisassembly of %s (no section headers):\n", name);
		struct block b = {d + ph.p_offset, ph.p_vaddr, ph.p_filesz};
		block_out(f, st, &b, name);
	}
	return 0;
}

int disasm_elf(const char *path, const uint8_t *d, size_t size)
{
	Elf32_Ehdr eh;
	if (size < SELFMAG || memcmp(d, ELFMAG, SELFMAG) != 0)
		return bad(path, "not an ELF file");
	if (size < EI_NIDENT)
		return bad(path, "truncated ELF header");
	if (d[EI_CLASS] == ELFCLASS64)
		return bad(path, "a 64-bit ELF file: ia32emu disassembles 32-bit i386 code "
				 "(--raw reads any file as raw bytes)");
	if (size < sizeof(eh))
		return bad(path, "truncated ELF header");
	memcpy(&eh, d, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_machine != EM_386)
		return bad(path, "not a 32-bit little-endian i386 ELF file "
				 "(--raw reads any file as raw bytes)");
	char err[160];
	struct symtab st;
	if (symtab_parse_all(&st, d, size, err, sizeof(err)) < 0)
		return bad(path, err);
	FILE *f = stdout;
	fprintf(f, "\n%s:     file format elf32-i386\n\n", path);
	int rc = 0;
	if (eh.e_shoff == 0 || eh.e_shnum == 0) {
		rc = segments_out(f, path, d, size, &eh, &st);
		symtab_free(&st);
		return rc;
	}
	/* symtab_parse_all has checked the section header table's place. */
	Elf32_Shdr names = {0};
	if (eh.e_shstrndx < eh.e_shnum)
		memcpy(&names, d + eh.e_shoff + eh.e_shstrndx * sizeof(names), sizeof(names));
	if (!in_file(size, names.sh_offset, names.sh_size))
		names.sh_size = 0;
	for (unsigned k = 0; k < eh.e_shnum && rc == 0; k++) {
		Elf32_Shdr sh;
		memcpy(&sh, d + eh.e_shoff + k * sizeof(sh), sizeof(sh));
		if (sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_EXECINSTR) || sh.sh_size == 0)
			continue;
		if (!in_file(size, sh.sh_offset, sh.sh_size) ||
		    (uint64_t)sh.sh_addr + sh.sh_size > 0xffffffffull) {
			rc = bad(path, "an executable section lies outside the file");
			break;
		}
		char name[64] = "?";
		if (sh.sh_name < names.sh_size) {
			const char *s = (const char *)d + names.sh_offset + sh.sh_name;
			size_t max = names.sh_size - sh.sh_name;
			size_t len = strnlen(s, max);
			if (len < max)
				snprintf(name, sizeof(name), "%s", s);
		}
		fprintf(f, "\nDisassembly of section %s:\n", name);
		struct block b = {d + sh.sh_offset, sh.sh_addr, sh.sh_size};
		block_out(f, &st, &b, name);
	}
	symtab_free(&st);
	return rc;
}
