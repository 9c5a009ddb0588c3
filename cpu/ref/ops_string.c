/*
 * String instructions with rep/repe/repne (SDM vol. 2 "MOVS", "REP/REPE/
 * REPZ/REPNE/REPNZ"). Each iteration commits ESI/EDI/ECX only after its
 * memory accesses succeeded, so a fault leaves the registers at the
 * faulting iteration and the instruction restarts there. A long rep is cut
 * into chunks by leaving EIP on the instruction, as hardware does at
 * interrupt windows, so timers and budgets stay responsive.
 */
#include "ref.h"

#define REP_CHUNK 4096u

static unsigned str_size(const struct insn *i)
{
	return (i->opcode & 1) ? i->opsize : 1;
}

static uint32_t areg(const struct cpu *c, const struct insn *i, unsigned r)
{
	return i->adsize == 2 ? c->reg[r] & 0xffff : c->reg[r];
}

static void areg_add(struct cpu *c, const struct insn *i, unsigned r, int32_t d)
{
	if (i->adsize == 2)
		set_reg(c, r, 2, c->reg[r] + (uint32_t)d);
	else
		c->reg[r] += (uint32_t)d;
}

static int32_t str_step(const struct cpu *c, unsigned size)
{
	return (c->eflags & FL_DF) ? -(int32_t)size : (int32_t)size;
}

/* The source segment may be overridden; ES:EDI may not. */
static int src_seg(const struct insn *i)
{
	return i->seg_override != SEG_NONE ? i->seg_override : SEG_DS;
}

/* Runs `one` for each iteration, honouring rep and chunking. `cmp` says
 * whether repe/repne look at ZF. */
#define REP_LOOP(c, i, cmp, body)                                                                  \
	do {                                                                                       \
		if (!(i)->rep) {                                                                   \
			body;                                                                      \
			break;                                                                     \
		}                                                                                  \
		for (unsigned n_ = 0;; n_++) {                                                     \
			if (areg(c, i, ECX) == 0)                                                  \
				break;                                                             \
			if (n_ == REP_CHUNK) {                                                     \
				(c)->next_eip = (c)->eip; /* resume later */                       \
				break;                                                             \
			}                                                                          \
			body;                                                                      \
			areg_add(c, i, ECX, -1);                                                   \
			if (cmp) {                                                                 \
				bool zf_ = flags_zf(c);                                            \
				if (((i)->rep == PFX_REP && !zf_) ||                               \
				    ((i)->rep == PFX_REPNE && zf_))                                \
					break;                                                     \
			}                                                                          \
		}                                                                                  \
	} while (0)

HANDLER(h_movs)
{
	unsigned s = str_size(i);
	int32_t d = str_step(c, s);
	REP_LOOP(c, i, false, {
		uint32_t v = read_seg(c, src_seg(i), areg(c, i, ESI), s);
		write_seg(c, SEG_ES, areg(c, i, EDI), s, v);
		areg_add(c, i, ESI, d);
		areg_add(c, i, EDI, d);
	});
}

HANDLER(h_stos)
{
	unsigned s = str_size(i);
	int32_t d = str_step(c, s);
	REP_LOOP(c, i, false, {
		write_seg(c, SEG_ES, areg(c, i, EDI), s, get_reg(c, EAX, s));
		areg_add(c, i, EDI, d);
	});
}

HANDLER(h_lods)
{
	unsigned s = str_size(i);
	int32_t d = str_step(c, s);
	REP_LOOP(c, i, false, {
		uint32_t v = read_seg(c, src_seg(i), areg(c, i, ESI), s);
		set_reg(c, EAX, s, v);
		areg_add(c, i, ESI, d);
	});
}

HANDLER(h_cmps)
{
	unsigned s = str_size(i);
	int32_t d = str_step(c, s);
	REP_LOOP(c, i, true, {
		uint32_t a = read_seg(c, src_seg(i), areg(c, i, ESI), s);
		uint32_t b = read_seg(c, SEG_ES, areg(c, i, EDI), s);
		lazy_set(c, LF_SUB, s, a, b, a - b);
		areg_add(c, i, ESI, d);
		areg_add(c, i, EDI, d);
	});
}

HANDLER(h_scas)
{
	unsigned s = str_size(i);
	int32_t d = str_step(c, s);
	REP_LOOP(c, i, true, {
		uint32_t b = read_seg(c, SEG_ES, areg(c, i, EDI), s);
		uint32_t a = get_reg(c, EAX, s);
		lazy_set(c, LF_SUB, s, a, b, a - b);
		areg_add(c, i, EDI, d);
	});
}

HANDLER(h_ins)
{
	unsigned s = str_size(i);
	int32_t d = str_step(c, s);
	uint16_t port = (uint16_t)c->reg[EDX];
	io_check(c, port, s);
	REP_LOOP(c, i, false, {
		/* Probe the destination before the port is read. */
		(void)rmw_ptr(c, seg_lin(c, SEG_ES, areg(c, i, EDI), s, true), s);
		uint32_t v = c->env.io_in ? c->env.io_in(c, c->env.opaque, port, s) : size_mask(s);
		write_seg(c, SEG_ES, areg(c, i, EDI), s, v);
		areg_add(c, i, EDI, d);
	});
}

HANDLER(h_outs)
{
	unsigned s = str_size(i);
	int32_t d = str_step(c, s);
	uint16_t port = (uint16_t)c->reg[EDX];
	io_check(c, port, s);
	REP_LOOP(c, i, false, {
		uint32_t v = read_seg(c, src_seg(i), areg(c, i, ESI), s);
		if (c->env.io_out)
			c->env.io_out(c, c->env.opaque, port, s, v);
		areg_add(c, i, ESI, d);
		if (c->stop)
			break;
	});
}
