/*
 * The decoded-block cache. A block is a run of instructions in one page,
 * ending after the first instruction that is not "plain" (a branch, a
 * system instruction, a segment load: anything that may change EIP, the CS
 * limit, the translation of the code, the CPL or pending events), at the
 * page end, or at BLOCK_MAX. The loop in exec.c still retires one
 * instruction at a time, checking events after each, so budgets, timers and
 * faults stay exact; the block only saves the fetch and the cache lookup.
 *
 * Self-modifying code: decoding a page marks it as code (phys_mem) and
 * takes write permission out of its TLB entries, so a write to it takes the
 * slow path, which bumps the page's generation (invalidating its blocks)
 * and sets event_at = 0 so the running block stops after the writing
 * instruction (mem.c).
 */
#include "block.h"

#include "../ref/ref.h"
#include "accel.h"
#include "fast.h"
#include "fuse.h"
#include "runs.h"
#include "sysfast.h"

#include <stdlib.h>
#include <string.h>

/* Row classes, computed from the opcode table's mnemonics the first time
 * a row is decoded. */
enum { ROW_UNKNOWN = 0, ROW_ENDS_BLOCK = 1, ROW_BRANCH = 2, ROW_JUMP = 3, ROW_PLAIN = 4 };

static bool opnd_is_system(uint8_t o)
{
	/* Segment registers, control and debug registers. */
	return o == O_Sw || o == O_Cd || o == O_Dd || o == O_Rd || (o >= O_ES && o <= O_GS);
}

/* Instructions that touch only general registers, arithmetic flags, DF and
 * memory through the normal accessors, and neither read nor write
 * next_eip (exec.c relies on it). Everything else ends a block. */
static bool row_plain(const struct op_row *r)
{
	static const char *const names[] = {
	    "add",  "or",    "adc",	"sbb",	  "and",     "sub",	  "xor",    "cmp",
	    "inc",  "dec",   "test",	"not",	  "neg",     "mul",	  "imul",   "div",
	    "idiv", "rol",   "ror",	"rcl",	  "rcr",     "shl",	  "shr",    "sal",
	    "sar",  "shld",  "shrd",	"bt",	  "btc",     "btr",	  "bts",    "bsf",
	    "bsr",  "bswap", "xadd",	"xchg",	  "cmpxchg", "cmpxchg8b", "lea",    "nop",
	    "lahf", "sahf",  "clc",	"stc",	  "cmc",     "cld",	  "std",    "%C",
	    "%D",   "xlat",  "pusha%W", "popa%W", "pushf%W", "leave",	  "enter",  "daa",
	    "das",  "aaa",   "aas",	"aam",	  "aad",     "movs%X",	  "movz%X", "mov",
	    "push", "pop",   "bound",
	};
	if (!r->mnem)
		return false;
	/* x87 rows: the FPU state and memory through the accessors; their
	 * handlers find their own EIP by eoff inside a run (cpu/fpu/x87.c). */
	if (r->map >= X87_MAP(0xd8) || (r->map == 0 && r->opcode >= 0xd8 && r->opcode <= 0xdf) ||
	    (r->map == 0 && r->opcode == 0x9b))
		return true;
	for (unsigned k = 0; k < 3; k++)
		if (opnd_is_system(r->opnd[k]))
			return false;
	if (strncmp(r->mnem, "set", 3) == 0 || strncmp(r->mnem, "cmov", 4) == 0)
		return true;
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strcmp(r->mnem, names[k]) == 0)
			return true;
	return false;
}

int block_init(struct cpu *c)
{
	/* calloc: n == 0 marks an empty slot, and untouched slots cost no RSS. */
	c->blocks = calloc(BLOCK_SLOTS, sizeof(struct block));
	c->row_class = calloc(ROW_COUNT, 1); /* ROW_UNKNOWN */
	if (!c->blocks || !c->row_class)
		return -1;
	return 0;
}

void block_free(struct cpu *c)
{
	free(c->blocks);
	free(c->row_class);
	c->blocks = NULL;
	c->row_class = NULL;
}

/* Decodes an instruction that straddles a page (or lies outside RAM) byte
 * by byte through the slow path, fetching only bytes it needs so a fault
 * on the second page is raised only when the instruction reaches it. */
void insn_stop(struct cpu *c, const struct insn *i)
{
	/* run_next() named this one; the last to run was the one before,
	 * except for one alone, when nothing names any. */
	c->fast_cur = c->fast_end ? i - 1 : NULL;
}

/* The threaded entry of an instruction that kept its generic handler:
 * the generic handlers do not keep fast_cur (accel.h note_cur), and may
 * fault or return to the loop. */
static void enter_generic(struct cpu *c, const struct insn *i)
{
	c->fast_cur = i;
	i->fn(c, i);
}

static const struct insn *fetch_slow(struct cpu *c, uint32_t lin, struct insn *tmp)
{
	uint8_t buf[MAX_INSN_LEN];
	size_t n = 0;
	for (;;) {
		/* A byte past the CS limit is #GP(0), before any paging check
		 * of it (SDM vol. 3 §5.3: segmentation comes first). */
		if (unlikely((uint32_t)n > c->seg[SEG_CS].limit - c->eip))
			cpu_raise(c, EXC_GP, 0);
		buf[n] = (uint8_t)mem_read_slow(c, lin + (uint32_t)n, 1, c->acc_user | ACC_FETCH);
		n++;
		int r = decode(buf, n, tmp);
		if (r > 0)
			return tmp;
		if (r == DEC_TOO_LONG)
			cpu_raise(c, EXC_GP, 0);
	}
}

/* Branches: they change EIP (and push or pop a return address) and
 * nothing else, so the translation of the code stays as it was. These are
 * the string instructions, as a long rep leaves EIP on itself to resume
 * later (ops_string.c), and the jumps below. */
static bool row_branch(const struct op_row *r)
{
	static const char *const names[] = {"movs", "stos", "lods", "cmps", "scas"};
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strcmp(r->mnem, names[k]) == 0)
			return true;
	return false;
}

/* Near jumps, calls, returns, jcc, loop (ops_ctrl.c, fast.c): they read
 * and set next_eip, and no other part of the state than a plain
 * instruction does. */
static bool row_jump(const struct op_row *r)
{
	static const char *const names[] = {"call", "ret", "loop", "loope", "loopne", "%J"};
	if (r->opnd[0] == O_Ap || r->opnd[0] == O_Mp)
		return false; /* far forms */
	if (r->mnem[0] == 'j')
		return true; /* jmp and the sixteen jcc */
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strcmp(r->mnem, names[k]) == 0)
			return true;
	return false;
}

/* Loads and stores of DS, ES, FS, GS (push/pop Sreg, mov Sw,Ew) may sit
 * inside a block: the load's checks fault through cpu_raise() like any
 * memory access, and they change neither EIP, CS, the CPL, the
 * translation nor pending events. Loads of SS are left out, as they
 * inhibit interrupts for one instruction (SDM vol. 2 "MOV", "POP"), and
 * so are the #UD forms of mov (CS and encodings 6, 7). As the ModRM reg
 * field picks the register of mov Sw,Ew, this is decided per instruction. */
static bool seg_insn_plain(const struct insn *i)
{
	const struct op_row *r = &op_rows[i->row];
	uint8_t o = r->opnd[0];
	if (!r->mnem)
		return false;
	if (strcmp(r->mnem, "push") == 0)
		return o >= O_ES && o <= O_GS;
	if (strcmp(r->mnem, "pop") == 0)
		return o == O_ES || o == O_DS || o == O_FS || o == O_GS;
	if (strcmp(r->mnem, "mov") == 0 && o == O_Sw)
		return i->regf == SEG_ES || i->regf == SEG_DS || i->regf == SEG_FS ||
		       i->regf == SEG_GS;
	return false;
}

static unsigned row_class(struct cpu *c, unsigned row)
{
	if (unlikely(c->row_class[row] == ROW_UNKNOWN)) {
		const struct op_row *r = &op_rows[row];
		c->row_class[row] = row <= ROW_UNSUPPORTED || !r->mnem ? ROW_ENDS_BLOCK
				    : row_plain(r)		       ? ROW_PLAIN
				    : row_jump(r)		       ? ROW_JUMP
				    : row_branch(r)		       ? ROW_BRANCH
								       : ROW_ENDS_BLOCK;
	}
	return c->row_class[row];
}

/* A system instruction after which the next block is usually the same
 * one (a system call's int $n, the kernel bridge's out, the iret back),
 * as its handler: exec.c sys_end() runs it at the end of its block's run
 * and goes on through the block's link. Another handler (a lock prefix's
 * #UD) keeps the old way. */
static bool sys_goes_on(const struct insn *i)
{
	switch (i->row) {
	case ROW_int_Ib:
	case ROW_iret:
	case ROW_out_IbAL:
	case ROW_out_IbeAX:
	case ROW_out_DXAL:
	case ROW_out_DXeAX: return i->fn == op_handlers[i->row];
	default: return false;
	}
}

/* Decodes up to `max` instructions from `host` (offset `off` in its page).
 * Not the first instruction, and with something decoded after it:
 *  - a direct jmp or call whose target lies in the same page is inlined:
 *    decoding goes on at the target, and the jump runs as a plain
 *    instruction (fast.h inline_jump_handler()); the page's translation and
 *    generation, checked once per block, cover the target;
 *  - a forward jcc becomes a guard: decoding goes on after it, and when
 *    taken it ends the run at its target (fast.h guard_handler()).
 * A compare before a jcc (guard or last) is fused with it (fuse.h), and
 * runs of pushes or pops get one handler (runs.h). */
static void build(struct cpu *c, struct block *b, const uint8_t *host, uint32_t off, unsigned max)
{
	unsigned n = 0, cls = ROW_ENDS_BLOCK;
	int32_t eoff = 0;      /* EIP of the next instruction less the first's */
	uint32_t fastmask = 0; /* instructions fast_handler() took */
	uint32_t specmask = 0; /* ... or sys_fast_handler() */
	uint32_t killmask = 0; /* instructions that overwrite every flag (fast.h) */
	exec_fn undo = NULL;   /* the last one's handler if inlined or a guard */
	while (n < max && off < PAGE_SIZE) {
		uint32_t avail = PAGE_SIZE - off;
		struct insn *i = &b->insn[n];
		int r = decode(host + off, avail < MAX_INSN_LEN ? avail : MAX_INSN_LEN, i);
		if (r < 0)
			break; /* straddles the page or too long: its own fetch raises/handles it */
		i->eoff = (int16_t)eoff;
		i->bidx = (uint8_t)n++;
		off += (uint32_t)r;
		eoff += r;
		if (fast_kills_flags(i))
			killmask |= 1u << i->bidx;
		exec_fn f = fast_handler(i);
		if (f) {
			i->fn = f;
			fastmask |= 1u << i->bidx;
			specmask |= 1u << i->bidx;
		} else {
			/* Not a jump or a fusable op: f stays NULL for those. */
			exec_fn sf = sys_fast_handler(i);
			if (sf) {
				i->fn = sf;
				specmask |= 1u << i->bidx;
			}
		}
		cls = row_class(c, i->row);
		if (cls == ROW_ENDS_BLOCK && seg_insn_plain(i))
			cls = ROW_PLAIN;
		undo = NULL;
		if (!f || n == 1 || n == max)
			goto plain_or_end;
		exec_fn inl = inline_jump_handler(i);
		/* The target's offset in the page; rel is at most 2^31 away. */
		int64_t target = (int64_t)off + (int32_t)i->imm;
		if (inl && target >= 0 && target < (int64_t)PAGE_SIZE) {
			undo = i->fn;
			i->fn = inl;
			eoff += (int32_t)(target - (int64_t)off);
			off = (uint32_t)target;
			continue;
		}
		/* Backward jcc close loops and are mostly taken: they end the
		 * block, which then loops on itself (exec.c). */
		exec_fn g = (int32_t)i->imm >= 0 ? guard_handler(i) : NULL;
		if (g) {
			undo = i->fn;
			i->fn = g;
			i->guard = 1;
			continue;
		}
	plain_or_end:
		if (cls != ROW_PLAIN)
			break;
	}
	if (undo) {
		/* Nothing could be decoded after an inlined jump or a guard: it
		 * ends the block as a jump after all. */
		b->insn[n - 1].fn = undo;
		b->insn[n - 1].guard = 0;
		cls = ROW_JUMP;
	}
	b->n = (uint16_t)n;
	b->chain = n && cls != ROW_ENDS_BLOCK;
	b->jump = n && cls == ROW_JUMP;
	for (unsigned k = 0; k + 1 < n; k++) {
		const struct insn *j = &b->insn[k + 1];
		bool jcc = j->guard || (k + 2 == n && b->jump);
		exec_fn fused =
		    jcc && ((fastmask >> k) & 3) == 3 ? fuse_handler(&b->insn[k], j) : NULL;
		if (fused)
			b->insn[k].fn = fused;
	}
	b->sysend = n >= 2 && !b->jump && sys_goes_on(&b->insn[n - 1]);
	b->falls = n >= 2 && cls == ROW_PLAIN;
	b->nloop = (uint8_t)(b->jump || b->sysend || b->falls ? n : n ? n - 1 : 0);
	b->stop = b->insn + b->nloop;
	runs_fuse(b, specmask);
	for (unsigned k = 0; k + 1 < b->nloop; k++) {
		exec_fn pair = sys_pair_handler(&b->insn[k], &b->insn[k + 1]);
		if (pair)
			b->insn[k].fn = pair;
	}
	/* Flag liveness: an operation whose flags the next one overwrites
	 * unread writes none (fast.h). Both inside the stretch run threaded. */
	for (unsigned k = 0; k + 1 < b->nloop; k++) {
		exec_fn dead =
		    (killmask >> (k + 1)) & 1 ? fast_dead_flags_twin(b->insn[k].fn) : NULL;
		if (dead)
			b->insn[k].fn = dead;
	}
	/* Threaded handlers: each instruction of the run is run into by the
	 * one before; the run ends at its stop (the last instruction when
	 * that runs exact, exec.c run_block) and nothing runs on from the
	 * last. */
	for (unsigned k = 0; k < b->nloop; k++)
		b->insn[k].tfn = (specmask >> k) & 1 ? b->insn[k].fn : enter_generic;
	if (b->sysend)
		b->insn[n - 1].tfn = b->insn[n - 1].row == ROW_out_IbAL ? sys_end_out : sys_end;
	b->insn[b->nloop].tfn = insn_stop;
	b->insn[n].tfn = b->falls ? block_fall : insn_stop;
	b->insn[n].bidx = (uint8_t)n;
	b->next_off = n ? b->insn[n - 1].eoff + b->insn[n - 1].len : 0;
	b->loops = 0;
	b->hops = b->jump | b->sysend | b->falls;
	for (unsigned k = 0; k < n; k++)
		b->hops |= b->insn[k].guard;
	if (b->jump) {
		/* A loop closed by the last jump: its target (rel to the EIP
		 * after it) is the block's first instruction. */
		struct insn *j = &b->insn[n - 1];
		j->loops = b->loops =
		    fast_direct_jump(j) && (int32_t)j->imm == -(int32_t)b->next_off;
	}
}

static const struct insn *fetch(struct cpu *c, unsigned max, unsigned *n, struct insn *tmp)
{
	const struct seg *cs = &c->seg[SEG_CS];
	/* EIP beyond the code-segment limit is #GP(0) (SDM vol. 3 §5.3). */
	if (unlikely(c->eip > cs->limit))
		cpu_raise(c, EXC_GP, 0);
	/* With a limit below 4 GiB, one instruction at a time, each checked:
	 * blocks are for flat code segments. */
	unsigned build_max = cs->limit != 0xffffffffu ? 1 : BLOCK_MAX;
	uint32_t lin = cs->base + c->eip;
	struct tlb_entry *e = tlb_slot(&c->mmu, lin);
	if (unlikely(e->vpage != lin >> PAGE_SHIFT || !(e->perm & c->rperm))) {
		uint32_t paddr, err = 0;
		if (mmu_translate(&c->mmu, lin, c->acc_user | ACC_FETCH, &e, &paddr, &err) < 0) {
			c->cr2 = lin;
			cpu_raise(c, EXC_PF, err);
		}
		if (!e) {
			*n = 1;
			return fetch_slow(c, lin, tmp);
		}
	}
	uint32_t off = lin & PAGE_MASK;
	uint32_t paddr = (e->ppage << PAGE_SHIFT) | off;
	struct block *b = &c->blocks[block_slot(paddr)];
	uint32_t gen = c->pm->code_gen[e->ppage];
	if (likely(b->paddr == paddr && b->gen == gen && b->n)) {
		*n = b->n < max ? b->n : max;
		return b->insn;
	}
	build(c, b, e->host, off, build_max);
	if (b->n == 0) {
		/* The first instruction straddles the page or is too long. The
		 * slot's old block is gone: no address names it any more (a
		 * block link, exec.c, compares paddr alone). */
		b->paddr = UINT32_MAX;
		blocks_changed(c);
		*n = 1;
		return fetch_slow(c, lin, tmp);
	}
	/* From now on writes to these bytes must invalidate the page's
	 * blocks: watch each instruction's bytes (an inlined jump's target may
	 * lie anywhere in the page), and the first time take write access out
	 * of the TLB (the slow path then checks each store against them). */
	bool fresh = false;
	for (unsigned k = 0; k < b->n; k++)
		fresh |=
		    phys_watch(c->pm, paddr + (uint32_t)(int32_t)b->insn[k].eoff, b->insn[k].len);
	if (fresh)
		tlb_protect_code(&c->mmu, e->ppage);
	b->paddr = paddr;
	b->gen = gen;
	b->link.to = NULL;
	b->link.stamp = 0;
	b->succ[0].stamp = b->succ[1].stamp = b->succ[2].stamp = 0;
	for (unsigned k = 0; k < sizeof(b->any) / sizeof(b->any[0]); k++)
		b->any[k].stamp = 0;
	blocks_changed(c); /* links to the slot's old block lead nowhere now */
	*n = b->n < max ? b->n : max;
	return b->insn;
}

const struct insn *block_fetch(struct cpu *c, unsigned max, unsigned *n, struct insn *tmp)
{
	const struct insn *i = fetch(c, max, n, tmp);
	/* Every byte of the instruction must lie within the limit, not only
	 * the first (SDM vol. 3 §5.3). With a flat CS there is nothing past
	 * the limit; otherwise fetch() returned one instruction. */
	uint32_t limit = c->seg[SEG_CS].limit;
	if (unlikely(limit != 0xffffffffu && i->len - 1u > limit - c->eip))
		cpu_raise(c, EXC_GP, 0);
	return i;
}

void block_fall(struct cpu *c, const struct insn *i)
{
	/* next_eip is the EIP after the last instruction, as the run set
	 * it; nothing in the run changed it (only jumps do). */
	if (!chain_to(c, i->bidx, 1))
		c->fast_cur = c->fast_end ? i - 1 : NULL; /* as insn_stop */
}

void chain_beside(struct cpu *c, const struct insn *j, struct block_succ *s)
{
	const struct block *b = c->cur_block;
	uint32_t base = c->seg[SEG_CS].base, eip = c->next_eip;
	uint32_t lin = base + eip;
	uint32_t paddr = (b->paddr & ~PAGE_MASK) | (lin & PAGE_MASK);
	const struct block *to = &c->blocks[block_slot(paddr)];
	/* A block of one instruction that is not a jump must run exact
	 * (exec.c set_succ). */
	if (((base + c->eip) ^ lin) >> PAGE_SHIFT || to->paddr != paddr || to->gen != b->gen ||
	    !to->n || !to->nloop) {
		/* The run ends after j (accel.h note_cur). */
		if (c->fast_end)
			c->fast_cur = j;
		return;
	}
	s->to = to;
	s->eip = eip;
	s->stamp = c->stamp;
	c->hops--;
	c->icount += j->bidx + 1u;
	c->eip = eip;
	c->next_eip = eip + (uint32_t)to->next_off;
	c->cur_block = to;
	c->fast_end = to->stop;
	c->fast_cur = to->insn;
	to->insn->fn(c, to->insn);
}
