/*
 * Control transfer: jumps, calls, returns, loops, software interrupts,
 * iret, hlt and the instructions that only raise #UD (SDM vol. 2).
 */
#include "ref.h"

/* A near branch target: truncated to 16 bits with a 16-bit operand size
 * and checked against the CS limit (SDM "JMP": #GP(0) if out of limit). */
static void near_branch(struct cpu *c, const struct insn *i, uint32_t target)
{
	if (i->opsize == 2)
		target &= 0xffff;
	if (target > c->seg[SEG_CS].limit)
		cpu_raise(c, EXC_GP, 0);
	c->next_eip = target;
}

HANDLER(h_jmp_J)
{
	near_branch(c, i, c->next_eip + i->imm);
}

HANDLER(h_jcc)
{
	if (cond_true(c, i->opcode & 15))
		near_branch(c, i, c->next_eip + i->imm);
}

HANDLER(h_jmp_Ev)
{
	near_branch(c, i, rm_read(c, i, i->opsize));
}

HANDLER(h_call_J)
{
	uint32_t ret = c->next_eip;
	uint32_t target = c->next_eip + i->imm;
	if (i->opsize == 2)
		target &= 0xffff;
	if (target > c->seg[SEG_CS].limit)
		cpu_raise(c, EXC_GP, 0);
	push(c, i->opsize, ret);
	c->next_eip = target;
}

HANDLER(h_call_Ev)
{
	uint32_t target = rm_read(c, i, i->opsize);
	if (i->opsize == 2)
		target &= 0xffff;
	if (target > c->seg[SEG_CS].limit)
		cpu_raise(c, EXC_GP, 0);
	push(c, i->opsize, c->next_eip);
	c->next_eip = target;
}

HANDLER(h_ret)
{
	uint32_t sp = sp_get(c);
	uint32_t target = pop_at(c, sp, i->opsize);
	if (i->opsize == 2)
		target &= 0xffff;
	if (target > c->seg[SEG_CS].limit)
		cpu_raise(c, EXC_GP, 0);
	uint32_t extra = i->opcode == 0xc2 ? (i->imm & 0xffff) : 0;
	sp_set(c, sp + i->opsize + extra);
	c->next_eip = target;
}

HANDLER(h_ljmp_Ap)
{
	far_jump(c, (uint16_t)i->imm2, i->imm, false, i->opsize);
}

HANDLER(h_lcall_Ap)
{
	far_jump(c, (uint16_t)i->imm2, i->imm, true, i->opsize);
}

static void far_mem(struct cpu *c, const struct insn *i, bool call)
{
	uint32_t ea = insn_ea(c, i);
	uint32_t off = read_seg(c, i->seg, ea, i->opsize);
	uint16_t sel = (uint16_t)read_seg(c, i->seg, (ea + i->opsize) & i->ea_mask, 2);
	far_jump(c, sel, off, call, i->opsize);
}

HANDLER(h_ljmp_Mp)
{
	far_mem(c, i, false);
}

HANDLER(h_lcall_Mp)
{
	far_mem(c, i, true);
}

HANDLER(h_lret)
{
	far_return(c, i->opsize, i->opcode == 0xca ? (uint16_t)i->imm : 0);
}

/* loop/loope/loopne: the counter is CX or ECX by address size (SDM "LOOP"). */
HANDLER(h_loop)
{
	uint32_t cnt;
	if (i->adsize == 2) {
		cnt = (c->reg[ECX] - 1) & 0xffff;
		set_reg(c, ECX, 2, cnt);
	} else {
		cnt = --c->reg[ECX];
	}
	bool take = cnt != 0;
	if (i->opcode == 0xe0)
		take = take && !flags_zf(c);
	else if (i->opcode == 0xe1)
		take = take && flags_zf(c);
	if (take)
		near_branch(c, i, c->next_eip + i->imm);
}

HANDLER(h_jecxz)
{
	uint32_t cnt = i->adsize == 2 ? c->reg[ECX] & 0xffff : c->reg[ECX];
	if (cnt == 0)
		near_branch(c, i, c->next_eip + i->imm);
}

/* Software interrupts are traps: the saved EIP is the next instruction. */
HANDLER(h_int3)
{
	(void)i;
	deliver_event(c, EXC_BP, EV_SOFTINT, false, 0, c->next_eip);
}

/* int1 (F1, ICEBP): a #DB trap delivered as an exception, so without the
 * gate DPL check that INT n, INT3 and INTO get (SDM vol. 3 §6.12.1.1,
 * §17.3.1.4 note on INT1). */
HANDLER(h_int1)
{
	(void)i;
	deliver_event(c, EXC_DB, EV_EXCEPTION, false, 0, c->next_eip);
}

HANDLER(h_int)
{
	deliver_softint(c, i->imm & 0xff, c->next_eip);
}

HANDLER(h_into)
{
	(void)i;
	if (flags_of(c))
		deliver_event(c, EXC_OF, EV_SOFTINT, false, 0, c->next_eip);
}

HANDLER(h_iret)
{
	do_iret(c, i->opsize);
}

HANDLER(h_ud2)
{
	(void)i;
	cpu_ud(c, "ud2");
}

HANDLER(h_ud)
{
	cpu_ud(c, row_ud_reason(i));
}

/* hlt: CPL 0 only (SDM "HLT"); waits for an interrupt. */
HANDLER(h_hlt)
{
	(void)i;
	require_cpl0(c);
	c->halted = true;
	c->event_at = 0;
}
