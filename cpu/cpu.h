/*
 * The IA-32 CPU state and its embedding API.
 *
 * All state lives in struct cpu, passed explicitly, so several machines can
 * exist in one process. The CPU owns an MMU (paging + TLB) and talks to the
 * outside world only through the I/O-port callbacks and the event hooks in
 * struct cpu_env; it knows nothing of the emulated kernel.
 */
#ifndef CPU_CPU_H
#define CPU_CPU_H

#include "../mmu/mmu.h"
#include "fpu/fpu.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* General registers in encoding order (SDM vol. 2 table 2-1). */
enum { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI };
/* Segment registers in encoding order (SDM vol. 2 §3.1.1.3, "Sreg"). */
enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_COUNT };
#define SEG_NONE 0xff

/* EFLAGS bits (SDM vol. 1 §3.4.3, vol. 3 §2.3). */
#define FL_CF	   0x00000001u
#define FL_1	   0x00000002u /* always 1 */
#define FL_PF	   0x00000004u
#define FL_AF	   0x00000010u
#define FL_ZF	   0x00000040u
#define FL_SF	   0x00000080u
#define FL_TF	   0x00000100u
#define FL_IF	   0x00000200u
#define FL_DF	   0x00000400u
#define FL_OF	   0x00000800u
#define FL_IOPL	   0x00003000u
#define FL_NT	   0x00004000u
#define FL_RF	   0x00010000u
#define FL_VM	   0x00020000u
#define FL_AC	   0x00040000u
#define FL_VIF	   0x00080000u
#define FL_VIP	   0x00100000u
#define FL_ID	   0x00200000u
#define FL_ARITH   (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)
#define IOPL_SHIFT 12

/* Exception vectors (SDM vol. 3 table 6-1). */
enum {
	EXC_DE = 0,
	EXC_DB = 1,
	EXC_NMI = 2,
	EXC_BP = 3,
	EXC_OF = 4,
	EXC_BR = 5,
	EXC_UD = 6,
	EXC_NM = 7,
	EXC_DF = 8,
	EXC_TS = 10,
	EXC_NP = 11,
	EXC_SS = 12,
	EXC_GP = 13,
	EXC_PF = 14,
	EXC_MF = 16,
	EXC_AC = 17,
};

/* A segment register: the visible selector and the hidden descriptor cache
 * (SDM vol. 3 §3.4.3). */
struct seg {
	uint16_t sel;
	uint32_t base;
	uint32_t limit; /* effective byte limit (granularity applied) */
	uint32_t attr;	/* descriptor bits 40-55 (access byte, G, D/B) */
	bool valid;	/* false after loading a null selector */
	bool slow;	/* accesses need limit/type checks (not flat RW) */
	/* The base as the specialised handlers add it: base, plus 2^32 when
	 * slow, which puts every address past any page a TLB tag can name, so
	 * the tag compare that checks page and permission sends a slow
	 * segment's accesses (and a base + offset past 4 GiB) down the
	 * general path (cpu/accel/accel.h mem_ptr_form). seg_sync_fbase()
	 * after any change of base or slow. */
	uint64_t fbase;
};

/* A segment register's 32 bytes as two 16-byte halves, copied in two moves.
 * The interpreter is built without the vectoriser (Makefile CPU_CFLAGS), and
 * GCC then copies a struct seg field by field: seven loads and seven stores
 * where two and two do (a round trip makes ten such copies). */
typedef uint64_t seg_half __attribute__((vector_size(16), aligned(8), may_alias));
struct seg_image {
	seg_half lo, hi;
};
_Static_assert(sizeof(struct seg) == sizeof(struct seg_image), "struct seg is 32 bytes");

/* Any 32 bytes (a struct seg, a struct cpl_view), copied the same way. */
static inline void copy32(void *d, const void *s)
{
	const seg_half *from = (const seg_half *)s;
	seg_half *to = (seg_half *)d;
	to[0] = from[0];
	to[1] = from[1];
}

static inline struct seg_image seg_image_of(const struct seg *s)
{
	const seg_half *h = (const seg_half *)(const void *)s;
	return (struct seg_image){h[0], h[1]};
}

static inline void seg_put(struct seg *d, struct seg_image v)
{
	seg_half *h = (seg_half *)(void *)d;
	h[0] = v.lo;
	h[1] = v.hi;
}

static inline void seg_copy(struct seg *d, const struct seg *s)
{
	copy32(d, s);
}

static inline void seg_sync_fbase(struct seg *s)
{
	s->fbase = (uint64_t)s->base + (s->slow ? 1ull << 32 : 0);
}

/* Descriptor attribute bits, as attr holds them (bits 40-55 shifted down). */
#define DESC_A	       0x0001u
#define DESC_RW	       0x0002u /* data: writable; code: readable */
#define DESC_CE	       0x0004u /* data: expand-down; code: conforming */
#define DESC_CODE      0x0008u
#define DESC_S	       0x0010u /* 1: code or data; 0: system */
#define DESC_DPL       0x0060u
#define DESC_P	       0x0080u
#define DESC_DB	       0x4000u
#define DESC_G	       0x8000u
#define DESC_DPL_SHIFT 5

/* Lazy arithmetic flags (docs/architecture.md): the last flag-setting operation is
 * kept and CF, PF, AF, ZF, SF, OF are computed only when read. */
enum lazy_op {
	LF_NONE, /* the arithmetic flags are in eflags */
	LF_ADD,
	LF_ADC,
	LF_SUB,
	LF_SBB,
	LF_LOGIC,
	LF_INC, /* CF is in eflags */
	LF_DEC, /* CF is in eflags */
};
/* Or'ed into an op other than LF_NONE: CF and OF are in eflags, the others
 * still the op's (a rotate changes only CF and OF, SDM vol. 2 "RCL/RCR/
 * ROL/ROR"). */
#define LF_CFOF_EAGER 0x80u
#define LF_OP_MASK    0x7fu

struct lazy_flags {
	uint32_t res, src1, src2;
	uint8_t op;    /* enum lazy_op, maybe | LF_CFOF_EAGER */
	uint8_t size;  /* operand size in bytes: 1, 2 or 4 */
	uint8_t carry; /* carry in for ADC/SBB */
};

/* Why cpu_run returned. */
enum stop_reason {
	STOP_NONE = 0,
	STOP_BUDGET,   /* the instruction budget ran out */
	STOP_HALT,     /* hlt with nothing to wake it */
	STOP_SHUTDOWN, /* triple fault */
	STOP_REQUEST,  /* an I/O handler or hook asked to stop (exit, breakpoint) */
};

/* Kinds of event a delivery can be (affects DPL checks and EXT). */
enum event_kind {
	EV_EXCEPTION, /* a fault or trap raised by the CPU */
	EV_SOFTINT,   /* int n, int3, into: gate DPL is checked (SDM §6.12.1.1) */
	EV_EXTERNAL,  /* an external interrupt (the timer) */
};

struct cpu;
struct insn;

/* What a subscriber learns about an interrupt or exception delivery. */
struct delivery_info {
	unsigned vector;
	enum event_kind kind;
	bool has_error;
	uint32_t error;
	uint32_t cr2;	    /* valid for #PF */
	unsigned gate_type; /* 0xE interrupt gate, 0xF trap gate */
	unsigned gate_dpl;
	unsigned old_cpl, new_cpl;
	uint16_t new_ss, new_cs;
	uint32_t new_esp, new_eip;
	uint32_t old_eip;
};

struct iret_info {
	unsigned old_cpl, new_cpl;
	uint16_t cs, ss;
	uint32_t eip, esp;
};

/* The machine around the CPU: devices and subscribers. Any pointer may be
 * NULL. The hot loop calls `on_insn` only while CPU_HOOK_INSN is set. */
struct cpu_env {
	void *opaque;
	/* Port I/O after the IOPL/bitmap checks passed. size is 1, 2 or 4. */
	uint32_t (*io_in)(struct cpu *c, void *opaque, uint16_t port, unsigned size);
	void (*io_out)(struct cpu *c, void *opaque, uint16_t port, unsigned size, uint32_t val);
	void (*on_insn)(struct cpu *c, void *opaque, const struct insn *i);
	void (*on_deliver)(struct cpu *c, void *opaque, const struct delivery_info *d);
	void (*on_iret)(struct cpu *c, void *opaque, const struct iret_info *r);
	/* Paging control changed: CR3 load, invlpg, CR0/CR4 paging bits. */
	void (*on_paging)(struct cpu *c, void *opaque, const char *what, uint32_t val);
};

#define CPU_HOOK_INSN 1u

/* Decoded-block cache (docs/architecture.md, cpu/accel/block.c): direct-mapped by the
 * physical address of a block's first instruction, validated by the
 * per-page generation of phys_mem. */
#define BLOCK_SLOTS 4096u

/* Descriptor cache (cpu/sys/segment.c): descriptors recently read from the
 * GDT or LDT, with where they were read (linear address) and when: the
 * TLB flush count and the count of writes to watched pages at that time.
 * A reload of an unchanged descriptor neither reads nor decodes it again.
 * A slot with flushes 0 is empty (mmu_init already flushes once). */
#define DESC_SLOTS 16u

struct desc_slot {
	uint32_t lin;	  /* linear address of the descriptor */
	uint32_t lo, hi;  /* the descriptor's two words */
	uint64_t flushes; /* mmu.flushes when read; 0: empty */
	uint64_t writes;  /* phys_mem watched_writes when read */
	struct seg seg;	  /* lo/hi decoded (seg_load_cache), sel not set */
	/* Bit 4*CPL+RPL: a load of DS/ES/FS/GS with that CPL and selector
	 * RPL passes every check and finds the accessed bit set, so it
	 * writes nothing (segment.c desc_fill). */
	uint16_t data_ok;
};

/*
 * Memos of the last privilege transitions (docs/syscall-path.md). Each
 * records what the full checks of an interrupt delivery (exception.c) or
 * of a return to an outer level (segment.c) concluded, with every input
 * those checks read: the registers named here, and table bytes in pages
 * that are watched (as for desc_slot) while the TLB is not flushed. When
 * all inputs are the same the checks would conclude the same, so the
 * transition uses the conclusion. flushes 0: empty.
 */
struct gate_memo {
	uint64_t flushes, writes;
	uint64_t tables;   /* tables_gen: GDTR, IDTR, TR as they were */
	uint32_t key;	   /* gate_key(): the vector, the CPL, the kind of event */
	bool inter;	   /* to an inner level: the TSS stack */
	uint32_t gate_hi;  /* the gate's high word (its type) */
	uint32_t clear;	   /* the EFLAGS bits delivery clears: by the gate's type */
	uint32_t off, esp; /* the handler's EIP; the TSS's ESPn */
	struct seg ncs, nss;
};

struct return_memo {
	uint64_t flushes, writes;
	uint64_t tables; /* tables_gen: GDTR as it was */
	uint16_t cs, ss; /* the frame's selectors */
	uint8_t cpl;	 /* the CPL the return was made from */
	struct seg ncs, nss;
};

/* The fields of struct cpu that follow from the CPL alone (its anonymous
 * struct of the same layout). */
struct cpl_view {
	unsigned cpl;
	uint32_t rperm, wperm;
	unsigned acc_user;
	const uint32_t *rtag, *wtag;
};

_Static_assert(sizeof(struct cpl_view) == 32, "a CPL's view is copied as a struct seg is");

struct cpu {
	/* The general registers, and reg[REG_ZERO] = 0 for effective addresses
	 * with no base or index (decode.h fbase, findex). */
	uint32_t reg[9];
	uint32_t eip;
	uint32_t next_eip; /* EIP after the current instruction */
	uint32_t eflags;   /* arithmetic bits valid only when lf.op == LF_NONE */
	struct lazy_flags lf;
	struct seg seg[SEG_COUNT];
	/* The CPL and what it decides for memory accesses, set as one from
	 * cpl_views[] by set_cpl() (cpu/sys/sys.h). */
	union {
		struct {
			unsigned cpl;
			uint32_t rperm, wperm; /* TLB permission bits for the current CPL */
			unsigned acc_user;     /* ACC_USER at CPL 3 */
			/* The same as the TLB tags of the access kind
			 * (mmu.tag[k]): pointers into this struct, which is
			 * never copied. */
			const uint32_t *rtag, *wtag;
		};
		struct cpl_view view;
	};
	struct cpl_view cpl_views[4];
	uint32_t cr2;
	struct {
		uint32_t base;
		uint16_t limit;
	} gdtr, idtr;
	struct seg ldtr, tr;
	/* Bumped by every load of GDTR, IDTR, LDTR or TR (and by
	 * cpu_tables_changed()): the transition memos compare it instead of
	 * the registers. */
	uint64_t tables_gen;
	uint32_t dr[8];
	struct mmu mmu;
	struct phys_mem *pm;
	struct fpu fpu; /* the x87 FPU (cpu/fpu/) */

	uint64_t icount;       /* retired instructions: the virtual clock */
	uint64_t event_at;     /* next icount at which the loop looks around */
	uint64_t budget_end;   /* stop at this icount */
	uint64_t timer_period; /* 0: no timer; else vector 32 every N insns */
	uint64_t timer_next;
	bool irq_pending;	/* the timer fired and waits for IF=1 */
	uint64_t inhibit_until; /* no interrupts before this icount (sti, mov ss) */
	bool halted;
	enum stop_reason stop;
	unsigned hooks; /* CPU_HOOK_* */
	struct cpu_env env;

	/* Exception state. */
	jmp_buf fault_jmp;
	int delivering; /* vector being delivered, or -1 */
	int fault_vec;
	uint32_t fault_err;
	bool fault_has_err;
	const char *ud_reason; /* why the last #UD was raised, for messages */
	char shutdown_msg[160];

	/* A block run in one go (exec.c): the instruction being executed
	 * (NULL outside such a run) and the end of the run, which a write to
	 * decoded code pulls in to stop after the writing instruction. */
	const struct insn *fast_cur, *fast_end;
	/* The instruction whose threaded handler is insn_stop for the time of
	 * a shorter run (exec.c stop_at), and the handler to put back. */
	struct insn *stop_insn;
	void (*stop_was)(struct cpu *c, const struct insn *i);
	/* A taken jcc inside a block (a guard) that ended the run; next_eip
	 * is its target. */
	const struct insn *side_exit;
	/* During a whole run of a block ending in a jump (exec.c run_block),
	 * how many more times its last jump may start the next round of a
	 * loop or the next block itself (accel.h loop_again, chain_next); 0
	 * everywhere else. cur_block: the block running then. */
	unsigned hops;
	const struct block *cur_block;
	/* The pairs of CS base << 2 | CPL last seen, the slot of the current
	 * one (sys/sys.h code_moved), and the stamp of the current state for
	 * block successors, set for a run (exec.c run_block). */
#define CTX_SLOTS 4u
	uint64_t ctx_seen[CTX_SLOTS];
	unsigned ctx_slot, ctx_next;
	unsigned ctx_hint[4]; /* by CPL: the slot it had last (sys.h code_moved) */
	uint64_t stamp;

	struct block *blocks; /* BLOCK_SLOTS decoded blocks (block.c) */
	uint8_t *row_class;   /* per opcode-table row: may it sit inside a block */

	struct desc_slot desc_cache[DESC_SLOTS];
	struct gate_memo gate_memo;
	struct return_memo return_memo;
};

/* Creates the CPU in protected mode, CPL 0, flat segments, paging off. */
int cpu_init(struct cpu *c, struct phys_mem *pm);
void cpu_free(struct cpu *c);
/* Runs until `max_insns` more instructions retired or a stop. */
enum stop_reason cpu_run(struct cpu *c, uint64_t max_insns);
/* Asks the running loop to return with STOP_REQUEST after this instruction. */
void cpu_request_stop(struct cpu *c);
/* Makes the running loop look at its events, hooks and budget after this
 * instruction (and go on). */
void cpu_request_events(struct cpu *c);
void cpu_set_timer(struct cpu *c, uint64_t period);

/* EFLAGS with the lazy arithmetic flags folded in. */
uint32_t cpu_get_eflags(struct cpu *c);
void cpu_set_eflags_raw(struct cpu *c, uint32_t v);

/* Loads a segment register from a selector without protection checks and
 * without faults (for loaders/debuggers). Returns -1 if not loadable. */
int cpu_load_seg_unchecked(struct cpu *c, int sreg, uint16_t sel);
int cpu_load_tr_unchecked(struct cpu *c, uint16_t sel);
/* After a loader or a debugger wrote gdtr, idtr, ldtr or tr directly. */
void cpu_tables_changed(struct cpu *c);
void cpu_set_cpl(struct cpu *c, unsigned cpl);
void cpu_set_cr(struct cpu *c, int n, uint32_t val);
uint32_t cpu_get_cr(struct cpu *c, int n);

/* Debugger access through the current page tables, no side effects.
 * Returns bytes copied (short on an unmapped page). */
uint32_t cpu_peek(struct cpu *c, uint32_t lin, void *buf, uint32_t len, bool user);
uint32_t cpu_poke(struct cpu *c, uint32_t lin, const void *buf, uint32_t len, bool user);

bool exception_has_error(unsigned vec);
/* Names for messages: "#PF", "page fault". */
const char *exception_mnemonic(unsigned vec);
const char *exception_name(unsigned vec);

#endif
