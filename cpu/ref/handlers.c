/* The handler table, generated from the opcode table. */
#include "ref.h"

void h_ud(struct cpu *c, const struct insn *i);
#define OP(id, map, opc, reg, mn, o1, o2, o3, fn, attr)                                            \
	void fn(struct cpu *c, const struct insn *i);
#include "../decode/optable.def"
#undef OP

#define OP(id, map, opc, reg, mn, o1, o2, o3, fn, attr) [ROW_##id] = fn,
const exec_fn op_handlers[ROW_COUNT] = {
    [ROW_INVALID] = h_ud,
    [ROW_X87] = h_ud,
    [ROW_SIMD] = h_ud,
    [ROW_UNSUPPORTED] = h_ud,
#include "../decode/optable.def"
};
#undef OP
