/*
 * x87 arithmetic on the host's own FPU.
 *
 * Why the host: the FPU must give results exact to the bit on this CPU,
 * every flag and C1 included, the transcendentals too. A software extF80
 * (SoftFloat-style) would be portable but would have to reproduce the
 * CPU's transcendental approximations, its NaN and unsupported-encoding
 * rules and its unmasked-exception responses (the biased exponent of an
 * unmasked overflow, SDM vol. 1 §8.5.4) from documentation; the host x87
 * *is* the reference. The price is that ia32emu needs an x86 host: other
 * hosts stop the build below.
 *
 * How: for one instruction the guest's state is loaded with FRSTOR (its
 * control word as the guest set it, masks included; the guest's sticky
 * exception flags, ES and B cleared, so that nothing is pending on the
 * host), the instruction runs with the same encoding (a memory operand is
 * a host copy at (%eax)/(%rax)), and FNSAVE, which does not wait, brings
 * the state back and reinitialises the host FPU to the ABI's default
 * (control word 0x037f). The raised flags are then or-ed into the guest's
 * sticky ones. The host never takes a floating-point exception: nothing is
 * pending when a waiting instruction runs, and FNSAVE clears what the
 * instruction raised. The stack (TOP, tags, stack faults) is the host's as
 * well, so overflow, underflow and their C1 are the CPU's by construction.
 *
 * The guest's instruction pointers (FIP, FDP, FOP) are not the host's:
 * x87.c keeps them.
 */
#if !defined(__i386__) && !defined(__x86_64__)
#error                                                                                             \
    "ia32emu's FPU runs x87 instructions on the host's FPU (cpu/fpu/host.c): it needs an x86 or x86-64 host"
#endif

#include "host.h"

#include <string.h>

/* The 32-bit protected-mode FNSAVE/FRSTOR image (SDM vol. 1 figure 8-9
 * and 8-10), which is also the format in 64-bit mode. */
struct image {
	uint32_t cw, sw, tw, fip, fcs_fop, fdp, fds;
	uint8_t st[8][10]; /* ST(0)..ST(7), in stack order */
} __attribute__((packed));

_Static_assert(sizeof(struct image) == 108, "FNSAVE image");

/* The host registers the inline assembly below uses: the pointer to the
 * memory operand is in (e|r)ax, where ModRM rm 0, mod 0 points. */
#define IMG_IN	"frstor (%[img])\n\t"
#define IMG_OUT "\n\tfnsave (%[img])"

static bool run(unsigned key, struct image *im, void *mem, uint32_t *fl)
{
	uint8_t zf = 0, pf = 0, cf = 0;
	switch (key) {
#define M(e, m)                                                                                    \
	case ((e) << 8) | (m):                                                                     \
		__asm__ volatile(IMG_IN ".byte " #e "," #m IMG_OUT                                 \
				 :                                                                 \
				 : [img] "r"(im), "a"(mem)                                         \
				 : "memory", "cc");                                                \
		return true;
#define R(e, m)                                                                                    \
	case ((e) << 8) | (m):                                                                     \
		__asm__ volatile(IMG_IN ".byte " #e "," #m IMG_OUT                                 \
				 :                                                                 \
				 : [img] "r"(im)                                                   \
				 : "memory", "cc");                                                \
		return true;
/* fcomi and friends set ZF, PF and CF (SDM vol. 2 "FCOMI"). */
#define C(e, m)                                                                                    \
	case ((e) << 8) | (m):                                                                     \
		__asm__ volatile(IMG_IN ".byte " #e "," #m                                         \
					"\n\tsetz %[z]\n\tsetp %[p]\n\tsetc %[c]" IMG_OUT          \
				 : [z] "=&q"(zf), [p] "=&q"(pf), [c] "=&q"(cf)                     \
				 : [img] "r"(im)                                                   \
				 : "memory", "cc");                                                \
		*fl = (zf ? 0x40u : 0) | (pf ? 0x04u : 0) | (cf ? 0x01u : 0);                      \
		return true;
/* fcmovcc reads CF, ZF, PF: the guest's, put in place with SAHF (AH is
 * SF ZF 0 AF 0 PF 1 CF). */
#define F(e, m)                                                                                    \
	case ((e) << 8) | (m):                                                                     \
		__asm__ volatile(IMG_IN "movb %b[f], %%ah\n\tsahf\n\t.byte " #e "," #m IMG_OUT     \
				 :                                                                 \
				 : [img] "r"(im), [f] "c"(*fl)                                     \
				 : "memory", "cc", "eax");                                         \
		return true;
#include "hostops.def"
#undef M
#undef R
#undef C
#undef F
	default: return false;
	}
}

bool x87_host_known(unsigned esc, unsigned modrm)
{
	/* The same switch, asked without running: a second list would drift. */
	switch ((esc << 8) | modrm) {
#define M(e, m) case ((e) << 8) | (m):
#define R(e, m) case ((e) << 8) | (m):
#define C(e, m) case ((e) << 8) | (m):
#define F(e, m) case ((e) << 8) | (m):
#include "hostops.def"
#undef M
#undef R
#undef C
#undef F
		return true;
	default: return false;
	}
}

bool x87_host_exec(struct fpu *f, unsigned esc, unsigned modrm, void *mem, uint32_t *eflags)
{
	struct image im;
	memset(&im, 0, sizeof(im));
	unsigned top = fpu_top(f);
	im.cw = f->cw;
	/* Nothing pending on the host: the guest's sticky flags are kept
	 * aside and or-ed back. C0-C3 and TOP go in. */
	im.sw = f->sw & (uint16_t) ~(FSW_EXC | FSW_SF | FSW_ES | FSW_B);
	im.tw = fpu_full_tags(f);
	for (unsigned k = 0; k < 8; k++)
		memcpy(im.st[k], f->st[(top + k) & 7], 10);
	uint32_t fl = eflags ? *eflags : 0;
	if (!run((esc << 8) | modrm, &im, mem, &fl))
		return false;
	if (eflags)
		*eflags = fl;
	uint16_t sw = (uint16_t)im.sw;
	unsigned ntop = (sw & FSW_TOP) >> FSW_TOP_SHIFT;
	for (unsigned k = 0; k < 8; k++)
		memcpy(f->st[(ntop + k) & 7], im.st[k], 10);
	f->tw = (uint16_t)im.tw;
	uint16_t sticky = f->sw & (FSW_EXC | FSW_SF | FSW_ES | FSW_B);
	f->sw = sw | sticky;
	if (f->sw & FSW_ES)
		f->sw |= FSW_B;
	return true;
}
