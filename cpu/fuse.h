/*
 * Fused compare-and-branch (issue 8): a block that ends in a compare (or
 * test, add, sub) followed by a conditional jump runs the pair as one
 * handler, which evaluates the condition straight from the operands it
 * just compared instead of from the lazy-flag record. Both instructions
 * still retire, with the same state after them as the two handlers give;
 * tests/unit/test_fast.c compares the two ways on random states.
 */
#ifndef CPU_FUSE_H
#define CPU_FUSE_H

#include "decode.h"

/* The handler for the pair `head`, `jcc` (decoded one after the other), or
 * NULL when the pair has no fused form. Both must be instructions that
 * fast_handler() accepted. The handler is called with `head`; the
 * caller has set next_eip to the EIP after the jcc. */
exec_fn fuse_handler(const struct insn *head, const struct insn *jcc);

#endif
