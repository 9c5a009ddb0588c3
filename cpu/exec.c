/*
 * The interpreter loop: fetch through the TLB a decoded block (accel/block.c),
 * dispatch each instruction through the handler in its decoded form. The
 * loop pays for timers, budgets and stop requests with one compare
 * (icount + n > event_at) per block, which then runs without bookkeeping
 * per instruction (run_block), and for hooks with one flag test per block.
 */
#include "accel/accel.h"
#include "ref/ref.h"

/* What each CPL decides for memory accesses: CPL 3 accesses are user-mode
 * accesses, CPL 0-2 supervisor ones (SDM vol. 3 §4.6). set_cpl() copies
 * the CPL's view as one. */
_Static_assert(offsetof(struct cpu, wtag) - offsetof(struct cpu, view) ==
		   offsetof(struct cpl_view, wtag),
	       "struct cpu's CPL fields are laid out as struct cpl_view");

static void cpl_views_init(struct cpu *c)
{
	for (unsigned cpl = 0; cpl < 4; cpl++) {
		bool user = cpl == 3;
		struct cpl_view *v = &c->cpl_views[cpl];
		v->cpl = cpl;
		v->rperm = user ? TLB_R_USER : TLB_R_SUP;
		v->wperm = user ? TLB_W_USER : TLB_W_SUP;
		v->acc_user = user ? ACC_USER : 0;
		v->rtag = c->mmu.tag[user ? TLB_TAG_R_USER : TLB_TAG_R_SUP];
		v->wtag = c->mmu.tag[user ? TLB_TAG_W_USER : TLB_TAG_W_SUP];
	}
}

int cpu_init(struct cpu *c, struct phys_mem *pm)
{
	memset(c, 0, sizeof(*c));
	c->pm = pm;
	mmu_init(&c->mmu, pm);
	cpl_views_init(c);
	if (block_init(c) < 0) {
		block_free(c);
		return -1;
	}
	/* Flat 4 GiB segments, CPL 0: the state a Multiboot loader leaves. */
	for (int s = 0; s < SEG_COUNT; s++) {
		struct seg *g = &c->seg[s];
		g->sel = s == SEG_CS ? 0x08 : 0x10;
		g->base = 0;
		g->limit = 0xffffffffu;
		g->attr = DESC_P | DESC_S | DESC_DB | DESC_G | DESC_RW | DESC_A |
			  (s == SEG_CS ? DESC_CODE : 0);
		g->valid = true;
		g->slow = s == SEG_CS;
		seg_sync_fbase(g);
	}
	c->eflags = FL_1;
	c->delivering = -1;
	c->gdtr.limit = 0xffff;
	c->idtr.limit = 0xffff;
	c->tr.valid = false;
	c->ldtr.valid = false;
	cpu_tables_changed(c);
	/* The x87 state after RESET is FNINIT's (SDM vol. 3 table 10-1). */
	fpu_reset(&c->fpu);
	c->dr[6] = 0xffff0ff0u;
	c->dr[7] = 0x400;
	cpu_set_cpl(c, 0);
	return 0;
}

void cpu_free(struct cpu *c)
{
	block_free(c);
}

void cpu_set_cpl(struct cpu *c, unsigned cpl)
{
	set_cpl(c, cpl);
}

void cpu_set_timer(struct cpu *c, uint64_t period)
{
	c->timer_period = period;
	c->timer_next = period ? c->icount + period : 0;
	c->event_at = 0;
}

void cpu_request_events(struct cpu *c)
{
	c->event_at = 0;
}

void cpu_request_stop(struct cpu *c)
{
	c->stop = STOP_REQUEST;
	c->event_at = 0;
}

uint32_t cpu_get_cr(struct cpu *c, int n)
{
	switch (n) {
	case 0: return c->mmu.cr0;
	case 2: return c->cr2;
	case 3: return c->mmu.cr3;
	case 4: return c->mmu.cr4;
	default: return 0;
	}
}

void cpu_set_cr(struct cpu *c, int n, uint32_t val)
{
	struct mmu *m = &c->mmu;
	switch (n) {
	case 0: {
		uint32_t old = m->cr0;
		m->cr0 = val | CR0_ET;
		/* Changing PG or WP changes every translation (SDM §4.10.4.1). */
		if ((old ^ m->cr0) & (CR0_PG | CR0_WP))
			tlb_flush_all(m);
		break;
	}
	case 2: c->cr2 = val; break;
	case 3:
		m->cr3 = val;
		tlb_flush_all(m);
		break;
	case 4:
		if ((m->cr4 ^ val) & CR4_PSE)
			tlb_flush_all(m);
		m->cr4 = val;
		break;
	default: break;
	}
	if (c->env.on_paging && (n == 0 || n == 3 || n == 4))
		c->env.on_paging(c, c->env.opaque, n == 0 ? "cr0" : n == 3 ? "cr3" : "cr4", val);
}

/* Everything that is not an instruction: budget, stop requests, the
 * timer, pending interrupts, hlt. Returns true to leave the loop. */
static bool service_events(struct cpu *c)
{
	if (c->stop)
		return true;
	if (c->timer_period && c->icount >= c->timer_next) {
		c->irq_pending = true;
		c->timer_next = c->icount + c->timer_period;
	}
	if (c->irq_pending && (c->eflags & FL_IF) && c->icount >= c->inhibit_until) {
		c->irq_pending = false;
		c->next_eip = c->eip;
		deliver_event(c, 32, EV_EXTERNAL, false, 0, c->eip);
	}
	if (c->halted) {
		if (c->timer_period && (c->eflags & FL_IF)) {
			/* Virtual time: skip straight to the next tick. */
			if (c->timer_next > c->budget_end) {
				c->icount = c->budget_end;
			} else {
				c->icount = c->timer_next;
				c->event_at = 0;
				return false;
			}
		} else {
			c->stop = STOP_HALT;
			return true;
		}
	}
	if (c->icount >= c->budget_end) {
		c->stop = STOP_BUDGET;
		return true;
	}
	uint64_t next = c->budget_end;
	if (c->timer_period && c->timer_next < next)
		next = c->timer_next;
	if (c->irq_pending && (c->eflags & FL_IF))
		next = c->icount < c->inhibit_until ? c->inhibit_until : c->icount;
	c->event_at = next;
	return c->halted;
}

/* Runs instruction i, at EIP, with EIP, the count and next_eip exact
 * around it: it may branch, fault, trap or enter the kernel. */
static inline __attribute__((always_inline)) void run_exact_by(struct cpu *c, const struct insn *i,
							       exec_fn fn)
{
	c->next_eip = c->eip + i->len;
	fn(c, i);
	c->eip = c->next_eip;
	c->icount++;
}

static inline void run_exact(struct cpu *c, const struct insn *i)
{
	run_exact_by(c, i, i->fn);
}

/* A run that ends before its block's stop, or an instruction run alone
 * (tmp, or the first of a block): the run ends at `at`, whose threaded
 * handler is insn_stop until unstop() (accel.h run_next). `at` is in the
 * block cache or tmp, never const; cpu_run() puts it back after a fault. */
static inline void stop_at(struct cpu *c, const struct insn *at)
{
	struct insn *s = (struct insn *)(uintptr_t)at;
	c->stop_insn = s;
	c->stop_was = s->tfn;
	s->tfn = insn_stop;
}

static inline void unstop(struct cpu *c)
{
	c->stop_insn->tfn = c->stop_was;
	c->stop_insn = NULL;
}

/* run_exact() of an instruction alone: tmp (an array of two), or the
 * first of a block, after which a run would otherwise go on. */
static void run_alone(struct cpu *c, const struct insn *i)
{
	stop_at(c, i + 1);
	run_exact(c, i);
	unstop(c);
}

/* One instruction with the per-instruction subscriber (tracer, debugger),
 * with EIP and the count exact around it: the first of the block at
 * CS:EIP (never an inlined jump, block.c), or one that straddles a page. */
#define DR6_BS (1u << 14) /* single step (SDM vol. 3 §17.2.3) */

__attribute__((unused)) static void step_hooked(struct cpu *c, struct insn *tmp)
{
	unsigned n;
	const struct insn *i = block_fetch(c, 1, &n, tmp);
	if (c->env.on_insn)
		c->env.on_insn(c, c->env.opaque, i);
	if (c->stop)
		return;
	/* EFLAGS.TF at the start of an instruction: a single-step #DB trap
	 * after it, with DR6.BS set (SDM vol. 3 §17.3.1.4). An instruction
	 * that delivered an interrupt (INT n, a syscall's gate) cleared TF on
	 * the way in and takes no single-step trap; nor, here, does a POPF or
	 * IRET that clears TF itself. */
	bool tf = c->eflags & FL_TF;
	run_alone(c, i);
	if (unlikely(tf && (c->eflags & FL_TF) && !c->stop)) {
		c->dr[6] |= DR6_BS;
		deliver_event(c, EXC_DB, EV_EXCEPTION, false, 0, c->eip);
	}
}

static inline void run_chain(struct cpu *c, const struct block *b, uint32_t lin);

/* A miss: decodes (and caches) the block at CS:EIP and runs it, or the
 * one instruction there when it straddles a page or CS is not flat. */
__attribute__((noinline)) static void run_miss(struct cpu *c, uint32_t lin, struct insn *tmp)
{
	unsigned n;
	const struct insn *i = block_fetch(c, BLOCK_MAX, &n, tmp);
	if (i == tmp || c->seg[SEG_CS].limit != 0xffffffffu) {
		run_alone(c, i);
		return;
	}
	/* i is the first of a cached block; the same block_hit() would find. */
	const struct block *b =
	    (const struct block *)((const char *)i - offsetof(struct block, insn));
	run_chain(c, b, lin);
}

/* The block at CS:EIP when everything is on the fast path: a flat CS (so
 * EIP is within the limit), a TLB hit, a valid cached block. NULL: ask
 * block_fetch(), which handles misses, decoding and faults. */
static inline const struct block *block_hit(struct cpu *c, uint32_t lin)
{
	const struct tlb_entry *e = tlb_slot(&c->mmu, lin);
	if (unlikely(c->seg[SEG_CS].limit != 0xffffffffu || e->vpage != lin >> PAGE_SHIFT ||
		     !(e->perm & c->rperm)))
		return NULL;
	uint32_t paddr = (e->ppage << PAGE_SHIFT) | (lin & PAGE_MASK);
	const struct block *b = &c->blocks[block_slot(paddr)];
	if (likely(b->paddr == paddr && b->gen == c->pm->code_gen[e->ppage] && b->n))
		return b;
	return NULL;
}

/*
 * Running a block. The loop dispatches its instructions without
 * bookkeeping per instruction: during it EIP stays the block's first,
 * instruction i's own EIP being EIP + i->eoff, and the count is added at
 * the end. None of them reads or changes EIP, the count or pending events
 * (accel/block.c), with two exceptions made for it: inlined jumps and calls know
 * their EIP by eoff (fast.h), and a block's last jump reads and sets
 * next_eip, set beforehand to the EIP after it. What can happen inside:
 *  - a fault: cpu_run() finds the instruction in fast_cur, and its EIP
 *    and count from its place in the block (eoff, bidx);
 *  - a write to decoded code (mem.c): fast_end becomes NULL, and the run
 *    stops after the writing instruction, as the rest may be stale.
 */

/* Runs instructions [i, stop) and returns where it stopped: at the end of
 * the run, or after an instruction that wrote to decoded code. The
 * specialised handlers run the next instruction themselves (accel/accel.h),
 * so the loop goes on after the last instruction that ran, and a block's
 * last jump may go on into the next block (chain_next: fast_end then
 * follows). *end: the end of the run then, NULL when code was written. */
static inline const struct insn *run_stretch(struct cpu *c, const struct insn *i,
					     const struct insn *stop, const struct insn **end)
{
	c->fast_end = stop;
	while (i < c->fast_end) {
		c->fast_cur = i;
		/* Threaded, as the one before would have run it (its first
		 * handler, or a sysend block's last: block.h). */
		i->tfn(c, i);
		i = c->fast_cur + 1;
	}
	*end = c->fast_end;
	c->fast_end = NULL;
	c->fast_cur = NULL;
	return i;
}

/* Retires the instructions before i (code was written, or an event falls
 * due before the block's end). */
static inline void stop_before(struct cpu *c, const struct insn *i)
{
	c->eip += (uint32_t)(int32_t)i->eoff;
	c->icount += i->bidx;
}

/* The first k instructions of block `b` (1 <= k < n), as an event falls
 * due after the k-th. */
__attribute__((noinline)) static void run_block_part(struct cpu *c, const struct block *b,
						     unsigned k)
{
	const struct insn *i = b->insn, *stop = i + k, *x, *end;
	c->next_eip = c->eip + (uint32_t)b->next_off;
	stop_at(c, stop);
	i = run_stretch(c, i, stop, &end);
	unstop(c);
	if (unlikely(x = c->side_exit)) {
		c->side_exit = NULL;
		c->icount += x->bidx + 1u;
		c->eip = c->next_eip;
		return;
	}
	stop_before(c, i);
}

/* How a block run ended (run_block): the next block may not follow
 * (RUN_STOP), may (RUN_ON), or may and is the successor on side k of the
 * block (RUN_JUMP + k: struct block_succ). */
enum { RUN_STOP, RUN_ON, RUN_JUMP };

/*
 * The whole of block *bp, which starts at linear address *lin; returns how
 * it ended. A run ends early at a taken guard (side_exit: at its target)
 * or after a write to decoded code (stopped before the next instruction).
 * A block not ending in a jump ends with the last instruction run with
 * EIP, the count and next_eip exact, as it may fault, trap or enter the
 * kernel: here, or, in a sysend block, by sys_end() inside the run, which
 * may go on from there into the block linked after it (RUN_STOP then, all
 * of it retired). A block that jumps back to its own start (a loop) runs again at
 * once while no event falls due before its end. The last jump of a block
 * may have gone on into the blocks after it (accel.h chain_next): *bp and
 * *lin are then the last of them.
 */
static inline unsigned run_block(struct cpu *c, const struct block **bp, uint32_t *lin)
{
	const struct block *b = *bp;
	const struct insn *i, *end;
	unsigned how = RUN_ON;
	for (;;) {
		c->next_eip = c->eip + (uint32_t)b->next_off;
		if (b->hops) {
			/* Each hop runs a block, of at most BLOCK_MAX
			 * instructions: the hops are allowed only when all of
			 * them fit before the next event, which they then need
			 * not check. */
			c->hops = likely(c->event_at - c->icount >= (LOOP_SPINS + 1u) * BLOCK_MAX)
				      ? LOOP_SPINS
				      : 0;
			c->cur_block = b;
			/* Neither the epoch nor CS nor the CPL changes during
			 * the run: a write to code ends it. */
			c->stamp = code_stamp(c);
			i = run_stretch(c, b->insn, b->stop, &end);
			c->hops = 0; /* 0 everywhere else */
			if (unlikely(c->cur_block != b)) {
				b = *bp = c->cur_block;
				*lin = c->seg[SEG_CS].base + c->eip;
			}
		} else {
			i = run_stretch(c, b->insn, b->stop, &end);
		}
		if (unlikely(end != b->stop)) {
			const struct insn *x = c->side_exit;
			if (x) {
				c->side_exit = NULL;
				c->icount += x->bidx + 1u;
				how = RUN_JUMP + 2;
			} else if (i != b->insn + b->n) {
				stop_before(c, i); /* code was written */
				return RUN_STOP;
			} else if (b->sysend) {
				return RUN_STOP; /* retired, and it wrote to code */
			} else {
				c->icount += b->n; /* the last (a call) wrote to code */
				how = RUN_ON;
			}
		} else if (likely(b->jump | b->falls)) {
			c->icount += b->n;
			how = RUN_JUMP + (c->next_eip == c->eip + (uint32_t)b->next_off);
		} else if (b->sysend) {
			return RUN_STOP; /* retired, CS and the CPL may be others */
		} else {
			break;
		}
		if (c->next_eip != c->eip || c->icount + b->n > c->event_at) {
			c->eip = c->next_eip;
			return how;
		}
	}
	stop_before(c, i);
	run_exact(c, i);
	return b->chain ? RUN_ON : RUN_STOP;
}

/* The block that block_hit() would find after block `from` ran, when it
 * is the one found last time and nothing that look-up depended on has
 * changed (struct block_link): NULL otherwise. The stamp does not cover
 * the CS limit: block_hit() finds nothing unless CS is flat. */
static inline const struct block *follow_link(const struct cpu *c, const struct block *from)
{
	const struct block_link *k = &from->link;
	if (likely(k->eip == c->eip && k->stamp == code_stamp(c) &&
		   c->seg[SEG_CS].limit == 0xffffffffu))
		return k->to;
	return NULL;
}

/*
 * After the last instruction of a sysend block ran, all of the block
 * retired: in a whole run (hops left) that nothing has to leave (no write
 * to decoded code, stop, new subscriber or trap flag, and room before the
 * next event for all the hops still allowed, as run_block() grants them),
 * the run goes on in the block linked after this one (follow_link), which
 * is what run_chain() would run next: the CPL and CS may have changed, so
 * the run's stamp becomes the present one. Otherwise the run ends here
 * (run_block()).
 */
static inline __attribute__((always_inline)) void go_on(struct cpu *c)
{
	/* A write to decoded code, a stop request, a subscription (machine.c)
	 * and a pending interrupt all set event_at to 0; hlt is not one of
	 * these instructions. */
	if (c->icount + (LOOP_SPINS + 1u) * BLOCK_MAX > c->event_at || !c->hops ||
	    (c->eflags & FL_TF))
		return;
	const struct block *to = follow_link(c, c->cur_block);
	if (!to || !to->nloop)
		return;
	c->stamp = code_stamp(c);
	chain_into(c, to, 0); /* all retired; next_eip is EIP (run_exact) */
}

/*
 * The threaded handler of the last instruction of a sysend block (block.h:
 * int n, iret, out), run at the end of the block's run. It retires the
 * instructions before it and runs itself (by `fn`) as run_exact() does, EIP
 * and the count exact around it (fast_cur NULL: a fault finds them so,
 * cpu_run()), then goes on (go_on()).
 */
static inline __attribute__((always_inline)) void sys_end_by(struct cpu *c, const struct insn *i,
							     exec_fn fn)
{
	c->eip += (uint32_t)(int32_t)i->eoff;
	c->icount += i->bidx;
	c->fast_cur = NULL;
	run_exact_by(c, i, fn);
	c->fast_cur = i; /* the last to run, for run_stretch() */
	go_on(c);
}

void sys_end(struct cpu *c, const struct insn *i)
{
	sys_end_by(c, i, i->fn);
}

/* `out %al,$imm8` (E6), the trap stub's bridge into the kernel: when CPL
 * <= IOPL the write is allowed without the TSS's I/O bitmap (SDM vol. 1
 * §19.5.1), and it is made here without the generic handler's decoding of
 * the four forms; otherwise h_out() makes it (and raises #GP where the
 * bitmap refuses it). */
static inline void out_al_imm8(struct cpu *c, const struct insn *i)
{
	if (likely(c->cpl <= iopl(c) && c->env.io_out))
		c->env.io_out(c, c->env.opaque, (uint16_t)(i->imm & 0xff), 1, c->reg[EAX] & 0xff);
	else
		i->fn(c, i);
}

/* sys_end() of `out %al,$imm8`, the write inline. */
void sys_end_out(struct cpu *c, const struct insn *i)
{
	sys_end_by(c, i, out_al_imm8);
}

void sys_end_go_on(struct cpu *c)
{
	go_on(c);
}

/* Records that block_hit() found `to` after `from` (CS is flat then). */
static inline void set_link(struct cpu *c, const struct block *from, const struct block *to)
{
	struct block_link *k = &c->blocks[from - c->blocks].link;
	k->to = to;
	k->eip = c->eip;
	k->stamp = code_stamp(c);
}

/* Records that `to`, valid at CS:EIP now, followed `from` after its last
 * jump went to side k, for chain_next() to take from inside the next run.
 * Not a block of one instruction that is not a jump: its only one must
 * run exact. */
static inline void set_succ(struct cpu *c, const struct block *from, unsigned how,
			    const struct block *to)
{
	if (how < RUN_JUMP || !to->nloop)
		return;
	struct block *b = &c->blocks[from - c->blocks];
	struct block_succ *s = &b->succ[how - RUN_JUMP];
	s->to = to;
	s->eip = c->eip;
	s->stamp = code_stamp(c);
	if (how == RUN_JUMP) /* for a ret or an indirect jump (accel.h chain_any) */
		b->any[succ_any_slot(c->eip)] = *s;
}

/* Runs block `b`, which starts at linear address `lin`, then the blocks
 * that follow it for as long as each is found in the cache and no event
 * falls due before it ends. After a branch or a plain instruction the
 * next block in the same page is found without a TLB look-up: such an
 * instruction changes neither the translation of the page (only system
 * instructions do: CR3, invlpg, a CPL change, the kernel) nor its code (a
 * write to it makes an event), so the next block's physical address is
 * the same page's, and its generation this block's. After anything else
 * (another page, a system instruction) block_hit() looks it up with the
 * CS and CPL of the moment. A block in which an event falls due runs up
 * to the event. Each block found after a last jump becomes that jump's
 * successor (set_succ). */
static inline void run_chain(struct cpu *c, const struct block *b, uint32_t lin)
{
	if (unlikely(c->icount + b->n > c->event_at)) {
		uint64_t room = c->event_at > c->icount ? c->event_at - c->icount : 1;
		run_block_part(c, b, (unsigned)room);
		return;
	}
	for (;;) {
		unsigned how;
		while ((how = run_block(c, &b, &lin)) != RUN_STOP) {
			/* After a branch CS is the same: the same base. */
			uint32_t next_lin = c->seg[SEG_CS].base + c->eip;
			if ((next_lin ^ lin) >> PAGE_SHIFT) {
				lin = next_lin;
				break;
			}
			lin = next_lin;
			uint32_t paddr = (b->paddr & ~PAGE_MASK) | (lin & PAGE_MASK);
			const struct block *next = &c->blocks[block_slot(paddr)];
			if (next->paddr != paddr || next->gen != b->gen || !next->n)
				return; /* a miss: run_loop() decodes it */
			set_succ(c, b, how, next);
			if (c->icount + next->n > c->event_at)
				return;
			b = next;
		}
		/* A subscriber, or TF set by the last instruction (iret,
		 * popf): run_loop() steps the next instruction. */
		if (unlikely(c->hooks || (c->eflags & FL_TF)))
			return;
		if (how == RUN_STOP) /* CS may have changed */
			lin = c->seg[SEG_CS].base + c->eip;
		const struct block *from = b;
		b = follow_link(c, from);
		if (!b) {
			b = block_hit(c, lin);
			if (!b)
				return;
			set_link(c, from, b);
		}
		set_succ(c, from, how, b);
		if (c->icount + b->n > c->event_at)
			return;
	}
}

__attribute__((noinline)) static void run_loop(struct cpu *c)
{
	/* An instruction decoded alone, and one after it for run_alone(). */
	struct insn tmp[2];
	tmp[1].tfn = insn_stop;
	for (;;) {
		if (unlikely(c->icount >= c->event_at) && service_events(c))
			return;
		if (unlikely(c->halted))
			continue;
#ifndef IA32EMU_NO_HOOK_CHECK /* only to measure what the check costs (README) */
		if (unlikely(c->hooks || (c->eflags & FL_TF))) {
			step_hooked(c, tmp);
			if (c->stop)
				return;
			continue;
		}
#endif
		uint32_t lin = c->seg[SEG_CS].base + c->eip;
		const struct block *b = block_hit(c, lin);
		if (likely(b)) {
			run_chain(c, b, lin);
		} else {
			run_miss(c, lin, tmp);
		}
	}
}

/* A fault retires no instruction, so code whose exception handler faults
 * in turn (at CPL 0 a handler can be overwritten) would deliver forever
 * and never reach the budget: hardware loops so too. Each delivery costs
 * one unit of the budget, though not of icount (the virtual clock), and
 * the loop looks at the budget again before the next instruction. */
static void charge_fault(struct cpu *c)
{
	if (c->budget_end > c->icount)
		c->budget_end--;
	c->event_at = 0;
}

enum stop_reason cpu_run(struct cpu *c, uint64_t max_insns)
{
	/* The segment registers as whoever changed them last left them (a
	 * test, a debugger): inside the run every change syncs. */
	for (int s = 0; s < SEG_COUNT; s++)
		seg_sync_fbase(&c->seg[s]);
	c->stop = STOP_NONE;
	c->budget_end = c->icount + max_insns;
	if (c->budget_end < c->icount)
		c->budget_end = UINT64_MAX;
	c->event_at = 0;
	while (!c->stop) {
		if (setjmp(c->fault_jmp) == 0) {
			run_loop(c);
		} else {
			/* A fault inside a block run in one go (run_block). */
			const struct insn *i = c->fast_cur;
			if (i) {
				c->eip += (uint32_t)(int32_t)i->eoff;
				c->icount += i->bidx;
				c->fast_cur = NULL;
			}
			c->fast_end = NULL;
			c->side_exit = NULL;
			c->hops = 0;
			if (c->stop_insn)
				unstop(c);
			handle_fault(c);
			charge_fault(c);
		}
	}
	return c->stop;
}
