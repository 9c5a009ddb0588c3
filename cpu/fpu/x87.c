/*
 * The x87 instructions (SDM vol. 2, the D8-DF escapes and 9B): the checks
 * before an FPU instruction (#NM, #MF), the memory operand through the
 * checked accessors, the arithmetic on the host FPU (host.c) and the
 * control instructions that are state (env.c).
 *
 * Every instruction works on a copy of the FPU state and commits it only
 * after its last access that can fault, so a faulting instruction leaves
 * the FPU, its memory operand and the registers as they were (SDM vol. 3
 * §6.5: faults are restartable).
 */
#include "../ref/ref.h"
#include "fpu.h"
#include "host.h"

/*
 * Before an x87 instruction (SDM vol. 3 §2.5 table 2-2, §6.15 "Interrupt
 * 7" and "Interrupt 16"; vol. 1 §8.7): CR0.EM or CR0.TS give #NM; then a
 * waiting instruction with an unmasked exception pending (ES) gives #MF
 * when CR0.NE is set. With NE clear a PC reports the error through FERR#
 * and IRQ 13, which this machine does not have: the pending exception is
 * ignored there, as with IGNNE# asserted.
 */
static void fpu_enter(struct cpu *c, bool waiting)
{
	uint32_t cr0 = c->mmu.cr0;
	if (unlikely(cr0 & (CR0_EM | CR0_TS)))
		cpu_raise_noerr(c, EXC_NM);
	if (unlikely(waiting && fpu_pending(&c->fpu) && (cr0 & CR0_NE)))
		cpu_raise_noerr(c, EXC_MF);
}

static uint8_t modrm_byte(const struct insn *i)
{
	return (uint8_t)(i->mod << 6 | i->regf << 3 | i->rm);
}

/* The last non-control instruction (SDM vol. 1 §8.1.8, §8.1.9): its CS:EIP,
 * opcode (the escape's low three bits and the ModRM byte) and, for a
 * memory operand, its segment and offset. */
static void note_insn(struct cpu *c, struct fpu *f, const struct insn *i, bool mem, uint32_t ea)
{
	/* Inside a block run EIP is the block's first (cpu/exec.c); past a
	 * merged fwait is the instruction's own start. */
	uint32_t eip = c->fast_cur == i ? c->eip + (uint32_t)(int32_t)i->eoff : c->eip;
	f->fip = eip + i->fwait;
	f->fcs = c->seg[SEG_CS].sel;
	f->fop = (uint16_t)((i->opcode & 7) << 8 | modrm_byte(i));
	if (mem) {
		f->fdp = ea;
		f->fds = c->seg[i->seg].sel;
	}
}

/* ---- memory operands ---- */

static void read_bytes(struct cpu *c, uint32_t lin, uint8_t *buf, unsigned n)
{
	for (unsigned k = 0; k < n;) {
		unsigned s = n - k >= 4 ? 4 : n - k >= 2 ? 2 : 1;
		store_le(buf + k, s, lin_read(c, lin + k, s));
		k += s;
	}
}

/* A write to `lin` must be allowed before anything is committed: the page
 * is translated for a write, so a refusal is the #PF of a write (error
 * code W/R = 1), raised with nothing changed. */
static void probe_page(struct cpu *c, uint32_t lin)
{
	if (tlb_ptr(c, lin, 1, c->wperm))
		return;
	struct tlb_entry *e;
	uint32_t pa, err = 0;
	if (mmu_translate(&c->mmu, lin, c->acc_user | ACC_WRITE, &e, &pa, &err) < 0) {
		c->cr2 = lin;
		cpu_raise(c, EXC_PF, err);
	}
}

static void probe_write(struct cpu *c, uint32_t lin, unsigned n)
{
	uint32_t last = lin + n - 1;
	probe_page(c, lin);
	if ((last ^ lin) >> PAGE_SHIFT)
		probe_page(c, last & ~(uint32_t)PAGE_MASK);
}

static void write_bytes(struct cpu *c, uint32_t lin, const uint8_t *buf, unsigned n)
{
	for (unsigned k = 0; k < n;) {
		unsigned s = n - k >= 4 ? 4 : n - k >= 2 ? 2 : 1;
		lin_write(c, lin + k, s, load_le(buf + k, s));
		k += s;
	}
}

/* Memory operand sizes of the forms host.c runs, by escape and ModRM.reg
 * (SDM vol. 2 table A-7 ... A-21); 0: not such a form. */
static const uint8_t mem_size[8][8] = {
    {4, 4, 4, 4, 4, 4, 4, 4},	/* D8 m32fp */
    {4, 0, 4, 4, 0, 0, 0, 0},	/* D9 fld fst fstp m32fp */
    {4, 4, 4, 4, 4, 4, 4, 4},	/* DA m32int */
    {4, 0, 4, 4, 0, 10, 0, 10}, /* DB fild fist fistp m32int, fld fstp m80fp */
    {8, 8, 8, 8, 8, 8, 8, 8},	/* DC m64fp */
    {8, 0, 8, 8, 0, 0, 0, 0},	/* DD fld fst fstp m64fp */
    {2, 2, 2, 2, 2, 2, 2, 2},	/* DE m16int */
    {2, 0, 2, 2, 10, 8, 10, 8}, /* DF m16int, fbld, fild m64int, fbstp, fistp */
};

static bool is_store(unsigned esc, unsigned reg)
{
	switch (esc) {
	case 0xd9:
	case 0xdd: return reg == 2 || reg == 3;
	case 0xdb: return reg == 2 || reg == 3 || reg == 7;
	case 0xdf: return reg == 2 || reg == 3 || reg == 6 || reg == 7;
	default: return false;
	}
}

static void x87_mem(struct cpu *c, const struct insn *i)
{
	unsigned esc = i->opcode, size = mem_size[esc & 7][i->regf];
	bool store = is_store(esc, i->regf);
	uint32_t ea = insn_ea(c, i);
	uint32_t lin = seg_lin(c, i->seg, ea, size, store);
	uint8_t buf[16] = {0};
	if (store)
		probe_write(c, lin, size);
	else
		read_bytes(c, lin, buf, size);
	struct fpu f = c->fpu;
	x87_host_exec(&f, esc, (unsigned)i->regf << 3, buf, NULL);
	bool written = store;
	if (store && (f.sw & FSW_ES)) {
		/* An unmasked exception may suppress the store (SDM vol. 1
		 * §8.5: IE, OE, UE leave the destination as it was): the host
		 * shows which, by whether a second run over other bytes leaves
		 * them alone too. */
		struct fpu g = c->fpu;
		uint8_t other[16], zero[16] = {0}, fill[16];
		memset(fill, 0xa5, sizeof(fill));
		memcpy(other, fill, sizeof(other));
		x87_host_exec(&g, esc, (unsigned)i->regf << 3, other, NULL);
		written = memcmp(buf, zero, size) != 0 || memcmp(other, fill, size) != 0;
	}
	if (written)
		write_bytes(c, lin, buf, size);
	note_insn(c, &f, i, true, ea);
	c->fpu = f;
}

/* The register forms host.c runs (hostops.def): arithmetic, compares,
 * moves, constants, transcendentals, fcmovcc, fcomi. */
HANDLER(h_x87)
{
	fpu_enter(c, true);
	if (i->mod != 3) {
		x87_mem(c, i);
		return;
	}
	unsigned esc = i->opcode, modrm = modrm_byte(i);
	bool fcmov = (esc == 0xda || esc == 0xdb) && i->regf < 4;
	bool fcomi = (esc == 0xdb || esc == 0xdf) && (i->regf == 5 || i->regf == 6);
	uint32_t fl = fcmov ? cpu_get_eflags(c) & (FL_CF | FL_ZF | FL_PF) : 0;
	struct fpu f = c->fpu;
	x87_host_exec(&f, esc, modrm, NULL, &fl);
	/* FCOMI sets ZF, PF, CF and clears OF, SF, AF (SDM vol. 2 "FCOMI"). */
	if (fcomi)
		flags_set_arith(c, fl & (FL_ZF | FL_PF | FL_CF));
	note_insn(c, &f, i, false, 0);
	c->fpu = f;
}

/* ---- control instructions: state, emulated here (env.c) ---- */

/* The environment and state images: 14/94 bytes with a 16-bit operand
 * size, 28/108 with a 32-bit one (SDM vol. 1 §8.1.10). */
static unsigned env_size(const struct insn *i, bool save)
{
	if (i->opsize == 2)
		return save ? FPU_SAVE16 : FPU_ENV16;
	return save ? FPU_SAVE32 : FPU_ENV32;
}

static uint32_t mem_lin(struct cpu *c, const struct insn *i, unsigned n, bool write)
{
	uint32_t lin = seg_lin(c, i->seg, insn_ea(c, i), n, write);
	if (write)
		probe_write(c, lin, n);
	return lin;
}

HANDLER(h_fldcw)
{
	fpu_enter(c, true);
	uint8_t b[2];
	read_bytes(c, mem_lin(c, i, 2, false), b, 2);
	struct fpu *f = &c->fpu;
	f->cw = (uint16_t)((load_le(b, 2) & FCW_KEPT) | FCW_ONE);
	/* A flag whose mask FLDCW clears is pending from now on. */
	f->sw = fpu_summary(f->sw, f->cw);
}

HANDLER(h_fnstcw)
{
	fpu_enter(c, i->fwait);
	uint8_t b[2];
	store_le(b, 2, c->fpu.cw);
	write_bytes(c, mem_lin(c, i, 2, true), b, 2);
}

HANDLER(h_fnstsw)
{
	fpu_enter(c, i->fwait);
	uint8_t b[2];
	store_le(b, 2, c->fpu.sw);
	write_bytes(c, mem_lin(c, i, 2, true), b, 2);
}

HANDLER(h_fnstsw_ax)
{
	(void)i;
	fpu_enter(c, i->fwait);
	set_reg(c, EAX, 2, c->fpu.sw);
}

HANDLER(h_fldenv)
{
	fpu_enter(c, true);
	unsigned n = env_size(i, false);
	uint8_t b[FPU_SAVE32];
	read_bytes(c, mem_lin(c, i, n, false), b, n);
	fpu_load_env(&c->fpu, b, i->opsize == 2);
}

/* FNSTENV then masks every exception (SDM vol. 2 "FSTENV/FNSTENV"). */
HANDLER(h_fnstenv)
{
	fpu_enter(c, i->fwait);
	unsigned n = env_size(i, false);
	uint8_t b[FPU_SAVE32];
	fpu_store_env(&c->fpu, b, i->opsize == 2);
	write_bytes(c, mem_lin(c, i, n, true), b, n);
	c->fpu.cw |= FCW_MASKS;
	/* ... and ES, B follow (seen on the host: they read back clear). */
	c->fpu.sw = fpu_summary(c->fpu.sw, c->fpu.cw);
}

HANDLER(h_frstor)
{
	fpu_enter(c, true);
	unsigned n = env_size(i, true);
	uint8_t b[FPU_SAVE32];
	read_bytes(c, mem_lin(c, i, n, false), b, n);
	fpu_load_save(&c->fpu, b, i->opsize == 2);
}

/* FNSAVE then initialises the FPU as FNINIT does (SDM vol. 2 "FSAVE"). */
HANDLER(h_fnsave)
{
	fpu_enter(c, i->fwait);
	unsigned n = env_size(i, true);
	uint8_t b[FPU_SAVE32];
	fpu_store_save(&c->fpu, b, i->opsize == 2);
	write_bytes(c, mem_lin(c, i, n, true), b, n);
	fpu_reset(&c->fpu);
}

HANDLER(h_fnclex)
{
	(void)i;
	fpu_enter(c, i->fwait);
	c->fpu.sw &= (uint16_t) ~(FSW_EXC | FSW_SF | FSW_ES | FSW_B);
}

HANDLER(h_fninit)
{
	(void)i;
	fpu_enter(c, i->fwait);
	fpu_reset(&c->fpu);
}

/* FNENI, FNDISI (8087) and FNSETPM (287): no-ops on the 387 and later
 * (SDM vol. 2 appendix A, table A-19 notes). */
HANDLER(h_fnop_legacy)
{
	(void)i;
	fpu_enter(c, i->fwait);
}

/* WAIT/FWAIT: #NM only when both MP and TS are set (SDM vol. 3 table 2-2),
 * then a pending unmasked exception is #MF. */
HANDLER(h_fwait)
{
	(void)i;
	uint32_t cr0 = c->mmu.cr0;
	if (unlikely((cr0 & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS)))
		cpu_raise_noerr(c, EXC_NM);
	if (unlikely(fpu_pending(&c->fpu) && (cr0 & CR0_NE)))
		cpu_raise_noerr(c, EXC_MF);
}

/* FISTTP is SSE3 (SDM vol. 2 "FISTTP"), which CPUID does not report. */
HANDLER(h_fisttp)
{
	(void)i;
	cpu_ud(c, "fisttp is an SSE3 instruction, not in the subset");
}

/* The reserved memory forms of D9, DB, DD (SDM vol. 2 tables A-8 ... ). */
HANDLER(h_x87_bad)
{
	(void)i;
	cpu_ud(c, "invalid x87 encoding");
}
