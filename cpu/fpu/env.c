/*
 * The FPU state as data: FNINIT, tags, and the environment and state
 * images of FNSTENV/FLDENV and FNSAVE/FRSTOR in their 16- and 32-bit
 * protected-mode formats (SDM vol. 1 §8.1.10, figures 8-9 to 8-12).
 */
#include "fpu.h"

#include <string.h>

void fpu_reset(struct fpu *f)
{
	f->cw = FCW_INIT;
	f->sw = 0;
	f->tw = 0xffff;
	f->fop = 0;
	f->fip = f->fdp = 0;
	f->fcs = f->fds = 0;
}

/* SDM vol. 1 §8.1.7 and the table of vol. 2 "FXSAVE" (abridged to full
 * tags): exponent all ones, a zero exponent with a nonzero significand
 * (denormal, pseudo-denormal) and a clear integer bit (unnormal) are
 * special. */
unsigned fpu_tag_of(const uint8_t reg[10])
{
	uint64_t sig;
	memcpy(&sig, reg, 8);
	unsigned exp = (reg[8] | (unsigned)reg[9] << 8) & 0x7fff;
	if (exp == 0x7fff)
		return FTAG_SPECIAL;
	if (exp == 0)
		return sig == 0 ? FTAG_ZERO : FTAG_SPECIAL;
	return (sig >> 63) ? FTAG_VALID : FTAG_SPECIAL;
}

uint16_t fpu_full_tags(const struct fpu *f)
{
	uint16_t tw = 0;
	for (unsigned r = 0; r < 8; r++) {
		unsigned t =
		    ((f->tw >> (2 * r)) & 3) == FTAG_EMPTY ? FTAG_EMPTY : fpu_tag_of(f->st[r]);
		tw |= (uint16_t)(t << (2 * r));
	}
	return tw;
}

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return v;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* The reserved upper halves of the 32-bit image are stored as ones, as
 * the host CPU stores them. */
void fpu_store_env(const struct fpu *f, uint8_t *out, bool o16)
{
	uint16_t tw = fpu_full_tags(f);
	if (o16) {
		put16(out + 0, f->cw);
		put16(out + 2, f->sw);
		put16(out + 4, tw);
		put16(out + 6, (uint16_t)f->fip);
		put16(out + 8, f->fcs);
		put16(out + 10, (uint16_t)f->fdp);
		put16(out + 12, f->fds);
		return;
	}
	put32(out + 0, 0xffff0000u | f->cw);
	put32(out + 4, 0xffff0000u | f->sw);
	put32(out + 8, 0xffff0000u | tw);
	put32(out + 12, f->fip);
	put32(out + 16, f->fcs | (uint32_t)(f->fop & 0x7ff) << 16);
	put32(out + 20, f->fdp);
	put32(out + 24, 0xffff0000u | f->fds);
}

/* FLDENV/FRSTOR: the tag word says only which registers are empty (the
 * CPU recomputes the others), and ES and B follow from the loaded flags
 * and masks (seen on the host: a status word 0x7fff loaded with every
 * exception masked reads back 0x7f7f). */
void fpu_load_env(struct fpu *f, const uint8_t *in, bool o16)
{
	uint16_t tw;
	f->cw = (uint16_t)((get16(in) & FCW_KEPT) | FCW_ONE);
	if (o16) {
		f->sw = get16(in + 2);
		tw = get16(in + 4);
		f->fip = get16(in + 6);
		f->fcs = get16(in + 8);
		f->fdp = get16(in + 10);
		f->fds = get16(in + 12);
		f->fop = 0;
	} else {
		f->sw = get16(in + 4);
		tw = get16(in + 8);
		f->fip = get32(in + 12);
		f->fcs = get16(in + 16);
		f->fop = (uint16_t)((get32(in + 16) >> 16) & 0x7ff);
		f->fdp = get32(in + 20);
		f->fds = get16(in + 24);
	}
	f->sw = fpu_summary(f->sw, f->cw);
	f->tw = 0;
	for (unsigned r = 0; r < 8; r++)
		if (((tw >> (2 * r)) & 3) == FTAG_EMPTY)
			f->tw |= (uint16_t)(FTAG_EMPTY << (2 * r));
}

void fpu_store_save(const struct fpu *f, uint8_t *out, bool o16)
{
	size_t env = o16 ? FPU_ENV16 : FPU_ENV32;
	fpu_store_env(f, out, o16);
	for (unsigned k = 0; k < 8; k++)
		memcpy(out + env + 10 * k, f->st[fpu_phys(f, k)], 10);
}

void fpu_load_save(struct fpu *f, const uint8_t *in, bool o16)
{
	size_t env = o16 ? FPU_ENV16 : FPU_ENV32;
	fpu_load_env(f, in, o16);
	for (unsigned k = 0; k < 8; k++)
		memcpy(f->st[fpu_phys(f, k)], in + env + 10 * k, 10);
}

void fpu_to_image(const struct fpu *f, uint8_t out[FPU_SAVE32])
{
	fpu_store_save(f, out, false);
}

void fpu_from_image(struct fpu *f, const uint8_t in[FPU_SAVE32])
{
	fpu_load_save(f, in, false);
}

long double fpu_reg_value(const uint8_t reg[10])
{
	long double v = 0;
	_Static_assert(sizeof(long double) >= 10, "x87 long double");
	memcpy(&v, reg, 10);
	return v;
}
