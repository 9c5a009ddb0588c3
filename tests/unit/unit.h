/* Check suites of the unit tests, and a bare-metal CPU fixture. */
#ifndef TESTS_UNIT_H
#define TESTS_UNIT_H

#include "../../cpu/cpu.h"
#include "../../cpu/decode/decode.h"
#include "../../cpu/decode/disasm.h"

#include <check.h>
#include <stddef.h>
#include <stdint.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.def"
#undef SUITE

/*
 * A CPU with no kernel: a GDT (null, kcode 0x08, kdata 0x10, ucode 0x1b,
 * udata 0x23, TSS 0x28), an empty IDT, a TSS whose ESP0 is BARE_ESP0, and
 * paging off. Handlers are `hlt`, so a delivery ends the run with STOP_HALT.
 */
#define BARE_GDT     0x1000u
#define BARE_IDT     0x2000u
#define BARE_TSS     0x3000u
#define BARE_HANDLER 0x5000u
#define BARE_ESP0    0x9000u
#define BARE_UCODE   0x10000u
#define BARE_USTACK  0x20000u

struct bare {
	struct phys_mem pm;
	struct cpu c;
	unsigned ndeliver;
	struct delivery_info last;
	unsigned niret;
	struct iret_info last_iret;
};

void bare_setup(struct bare *b);
void bare_teardown(struct bare *b);
void bare_gate(struct bare *b, unsigned vec, unsigned type, unsigned dpl, int present);
void bare_code(struct bare *b, uint32_t addr, const void *bytes, size_t n);
/* Puts the CPU at CPL 3 at `eip` with the user stack. */
void bare_user(struct bare *b, uint32_t eip);
uint32_t bare_rd32(struct bare *b, uint32_t pa);
void bare_wr32(struct bare *b, uint32_t pa, uint32_t v);

/* xorshift32: deterministic random states, so a failure repeats. */
static inline uint32_t xorshift32(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

#endif
