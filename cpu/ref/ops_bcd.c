/*
 * Decimal-adjust instructions (SDM vol. 2 "DAA", "DAS", "AAA", "AAS",
 * "AAM", "AAD"), following the pseudocode there. Flags the SDM calls
 * undefined are left unchanged.
 */
#include "ref.h"

static void set_flag(struct cpu *c, uint32_t bit, bool on)
{
	c->eflags = on ? c->eflags | bit : c->eflags & ~bit;
}

static void set_szp(struct cpu *c, uint32_t al)
{
	c->eflags = (c->eflags & ~(FL_SF | FL_ZF | FL_PF)) | flags_szp(al, 1);
}

HANDLER(h_daa)
{
	(void)i;
	flags_materialize(c);
	uint32_t al = c->reg[EAX] & 0xff, old_al = al;
	bool old_cf = c->eflags & FL_CF, af = c->eflags & FL_AF;
	if ((al & 0x0f) > 9 || af) {
		al = (al + 6) & 0xff;
		set_flag(c, FL_AF, true);
	} else {
		set_flag(c, FL_AF, false);
	}
	if (old_al > 0x99 || old_cf) {
		al = (al + 0x60) & 0xff;
		set_flag(c, FL_CF, true);
	} else {
		set_flag(c, FL_CF, false);
	}
	set_reg(c, EAX, 1, al);
	set_szp(c, al); /* OF undefined: unchanged */
}

HANDLER(h_das)
{
	(void)i;
	flags_materialize(c);
	uint32_t al = c->reg[EAX] & 0xff, old_al = al;
	bool old_cf = c->eflags & FL_CF, af = c->eflags & FL_AF;
	bool cf = false;
	if ((al & 0x0f) > 9 || af) {
		cf = old_cf || al < 6;
		al = (al - 6) & 0xff;
		set_flag(c, FL_AF, true);
	} else {
		set_flag(c, FL_AF, false);
	}
	if (old_al > 0x99 || old_cf) {
		al = (al - 0x60) & 0xff;
		cf = true;
	}
	set_flag(c, FL_CF, cf);
	set_reg(c, EAX, 1, al);
	set_szp(c, al);
}

HANDLER(h_aaa)
{
	(void)i;
	flags_materialize(c);
	uint32_t ax = c->reg[EAX] & 0xffff;
	bool adj = (ax & 0x0f) > 9 || (c->eflags & FL_AF);
	if (adj)
		ax = (ax + 0x106) & 0xffff;
	set_flag(c, FL_AF, adj);
	set_flag(c, FL_CF, adj);
	set_reg(c, EAX, 2, ax & 0xff0f);
}

HANDLER(h_aas)
{
	(void)i;
	flags_materialize(c);
	uint32_t ax = c->reg[EAX] & 0xffff;
	bool adj = (ax & 0x0f) > 9 || (c->eflags & FL_AF);
	if (adj) {
		ax = (ax - 6) & 0xffff;
		ax = (ax - 0x100) & 0xffff;
	}
	set_flag(c, FL_AF, adj);
	set_flag(c, FL_CF, adj);
	set_reg(c, EAX, 2, ax & 0xff0f);
}

HANDLER(h_aam)
{
	uint32_t base = i->imm & 0xff;
	if (base == 0)
		cpu_raise_noerr(c, EXC_DE);
	flags_materialize(c);
	uint32_t al = c->reg[EAX] & 0xff;
	uint32_t ah = al / base;
	al %= base;
	set_reg(c, EAX, 2, (ah << 8) | al);
	set_szp(c, al);
}

HANDLER(h_aad)
{
	flags_materialize(c);
	uint32_t al = c->reg[EAX] & 0xff, ah = (c->reg[EAX] >> 8) & 0xff;
	al = (al + ah * (i->imm & 0xff)) & 0xff;
	set_reg(c, EAX, 2, al);
	set_szp(c, al);
}
