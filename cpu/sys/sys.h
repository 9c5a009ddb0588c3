/*
 * The system parts of the CPU shared by every handler file: raising and
 * delivering exceptions (exception.c), segments and the descriptor cache
 * (segment.c), memory access through the TLB (mem.c), the stack and the
 * privilege level. Faults leave by one path: cpu_raise() longjmps to
 * cpu_run(), which hands the event to deliver_event(). Handlers therefore
 * do every access that can fault before they change any register, so a
 * faulting instruction leaves the registers as they were (SDM vol. 3 §6.5:
 * faults are restartable).
 */
#ifndef CPU_SYS_SYS_H
#define CPU_SYS_SYS_H

#include "../cpu.h"

#include <string.h>

/* ---- exceptions (exception.c) ---- */
__attribute__((noreturn)) void cpu_raise(struct cpu *c, unsigned vec, uint32_t err);
__attribute__((noreturn)) void cpu_raise_noerr(struct cpu *c, unsigned vec);
__attribute__((noreturn)) void cpu_ud(struct cpu *c, const char *why);
/* Delivers an event through the IDT (SDM vol. 3 §6.12). `return_eip` is the
 * EIP saved in the frame. Longjmps on a nested fault. */
void deliver_event(struct cpu *c, unsigned vec, enum event_kind kind, bool has_err, uint32_t err,
		   uint32_t return_eip);
/* deliver_event() of INT n (EV_SOFTINT, no error code), the memo's case
 * with those constant. */
void deliver_softint(struct cpu *c, unsigned vec, uint32_t return_eip);
void do_iret(struct cpu *c, unsigned opsize);

/* ---- segments (segment.c) ---- */
/* Reads the descriptor for `sel` from the GDT/LDT: 0 ok, -1 beyond the limit. */
int read_descriptor(struct cpu *c, uint16_t sel, uint32_t *lo, uint32_t *hi);
void seg_load_cache(struct seg *s, uint16_t sel, uint32_t lo, uint32_t hi);
/* mov/pop/lxs to a data or stack segment register, with the checks of
 * SDM vol. 2 "MOV" and vol. 3 §5.10. */
void load_data_seg(struct cpu *c, int sreg, uint16_t sel);
/* Far jmp/call/ret targets (SDM vol. 3 §5.8). */
void far_jump(struct cpu *c, uint16_t sel, uint32_t off, bool is_call, unsigned opsize);
void far_return(struct cpu *c, unsigned opsize, uint16_t pop_bytes);
/* Completes a far return or iret once EIP and CS (and EFLAGS) were popped:
 * to the same level, or to an outer level popping ESP and SS too. `sp`
 * points past what was popped; `extra` bytes (ret imm16) are released. */
void return_to(struct cpu *c, uint16_t cs, uint32_t eip, uint32_t sp, unsigned opsize,
	       uint16_t extra, uint32_t *out_esp, uint16_t *out_ss);
void handle_fault(struct cpu *c);
void set_descriptor_accessed(struct cpu *c, uint16_t sel);
/* Watches the page holding the `len` table bytes at linear `lin` when
 * they lie in one page the TLB holds for supervisor reads (they were just
 * read): every later write to it counts in phys_mem watched_writes. False:
 * not watched, so what was read from them may not be kept. */
bool watch_table_bytes(struct cpu *c, uint32_t lin, unsigned len);
/* Reads the descriptor at linear address `lin` into slot `d` (faulting as
 * any descriptor-table read does) and, when it can, keeps it there. */
const struct desc_slot *desc_fill(struct cpu *c, struct desc_slot *d, uint32_t lin);

/*
 * Is slot `d` the descriptor at linear `lin` as memory holds it now? It
 * is when it was read from `lin` and since then no TLB flush changed how
 * `lin` translates (a CR3 load, invlpg, CR0.PG/WP or CR4.PSE change: SDM
 * vol. 3 §4.10.4) and no watched page was written (desc_fill() watches
 * the descriptor's page as block.c watches code pages, so every write to
 * it, by the guest or the host, goes through phys_note_write()).
 */
static inline bool desc_hit(struct cpu *c, const struct desc_slot *d, uint32_t lin)
{
	return d->lin == lin && d->flushes == c->mmu.flushes && d->writes == c->pm->watched_writes;
}

/*
 * The descriptor `sel` names in the GDT or LDT, decoded, or NULL when it
 * lies beyond the table's limit (or names the LDT with none loaded): the
 * caller raises the fault its instruction prescribes. A hit (desc_hit())
 * returns what a read of the table would, so the protection checks of
 * every load still run on the current descriptor.
 */
static inline const struct desc_slot *desc_lookup(struct cpu *c, uint16_t sel)
{
	uint32_t base = c->gdtr.base, limit = c->gdtr.limit;
	if (sel & 4) {
		if (!c->ldtr.valid)
			return NULL;
		base = c->ldtr.base;
		limit = c->ldtr.limit;
	}
	uint32_t off = sel & 0xfff8u;
	if (off + 7 > limit)
		return NULL;
	uint32_t lin = base + off;
	struct desc_slot *d = &c->desc_cache[(sel >> 3) & (DESC_SLOTS - 1)];
	if (likely(desc_hit(c, d, lin)))
		return d;
	return desc_fill(c, d, lin);
}

/*
 * load_data_seg() of DS, ES, FS or GS when it is a GDT descriptor in the
 * cache whose load passes every check and writes nothing (data_ok,
 * computed by the same checks when the slot was filled): the slot, which
 * seg_load_commit() then copies into the segment register. NULL: nothing
 * was done; take load_data_seg(), which also raises the load's fault. Not
 * for CS or SS. The check changes nothing, so several can be made before
 * any commit (cpu/accel/runs.c).
 */
static inline const struct desc_slot *seg_load_check(struct cpu *c, uint16_t sel)
{
	uint32_t off = sel & 0xfff8u;
	if (unlikely((sel & 4) || off == 0 || off + 7 > c->gdtr.limit))
		return NULL;
	uint32_t lin = c->gdtr.base + off;
	const struct desc_slot *d = &c->desc_cache[(sel >> 3) & (DESC_SLOTS - 1)];
	if (unlikely(!((d->data_ok >> (4 * c->cpl + (sel & 3))) & 1) || !desc_hit(c, d, lin)))
		return NULL;
	return d;
}

static inline void seg_load_commit(struct cpu *c, int sreg, uint16_t sel, const struct desc_slot *d)
{
	struct seg *s = &c->seg[sreg];
	seg_copy(s, &d->seg);
	s->sel = sel;
}

/* Both: false when nothing was done. */
static inline bool seg_load_hit(struct cpu *c, int sreg, uint16_t sel)
{
	const struct desc_slot *d = seg_load_check(c, sel);
	if (unlikely(!d))
		return false;
	seg_load_commit(c, sreg, sel, d);
	return true;
}

__attribute__((noreturn)) void seg_fault(struct cpu *c, int sreg, uint32_t ea);

/* ---- memory (mem.c) ---- */
uint32_t mem_read_slow(struct cpu *c, uint32_t lin, unsigned size, unsigned acc);
void mem_write_slow(struct cpu *c, uint32_t lin, unsigned size, uint32_t val, unsigned acc);
/* Supervisor-mode ("implicit") accesses: descriptor tables, TSS. */
uint32_t sup_read(struct cpu *c, uint32_t lin, unsigned size);
void sup_write(struct cpu *c, uint32_t lin, unsigned size, uint32_t val);

static inline uint32_t load_le(const uint8_t *p, unsigned size)
{
	if (size == 4) {
		uint32_t v;
		memcpy(&v, p, 4);
		return v;
	}
	if (size == 2) {
		uint16_t v;
		memcpy(&v, p, 2);
		return v;
	}
	return *p;
}

static inline void store_le(uint8_t *p, unsigned size, uint32_t v)
{
	if (size == 4) {
		memcpy(p, &v, 4);
	} else if (size == 2) {
		uint16_t w = (uint16_t)v;
		memcpy(p, &w, 2);
	} else {
		*p = (uint8_t)v;
	}
}

/* Whether a 32-bit iret whose 20-byte frame, at SS:ESP, lies at host
 * address `frame` (a flat 32-bit SS, one page the TLB lets the CPL read)
 * is one the return memo concludes (exception.c iret_by_memo()): to the
 * memo's CS and SS, from its CPL, with the GDT, TLB and watched pages as
 * they were, not to virtual-8086 mode, EIP within the new CS. */
static inline bool iret_memo_holds(const struct cpu *c, const uint8_t *frame)
{
	const struct return_memo *m = &c->return_memo;
	uint32_t eip = load_le(frame, 4), fl = load_le(frame + 8, 4);
	uint16_t cs = (uint16_t)load_le(frame + 4, 4), ss = (uint16_t)load_le(frame + 16, 4);
	return m->flushes == c->mmu.flushes && m->writes == c->pm->watched_writes &&
	       m->cpl == c->cpl && m->tables == c->tables_gen && cs == m->cs && ss == m->ss &&
	       !(fl & FL_VM) && eip <= m->ncs.limit;
}
/* That iret, made (NT clear: do_iret()'s task return is not this). */
void iret_by_memo_at(struct cpu *c, const uint8_t *frame);

/* The host pointer for a store of `size` bytes at `lin` into a watched page
 * (TLB_WW_* for `wperm`, the TLB_W_* bit of the store's privilege) that
 * touches none of its watched bytes: such a store is a plain one. NULL
 * otherwise (the slow path then does the store, and drops decoded code if
 * it must). */
uint8_t *watched_store_ptr(struct cpu *c, uint32_t lin, unsigned size, uint32_t wperm);

/* Linear-address reads and writes at the current privilege level. */
static inline uint32_t lin_read(struct cpu *c, uint32_t lin, unsigned size)
{
	struct tlb_entry *e = tlb_slot(&c->mmu, lin);
	if (likely(e->vpage == lin >> PAGE_SHIFT && (e->perm & c->rperm) &&
		   (lin & PAGE_MASK) <= PAGE_SIZE - size))
		return load_le(e->host + (lin & PAGE_MASK), size);
	return mem_read_slow(c, lin, size, c->acc_user);
}

static inline void lin_write(struct cpu *c, uint32_t lin, unsigned size, uint32_t v)
{
	struct tlb_entry *e = tlb_slot(&c->mmu, lin);
	if (likely(e->vpage == lin >> PAGE_SHIFT && (e->perm & c->wperm) &&
		   (lin & PAGE_MASK) <= PAGE_SIZE - size)) {
		store_le(e->host + (lin & PAGE_MASK), size, v);
		return;
	}
	mem_write_slow(c, lin, size, v, c->acc_user | ACC_WRITE);
}

/* Host pointer to `size` bytes at linear `lin` when the TLB holds the page
 * with permission `perm` (TLB_* bits) and the bytes do not cross it; NULL
 * otherwise, and the caller takes the slow path, which faults as it must.
 * An access through it is one the slow path would make without a fault. */
static inline uint8_t *tlb_ptr(struct cpu *c, uint32_t lin, unsigned size, uint32_t perm)
{
	struct tlb_entry *e = tlb_slot(&c->mmu, lin);
	if (likely(e->vpage == lin >> PAGE_SHIFT && (e->perm & perm) &&
		   (lin & PAGE_MASK) <= PAGE_SIZE - size))
		return e->host + (lin & PAGE_MASK);
	return NULL;
}

/* Host pointer to the `size` bytes at SS:sp when SS is a flat 32-bit
 * stack (no limit to check) and the TLB grants `perm` (c->rperm for a
 * pop, c->wperm for a push): the access cannot fault. NULL: take
 * push_at()/pop_at(), which fault as they must. */
static inline uint8_t *ss_ptr(struct cpu *c, uint32_t sp, unsigned size, uint32_t perm)
{
	const struct seg *ss = &c->seg[SEG_SS];
	if (unlikely(ss->slow || !(ss->attr & DESC_DB)))
		return NULL;
	return tlb_ptr(c, ss->base + sp, size, perm);
}

/* Translates both pages of a store for writing, without reading them, so
 * a refused store faults with W/R = 1 (SDM vol. 3 §4.7) before anything
 * changed: for the instructions that write memory without reading it. */
void mem_probe_write_slow(struct cpu *c, uint32_t lin, unsigned size);

static inline void lin_probe_write(struct cpu *c, uint32_t lin, unsigned size)
{
	struct tlb_entry *e = tlb_slot(&c->mmu, lin);
	if (likely(e->vpage == lin >> PAGE_SHIFT && (e->perm & c->wperm) &&
		   (lin & PAGE_MASK) <= PAGE_SIZE - size))
		return;
	mem_probe_write_slow(c, lin, size);
}

/* Host pointer for a read-modify-write of `size` bytes at `lin`, after
 * making sure the write cannot fault; NULL means "use lin_read/lin_write"
 * (page-crossing, code page, outside RAM), which then cannot fault either. */
uint8_t *rmw_slow(struct cpu *c, uint32_t lin, unsigned size);

static inline uint8_t *rmw_ptr(struct cpu *c, uint32_t lin, unsigned size)
{
	struct tlb_entry *e = tlb_slot(&c->mmu, lin);
	if (likely(e->vpage == lin >> PAGE_SHIFT && (e->perm & c->wperm) &&
		   (lin & PAGE_MASK) <= PAGE_SIZE - size))
		return e->host + (lin & PAGE_MASK);
	return rmw_slow(c, lin, size);
}

/* Segment:offset to linear, with the limit and type checks of SDM vol. 3
 * §5.3 and §3.4.5.1 when the segment is not flat. */
void seg_check(struct cpu *c, int sreg, uint32_t ea, unsigned size, bool write);

static inline uint32_t seg_lin(struct cpu *c, int sreg, uint32_t ea, unsigned size, bool write)
{
	const struct seg *s = &c->seg[sreg];
	if (unlikely(s->slow))
		seg_check(c, sreg, ea, size, write);
	return s->base + ea;
}

static inline uint32_t read_seg(struct cpu *c, int sreg, uint32_t ea, unsigned size)
{
	return lin_read(c, seg_lin(c, sreg, ea, size, false), size);
}

static inline void write_seg(struct cpu *c, int sreg, uint32_t ea, unsigned size, uint32_t v)
{
	lin_write(c, seg_lin(c, sreg, ea, size, true), size, v);
}

/* ---- stack ---- */
static inline bool stack32(const struct cpu *c)
{
	return (c->seg[SEG_SS].attr & DESC_DB) != 0;
}

static inline uint32_t sp_get(const struct cpu *c)
{
	return stack32(c) ? c->reg[ESP] : c->reg[ESP] & 0xffff;
}

/* EFLAGS := v, the lazy record dropped (cpu_set_eflags_raw(), inline). */
static inline void set_eflags_raw(struct cpu *c, uint32_t v)
{
	c->lf.op = LF_NONE;
	/* Bits 1 is always 1; bits 3, 5, 15 and 22-31 are reserved zeros. */
	c->eflags = (v | FL_1) & 0x003f7fd7u;
}

/* A block was decoded into a cache slot: block successors recorded before
 * may lead elsewhere now (mmu/phys.h code_epoch). */
static inline void blocks_changed(struct cpu *c)
{
	if (c->pm)
		c->pm->code_epoch++;
}

/* The CPL or CS changed: what a block successor recorded under other ones
 * must not be taken (cpu/accel/block.h struct block_succ). The last few
 * pairs of CS base and CPL each have a slot, whose number goes into the
 * successors' stamps, so that successors in user code stay valid over a
 * system call and back; a slot given to another pair bumps the epoch, so
 * that no stamp made with it before holds. Slots never given hold base 0,
 * CPL 0. */
static inline void code_moved(struct cpu *c)
{
	uint64_t ctx = (uint64_t)c->seg[SEG_CS].base << 2 | c->cpl;
	/* The slot this CPL had last: a round trip's CPL 0 and CPL 3 each
	 * find theirs at once. */
	unsigned hint = c->ctx_hint[c->cpl & 3];
	if (c->ctx_seen[hint] == ctx) {
		c->ctx_slot = hint;
		return;
	}
	unsigned k = 0;
	while (k < CTX_SLOTS && c->ctx_seen[k] != ctx)
		k++;
	if (k == CTX_SLOTS) {
		k = c->ctx_next++ % CTX_SLOTS;
		c->ctx_seen[k] = ctx;
		blocks_changed(c);
	}
	c->ctx_slot = c->ctx_hint[c->cpl & 3] = k;
}

/* The stamp of block successors made now (cpu/accel/block.h). */
static inline uint64_t code_stamp(const struct cpu *c)
{
	return c->pm->code_epoch * CTX_SLOTS + c->ctx_slot;
}

/* The CPL and what follows from it: CPL 3 accesses are user-mode
 * accesses, CPL 0-2 supervisor ones (SDM vol. 3 §4.6). */
static inline void set_cpl(struct cpu *c, unsigned cpl)
{
	copy32(&c->view, &c->cpl_views[cpl & 3]); /* cpl_views_init() */
	code_moved(c);
}

/* A data segment register that the new, less privileged level may not use
 * is nulled on a return to an outer level (SDM vol. 2 "RET", "IRET"). */
static inline void null_if_inaccessible(struct cpu *c, struct seg *s)
{
	/* DPL 3 (the user's data) is never below the CPL: kept. */
	if (!s->valid || (s->attr & DESC_DPL) == DESC_DPL)
		return;
	bool conforming_code = (s->attr & DESC_CODE) && (s->attr & DESC_CE);
	unsigned dpl = (s->attr & DESC_DPL) >> DESC_DPL_SHIFT;
	if (!conforming_code && dpl < c->cpl) {
		s->sel = 0;
		s->valid = false;
		s->slow = true;
		s->attr = 0;
		s->base = 0;
		s->limit = 0;
		seg_sync_fbase(s);
	}
}

static inline void null_inaccessible_segs(struct cpu *c)
{
	/* All four of DPL 3 (a null one has attr 0): none is nulled. */
	if ((c->seg[SEG_ES].attr & c->seg[SEG_DS].attr & c->seg[SEG_FS].attr & c->seg[SEG_GS].attr &
	     DESC_DPL) == DESC_DPL)
		return;
	null_if_inaccessible(c, &c->seg[SEG_ES]);
	null_if_inaccessible(c, &c->seg[SEG_DS]);
	null_if_inaccessible(c, &c->seg[SEG_FS]);
	null_if_inaccessible(c, &c->seg[SEG_GS]);
}

static inline void sp_set(struct cpu *c, uint32_t v)
{
	if (stack32(c))
		c->reg[ESP] = v;
	else
		c->reg[ESP] = (c->reg[ESP] & 0xffff0000u) | (v & 0xffff);
}

/* Push without committing ESP: returns the new ESP for the caller to set
 * after every other fallible step. */
static inline uint32_t push_at(struct cpu *c, uint32_t sp, unsigned size, uint32_t v)
{
	sp -= size;
	if (!stack32(c))
		sp &= 0xffff;
	write_seg(c, SEG_SS, sp, size, v);
	return sp;
}

static inline void push(struct cpu *c, unsigned size, uint32_t v)
{
	uint8_t *p = size == 4 ? ss_ptr(c, c->reg[ESP] - 4, 4, c->wperm) : NULL;
	if (likely(p)) {
		store_le(p, 4, v);
		c->reg[ESP] -= 4;
		return;
	}
	sp_set(c, push_at(c, sp_get(c), size, v));
}

static inline uint32_t pop_at(struct cpu *c, uint32_t sp, unsigned size)
{
	return read_seg(c, SEG_SS, sp, size);
}

/* ---- privilege helpers ---- */
/* #GP(0) unless CPL is 0 (privileged instructions, SDM vol. 3 §5.9). */
static inline void require_cpl0(struct cpu *c)
{
	if (c->cpl != 0)
		cpu_raise(c, EXC_GP, 0);
}

static inline unsigned iopl(const struct cpu *c)
{
	return (c->eflags & FL_IOPL) >> IOPL_SHIFT;
}

/* I/O permission check (SDM vol. 1 §19.5): CPL <= IOPL, or the TSS bitmap. */
void io_check(struct cpu *c, uint16_t port, unsigned size);

/* ---- the return by the memo (exception.c), inline for trapret's
 * handler (cpu/accel/runs.c) ---- */
/* The report of an iret to the subscriber (exception.c). */
void report_iret(struct cpu *c, unsigned old_cpl, uint16_t cs, uint16_t ss, uint32_t esp);

/* EFLAGS after an iret from `old_cpl` whose frame holds `fl`, and the
 * report of the return. IOPL changes only at CPL 0, IF only when CPL <=
 * IOPL, both judged by the CPL before the return (SDM vol. 2 "IRET"). */
static inline void iret_finish(struct cpu *c, uint32_t fl, unsigned old_cpl, uint16_t cs,
			       uint16_t ss, uint32_t esp)
{
	/* What is kept of the current EFLAGS are system bits, exact in
	 * c->eflags whatever the lazy arithmetic flags (which fl replaces):
	 * nothing to materialise. */
	uint32_t cur = c->eflags;
	uint32_t keep = FL_VM | FL_VIF | FL_VIP;
	if (old_cpl > 0)
		keep |= FL_IOPL;
	if (old_cpl > iopl(c))
		keep |= FL_IF;
	set_eflags_raw(c, (fl & ~keep) | (cur & keep));
	/* IF may have risen: let the loop look at a pending interrupt. With
	 * none pending, IF changes nothing the loop has planned (exec.c
	 * service_events() looks at IF only for a pending interrupt). */
	if (c->irq_pending)
		c->event_at = 0;
	if (c->env.on_iret)
		report_iret(c, old_cpl, cs, ss, esp);
}

/* iret_by_memo_at(), inline. */
static inline void iret_by_memo_inline(struct cpu *c, const uint8_t *p)
{
	const struct return_memo *m = &c->return_memo;
	uint32_t eip = load_le(p, 4), fl = load_le(p + 8, 4), esp = load_le(p + 12, 4);
	uint16_t cs = (uint16_t)load_le(p + 4, 4), nss = (uint16_t)load_le(p + 16, 4);
	unsigned old_cpl = c->cpl;
	seg_copy(&c->seg[SEG_CS], &m->ncs);
	seg_copy(&c->seg[SEG_SS], &m->nss);
	set_cpl(c, cs & 3); /* and code_moved() for the new CS and CPL */
	sp_set(c, esp);
	c->next_eip = eip;
	null_inaccessible_segs(c);
	iret_finish(c, fl, old_cpl, cs, nss, c->reg[ESP]);
}

#endif
