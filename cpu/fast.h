/*
 * Specialised handlers (issue 8): for the most frequent instructions in
 * their 32-bit forms, a handler fixed at decode time for the register or
 * the memory form, with the operand size a constant. Each does exactly
 * what the generic handler of its row does for that form (the same
 * accessors and the same lazy-flag records); tests/unit/test_fast.c runs
 * both on random states and compares registers, EFLAGS, EIP and memory.
 */
#ifndef CPU_FAST_H
#define CPU_FAST_H

#include "decode.h"

/* The specialised handler for a decoded instruction, or NULL to keep the
 * generic one (i->fn). */
exec_fn fast_handler(const struct insn *i);

#endif
