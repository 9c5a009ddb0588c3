/*
 * The x87 FPU's state (SDM vol. 1 ch. 8) and what the rest of the machine
 * may do with it: reset it (FNINIT), save and restore it in the FNSAVE
 * image (the kernel's lazy switch, fork, the gdb stub), and read it for
 * display. The arithmetic is in host.c, the instructions in x87.c and
 * env.c; none of it knows of the kernel.
 */
#ifndef CPU_FPU_FPU_H
#define CPU_FPU_FPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Status word (SDM vol. 1 §8.1.3, figure 8-4). */
#define FSW_IE	      0x0001u /* invalid operation */
#define FSW_DE	      0x0002u /* denormal operand */
#define FSW_ZE	      0x0004u /* zero divide */
#define FSW_OE	      0x0008u /* overflow */
#define FSW_UE	      0x0010u /* underflow */
#define FSW_PE	      0x0020u /* precision */
#define FSW_SF	      0x0040u /* stack fault */
#define FSW_ES	      0x0080u /* exception summary */
#define FSW_C0	      0x0100u
#define FSW_C1	      0x0200u
#define FSW_C2	      0x0400u
#define FSW_TOP	      0x3800u
#define FSW_C3	      0x4000u
#define FSW_B	      0x8000u /* busy: a copy of ES on the 387 and later */
#define FSW_EXC	      0x003fu /* the six exception flags */
#define FSW_TOP_SHIFT 11

/* Control word (SDM vol. 1 §8.1.5, figure 8-6): masks in bits 5:0,
 * PC 9:8, RC 11:10, the 287's infinity control X in bit 12. The CPU
 * stores bit 6 as 1 and bits 15:13 as 0 whatever was loaded (seen on the
 * host: FLDCW 0xffff, FNSTCW gives 0x1f7f; 0 gives 0x0040). */
#define FCW_MASKS 0x003fu
#define FCW_KEPT  0x1f3fu
#define FCW_ONE	  0x0040u
#define FCW_INIT  0x037fu /* FNINIT: all masked, 64-bit PC, RC nearest */

/* Tag values (SDM vol. 1 §8.1.7), two bits per physical register. */
#define FTAG_VALID   0u
#define FTAG_ZERO    1u
#define FTAG_SPECIAL 2u
#define FTAG_EMPTY   3u

/* CR0 bits of the FPU (SDM vol. 3 §2.5); the MMU's header has the others. */
#define CR0_MP 0x00000002u
#define CR0_EM 0x00000004u
#define CR0_NE 0x00000020u

struct fpu {
	uint8_t st[8][10]; /* R0..R7 in physical order, each an 80-bit value
			    * little-endian: 64-bit significand, then sign and
			    * 15-bit exponent */
	uint16_t cw, sw;   /* sw holds TOP in bits 13:11 */
	uint16_t tw;	   /* only "empty" is state: the other tags are computed
			    * from the register when stored (fpu_full_tags) */
	uint16_t fop;	   /* opcode of the last non-control instruction, 11 bits */
	uint32_t fip, fdp; /* its offset and its memory operand's offset */
	uint16_t fcs, fds; /* and their selectors */
};

/* Sizes of the environment and state images (SDM vol. 1 §8.1.10). */
#define FPU_ENV16  14u
#define FPU_ENV32  28u
#define FPU_SAVE16 94u
#define FPU_SAVE32 108u

/* FNINIT (SDM vol. 2 "FINIT/FNINIT"): CW 0x037f, SW 0, every tag empty,
 * pointers and opcode 0. The registers keep their contents. */
void fpu_reset(struct fpu *f);

static inline unsigned fpu_top(const struct fpu *f)
{
	return (f->sw & FSW_TOP) >> FSW_TOP_SHIFT;
}

/* Physical register of ST(i). */
static inline unsigned fpu_phys(const struct fpu *f, unsigned i)
{
	return (fpu_top(f) + i) & 7;
}

/* The tag of one register value as the CPU computes it. */
unsigned fpu_tag_of(const uint8_t reg[10]);
/* The full tag word: "empty" from f->tw, the others from the contents. */
uint16_t fpu_full_tags(const struct fpu *f);

/* FNSTENV/FLDENV and FNSAVE/FRSTOR images, 16-bit (o16) or 32-bit
 * protected-mode formats (env.c). */
void fpu_store_env(const struct fpu *f, uint8_t *out, bool o16);
void fpu_load_env(struct fpu *f, const uint8_t *in, bool o16);
void fpu_store_save(const struct fpu *f, uint8_t *out, bool o16);
void fpu_load_save(struct fpu *f, const uint8_t *in, bool o16);

/* The 32-bit protected-mode FNSAVE image (108 bytes) of the state and back:
 * what the kernel saves per process and the gdb stub shows. */
void fpu_to_image(const struct fpu *f, uint8_t out[FPU_SAVE32]);
void fpu_from_image(struct fpu *f, const uint8_t in[FPU_SAVE32]);

/* ES set means an unmasked exception waits for the next waiting FPU
 * instruction (SDM vol. 1 §8.6). */
static inline bool fpu_pending(const struct fpu *f)
{
	return (f->sw & FSW_ES) != 0;
}

/* The ES and B bits as the loaded flags and masks imply them. */
static inline uint16_t fpu_summary(uint16_t sw, uint16_t cw)
{
	sw &= (uint16_t) ~(FSW_ES | FSW_B);
	if (sw & ~cw & FSW_EXC)
		sw |= FSW_ES | FSW_B;
	return sw;
}

/* The register's value as a host long double, for display only. */
long double fpu_reg_value(const uint8_t reg[10]);

#endif
