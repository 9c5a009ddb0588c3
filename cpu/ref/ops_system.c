/*
 * Flag instructions, cpuid, rdtsc, port I/O with its permission checks,
 * and the system instructions (SDM vol. 2; privilege rules from vol. 3
 * §5.9 and IOPL rules from vol. 1 §19.5).
 */
#include "ref.h"

#define CR4_TSD 0x00000004u /* time-stamp disable (SDM vol. 3 §2.5) */

HANDLER(h_flagop)
{
	flags_materialize(c);
	switch (i->opcode) {
	case 0xf8: c->eflags &= ~FL_CF; break;
	case 0xf9: c->eflags |= FL_CF; break;
	case 0xf5: c->eflags ^= FL_CF; break;
	case 0xfc: c->eflags &= ~FL_DF; break;
	default: c->eflags |= FL_DF; break;
	}
}

/* cli/sti: #GP(0) when CPL > IOPL (protected mode, no PVI; SDM "CLI"). */
HANDLER(h_cli)
{
	(void)i;
	if (c->cpl > iopl(c))
		cpu_raise(c, EXC_GP, 0);
	c->eflags &= ~FL_IF;
}

HANDLER(h_sti)
{
	(void)i;
	if (c->cpl > iopl(c))
		cpu_raise(c, EXC_GP, 0);
	if (!(c->eflags & FL_IF)) {
		/* Interrupts are recognised only after the next instruction. */
		c->inhibit_until = c->icount + 2;
		c->eflags |= FL_IF;
		c->event_at = 0;
	}
}

/* cpuid: an honest description of the subset: an x87 FPU, no MMX/SSE;
 * TSC, CX8, CMOV, PSE and MSR are present (FCOMI and FCMOV follow from FPU
 * and CMOV, SDM vol. 2 "FCOMI", "FCMOVcc"). Unknown leaves return zeros. */
HANDLER(h_cpuid)
{
	(void)i;
	uint32_t leaf = c->reg[EAX];
	uint32_t a = 0, b = 0, cc = 0, d = 0;
	if (leaf == 0) {
		a = 1;
		memcpy(&b, "ia32", 4); /* vendor "ia32emu-i386" in EBX, EDX, ECX */
		memcpy(&d, "emu-", 4);
		memcpy(&cc, "i386", 4);
	} else if (leaf == 1) {
		a = 0x0500; /* family 5, model 0, stepping 0 */
		d = 1u | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 8) |
		    (1u << 15); /* FPU PSE TSC MSR CX8 CMOV */
	} else if (leaf == 0x80000000u) {
		a = 0x80000000u;
	}
	c->reg[EAX] = a;
	c->reg[EBX] = b;
	c->reg[ECX] = cc;
	c->reg[EDX] = d;
}

/* rdtsc: the virtual clock, retired instructions (docs/architecture.md).
 * CR4.TSD makes it privileged (SDM "RDTSC"). */
HANDLER(h_rdtsc)
{
	(void)i;
	if ((c->mmu.cr4 & CR4_TSD) && c->cpl != 0)
		cpu_raise(c, EXC_GP, 0);
	c->reg[EAX] = (uint32_t)c->icount;
	c->reg[EDX] = (uint32_t)(c->icount >> 32);
}

void io_check(struct cpu *c, uint16_t port, unsigned size)
{
	if (c->cpl <= iopl(c))
		return;
	/* The I/O permission bitmap: its base is the word at TSS offset 102;
	 * every bit for the accessed ports must be 0, and a bitmap byte beyond
	 * the TSS limit counts as all ones (SDM vol. 1 §19.5.2). */
	if (!c->tr.valid || c->tr.limit < 103)
		cpu_raise(c, EXC_GP, 0);
	uint32_t base = sup_read(c, c->tr.base + 102, 2);
	uint32_t off = base + (port >> 3);
	if (off + 1 > c->tr.limit)
		cpu_raise(c, EXC_GP, 0);
	uint32_t bits = sup_read(c, c->tr.base + off, 2);
	uint32_t mask = ((1u << size) - 1) << (port & 7);
	if (bits & mask)
		cpu_raise(c, EXC_GP, 0);
}

/* io_check() with its first test inline: with CPL <= IOPL every port is
 * allowed and the TSS bitmap is not read (SDM vol. 1 §19.5). The kernel's
 * trap stub runs its `out` at CPL 0 on every system call. */
static inline void io_allowed(struct cpu *c, uint16_t port, unsigned size)
{
	if (likely(c->cpl <= iopl(c)))
		return;
	io_check(c, port, size);
}

static unsigned io_size(const struct insn *i)
{
	return (i->opcode & 1) ? i->opsize : 1;
}

static uint16_t io_port(const struct cpu *c, const struct insn *i)
{
	return (i->opcode & 0x08) ? (uint16_t)c->reg[EDX] : (uint16_t)(i->imm & 0xff);
}

HANDLER(h_in)
{
	unsigned s = io_size(i);
	uint16_t port = io_port(c, i);
	io_allowed(c, port, s);
	uint32_t v = c->env.io_in ? c->env.io_in(c, c->env.opaque, port, s) : 0xffffffffu;
	set_reg(c, EAX, s, v);
}

HANDLER(h_out)
{
	unsigned s = io_size(i);
	uint16_t port = io_port(c, i);
	io_allowed(c, port, s);
	if (c->env.io_out)
		c->env.io_out(c, c->env.opaque, port, s, get_reg(c, EAX, s));
}

HANDLER(h_sldt_str)
{
	uint16_t sel = i->regf == 0 ? c->ldtr.sel : c->tr.sel;
	if (i->mod == 3)
		set_reg(c, i->rm, i->opsize, sel);
	else
		rm_write(c, i, 2, sel);
}

HANDLER(h_lldt)
{
	require_cpl0(c);
	uint16_t sel = (uint16_t)rm_read(c, i, 2);
	if ((sel & 0xfffc) == 0) {
		c->ldtr.sel = sel;
		c->ldtr.valid = false;
		cpu_tables_changed(c);
		return;
	}
	uint32_t lo, hi;
	if ((sel & 4) || read_descriptor(c, sel, &lo, &hi) < 0 || ((hi >> 8) & 0x1f) != 0x02)
		cpu_raise(c, EXC_GP, sel & 0xfffc);
	if (!(hi & 0x8000u))
		cpu_raise(c, EXC_NP, sel & 0xfffc);
	seg_load_cache(&c->ldtr, sel, lo, hi);
	cpu_tables_changed(c);
}

/* ltr: an available 32-bit TSS in the GDT, marked busy (SDM "LTR"). */
HANDLER(h_ltr)
{
	require_cpl0(c);
	uint16_t sel = (uint16_t)rm_read(c, i, 2);
	uint32_t lo, hi;
	if ((sel & 0xfffc) == 0)
		cpu_raise(c, EXC_GP, 0);
	if ((sel & 4) || read_descriptor(c, sel, &lo, &hi) < 0 || ((hi >> 8) & 0x1f) != 0x09)
		cpu_raise(c, EXC_GP, sel & 0xfffc);
	if (!(hi & 0x8000u))
		cpu_raise(c, EXC_NP, sel & 0xfffc);
	sup_write(c, c->gdtr.base + (sel & 0xfff8u) + 4, 4, hi | 0x200);
	seg_load_cache(&c->tr, sel, lo, hi | 0x200);
	cpu_tables_changed(c);
}

/* verr/verw: ZF=1 when the segment is readable/writable at CPL and RPL. */
HANDLER(h_verrw)
{
	uint16_t sel = (uint16_t)rm_read(c, i, 2);
	uint32_t lo, hi;
	bool ok = false;
	if ((sel & 0xfffc) && read_descriptor(c, sel, &lo, &hi) == 0 && (hi & 0x1000u)) {
		unsigned dpl = (hi >> 13) & 3;
		bool code = hi & 0x800u, conforming = code && (hi & 0x400u);
		bool priv_ok = conforming || (dpl >= c->cpl && dpl >= (sel & 3u));
		if (i->regf == 4)
			ok = priv_ok && (!code || (hi & 0x200u));
		else
			ok = priv_ok && !code && (hi & 0x200u);
	}
	flags_materialize(c);
	c->eflags = ok ? c->eflags | FL_ZF : c->eflags & ~FL_ZF;
}

HANDLER(h_sgdt_sidt)
{
	uint32_t ea = insn_ea(c, i);
	uint16_t limit = i->regf == 0 ? c->gdtr.limit : c->idtr.limit;
	uint32_t base = i->regf == 0 ? c->gdtr.base : c->idtr.base;
	/* Probe both parts for writing (never reading: a refused store is a
	 * write fault, SDM vol. 3 §4.7) before writing either. */
	lin_probe_write(c, seg_lin(c, i->seg, ea, 2, true), 2);
	lin_probe_write(c, seg_lin(c, i->seg, (ea + 2) & i->ea_mask, 4, true), 4);
	write_seg(c, i->seg, ea, 2, limit);
	write_seg(c, i->seg, (ea + 2) & i->ea_mask, 4, base);
}

HANDLER(h_lgdt_lidt)
{
	require_cpl0(c);
	uint32_t ea = insn_ea(c, i);
	uint16_t limit = (uint16_t)read_seg(c, i->seg, ea, 2);
	uint32_t base = read_seg(c, i->seg, (ea + 2) & i->ea_mask, 4);
	if (i->opsize == 2)
		base &= 0x00ffffffu; /* 24-bit base with a 16-bit operand size */
	if (i->regf == 2) {
		c->gdtr.limit = limit;
		c->gdtr.base = base;
	} else {
		c->idtr.limit = limit;
		c->idtr.base = base;
	}
	cpu_tables_changed(c);
}

HANDLER(h_smsw)
{
	uint32_t cr0 = c->mmu.cr0;
	if (i->mod == 3)
		set_reg(c, i->rm, i->opsize, cr0);
	else
		rm_write(c, i, 2, cr0 & 0xffff);
}

/* lmsw: only PE, MP, EM, TS; PE cannot be cleared (SDM "LMSW"). */
HANDLER(h_lmsw)
{
	require_cpl0(c);
	uint32_t v = rm_read(c, i, 2) & 0xf;
	uint32_t cr0 = (c->mmu.cr0 & ~0xeu) | v | (c->mmu.cr0 & CR0_PE);
	cpu_set_cr(c, 0, cr0);
}

HANDLER(h_invlpg)
{
	require_cpl0(c);
	uint32_t lin = c->seg[i->seg].base + insn_ea(c, i);
	tlb_flush_page(&c->mmu, lin);
	if (c->env.on_paging)
		c->env.on_paging(c, c->env.opaque, "invlpg", lin);
}

/* lar/lsl: ZF=1 and the access rights / limit when the descriptor is
 * visible at CPL and RPL (SDM "LAR", "LSL"). */
HANDLER(h_lar_lsl)
{
	uint16_t sel = (uint16_t)rm_read(c, i, 2);
	uint32_t lo, hi;
	bool ok = false;
	flags_materialize(c);
	if ((sel & 0xfffc) && read_descriptor(c, sel, &lo, &hi) == 0) {
		unsigned dpl = (hi >> 13) & 3, type = (hi >> 8) & 0x1f;
		bool conforming = (type & 0x1c) == 0x1c;
		/* LSL accepts TSS and LDT descriptors; LAR also gates (call gates
		 * 4 and 0xC, task gate 5) (SDM vol. 2 "LAR" table 3-52). */
		bool sys_ok = (type & 0x10) || type == 1 || type == 2 || type == 3 || type == 9 ||
			      type == 0xb ||
			      (i->opcode == 0x02 && (type == 0x4 || type == 0xc || type == 0x5));
		ok = sys_ok && (conforming || (dpl >= c->cpl && dpl >= (sel & 3u)));
		if (ok) {
			/* LAR: bits 23:8 of the second dword. The SDM calls bits
			 * 19:16 (limit 19:16) undefined (mask 00FxFF00H); the CPU
			 * returns them: 0x00cffb00 for a flat ring-3 code segment
			 * on the hosts we checked, so do we. */
			struct seg s;
			seg_load_cache(&s, sel, lo, hi);
			set_reg(c, i->regf, i->opsize,
				i->opcode == 0x02 ? (hi & 0x00ffff00u) : s.limit);
		}
	}
	c->eflags = ok ? c->eflags | FL_ZF : c->eflags & ~FL_ZF;
}

HANDLER(h_clts)
{
	(void)i;
	require_cpl0(c);
	c->mmu.cr0 &= ~CR0_TS;
}

HANDLER(h_wbinvd)
{
	(void)i;
	require_cpl0(c);
}

HANDLER(h_mov_from_cr)
{
	require_cpl0(c);
	if (i->regf == 1 || i->regf > 4)
		cpu_ud(c, "no such control register");
	c->reg[i->rm] = cpu_get_cr(c, i->regf);
}

HANDLER(h_mov_to_cr)
{
	require_cpl0(c);
	uint32_t v = c->reg[i->rm];
	if (i->regf == 1 || i->regf > 4)
		cpu_ud(c, "no such control register");
	/* Paging without protection, or reserved CR4 bits, are #GP(0)
	 * (SDM "MOV—Move to/from Control Registers"). */
	if (i->regf == 0 && (v & CR0_PG) && !(v & CR0_PE))
		cpu_raise(c, EXC_GP, 0);
	if (i->regf == 0 && !(v & CR0_PE))
		cpu_raise(c, EXC_GP, 0); /* real mode is outside the subset */
	/* CR4: only TSD (bit 2) and PSE (bit 4) exist here; VME, PVI and DE are
	 * not reported by cpuid, so setting them, like any reserved bit, is
	 * #GP(0) — accepting PVI would silently change what cli/sti do at
	 * CPL 3 (SDM vol. 3 §2.5, §20.4). */
	if (i->regf == 4 && (v & ~(CR4_TSD | CR4_PSE)))
		cpu_raise(c, EXC_GP, 0);
	cpu_set_cr(c, i->regf, v);
}

HANDLER(h_mov_from_dr)
{
	require_cpl0(c);
	unsigned n = i->regf == 4 ? 6 : i->regf == 5 ? 7 : i->regf;
	c->reg[i->rm] = c->dr[n];
}

HANDLER(h_mov_to_dr)
{
	require_cpl0(c);
	unsigned n = i->regf == 4 ? 6 : i->regf == 5 ? 7 : i->regf;
	c->dr[n] = c->reg[i->rm];
}

/* rdmsr/wrmsr: CPL 0 only; the one MSR is the time-stamp counter (0x10);
 * any other number is #GP(0) (SDM "RDMSR"). */
HANDLER(h_msr)
{
	require_cpl0(c);
	if (c->reg[ECX] != 0x10)
		cpu_raise(c, EXC_GP, 0);
	if (i->opcode == 0x32) {
		c->reg[EAX] = (uint32_t)c->icount;
		c->reg[EDX] = (uint32_t)(c->icount >> 32);
	}
	/* A write to the TSC is accepted and ignored: virtual time is the
	 * retired-instruction count and cannot be set. */
}
