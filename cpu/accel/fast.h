/*
 * Specialised handlers (issue 8): for the most frequent instructions in
 * their 32-bit forms (and the trap stub's 16-bit `mov $imm16,%ax`), a
 * handler fixed at decode time for the register or the memory form, with
 * the operand size a constant. Each does exactly
 * what the generic handler of its row does for that form (the same
 * accessors and the same lazy-flag records); tests/unit/test_fast.c runs
 * both on random states and compares registers, EFLAGS, EIP and memory.
 */
#ifndef CPU_FAST_H
#define CPU_FAST_H

#include "../decode/decode.h"

#include <stdbool.h>

/* The specialised handler for a decoded instruction, or NULL to keep the
 * generic one (i->fn). */
exec_fn fast_handler(const struct insn *i);

/* For a direct jmp or call that fast_handler() accepted, the handler that
 * runs it inlined in a block, decoding having gone on at its target
 * (block.c): the jmp does nothing, the call pushes its return address.
 * Neither changes EIP. They run only inside a block run, where c->eip is
 * the block's first EIP and i->eoff places the instruction (exec.c).
 * NULL for other instructions. */
exec_fn inline_jump_handler(const struct insn *i);

/* For a jcc that fast_handler() accepted, the handler that runs it inside a
 * block, decoding having gone on after it (a guard, block.c): not taken,
 * the run goes on; taken, the run ends at its target (exec.c). Like the
 * inlined jumps, only inside a block run. NULL for other instructions. */
exec_fn guard_handler(const struct insn *i);

/* Whether i is a direct jmp or jcc with a 32-bit operand size, whose
 * target is the EIP after it plus imm: one that may close a loop
 * (accel.h loop_again). */
bool fast_direct_jump(const struct insn *i);

/* Flag liveness: whether instruction i, as decoded, overwrites all six
 * status flags without reading any and cannot fault (an ALU operation or
 * test on registers and immediates); and the twin of specialised handler
 * f that leaves the flags to such a successor, or NULL (fast.c). */
bool fast_kills_flags(const struct insn *i);
exec_fn fast_dead_flags_twin(exec_fn f);

#endif
