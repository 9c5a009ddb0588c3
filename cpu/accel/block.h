/*
 * Decoded blocks (docs/architecture.md): straight-line runs of decoded
 * instructions within one page, cached by the physical address of their
 * first instruction, so the interpreter looks up the cache once per block
 * instead of once per instruction.
 */
#ifndef CPU_BLOCK_H
#define CPU_BLOCK_H

#include "../cpu.h"
#include "../decode/decode.h"

#define BLOCK_MAX 32u
/* Rounds of a block looping on itself and successors taken from inside a
 * run, nested in one run (accel.h loop_again, chain_next). */
#define LOOP_SPINS	64u
#define BLOCK_SLOT_BITS 12
_Static_assert(BLOCK_SLOTS == 1u << BLOCK_SLOT_BITS, "BLOCK_SLOTS is 2^BLOCK_SLOT_BITS");

/* The block that last followed a block through a full lookup (exec.c
 * run_chain), from `eip`, under `stamp`, as a successor is kept (struct
 * block_succ): while the stamp is the same, so are the translation (a
 * flush bumps the epoch), the code and the cache slot (so do a write to
 * code and a decoding), the CS base and the CPL (the stamp's context
 * slot), so the lookup would find the same block again. */
struct block_link {
	const struct block *to; /* NULL: none */
	uint64_t stamp;
	uint32_t eip;
};

/* A successor of a block, taken from inside the run (accel.h chain_to):
 * the block run last after it from `eip`, found under `stamp`: the code
 * epoch (mmu/phys.h) and the slot of the CS base and CPL (sys/sys.h
 * code_moved, code_stamp). While the stamp is the same, so are the
 * translation, the cached code, the linear address and the permission,
 * so the block at `eip` is the same too. Stamp 0: none (epochs start at
 * 1). */
struct block_succ {
	const struct block *to;
	uint64_t stamp;
	uint32_t eip;
};

struct block {
	uint32_t paddr; /* of the first instruction */
	uint32_t gen;	/* code_gen of its page when decoded */
	uint16_t n;	/* instructions; 0: an empty slot */
	/* The last instruction only branches: the next block in the same page
	 * may follow without a full lookup. */
	uint8_t chain;
	/* The last is a near jump, call, ret, jcc or loop: it reads and sets
	 * next_eip only, never EIP or the count, so it runs with the others in
	 * one go (exec.c). A compare before a last jcc may be fused with it
	 * (fuse.h). */
	uint8_t jump;
	/* Instructions a whole run dispatches in one go: n for a jump, a
	 * block that falls or a sysend block (whose last makes EIP and the
	 * count exact itself), else n - 1 (the last then runs with EIP and
	 * the count exact). */
	uint8_t nloop;
	/* The last instruction's `loops`: the block may loop on itself. */
	uint8_t loops;
	/* It ends in a jump, holds a guard or ends in a system instruction
	 * that goes on (sysend): a run of it may go on into another block
	 * from inside (accel.h chain_to, exec.c sys_end). */
	uint8_t hops;
	/* The last, not the first, is int n, iret or out: it runs at the end
	 * of the block's run, exact, and the run may go on into the block
	 * linked after it (exec.c sys_end). */
	uint8_t sysend;
	/* It ends without a jump, its last instruction plain (cut at
	 * BLOCK_MAX, at the page end or before an instruction that straddles
	 * it): the run dispatches the last one too and goes on at the EIP
	 * after it, as after a jcc not taken (block_fall, successor [1]). */
	uint8_t falls;
	const struct insn *stop; /* insn + nloop */
	int32_t next_off;	 /* the EIP after the last, less the first's */
	struct block_link link;
	/* Its successors: [0] at the last jump's target (or where a ret or
	 * an indirect jump went), [1] after a last jcc not taken, [2] at the
	 * target of the guard taken last. */
	struct block_succ succ[3];
	/* The blocks a last ret or indirect jump went to (accel.h chain_any),
	 * each at the slot of its EIP (succ_any_slot): a switch dispatches
	 * to several. */
	struct block_succ any[16];
	/* Runs of stack instructions run by one handler (runs.h): at a run's
	 * head its length and the bytes it moves, for each member its kind.
	 * Read only for the instructions of a run. */
	uint8_t run_n[BLOCK_MAX];
	uint8_t run_kind[BLOCK_MAX];
	uint16_t run_bytes[BLOCK_MAX];
	/* One more than the most: the one after the last is never run, but
	 * its threaded handler is insn_stop (accel.h run_next). */
	struct insn insn[BLOCK_MAX + 1];
};

/* The slot in block.any of a successor at `eip`. */
static inline unsigned succ_any_slot(uint32_t eip)
{
	return (eip ^ (eip >> 4) ^ (eip >> 8)) & 15;
}

/* The cache slot of a block starting at `paddr`: Fibonacci hashing, as
 * instruction addresses are dense. */
static inline uint32_t block_slot(uint32_t paddr)
{
	return (paddr * 0x9e3779b1u) >> (32 - BLOCK_SLOT_BITS);
}

/* Allocates the cache and the row classes; 0 or -1. */
int block_init(struct cpu *c);
void block_free(struct cpu *c);

/*
 * The decoded instructions from CS:EIP on: returns the first and sets *n
 * (at least 1, at most `max`). Only the last may change control flow or
 * system state; every other one is "plain" (registers, flags, memory).
 * Faults (#PF on the fetch, #GP past the CS limit or for an instruction
 * longer than 15 bytes) are raised here. `tmp` holds an instruction that
 * straddles a page, which is never cached.
 */
const struct insn *block_fetch(struct cpu *c, unsigned max, unsigned *n, struct insn *tmp);

/*
 * During a run that may take successors (accel.h chain_any), after a jump
 * whose target varies (a ret, an indirect jump) missed its successor in
 * slot s of the block's `any`: when the cached block at next_eip starts in the page of the
 * block running (c->cur_block), it becomes the successor and the run goes
 * on in it, as accel.h chain_to() would, after the first j->bidx + 1
 * instructions of the block; otherwise the run ends after j. The same
 * page has the same translation and code generation during the run, as
 * exec.c run_chain() relies on between blocks of a page. The handler's
 * last act (a tail call): it keeps no registers across a call.
 */
void chain_beside(struct cpu *c, const struct insn *j, struct block_succ *s);

/* The threaded handler after the last instruction of a block that falls
 * (insn[n]): the run goes on in the block that followed there last time,
 * or ends as insn_stop ends it. */
void block_fall(struct cpu *c, const struct insn *i);

/* The threaded handler of a block's last instruction when the block is
 * sysend (exec.c). */
void sys_end(struct cpu *c, const struct insn *i);
/* sys_end() for `out %al,$imm8` with the write inline (exec.c). */
void sys_end_out(struct cpu *c, const struct insn *i);
/* The end of sys_end() for a handler that ran the last instruction itself,
 * with sys_end()'s count, EIP and fast_cur (cpu/accel/runs.c). */
void sys_end_go_on(struct cpu *c);
#endif
