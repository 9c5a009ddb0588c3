/*
 * Runs of stack instructions in one handler (issue 8, the system-call
 * round trip). A decoded block's maximal run of two or more 32-bit pushes
 * (push of a register, an immediate or a segment register, pusha; inlined
 * jmps and calls between them), or of pops (popa, pop of a register other
 * than ESP, pop of DS, ES, FS or GS, then perhaps a final `add $imm,%esp`)
 * gets one handler on its first instruction. Within a block run that
 * includes the whole run, when the run's stack bytes lie in one page the
 * TLB lets the CPL access through a flat 32-bit SS (and every segment load
 * hits the descriptor cache), it does what the instructions one by one
 * would, in one go, and leaves fast_cur on the last one it ran. Otherwise
 * it runs only the first instruction, by its row's generic handler, and
 * dispatch goes on with the next one's own handler, so every fault and
 * slow path is the one-by-one one. tests/unit/test_stackruns.c compares
 * block runs with single steps.
 */
#ifndef CPU_RUNS_H
#define CPU_RUNS_H

#include "block.h"

/* Finds the runs of block `b` (built: n and nloop set) and installs their
 * handlers. Bit k of `specmask`: instruction k got a specialised handler
 * (fast.h, sysfast.h), so it is a plain 32-bit form. */
void runs_fuse(struct block *b, uint32_t specmask);

/* For tests: the name of run handler `fn` ("push", "pop" for the generic
 * ones, or a fixed shape's: "stub_entry", "trapret", ...), or NULL when
 * `fn` is no run handler. */
const char *runs_handler_name(exec_fn fn);

#endif
