/*
 * The stop checks the monitor's subscriber runs: breakpoints, watchpoints,
 * step-over targets (per instruction) and catchpoints (per event). A hit
 * writes the reason into mon->stop_msg and asks the machine to stop.
 */
#include "monitor.h"
#include "strace_fmt.h"
#include "strace_linux_signal.h"

#include "../kernel/kernel.h"

#include <string.h>

static void stop(struct monitor *mon, struct bpoint *b)
{
	if (b) {
		mon->hit_bp = b->num;
		b->hits++;
		if (b->temp)
			b->used = false;
	}
	machine_stop(mon->m);
}

static int sym_suffix(struct monitor *mon, uint32_t a, char *buf, size_t n)
{
	char s[96];
	mon_sym(mon, a, s, sizeof(s));
	return snprintf(buf, n, "%s%s%s", *s ? " <" : "", s, *s ? ">" : "");
}

/* The linear range of the instruction's memory operand (ModRM, moffs or
 * string source/destination); false when it has none. */
static bool mem_ref(struct cpu *c, const struct insn *i, uint32_t *lin, uint32_t *len)
{
	const struct op_row *r = &op_rows[i->row];
	/* lea and the multi-byte nop name a memory operand but do not access
	 * it (SDM vol. 2 "LEA", "NOP"). */
	if (strcmp(r->mnem, "lea") == 0 || strcmp(r->mnem, "nop") == 0)
		return false;
	for (unsigned k = 0; k < 3; k++) {
		uint8_t o = r->opnd[k];
		unsigned sz = o == O_Eb || o == O_Ob || o == O_Xb || o == O_Yb ? 1
			      : o == O_Ew				       ? 2
			      : o == O_M || o == O_Mp || o == O_Mq	       ? 8
									       : i->opsize;
		if ((o == O_Eb || o == O_Ew || o == O_Ev || o == O_M || o == O_Mp || o == O_Mq) &&
		    i->has_modrm && i->mod != 3) {
			uint32_t ea = i->disp;
			if (i->base != REG_NONE)
				ea += c->reg[i->base];
			if (i->index != REG_NONE)
				ea += c->reg[i->index] << i->scale;
			*lin = c->seg[i->seg].base + (ea & i->ea_mask);
		} else if (o == O_Ob || o == O_Ov) {
			*lin = c->seg[i->seg].base + i->disp;
		} else if (o == O_Xb || o == O_Xv) {
			*lin = c->seg[i->seg].base + c->reg[ESI];
		} else if (o == O_Yb || o == O_Yv) {
			*lin = c->seg[SEG_ES].base + c->reg[EDI];
		} else {
			continue;
		}
		*len = sz;
		return true;
	}
	return false;
}

/* Reads watched bytes before every instruction. At CPL 3 the page tables
 * cannot change (they are supervisor pages, and every CR3 load or invlpg
 * is a paging event that drops the cache), so the host address found by
 * one page-walk probe is reused; at CPL 0 every read walks again. */
static bool watch_peek(struct monitor *mon, struct cpu *c, struct bpoint *b, uint8_t *buf)
{
	if (b->reg[0]) {
		uint32_t v = 0;
		bool ok = mon_get_reg(mon, b->reg, &v);
		memcpy(buf, &v, 4);
		return ok;
	}
	uint32_t off = b->addr & PAGE_MASK;
	if (c->cpl != 3 || mon->paging_gen != b->host_gen || off + b->len > PAGE_SIZE)
		b->host = NULL;
	if (!b->host && c->cpl == 3 && off + b->len <= PAGE_SIZE) {
		struct walk w;
		uint32_t err;
		if (page_walk(&c->mmu, b->addr, ACC_PROBE, &w, &err) == 0) {
			b->host = phys_ptr(c->pm, w.paddr, b->len);
			b->host_gen = mon->paging_gen;
		}
	}
	if (b->host) {
		memcpy(buf, b->host, b->len);
		return true;
	}
	return cpu_peek(c, b->addr, buf, b->len, false) == b->len;
}

static void watch_message(struct monitor *mon, const struct bpoint *b, const uint8_t *now, bool ok)
{
	char *m = mon->stop_msg;
	size_t cap = sizeof(mon->stop_msg);
	if (b->reg[0]) {
		uint32_t o, v;
		memcpy(&o, b->old, 4);
		memcpy(&v, now, 4);
		int k =
		    snprintf(m, cap,
			     "Watchpoint %d: $%s\nOld value = 0x%x\nNew value = 0x%x\nchanged by "
			     "the instruction at 0x%08x",
			     b->num, b->reg, o, v, mon->prev_lin);
		sym_suffix(mon, mon->prev_lin, m + k, cap - (size_t)k);
		return;
	}
	size_t n = (size_t)snprintf(m, cap, "Watchpoint %d: 0x%08x", b->num, b->addr);
	n += (size_t)sym_suffix(mon, b->addr, m + n, cap - n);
	n += (size_t)snprintf(m + n, cap - n, "\nOld value =");
	for (uint32_t k = 0; k < b->len && n < cap; k++)
		n += (size_t)snprintf(m + n, cap - n, b->old_ok ? " %02x" : " ??", b->old[k]);
	n += (size_t)snprintf(m + n, cap - n, "\nNew value =");
	for (uint32_t k = 0; k < b->len && n < cap; k++)
		n += (size_t)snprintf(m + n, cap - n, ok ? " %02x" : " ??", now[k]);
	if (n < cap)
		n += (size_t)snprintf(m + n, cap - n, "\nchanged by the instruction at 0x%08x",
				      mon->prev_lin);
	if (n < cap)
		sym_suffix(mon, mon->prev_lin, m + n, cap - n);
}

static bool check_watch(struct monitor *mon, struct cpu *c)
{
	for (int j = 0; j < mon->n_watch; j++) {
		struct bpoint *b = &mon->bp[mon->watch_idx[j]];
		if (!b->used) /* a temporary one was hit */
			continue;
		uint8_t now[MON_WATCH_MAX];
		bool ok = watch_peek(mon, c, b, now);
		if (ok == b->old_ok && (!ok || memcmp(now, b->old, b->len) == 0))
			continue;
		watch_message(mon, b, now, ok);
		memcpy(b->old, now, b->len);
		b->old_ok = ok;
		stop(mon, b);
		return true;
	}
	return false;
}

static bool check_rwatch(struct monitor *mon, struct cpu *c, const struct insn *i)
{
	if (mon->rwatch_pending) {
		mon->rwatch_pending = false;
		int n = snprintf(mon->stop_msg, sizeof(mon->stop_msg),
				 "Read watchpoint %d: accessed by the instruction at 0x%08x",
				 mon->rwatch_num, mon->prev_lin);
		sym_suffix(mon, mon->prev_lin, mon->stop_msg + n,
			   sizeof(mon->stop_msg) - (size_t)n);
		for (int k = 0; k < MON_MAX_BP; k++)
			if (mon->bp[k].used && mon->bp[k].num == mon->rwatch_num)
				stop(mon, &mon->bp[k]);
		machine_stop(mon->m);
		return true;
	}
	uint32_t lin, len;
	if (!mem_ref(c, i, &lin, &len))
		return false;
	for (int j = 0; j < mon->n_rwatch; j++) {
		const struct bpoint *b = &mon->bp[mon->rwatch_idx[j]];
		/* Overlap of [lin, lin+len) and [addr, addr+blen), wrap-safe. */
		if (lin - b->addr < b->len || b->addr - lin < len) {
			mon->rwatch_pending = true; /* report once it has run */
			mon->rwatch_num = b->num;
			return false;
		}
	}
	return false;
}

void mon_bp_insn(struct monitor *mon, const struct insn *i)
{
	struct cpu *c = machine_cpu(mon->m);
	uint32_t lin = c->seg[SEG_CS].base + c->eip;
	bool first = c->icount == mon->skip_icount;
	if (!first &&
	    ((mon->n_watch && check_watch(mon, c)) || (mon->n_rwatch && check_rwatch(mon, c, i)))) {
		mon->prev_lin = lin;
		return;
	}
	if (first && mon->n_rwatch)
		check_rwatch(mon, c, i);
	mon->prev_lin = lin;
	struct mon_until *u = &mon->until;
	if (u->active && lin == u->eip && c->cpl == u->cpl && c->reg[ESP] >= u->esp_min &&
	    cpu_get_cr(c, 3) == u->cr3) {
		u->active = false;
		machine_stop(mon->m);
		return;
	}
	if (first)
		return; /* resuming from this address: do not stop here again */
	int j = 0;
	while (j < mon->n_brk && mon->brk_addr[j] != lin)
		j++;
	if (j == mon->n_brk || !mon_follows(mon))
		return;
	for (int k = 0; k < MON_MAX_BP; k++) {
		struct bpoint *b = &mon->bp[k];
		if (b->used && b->enabled && b->kind == BP_BREAK && b->addr == lin) {
			uint32_t v = 1;
			/* A condition that fails to evaluate stops, as in gdb. */
			if (b->cond[0] && mon_eval(mon, b->cond, &v) == 0 && v == 0)
				continue;
			if (b->ignore) {
				b->ignore--;
				b->hits++;
				continue;
			}
			int n =
			    snprintf(mon->stop_msg, sizeof(mon->stop_msg), "%s %d, 0x%08x",
				     b->temp ? "Temporary breakpoint" : "Breakpoint", b->num, lin);
			sym_suffix(mon, lin, mon->stop_msg + n, sizeof(mon->stop_msg) - (size_t)n);
			stop(mon, b);
			return;
		}
	}
}

static struct bpoint *find_catch(struct monitor *mon, enum bp_kind kind, int arg)
{
	for (int k = 0; k < MON_MAX_BP; k++) {
		struct bpoint *b = &mon->bp[k];
		if (b->used && b->enabled && b->kind == kind && (b->arg < 0 || b->arg == arg))
			return b;
	}
	return NULL;
}

/* gdb's `catch syscall` stops at the call and at the return: the call is
 * the delivery through the system-call gate, with the number in EAX. */
static bool syscall_entry(struct monitor *mon, const struct delivery_info *d)
{
	if (d->kind != EV_SOFTINT || d->vector != T_SYSCALL)
		return false;
	uint32_t nr = machine_cpu(mon->m)->reg[EAX];
	struct bpoint *b = find_catch(mon, BP_CATCH_SYSCALL, nr > 0xffff ? -2 : (int)nr);
	if (!b)
		return false;
	const char *name = syscall_name(nr);
	int n = snprintf(mon->stop_msg, sizeof(mon->stop_msg),
			 "Catchpoint %d (call to syscall %u %s), saved EIP 0x%08x", b->num, nr,
			 name ? name : "?", d->old_eip);
	sym_suffix(mon, d->old_eip, mon->stop_msg + n, sizeof(mon->stop_msg) - (size_t)n);
	stop(mon, b);
	return true;
}

void mon_bp_deliver(struct monitor *mon, const struct delivery_info *d)
{
	struct bpoint *b = NULL;
	if (!mon_follows(mon) || syscall_entry(mon, d))
		return;
	bool cpl = d->old_cpl != d->new_cpl;
	if (d->kind == EV_EXCEPTION)
		b = find_catch(mon, BP_CATCH_EXC, (int)d->vector);
	if (!b && cpl)
		b = find_catch(mon, BP_CATCH_CPL, -1);
	if (!b)
		return;
	/* The saved EIP is the faulting instruction for a fault (faults are
	 * restartable, SDM vol. 3 §6.5) and the next one for int n or a trap. */
	char *m = mon->stop_msg;
	size_t cap = sizeof(mon->stop_msg);
	size_t n =
	    (size_t)snprintf(m, cap, "Catchpoint %d (%s): vector %u %s", b->num,
			     b->kind == BP_CATCH_EXC ? "exception" : "privilege change", d->vector,
			     d->kind == EV_SOFTINT    ? "int"
			     : d->kind == EV_EXTERNAL ? "interrupt"
						      : exception_mnemonic(d->vector));
	if (d->has_error && n < cap)
		n += (size_t)snprintf(m + n, cap - n, " error 0x%x", d->error);
	if (d->vector == EXC_PF && d->kind == EV_EXCEPTION && n < cap)
		n += (size_t)snprintf(m + n, cap - n, " cr2 0x%08x", d->cr2);
	if (n < cap)
		n += (size_t)snprintf(m + n, cap - n, ", CPL %u->%u, saved EIP 0x%08x", d->old_cpl,
				      d->new_cpl, d->old_eip);
	if (n < cap)
		sym_suffix(mon, d->old_eip, m + n, cap - n);
	stop(mon, b);
}

void mon_bp_iret(struct monitor *mon, const struct iret_info *r)
{
	struct cpu *c = machine_cpu(mon->m);
	if (r->old_cpl == r->new_cpl)
		return;
	struct bpoint *b = find_catch(mon, BP_CATCH_CPL, -1);
	if (!b)
		return;
	/* EIP is still the iret's own address while it completes. */
	int n = snprintf(mon->stop_msg, sizeof(mon->stop_msg),
			 "Catchpoint %d (privilege change): iret, CPL %u->%u, from 0x%08x", b->num,
			 r->old_cpl, r->new_cpl, c->seg[SEG_CS].base + c->eip);
	sym_suffix(mon, c->seg[SEG_CS].base + c->eip, mon->stop_msg + n,
		   sizeof(mon->stop_msg) - (size_t)n);
	stop(mon, b);
}

void mon_bp_syscall(struct monitor *mon, const struct syscall_event *ev)
{
	mon_fork_follow(mon, ev);
	struct bpoint *b = find_catch(mon, BP_CATCH_SYSCALL, (int)ev->num);
	if (!b || !mon_follows(mon))
		return;
	char *m = mon->stop_msg;
	size_t cap = sizeof(mon->stop_msg);
	const char *name = ev->name ? ev->name : "?";
	size_t n =
	    (size_t)snprintf(m, cap, "Catchpoint %d (%s syscall %u %s): ", b->num,
			     ev->returns ? "returned from" : "no return from", ev->num, name);
	if (n < cap) /* the call decoded as strace prints it (strace_fmt.h) */
		format_syscall(m + n, cap - n, mon->m, ev, NULL, 32);
	stop(mon, b);
}

/* gdb's `catch signal`: the stop comes as the kernel dequeues the signal,
 * before the iret into the handler (or the default action). */
void mon_bp_signal(struct monitor *mon, const struct signal_event *ev)
{
	struct bpoint *b = find_catch(mon, BP_CATCH_SIGNAL, ev->sig);
	if (!b)
		return;
	char *m = mon->stop_msg;
	size_t cap = sizeof(mon->stop_msg);
	char text[200];
	struct sbuf sb;
	sb_init(&sb, text, sizeof(text));
	strace_signal_text(&sb, ev);
	int n = snprintf(m, cap, "Catchpoint %d (signal), pid %d: %s", b->num, ev->pid, text);
	if (n > 0 && (size_t)n < cap) {
		if (ev->handler > 1)
			snprintf(m + n, cap - (size_t)n, ", handler 0x%08x, %s at 0x%08x",
				 ev->handler, ev->rt ? "rt_sigframe" : "sigframe", ev->frame);
		else
			snprintf(m + n, cap - (size_t)n, ", %s",
				 ev->fatal ? "default action: the process ends" : "ignored");
	}
	stop(mon, b);
}

/* --- set follow-fork-mode (gdb): which process the stop points watch ----- */

bool mon_follows(struct monitor *mon)
{
	const struct kernel *k = machine_kernel(mon->m);
	return !mon->follow_pid || !k || !k->cur || k->cur->pid == mon->follow_pid;
}

void mon_fork_follow(struct monitor *mon, const struct syscall_event *ev)
{
	const struct kernel *k = machine_kernel(mon->m);
	if (!mon->follow_mode || !k || !k->cur || !ev->name || !ev->returns || ev->ret <= 0 ||
	    strcmp(ev->name, "fork") != 0 || !mon_follows(mon))
		return;
	/* The event comes in the parent, with the child's pid. */
	if (mon->follow_mode == 2) {
		printf("[Attaching after process %d fork to child process %d]\n", k->cur->pid,
		       (int)ev->ret);
		mon->follow_pid = (int)ev->ret;
	} else {
		printf("[Detaching after fork from child process %d]\n", (int)ev->ret);
		mon->follow_pid = k->cur->pid;
	}
}
