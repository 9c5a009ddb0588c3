/*
 * Fused compare-and-branch (issue 8): a block that ends in a compare (or
 * test, add, sub) followed by a conditional jump runs the pair in one
 * handler, which evaluates the condition straight from the operands it
 * just compared instead of from the lazy-flag record. Both instructions
 * still retire, with the same state after them as the two handlers give;
 * tests/unit/test_fast.c compares the two ways on random states.
 */
#ifndef CPU_FUSE_H
#define CPU_FUSE_H

#include "../decode/decode.h"

/* The handler for the pair `head`, `jcc` (decoded one after the other,
 * the jcc last in its block or a guard, block.c), or NULL when the pair
 * has no fused form.
 * Both must be instructions that fast_handler() accepted. It replaces the
 * head's handler: within a block run that includes the jcc (fast_end
 * beyond it), it runs both, as the jcc's own handler would (next_eip
 * being the EIP after a last jcc), and leaves fast_cur on the jcc; otherwise (the run ends before the jcc, or
 * a single instruction runs) it runs the head alone. */
exec_fn fuse_handler(const struct insn *head, const struct insn *jcc);

#endif
