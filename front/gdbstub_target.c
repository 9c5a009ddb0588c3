/*
 * The gdb stub's view of the machine: registers, memory, breakpoints,
 * watchpoints and stepping, all through the embedding API (machine.h,
 * cpu.h). Breakpoints never modify guest memory: the per-instruction
 * subscriber compares the linear address of each instruction about to run
 * (CS base + EIP) with the table, so they work on read-only pages and in
 * the kernel's CPL-0 trap stubs alike, and the guest cannot see them.
 */
#include "gdbstub_target.h"

#include "../kernel/abi.h"
#include "gdbstub_proto.h"

#include <string.h>

/* gdb's i386 register numbers 10-15 are cs ss ds es fs gs. */
static const int gdb_seg[6] = {SEG_CS, SEG_SS, SEG_DS, SEG_ES, SEG_FS, SEG_GS};

/* EFLAGS bits the debugger may change: the status flags and DF (SDM vol. 1
 * §3.4.3.1, §3.4.3.2). IF, IOPL, TF, VM and the rest are system state the
 * emulated kernel relies on, so writes to them are ignored. */
#define GDB_EFLAGS_WRITABLE (FL_ARITH | FL_DF)

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void gdb_target_init(struct gdb_target *t, struct machine *m, const struct machine_events *chain)
{
	memset(t, 0, sizeof(*t));
	t->m = m;
	if (chain)
		t->chain = *chain;
}

static int reg_size(unsigned n)
{
	if (n < 16 || (n >= 24 && n < GDB_NUM_REGS) || n == GDB_REG_ORIG_EAX)
		return 4;
	return n < 24 ? 10 : -1;
}

/* The current process's x87 state, wherever the lazy switch keeps it
 * (kernel/fpu.c); the CPU's in bare mode. */
static struct fpu *fpu_of(struct gdb_target *t)
{
	struct kernel *k = machine_kernel(t->m);
	if (k && k->cur && k->fpu_owner != k->cur)
		return &k->cur->fpu;
	return &machine_cpu(t->m)->fpu;
}

/* gdb's i387 registers (16-31): st0-st7 in stack order, then fctrl,
 * fstat, ftag (the full tag word), fiseg, fioff, foseg, fooff, fop. */
static void fpu_reg_read(struct gdb_target *t, unsigned n, uint8_t *out)
{
	const struct fpu *f = fpu_of(t);
	if (n < 24) {
		memcpy(out, f->st[fpu_phys(f, n - 16)], 10);
		return;
	}
	const uint32_t v[8] = {f->cw,  f->sw,  fpu_full_tags(f), f->fcs,
			       f->fip, f->fds, f->fdp,		 f->fop};
	put32(out, v[n - 24]);
}

static int fpu_reg_write(struct gdb_target *t, unsigned n, const uint8_t *in)
{
	struct fpu *f = fpu_of(t);
	if (n < 24)
		memcpy(f->st[fpu_phys(f, n - 16)], in, 10);
	else if (n == 24)
		f->cw = (uint16_t)((get32(in) & FCW_KEPT) | FCW_ONE);
	else if (n == 25)
		f->sw = fpu_summary((uint16_t)get32(in), f->cw);
	return 0; /* the tag word and the pointers: accepted and ignored */
}

int gdb_reg_read(struct gdb_target *t, unsigned n, uint8_t *out)
{
	struct cpu *c = machine_cpu(t->m);
	int size = reg_size(n);
	if (size < 0)
		return -1;
	memset(out, 0, (size_t)size);
	if (n < 8)
		put32(out, c->reg[n]);
	else if (n == 8)
		put32(out, c->eip);
	else if (n == 9)
		put32(out, cpu_get_eflags(c));
	else if (n < 16)
		put32(out, c->seg[gdb_seg[n - 10]].sel);
	else if (n == GDB_REG_ORIG_EAX)
		put32(out, t->stop == GDB_STOP_SYSCALL_ENTRY || t->stop == GDB_STOP_SYSCALL_RETURN
			       ? t->sys_nr
			       : 0xffffffffu);
	else
		fpu_reg_read(t, n, out);
	return size;
}

int gdb_reg_write(struct gdb_target *t, unsigned n, const uint8_t *in, size_t len)
{
	struct cpu *c = machine_cpu(t->m);
	int size = reg_size(n);
	if (size < 0 || len != (size_t)size)
		return -1;
	if (n == GDB_REG_ORIG_EAX)
		return 0;
	if (n >= 16)
		return fpu_reg_write(t, n, in);
	uint32_t v = get32(in);
	if (n < 8) {
		c->reg[n] = v;
	} else if (n == 8) {
		c->eip = v;
	} else if (n == 9) {
		uint32_t old = cpu_get_eflags(c);
		cpu_set_eflags_raw(c, (old & ~GDB_EFLAGS_WRITABLE) | (v & GDB_EFLAGS_WRITABLE));
	} else {
		int s = gdb_seg[n - 10];
		if (v == c->seg[s].sel)
			return 0;
		/* CS and SS go with the CPL (SDM vol. 3 §5.5): not writable
		 * by the debugger. Data segments load without checks. */
		if (s == SEG_CS || s == SEG_SS || v > 0xffff ||
		    cpu_load_seg_unchecked(c, s, (uint16_t)v) < 0)
			return -1;
	}
	return 0;
}

void gdb_regs_read(struct gdb_target *t, uint8_t *out)
{
	size_t off = 0;
	for (unsigned n = 0; n < GDB_NUM_REGS; n++)
		off += (size_t)gdb_reg_read(t, n, out + off);
}

int gdb_regs_write(struct gdb_target *t, const uint8_t *in, size_t n)
{
	if (n != GDB_REGS_BYTES)
		return -1;
	/* Check every register first, so a refused one changes nothing. */
	struct cpu *c = machine_cpu(t->m);
	for (unsigned r = 10; r < 16; r++) {
		uint32_t v = get32(in + 4 * r);
		int s = gdb_seg[r - 10];
		if (v != c->seg[s].sel && (s == SEG_CS || s == SEG_SS || v > 0xffff))
			return -1;
	}
	size_t off = 0;
	int rc = 0;
	for (unsigned r = 0; r < GDB_NUM_REGS; r++) {
		int size = reg_size(r);
		if (gdb_reg_write(t, r, in + off, (size_t)size) < 0)
			rc = -1;
		off += (size_t)size;
	}
	return rc;
}

uint32_t gdb_mem_read(struct gdb_target *t, uint32_t addr, uint8_t *buf, uint32_t len)
{
	return cpu_peek(machine_cpu(t->m), addr, buf, len, false);
}

uint32_t gdb_mem_write(struct gdb_target *t, uint32_t addr, const uint8_t *buf, uint32_t len)
{
	return cpu_poke(machine_cpu(t->m), addr, buf, len, false);
}

static struct gdb_point *find_point(struct gdb_target *t, unsigned type, uint32_t addr,
				    uint32_t len)
{
	bool wp = type >= GDB_WP_WRITE;
	struct gdb_point *tab = wp ? t->wp : t->bp;
	unsigned n = wp ? t->nwp : t->nbp;
	for (unsigned k = 0; k < n; k++)
		if (tab[k].type == type && tab[k].addr == addr && (!wp || tab[k].len == len))
			return &tab[k];
	return NULL;
}

int gdb_point_insert(struct gdb_target *t, unsigned type, uint32_t addr, uint32_t len)
{
	if (type > GDB_WP_ACCESS)
		return -1;
	if (find_point(t, type, addr, len))
		return 0; /* inserting twice is harmless (gdb manual, "Z packets") */
	struct gdb_point *p;
	if (type >= GDB_WP_WRITE) {
		if (len == 0 || len > GDB_WP_MAXLEN || t->nwp == GDB_MAX_WP)
			return -1;
		p = &t->wp[t->nwp++];
	} else {
		if (t->nbp == GDB_MAX_BP)
			return -1;
		p = &t->bp[t->nbp++];
	}
	memset(p, 0, sizeof(*p));
	p->type = type;
	p->addr = addr;
	p->len = len;
	return 0;
}

int gdb_point_remove(struct gdb_target *t, unsigned type, uint32_t addr, uint32_t len)
{
	struct gdb_point *p = find_point(t, type, addr, len);
	if (!p)
		return -1;
	if (type >= GDB_WP_WRITE)
		*p = t->wp[--t->nwp];
	else
		*p = t->bp[--t->nbp];
	return 0;
}

void gdb_point_clear(struct gdb_target *t)
{
	t->nbp = 0;
	t->nwp = 0;
}

static void snapshot(struct gdb_target *t)
{
	for (unsigned k = 0; k < t->nwp; k++) {
		struct gdb_point *w = &t->wp[k];
		w->snap_len = gdb_mem_read(t, w->addr, w->snap, w->len);
	}
}

static bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	return a - b < blen || b - a < alen;
}

/* A watchpoint fires when the value under it changed (writes, including
 * the kernel's copyout, which are not instructions) or, for read and access
 * watchpoints, when the last instruction's memory operand overlapped it. */
static bool check_watch(struct gdb_target *t)
{
	for (unsigned k = 0; k < t->nwp; k++) {
		struct gdb_point *w = &t->wp[k];
		uint8_t now[GDB_WP_MAXLEN];
		uint32_t got = gdb_mem_read(t, w->addr, now, w->len);
		bool changed = got != w->snap_len || memcmp(now, w->snap, got) != 0;
		bool touched = false;
		for (unsigned a = 0; a < t->nacc; a++)
			if ((t->acc_read[a] || w->type == GDB_WP_ACCESS) &&
			    overlaps(t->acc_addr[a], t->acc_len[a], w->addr, w->len))
				touched = true;
		bool hit = w->type == GDB_WP_WRITE  ? changed
			   : w->type == GDB_WP_READ ? touched
						    : touched || changed;
		if (hit) {
			t->watch_addr = w->addr;
			t->watch_type = w->type;
			return true;
		}
	}
	return false;
}

static unsigned operand_size(const struct insn *i, uint8_t o)
{
	switch (o) {
	case O_Eb:
	case O_Ob:
	case O_Xb:
	case O_Yb: return 1;
	case O_Ew: return 2;
	default: return i->opsize;
	}
}

/* Records the explicit memory operands of the instruction about to run:
 * ModRM memory, moffs and the string operands DS:eSI / ES:eDI. Stack
 * pushes and pops and descriptor-table reads are not tracked. */
static void note_access(struct gdb_target *t, const struct insn *i)
{
	struct cpu *c = machine_cpu(t->m);
	const struct op_row *r = &op_rows[i->row];
	t->nacc = 0;
	if (strncmp(r->mnem, "lea", 3) == 0)
		return; /* computes an address, accesses nothing */
	bool store_only = strncmp(r->mnem, "mov", 3) == 0 || strncmp(r->mnem, "set", 3) == 0 ||
			  strncmp(r->mnem, "stos", 4) == 0;
	for (int k = 0; k < 3 && t->nacc < 2; k++) {
		uint8_t o = r->opnd[k];
		uint32_t lin;
		if ((o == O_Eb || o == O_Ev || o == O_Ew || o == O_M || o == O_Mp || o == O_Mq) &&
		    i->mod != 3) {
			uint32_t ea = i->disp;
			if (i->base != REG_NONE)
				ea += c->reg[i->base];
			if (i->index != REG_NONE)
				ea += c->reg[i->index] << i->scale;
			lin = c->seg[i->seg].base + (ea & i->ea_mask);
		} else if (o == O_Ob || o == O_Ov) {
			lin = c->seg[i->seg].base + (i->disp & i->ea_mask);
		} else if (o == O_Xb || o == O_Xv) {
			lin = c->seg[i->seg].base + (c->reg[ESI] & i->ea_mask);
		} else if (o == O_Yb || o == O_Yv) {
			lin = c->seg[SEG_ES].base + (c->reg[EDI] & i->ea_mask);
		} else {
			continue;
		}
		t->acc_addr[t->nacc] = lin;
		t->acc_len[t->nacc] = operand_size(i, o);
		t->acc_read[t->nacc] = !(k == 0 && store_only);
		t->nacc++;
	}
}

int gdb_catch_syscalls(struct gdb_target *t, bool on, const char *list, size_t n)
{
	if (!on) {
		/* gdb turns catching off at every stop and on again before it
		 * resumes: a call entered keeps its return, reported if
		 * catching is on again by then. */
		t->catching = false;
		return 0;
	}
	if (gdb_catch_list(list, n, t->catch_nr, GDB_CATCH_NRS, &t->catch_all) < 0)
		return -1;
	t->catching = true;
	return 0;
}

static int cur_pid(struct machine *m)
{
	const struct kernel *k = machine_kernel(m);
	return k && k->cur ? k->cur->pid : 0;
}

/* A system call is entered by `int $VECTOR` at CPL 3 through the
 * process's ABI's gate, number in EAX. The stop is at that instruction,
 * before it runs (gdb on Linux reports the instruction after it: the
 * kernel is ours to show, so the stop comes before the gate instead). */
static bool catch_entry(struct gdb_target *t, struct machine *m, const struct insn *i)
{
	const struct kernel *k = machine_kernel(m);
	struct cpu *c = machine_cpu(m);
	if (i->map != 0 || i->opcode != 0xcd || c->cpl != 3 || !k || !k->cur || !k->cur->abi ||
	    i->imm != k->cur->abi->vector)
		return false;
	if (t->entry_pid && t->entry_pid != k->cur->pid)
		return false; /* one call at a time: gdb sees one thread */
	if (t->restart_pid == k->cur->pid) {
		t->restart_pid = 0; /* the same call again, after it slept */
		return false;
	}
	uint32_t nr = c->reg[EAX];
	if (!t->catch_all && (nr >= GDB_CATCH_NRS || !(t->catch_nr[nr / 8] & (1u << (nr % 8)))))
		return false;
	t->sys_nr = nr;
	t->entry_pid = k->cur->pid;
	t->stop = GDB_STOP_SYSCALL_ENTRY;
	return true;
}

static void on_insn(void *opaque, struct machine *m, const struct insn *i)
{
	struct gdb_target *t = opaque;
	struct cpu *c = machine_cpu(m);
	if (t->nwp && t->executed && check_watch(t)) {
		t->stop = GDB_STOP_WATCH;
		machine_stop(m);
		return;
	}
	if (t->stepping && t->executed) {
		t->stop = GDB_STOP_STEP;
		machine_stop(m);
		return;
	}
	if (t->ret_pending && c->cpl == 3 && cur_pid(m) == t->entry_pid) {
		t->ret_pending = false;
		t->entry_pid = 0;
		if (t->catching) {
			t->stop = GDB_STOP_SYSCALL_RETURN;
			machine_stop(m);
			return;
		}
	}
	uint32_t lin = c->seg[SEG_CS].base + c->eip;
	if (!t->skip_bp) {
		for (unsigned k = 0; k < t->nbp; k++) {
			if (t->bp[k].addr == lin) {
				t->stop = GDB_STOP_BP;
				machine_stop(m);
				return;
			}
		}
	}
	/* Apart from breakpoints: a breakpoint on the `int` stops first,
	 * and the catch stop follows when gdb resumes. */
	if (t->catching && !t->skip_catch && catch_entry(t, m, i)) {
		machine_stop(m);
		return;
	}
	t->skip_bp = t->skip_catch = false;
	t->executed++;
	if (t->nwp) {
		note_access(t, i);
		snapshot(t);
	}
	if (t->chain.insn)
		t->chain.insn(t->chain.opaque, m, i);
}

/* Forwarders to the chained subscriber, which has its own opaque. */
static void fwd_deliver(void *opaque, struct machine *m, const struct delivery_info *d)
{
	struct gdb_target *t = opaque;
	t->chain.deliver(t->chain.opaque, m, d);
}

static void fwd_iret(void *opaque, struct machine *m, const struct iret_info *r)
{
	struct gdb_target *t = opaque;
	t->chain.iret(t->chain.opaque, m, r);
}

/* The end of a call whose entry was reported: the return stop comes at
 * the process's next CPL-3 instruction, after the iret (or, after exec,
 * the new program's first). A call that blocks restarts; exit has none. */
static void on_syscall(void *opaque, struct machine *m, const struct syscall_event *ev)
{
	struct gdb_target *t = opaque;
	if (t->entry_pid && ev->pid == t->entry_pid) {
		if (ev->blocked)
			t->restart_pid = ev->pid;
		else if (ev->returns)
			t->ret_pending = true;
		else
			t->entry_pid = 0;
	}
	if (t->chain.syscall)
		t->chain.syscall(t->chain.opaque, m, ev);
}

static void fwd_sched(void *opaque, struct machine *m, const struct switch_event *ev)
{
	struct gdb_target *t = opaque;
	t->chain.sched(t->chain.opaque, m, ev);
}

static void fwd_paging(void *opaque, struct machine *m, const char *what, uint32_t val)
{
	struct gdb_target *t = opaque;
	t->chain.paging(t->chain.opaque, m, what, val);
}

void gdb_resume(struct gdb_target *t, bool step)
{
	t->stepping = step;
	t->skip_bp = true;
	t->skip_catch = t->stop == GDB_STOP_SYSCALL_ENTRY; /* resuming the caught `int` */
	t->executed = 0;
	t->nacc = 0;
	t->stop = GDB_STOP_NONE;
	snapshot(t);
	struct machine_events ev;
	memset(&ev, 0, sizeof(ev));
	ev.opaque = t;
	/* Without breakpoints, watchpoints, a step or a chained tracer, the
	 * interpreter runs without the per-instruction call. */
	if (step || t->nbp || t->nwp || t->chain.insn || t->catching || t->entry_pid)
		ev.insn = on_insn;
	ev.deliver = t->chain.deliver ? fwd_deliver : NULL;
	ev.iret = t->chain.iret ? fwd_iret : NULL;
	ev.syscall = t->chain.syscall || t->catching || t->entry_pid ? on_syscall : NULL;
	ev.sched = t->chain.sched ? fwd_sched : NULL;
	ev.paging = t->chain.paging ? fwd_paging : NULL;
	machine_subscribe(t->m, &ev);
}

enum run_result gdb_run_slice(struct gdb_target *t, uint64_t insns)
{
	return machine_run(t->m, insns);
}

void gdb_target_release(struct gdb_target *t)
{
	machine_subscribe(t->m, &t->chain);
}
