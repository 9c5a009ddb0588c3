/*
 * info float: the x87 state as gdb prints it for i386 (gdb's
 * i387_print_float_info): the physical registers R7..R0 with their tags,
 * "=>" at TOP, then the status and control words decoded, the tag word,
 * the last instruction and operand pointers and the opcode. The state is
 * the current process's, wherever the lazy switch keeps it (kernel/fpu.c).
 */
#include "monitor.h"

#include "../kernel/kernel.h"

#include <stdio.h>
#include <string.h>

int mon_info_float(struct monitor *mon, const char *args);

/* gdb's print_i387_ext: the value, or what kind of special it is. */
static void print_ext(const uint8_t r[10])
{
	uint64_t sig;
	memcpy(&sig, r, 8);
	unsigned exp = (r[8] | (unsigned)r[9] << 8) & 0x7fff;
	bool sign = r[9] & 0x80, integer = sig >> 63;
	uint64_t frac = sig & ~(1ull << 63);
	if (exp == 0x7fff && integer) {
		if (frac == 0)
			printf(" %cInf", sign ? '-' : '+');
		else if (sign && frac == 1ull << 62)
			printf(" Real Indefinite (QNaN)");
		else if (frac & 1ull << 62)
			printf(" QNaN");
		else
			printf(" SNaN");
	} else if ((exp < 0x7fff && exp > 0 && integer) || exp == 0) {
		printf(" %-+27.19Lg", fpu_reg_value(r));
		if (exp == 0 && integer)
			printf(" Pseudo-denormal");
		else if (exp == 0 && frac)
			printf(" Denormal");
	} else {
		printf(" Unsupported");
	}
}

static void flag(uint16_t w, uint16_t bit, const char *name)
{
	printf(" %s", (w & bit) ? name : "  ");
}

int mon_info_float(struct monitor *mon, const char *args)
{
	(void)args;
	struct cpu *c = machine_cpu(mon->m);
	const struct kernel *k = machine_kernel(mon->m);
	const struct fpu *f = k && k->cur ? kfpu_state(k, k->cur) : &c->fpu;
	uint16_t tw = fpu_full_tags(f), sw = f->sw, cw = f->cw;
	unsigned top = fpu_top(f);
	static const char *const tags[4] = {"Valid   ", "Zero    ", "Special ", "Empty   "};
	for (int r = 7; r >= 0; r--) {
		unsigned t = (tw >> (2 * r)) & 3;
		printf("%sR%d: %s0x", (unsigned)r == top ? "=>" : "  ", r, tags[t]);
		for (int b = 9; b >= 0; b--)
			printf("%02x", f->st[r][b]);
		if (t != FTAG_EMPTY)
			print_ext(f->st[r]);
		printf("\n");
	}
	printf("\nStatus Word:         0x%04x  ", sw);
	static const char *const exc[6] = {"IE", "DE", "ZE", "OE", "UE", "PE"};
	for (int b = 0; b < 6; b++)
		flag(sw, (uint16_t)(1u << b), exc[b]);
	printf("  ");
	flag(sw, FSW_ES, "ES");
	printf("  ");
	flag(sw, FSW_SF, "SF");
	printf("  ");
	flag(sw, FSW_C0, "C0");
	flag(sw, FSW_C1, "C1");
	flag(sw, FSW_C2, "C2");
	flag(sw, FSW_C3, "C3");
	printf("\n                       TOP: %u\n", top);
	printf("Control Word:        0x%04x  ", cw);
	static const char *const msk[6] = {"IM", "DM", "ZM", "OM", "UM", "PM"};
	for (int b = 0; b < 6; b++)
		flag(cw, (uint16_t)(1u << b), msk[b]);
	static const char *const pc[4] = {"Single Precision (24-bits)", "Reserved",
					  "Double Precision (53-bits)",
					  "Extended Precision (64-bits)"};
	static const char *const rc[4] = {"Round to nearest", "Round down", "Round up",
					  "Round toward zero"};
	printf("\n                       PC: %s\n", pc[(cw >> 8) & 3]);
	printf("                       RC: %s\n", rc[(cw >> 10) & 3]);
	printf("Tag Word:            0x%04x\n", tw);
	printf("Instruction Pointer: 0x%02x:0x%08x\n", f->fcs, f->fip);
	printf("Operand Pointer:     0x%02x:0x%08x\n", f->fds, f->fdp);
	printf("Opcode:              0x%04x\n", f->fop ? f->fop | 0xd800 : 0);
	return 0;
}
