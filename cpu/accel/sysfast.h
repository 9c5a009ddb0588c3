/*
 * Specialised handlers for the instructions a trap stub is made of (issue
 * 8, the system-call round trip): push and pop of DS, ES, FS, GS, mov of a
 * register to one of them, pusha, popa and push of an immediate, in their
 * 32-bit forms. Each does what the generic handler of its row does when
 * nothing can fault (a flat 32-bit stack in a page the TLB lets the CPL
 * use, a segment load the descriptor cache says passes and writes
 * nothing) and otherwise hands the whole instruction to the generic
 * handler, having changed nothing. tests/unit/test_sysfast.c compares
 * both.
 */
#ifndef CPU_SYSFAST_H
#define CPU_SYSFAST_H

#include "../decode/decode.h"

/* The specialised handler for a decoded instruction, or NULL. */
exec_fn sys_fast_handler(const struct insn *i);

/* A handler for the pair i, i + 1 (both already given their specialised
 * handlers, both inside the block's run), or NULL. */
exec_fn sys_pair_handler(const struct insn *i, const struct insn *j);

#endif
