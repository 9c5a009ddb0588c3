/* x87 instructions run on the host's FPU (host.c). */
#ifndef CPU_FPU_HOST_H
#define CPU_FPU_HOST_H

#include "fpu.h"

/*
 * Runs the instruction `esc` (0xd8-0xdf) `modrm` on *f. A memory form has
 * ModRM mod 0, rm 0 and its operand in `mem` (read, or written by a store:
 * 10 bytes at most). `eflags` (may be NULL) gives CF, ZF, PF to fcmovcc
 * and receives ZF, PF, CF from fcomi. False, with *f unchanged, when the
 * encoding is not one host.c runs (hostops.def).
 */
bool x87_host_exec(struct fpu *f, unsigned esc, unsigned modrm, void *mem, uint32_t *eflags);
bool x87_host_known(unsigned esc, unsigned modrm);

#endif
