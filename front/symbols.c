/*
 * ELF32 symbol tables (System V ABI, "Symbol Table"): the section header
 * table is found through e_shoff, the SHT_SYMTAB section through it, and
 * its string table through sh_link. Every offset and size is checked
 * against the file before it is used, so a hostile file gives an error.
 */
#include "symbols.h"

#include "../kernel/elf.h"
#include "../kernel/kernel.h"

#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SYMFILE_MAX (256u << 20)
#define SYM_MAX	    (1u << 20)
/* An assembly label (size 0) covers addresses up to the next symbol, but
 * not further than this, so stray data far away is not called `_end+...`. */
#define LABEL_SPAN 0x10000u

static int fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool in_file(size_t size, uint64_t off, uint64_t len)
{
	return off <= size && len <= size - off;
}

/* Names the linker defines at section boundaries (__bss_start, _edata,
 * _end, ...): the least telling name for an address. */
static bool linker_name(const char *n)
{
	static const char *const names[] = {"_edata", "_end", "_etext", "edata", "end", "etext"};
	if (strncmp(n, "__", 2) == 0)
		return true;
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strcmp(n, names[k]) == 0)
			return true;
	return false;
}

static int rank(const struct symbol *s)
{
	return s->func ? 0 : s->size ? 1 : linker_name(s->name) ? 3 : 2;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct symbol *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* At one address: functions, then sized objects, then labels, then
	 * linker symbols (__bss_start must not hide `buf`), then by name. */
	int rx = rank(x), ry = rank(y);
	if (rx != ry)
		return rx - ry;
	return strcmp(x->name, y->name);
}

static bool wanted(const Elf32_Sym *s, bool all)
{
	unsigned type = ELF32_ST_TYPE(s->st_info);
	if (s->st_shndx == SHN_UNDEF || s->st_name == 0)
		return false;
	return type == STT_FUNC || type == STT_OBJECT || type == STT_NOTYPE ||
	       (all && (type == STT_GNU_IFUNC || type == STT_TLS));
}

/* The ELF type and binding of the symbol just added as (name, addr): it
 * is the last of its name at that address in the sorted table. */
static void set_elf_info(struct symtab *st, const char *name, uint32_t addr, uint8_t type,
			 uint8_t bind)
{
	for (size_t k = st->n; k-- > 0;)
		if (st->v[k].addr == addr && strcmp(st->v[k].name, name) == 0 &&
		    st->v[k].type == 0 && st->v[k].bind == 0) {
			st->v[k].type = type;
			st->v[k].bind = bind;
			return;
		}
}

static int add_from(struct symtab *st, const uint8_t *d, size_t size, const Elf32_Shdr *sym,
		    const Elf32_Shdr *str, bool all, uint32_t bias, char *err, size_t n)
{
	if (sym->sh_entsize != sizeof(Elf32_Sym) || !in_file(size, sym->sh_offset, sym->sh_size) ||
	    !in_file(size, str->sh_offset, str->sh_size))
		return fail(err, n, "symbol table lies outside the file");
	size_t count = sym->sh_size / sizeof(Elf32_Sym);
	if (count > SYM_MAX)
		return fail(err, n, "too many symbols (%zu)", count);
	const char *strs = (const char *)d + str->sh_offset;
	for (size_t k = 1; k < count; k++) {
		Elf32_Sym s;
		memcpy(&s, d + sym->sh_offset + k * sizeof(s), sizeof(s));
		if (!wanted(&s, all) || s.st_name >= str->sh_size)
			continue;
		size_t maxlen = str->sh_size - s.st_name;
		size_t len = strnlen(strs + s.st_name, maxlen);
		if (len == maxlen || len > 255)
			continue; /* not NUL-terminated inside the table, or absurd */
		char name[256];
		memcpy(name, strs + s.st_name, len);
		name[len] = 0;
		if ((name[0] == '.' && !all) || strncmp(name, "$", 1) == 0)
			continue;
		unsigned type = ELF32_ST_TYPE(s.st_info);
		if (s.st_shndx != SHN_ABS && type != STT_TLS)
			s.st_value += bias;
		if (symtab_add(st, name, s.st_value, s.st_size,
			       type == STT_FUNC || type == STT_GNU_IFUNC) < 0)
			return fail(err, n, "out of host memory");
		if (all)
			set_elf_info(st, name, s.st_value, (uint8_t)type,
				     (uint8_t)ELF32_ST_BIND(s.st_info));
	}
	return 0;
}

static int parse(struct symtab *st, const uint8_t *d, size_t size, bool all, char *err, size_t n)
{
	memset(st, 0, sizeof(*st));
	Elf32_Ehdr eh;
	if (size < sizeof(eh) || memcmp(d, ELFMAG, SELFMAG) != 0)
		return fail(err, n, "not an ELF file");
	memcpy(&eh, d, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(err, n, "not a 32-bit little-endian ELF file");
	if (eh.e_shoff == 0 || eh.e_shnum == 0)
		return 0; /* stripped: no section headers, no symbols */
	if (eh.e_shentsize != sizeof(Elf32_Shdr) ||
	    !in_file(size, eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(Elf32_Shdr)))
		return fail(err, n, "section header table lies outside the file");
	for (unsigned k = 0; k < eh.e_shnum; k++) {
		Elf32_Shdr sh, str;
		memcpy(&sh, d + eh.e_shoff + k * sizeof(sh), sizeof(sh));
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		if (sh.sh_link == 0 || sh.sh_link >= eh.e_shnum) {
			symtab_free(st);
			return fail(err, n, "symbol table has no string table");
		}
		memcpy(&str, d + eh.e_shoff + sh.sh_link * sizeof(str), sizeof(str));
		/* A position-independent program's symbols where exec loads it
		 * (kernel/exec.c); objdump's view (all) keeps the file's. */
		uint32_t bias = !all && eh.e_type == ET_DYN ? ELF_PIE_BASE : 0;
		if (str.sh_type != SHT_STRTAB ||
		    add_from(st, d, size, &sh, &str, all, bias, err, n) < 0) {
			if (str.sh_type != SHT_STRTAB)
				fail(err, n, "symbol string table is not a string table");
			symtab_free(st);
			return -1;
		}
		break; /* one .symtab per file (System V ABI) */
	}
	return 0;
}

int symtab_parse(struct symtab *st, const uint8_t *d, size_t size, char *err, size_t n)
{
	return parse(st, d, size, false, err, n);
}

int symtab_parse_all(struct symtab *st, const uint8_t *d, size_t size, char *err, size_t n)
{
	return parse(st, d, size, true, err, n);
}

int symtab_load(struct symtab *st, const char *path, char *err, size_t n)
{
	memset(st, 0, sizeof(*st));
	FILE *f = fopen(path, "rb");
	if (!f)
		return fail(err, n, "cannot open %s: %s", path, strerror(errno));
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			if (cap >= SYMFILE_MAX) {
				free(buf);
				fclose(f);
				return fail(err, n, "%s: file too large", path);
			}
			cap = cap ? cap * 2 : 65536;
			uint8_t *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return fail(err, n, "out of host memory");
			}
			buf = nb;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	fclose(f);
	int r = symtab_parse(st, buf, len, err, n);
	free(buf);
	return r;
}

int symtab_add(struct symtab *st, const char *name, uint32_t addr, uint32_t size, bool func)
{
	struct symbol *nv = realloc(st->v, (st->n + 1) * sizeof(*nv));
	if (!nv)
		return -1;
	st->v = nv;
	char *copy = strdup(name);
	if (!copy)
		return -1;
	struct symbol s = {.addr = addr, .size = size, .func = func, .name = copy};
	/* Insertion keeps the table sorted; tables are small (thousands). */
	size_t k = st->n;
	while (k > 0 && cmp_sym(&st->v[k - 1], &s) > 0) {
		st->v[k] = st->v[k - 1];
		k--;
	}
	st->v[k] = s;
	st->n++;
	return 0;
}

int symtab_copy(struct symtab *dst, const struct symtab *src)
{
	for (size_t k = 0; k < src->n; k++)
		if (symtab_add(dst, src->v[k].name, src->v[k].addr, src->v[k].size,
			       src->v[k].func) < 0)
			return -1;
	return 0;
}

void symtab_free(struct symtab *st)
{
	for (size_t k = 0; k < st->n; k++)
		free(st->v[k].name);
	free(st->v);
	st->v = NULL;
	st->n = 0;
}

const struct symbol *symtab_lookup(const struct symtab *st, uint32_t addr, uint32_t *off)
{
	/* The last symbol at or below addr (binary search). */
	size_t lo = 0, hi = st->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (st->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Among the symbols at or below addr, the nearest that covers it; a
	 * sized symbol ends at addr+size, a label at the next symbol. */
	for (size_t k = lo; k-- > 0;) {
		const struct symbol *s = &st->v[k];
		/* Prefer the first (function) entry of a group at one address. */
		while (k > 0 && st->v[k - 1].addr == s->addr)
			s = &st->v[--k];
		uint32_t d = addr - s->addr;
		bool covers = s->size ? d < s->size : d < LABEL_SPAN;
		if (covers) {
			if (off)
				*off = d;
			return s;
		}
		if (!s->size)
			return NULL; /* a label ends where the next symbol starts */
	}
	return NULL;
}

const struct symbol *symtab_find(const struct symtab *st, const char *name)
{
	for (size_t k = 0; k < st->n; k++)
		if (strcmp(st->v[k].name, name) == 0)
			return &st->v[k];
	return NULL;
}

char *symtab_format(const struct symtab *st, uint32_t addr, char *out, size_t n)
{
	uint32_t off;
	const struct symbol *s = st ? symtab_lookup(st, addr, &off) : NULL;
	if (!s)
		snprintf(out, n, "%s", "");
	else if (off)
		snprintf(out, n, "%s+0x%x", s->name, off);
	else
		snprintf(out, n, "%s", s->name);
	return out;
}

int symtab_add_kernel(struct symtab *st, const struct kernel *k)
{
	/* The stub page's entry points, each sized up to the next one, so an
	 * address on the kernel stack is not called `vector64+0xbdf4`. */
	struct {
		uint32_t off;
		char name[16];
	} e[258];
	unsigned n = 0;
	for (unsigned v = 0; v < 256; v++)
		if (k->stubs.vector_entry[v]) {
			e[n].off = k->stubs.vector_entry[v];
			snprintf(e[n++].name, sizeof(e[0].name), "vector%u", v);
		}
	e[n].off = k->stubs.alltraps;
	snprintf(e[n++].name, sizeof(e[0].name), "alltraps");
	e[n].off = k->stubs.trapret;
	snprintf(e[n++].name, sizeof(e[0].name), "trapret");
	for (unsigned a = 0; a < n; a++) {
		uint32_t end = k->stubs.size;
		for (unsigned b = 0; b < n; b++)
			if (e[b].off > e[a].off && e[b].off < end)
				end = e[b].off;
		if (end <= e[a].off)
			end = e[a].off + 1;
		if (symtab_add(st, e[a].name, KERNBASE + PA_STUBS + e[a].off, end - e[a].off,
			       true) < 0)
			return -1;
	}
	return 0;
}
