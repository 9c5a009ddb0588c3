/*
 * The decoder: bytes -> struct insn, driven by the opcode table
 * (optable.def). It is a pure function of the bytes, unit-tested on byte
 * strings; the CPU and the disassembler both consume its output.
 */
#ifndef CPU_DECODE_H
#define CPU_DECODE_H

#include <stddef.h>
#include <stdint.h>

struct cpu;
struct insn;
typedef void (*exec_fn)(struct cpu *c, const struct insn *i);

/* Operand kinds (SDM vol. 2 appendix A.2 abbreviations). */
enum opnd {
	O_NO,
	O_Eb,
	O_Ev,
	O_Ew,
	O_Gb,
	O_Gv,
	O_Gw,
	O_M,
	O_Mp,
	O_Mq,
	O_Ib,
	O_Ibs,
	O_Iw,
	O_Iv,
	O_Jb,
	O_Jv,
	O_Ob,
	O_Ov,
	O_Ap,
	O_AL,
	O_eAX,
	O_CL,
	O_DX,
	O_ONE,
	O_Zb,
	O_Zv,
	O_Sw,
	O_Cd,
	O_Dd,
	O_Rd,
	O_Xb,
	O_Xv,
	O_Yb,
	O_Yv,
	O_XLAT,
	O_ES,
	O_CS,
	O_SS,
	O_DS,
	O_FS,
	O_GS,
	O_ST,  /* x87 ST(0), printed %st */
	O_STi, /* x87 ST(i), i from ModRM.rm */
	O_AXw, /* AX whatever the operand size (fnstsw) */
};

/* Row attributes. */
#define A_LOCK	0x001u /* lock prefix allowed with a memory destination */
#define A_REGOP 0x002u /* the opcode's low 3 bits select a register */
#define A_STR	0x004u /* string instruction: rep prefixes apply */
#define A_REPE	0x008u /* rep prefixes mean repe/repne (cmps, scas) */
#define A_INDIR 0x010u /* indirect branch: operand printed with '*' */
#define A_SFX16 0x020u /* size suffix only with a 16-bit operand size */
#define A_NOSFX 0x080u /* never a size suffix */
#define A_EWV	0x040u /* a register Ew operand is printed by operand size */
#define A_MODRM 0x100u /* derived: the row has a ModRM byte */

/* Row ids: the synthetic rows first, then one per table row. */
enum {
	ROW_INVALID,	 /* no such instruction: #UD */
	ROW_X87,	 /* unused since the FPU is emulated (cpu/fpu/) */
	ROW_SIMD,	 /* MMX/SSE/AVX: not in the subset, #UD */
	ROW_UNSUPPORTED, /* a legal IA-32 instruction outside the subset: #UD */
#define OP(id, map, opc, reg, mn, o1, o2, o3, fn, attr) ROW_##id,
#include "optable.def"
#undef OP
	ROW_COUNT
};

/* Maps: 0 one-byte, 1 0F, then one per x87 escape for the register forms
 * (ModRM.mod = 3), keyed by the ModRM byte (cpu/fpu/x87rows.def). */
#define X87_MAP(esc) (2 + ((esc)-0xd8))
#define OP_MAPS	     10

struct op_row {
	const char *mnem;
	uint8_t map, opcode;
	int8_t reg;
	uint8_t opnd[3];
	uint16_t attr;
};

extern const struct op_row op_rows[ROW_COUNT];
extern const exec_fn op_handlers[ROW_COUNT];

#define REG_NONE     0xff
#define REG_ZERO     8 /* struct cpu's reg[8], always 0 */
#define PFX_REP	     0xf3
#define PFX_REPNE    0xf2
#define MAX_INSN_LEN 15

struct insn {
	exec_fn fn; /* handler to execute (may be a #UD handler) */
	/* The handler when the instruction before runs on into this one
	 * (threaded dispatch, cpu/accel/accel.h run_next): fn inside a run
	 * of a block, insn_stop where a run ends, so that no handler need
	 * test whether a run goes on. decode() sets insn_stop: a decoded
	 * instruction ends any run into it until a block makes it part of
	 * its run (cpu/accel/block.c). */
	exec_fn tfn;
	uint16_t row; /* table row, for the disassembler and statistics */
	uint8_t len;
	uint8_t opsize;	      /* 2 or 4 (byte rows use their own size) */
	uint8_t adsize;	      /* 2 or 4 */
	uint8_t seg;	      /* segment of the memory operand (override or default) */
	uint8_t seg_override; /* SEG_NONE or the prefix's segment */
	uint8_t rep;	      /* 0, PFX_REP or PFX_REPNE */
	uint8_t lock;
	uint8_t npfx;	/* prefix bytes kept in pfx[], in encoding order */
	uint8_t pfx[6]; /* for the disassembler (objdump prints some in order) */
	uint8_t opcode, map;
	uint8_t mod, regf, rm;	    /* ModRM fields; mod == 3: register operand */
	uint8_t base, index, scale; /* memory operand; REG_NONE when absent */
	uint8_t fbase, findex;	    /* the same, REG_ZERO when absent: the fast
				     * handlers add without testing */
	uint8_t has_modrm;
	uint8_t has_sib, sib; /* raw SIB, for the disassembler's %eiz */
	uint32_t disp;
	uint32_t imm, imm2;
	uint32_t ea_mask; /* 0xffff with 16-bit addressing */
	/* Set by the block cache (block.c): the instruction's EIP less the
	 * block's first EIP, and its index in the block, so a block run
	 * without bookkeeping per instruction knows both (exec.c). */
	int16_t eoff;
	uint8_t bidx;
	uint8_t guard;	/* a jcc inside its block, not last (block.c) */
	uint8_t fwait;	/* x87: 9B (fwait) prefixes it, decoded with it as objdump does;
			* the offset of the x87 instruction proper, else 0 */
	uint8_t loops;	/* a direct jmp or jcc ending its block whose target is the
			* block's first instruction (block.c) */
	uint8_t segoff; /* seg's byte offset in cpu.seg[], so the fast handlers
			 * reach the segment without scaling the index */
};

/* The threaded handler of an instruction where a run ends (insn.tfn):
 * the run goes back to the loop that started it (cpu/exec.c), which finds
 * the instruction before, the last to run, in fast_cur. */
void insn_stop(struct cpu *c, const struct insn *i);

/* Result codes of decode() besides a positive length. */
#define DEC_NEED_MORE (-1) /* the bytes ran out before the instruction ended */
#define DEC_TOO_LONG  (-2) /* longer than 15 bytes: #GP(0) (SDM vol. 2 §2.3.11) */

/* Decodes one instruction for a 32-bit code segment. */
int decode(const uint8_t *buf, size_t avail, struct insn *out);

/* Whether encodings of table row `row` carry a ModRM byte. */
int op_row_has_modrm(unsigned row);

/* Reason text for the synthetic rows, for stop messages. */
const char *row_ud_reason(const struct insn *i);

#endif
