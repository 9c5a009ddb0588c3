/*
 * The program's DWARF, read through elfutils' libdw (monitor_dwarf.c):
 * line tables, call-frame information (.debug_frame or .eh_frame), and
 * variables with their types. The rest of the monitor sees only this small
 * interface; guest memory is reached through a callback, so this file
 * knows nothing of the machine.
 */
#ifndef FRONT_MONITOR_DWARF_H
#define FRONT_MONITOR_DWARF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mdw; /* one ELF file's debug information */

/* i386 DWARF register numbers (System V i386 psABI, table 2.14). */
enum { MDW_EAX, MDW_ECX, MDW_EDX, MDW_EBX, MDW_ESP, MDW_EBP, MDW_ESI, MDW_EDI, MDW_EIP, MDW_NREGS };

/* A frame's registers; valid has bit N set when r[N] is known. */
struct mdw_regs {
	uint32_t r[MDW_NREGS];
	unsigned valid;
};

/* Reads n bytes of the guest at linear addr; false when unreadable. */
typedef bool (*mdw_read_fn)(void *opaque, uint32_t addr, void *buf, uint32_t n);

/* NULL when the file has no DWARF line information (err "") or cannot be
 * read (err says why). */
struct mdw *mdw_open(const char *path, char *err, size_t errlen);
void mdw_close(struct mdw *d);

/* A line-table row: the statement that begins at addr. */
struct mdw_line {
	const char *file; /* as recorded (gdb shows this): lives as long as d */
	char path[1024];  /* the file on the host: joined with the CU's comp_dir */
	int line;
	uint32_t addr; /* where this row begins */
	uint32_t end;  /* where the next row with another line (or the sequence) begins */
};

/* The row covering pc. */
bool mdw_pc_line(struct mdw *d, uint32_t pc, struct mdw_line *out);
/* The first address of FILE:LINE (FILE matched as a path suffix; LINE or
 * the next line with code); -1 when no file matches, 0 when found. */
int mdw_file_line(struct mdw *d, const char *file, int line, struct mdw_line *out);
/* The function containing pc: its name and address range. */
bool mdw_func(struct mdw *d, uint32_t pc, const char **name, uint32_t *lo, uint32_t *hi);
/* The function named name: its range and the address after its prologue
 * (the second line-table row, where gdb puts `break FUNC`). */
bool mdw_func_named(struct mdw *d, const char *name, uint32_t *lo, uint32_t *after_prologue);
uint32_t mdw_after_prologue(struct mdw *d, uint32_t lo, uint32_t hi);

/* One frame outwards by CFI: 1 done (*out the caller's registers), 0 no
 * CFI covers the pc, -1 the rules could not be applied. `innermost`: pc is
 * the current instruction (else a return address, looked up at pc - 1). */
int mdw_unwind(struct mdw *d, const struct mdw_regs *in, bool innermost, struct mdw_regs *out,
	       mdw_read_fn rd, void *opaque);

/* Formats the variable `name` visible at regs->r[EIP] (locals, parameters,
 * then globals) as gdb's print does: "42", "0x8049f00 \"hi\"", "{1, 2}",
 * "{x = 1, y = 2}". *scalar gets its value when it fits 32 bits. 0 found,
 * 1 no such variable in the DWARF, -1 error (message in out). */
int mdw_print_var(struct mdw *d, const struct mdw_regs *regs, bool innermost, const char *name,
		  mdw_read_fn rd, void *opaque, char *out, size_t n, uint32_t *scalar, char *type,
		  size_t tn);
/* "n=3, s=0x8049000 \"hi\"": the parameters of the function at pc. */
void mdw_format_args(struct mdw *d, const struct mdw_regs *regs, bool innermost, mdw_read_fn rd,
		     void *opaque, char *out, size_t n);

/* info locals / info args: emit(arg, name, value) for each. */
typedef void (*mdw_emit_fn)(void *arg, const char *name, const char *value);
void mdw_list_vars(struct mdw *d, const struct mdw_regs *regs, bool innermost, bool args,
		   mdw_read_fn rd, void *opaque, mdw_emit_fn emit, void *arg);

#endif
