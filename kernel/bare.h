/*
 * Bare-metal mode (`run --bare IMAGE`): no emulated kernel. The image is
 * loaded the way a Multiboot v1 loader does and owns the whole machine; the
 * only devices are QEMU's and Bochs' debug console (port 0xE9) and QEMU's
 * isa-debug-exit (port 0xF4).
 */
#ifndef KERNEL_BARE_H
#define KERNEL_BARE_H

#include "../cpu/cpu.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BARE_CONSOLE_PORT 0xe9
#define BARE_EXIT_PORT	  0xf4
#define MULTIBOOT_MAGIC	  0x2badb002u /* EAX at entry (Multiboot 0.6.96 §3.2) */
#define BARE_MBI_ADDR	  0x9000u     /* where the info structure is written */
#define BARE_GDT_ADDR	  0x8000u     /* the loader's own flat GDT */

struct bare_mode {
	bool on;
	bool exited; /* the guest wrote to the exit port */
	int status;  /* (V << 1) | 1, as QEMU's isa-debug-exit */
	FILE *console;
};

/* Loads the ELF32 image at its physical addresses and sets the CPU up as a
 * Multiboot loader leaves it. 0, or -1 with a message in err. */
int bare_load(struct cpu *c, struct phys_mem *pm, const char *path, char *err, size_t errlen);
void bare_out(struct bare_mode *b, struct cpu *c, uint16_t port, unsigned size, uint32_t val);
uint32_t bare_in(struct bare_mode *b, uint16_t port, unsigned size);

#endif
