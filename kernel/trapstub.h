/* The kernel's trap-entry code, assembled into emulated memory at boot. */
#ifndef KERNEL_TRAPSTUB_H
#define KERNEL_TRAPSTUB_H

#include <stdint.h>

struct stub_layout {
	uint32_t vector_entry[256]; /* offset of each vector's entry, 0 = none */
	uint32_t alltraps;	    /* common save / bridge / restore path */
	uint32_t trapret;	    /* restore registers and iret */
	uint32_t size;
};

/* Writes the stubs into `code` (at most `cap` bytes) for the vectors that
 * have gates: 0-31, 32 and 64. Offsets are relative to the start. */
int trapstub_build(uint8_t *code, uint32_t cap, struct stub_layout *out);

#endif
