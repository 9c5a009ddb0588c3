/* AT&T disassembly of a decoded instruction, in objdump's spelling. */
#ifndef CPU_DISASM_H
#define CPU_DISASM_H

#include "decode.h"

#include <stdbool.h>
#include <stddef.h>

/* Writes "mnemonic operands" for `i` located at `eip` into out (always
 * NUL-terminated). Returns the length written. */
size_t disasm(const struct insn *i, uint32_t eip, char *out, size_t n);

/* The target of a direct branch or call, for symbolising. */
bool disasm_branch_target(const struct insn *i, uint32_t eip, uint32_t *target);

#endif
