/* Opcode-table row coverage: a machine subscriber that counts, per table
 * row, how many instructions of that row the CPU started (at CPL 3 and at
 * CPL 0-2 separately). An instruction that then faults still counts: a
 * system row raising #GP at CPL 3 is how its user-level behaviour is
 * exercised. Attaching it turns on the per-instruction hook; a run without
 * --coverage pays nothing. */
#ifndef FRONT_COVERAGE_H
#define FRONT_COVERAGE_H

#include "../kernel/machine.h"

#include <stdint.h>

struct coverage {
	uint64_t user[ROW_COUNT];
	uint64_t sys[ROW_COUNT];
};

void coverage_attach(struct coverage *cv, struct machine *m);
/* Writes one line per row, "ID<TAB>MAP:OPCODE/REG<TAB>USER<TAB>SYS", the
 * synthetic rows (invalid, x87, simd, unsupported) first. Returns 0, or -1
 * with errno set. */
int coverage_write(const struct coverage *cv, const char *path);

#endif
