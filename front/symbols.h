/*
 * Program symbols from an ELF32 file's .symtab/.strtab, for printing
 * addresses as `main+0x12` and for reading `break main` back. The parser
 * is a pure function of the bytes and checks every offset it follows.
 */
#ifndef FRONT_SYMBOLS_H
#define FRONT_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct symbol {
	uint32_t addr;
	uint32_t size; /* 0: unknown (assembly labels) */
	bool func;
	char *name;
	/* From the ELF symbol (symtab_parse_all; 0 otherwise): STT_* type and
	 * STB_* binding, for choosing among symbols at one address as objdump
	 * does (disasm_elf.c). */
	uint8_t type, bind;
};

struct symtab {
	struct symbol *v; /* sorted by address */
	size_t n;
};

/* Parses the symbols of an ELF32 image. A file without .symtab gives an
 * empty table and 0; a malformed one -1 with a message in err. */
int symtab_parse(struct symtab *st, const uint8_t *data, size_t size, char *err, size_t errlen);
/* The same, keeping every symbol objdump -d names: local labels starting
 * with '.' too, GNU indirect functions (as functions) and thread-local
 * symbols (their offsets), with type and binding. */
int symtab_parse_all(struct symtab *st, const uint8_t *data, size_t size, char *err, size_t errlen);
/* Reads `path` and parses it. */
int symtab_load(struct symtab *st, const char *path, char *err, size_t errlen);
/* Adds one symbol (for the kernel's trap stubs); keeps the order. */
int symtab_add(struct symtab *st, const char *name, uint32_t addr, uint32_t size, bool func);
/* Appends every symbol of src to dst (a forked child's copy). */
int symtab_copy(struct symtab *dst, const struct symtab *src);
void symtab_free(struct symtab *st);

/* The symbol containing `addr`, with *off the offset into it, or NULL. */
const struct symbol *symtab_lookup(const struct symtab *st, uint32_t addr, uint32_t *off);
/* The symbol called `name`, or NULL. */
const struct symbol *symtab_find(const struct symtab *st, const char *name);
/* Writes "main+0x12" or "main" into out, or "" when no symbol covers addr.
 * Returns out. */
char *symtab_format(const struct symtab *st, uint32_t addr, char *out, size_t n);

struct kernel;
/* Adds the kernel's trap-entry code (vector0..vector64, alltraps, trapret)
 * so kernel addresses read as `vector64+0x3` too. */
int symtab_add_kernel(struct symtab *st, const struct kernel *k);

#endif
