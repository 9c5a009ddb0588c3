/*
 * The strace subscriber. A call's line is built in two halves as strace
 * builds it: the arguments known at entry, then, when it returns, what it
 * filled and the result. A call that blocks (the kernel puts the process
 * to sleep and re-runs its `int` when woken) keeps its half line pending;
 * when another line must be printed first, the pending one is closed with
 * "<unfinished ...>" and later completed by "<... NAME resumed>".
 * Kernel time is counted in guest instructions from the gate's delivery
 * to the iret back to CPL 3 (-T, -c).
 */
#include "strace.h"
#include "../kernel/abi.h"

#include "strace_kinds.h"
#include "strace_linux_signal.h"

#include <string.h>

static struct strace_slot *slot_of(struct strace *st, int pid)
{
	struct strace_slot *free_slot = NULL;
	for (unsigned i = 0; i < STRACE_SLOTS; i++) {
		if (st->slots[i].pid == pid)
			return &st->slots[i];
		if (!st->slots[i].pid && !free_slot)
			free_slot = &st->slots[i];
	}
	if (!free_slot)
		return NULL;
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->pid = pid;
	return free_slot;
}

static struct strace_slot *find_slot(struct strace *st, int pid)
{
	for (unsigned i = 0; i < STRACE_SLOTS; i++)
		if (pid && st->slots[i].pid == pid)
			return &st->slots[i];
	return NULL;
}

static bool traced(const struct strace *st, int pid)
{
	return st->o.follow || pid == st->first_pid;
}

static bool lines_on(const struct strace *st)
{
	return !st->o.count || st->o.both;
}

static bool selected(const struct strace *st, const struct strace_call *c, const char *name)
{
	if (!st->o.filtered)
		return true;
	bool in = c && (c->cls & st->o.classes);
	for (unsigned i = 0; !in && i < st->o.nnames; i++)
		in = strcmp(st->o.names[i], name) == 0;
	return in != st->o.negate;
}

static void prefix(struct strace *st, int pid)
{
	if (st->o.follow && st->multi)
		fprintf(st->out, "[pid %d] ", pid);
}

/* Closes the pending half line, if it is not `self`'s. */
static void flush_pending(struct strace *st, const struct strace_slot *self)
{
	struct strace_slot *p = st->pending;
	if (!p || p == self)
		return;
	prefix(st, p->pid);
	fprintf(st->out, "%s <unfinished ...>\n", p->entry);
	p->unfinished_shown = true;
	st->pending = NULL;
}

static void emit(struct strace *st, int pid, const char *text)
{
	flush_pending(st, NULL);
	prefix(st, pid);
	fprintf(st->out, "%s\n", text);
}

static void on_entry(void *opaque, struct machine *m, const struct syscall_event *ev)
{
	struct strace *st = opaque;
	struct strace_slot *s = slot_of(st, ev->pid);
	if (!s || !traced(st, ev->pid))
		return;
	if (s->in_call)
		return; /* the blocked call runs again: still the same call */
	if (ev->pid != st->first_pid)
		st->multi = true;
	const struct strace_abi *abi = strace_abi_of(m, ev);
	const struct strace_call *c = strace_call_of(abi, ev->num);
	char unknown[32];
	snprintf(unknown, sizeof(unknown), "syscall_%u", ev->num);
	s->in_call = true;
	s->call = c;
	s->name = c ? c->name : "?";
	s->sel = selected(st, c, c ? c->name : unknown);
	s->unfinished_shown = false;
	s->call_kin = 0;
	s->user_before = s->user_since;
	s->user_since = 0;
	if (!s->sel)
		return;
	struct sbuf b;
	sb_init(&b, s->entry, sizeof(s->entry));
	strace_entry_text(&b, m, abi, ev, &st->fo);
	if (c && (c->flags & SF_NORETURN)) {
		/* exit: "exit(0) = ?" now; the process ends inside the call. */
		strace_exit_text(&b, m, abi, ev, &st->fo);
		if (lines_on(st))
			emit(st, ev->pid, s->entry);
		s->in_call = false;
		s->stat_pending = true;
		s->failed = false;
		return;
	}
	if (lines_on(st)) {
		flush_pending(st, NULL);
		st->pending = s;
	}
}

static void on_exit_ev(void *opaque, struct machine *m, const struct syscall_event *ev)
{
	struct strace *st = opaque;
	struct strace_slot *s = slot_of(st, ev->pid);
	if (!s || !s->in_call || ev->blocked)
		return;
	s->in_call = false;
	if (!s->sel)
		return;
	const struct strace_abi *abi = strace_abi_of(m, ev);
	const struct strace_call *c = s->call;
	/* A new process (fork, vfork, clone): from now on lines say whose. */
	if (c && (c->cls & SC_PROCESS) && ev->ret > 0 && st->o.follow &&
	    (strstr(c->name, "fork") || !strncmp(c->name, "clone", 5)))
		st->multi = true;
	s->stat_pending = true;
	s->failed = strace_failed(ev);
	if (!lines_on(st))
		return;
	struct sbuf b;
	sb_init(&b, s->line, sizeof(s->line));
	if (st->pending == s && !s->unfinished_shown)
		sb_puts(&b, s->entry);
	else
		sb_printf(&b, "<... %s resumed>", s->name);
	if (st->pending == s)
		st->pending = NULL;
	strace_exit_text(&b, m, abi, ev, &st->fo);
	if (st->o.insns)
		s->line_pending = true; /* printed at the iret, with its count */
	else
		emit(st, s->pid, s->line);
}

static void finish_call(struct strace *st, struct strace_slot *s);

/* The fault that ended a process, as strace shows a signal: the exception
 * with its error code (SDM vol. 3 §6.13; #PF's bits §4.7) and CR2. */
static void fault_line(struct sbuf *b, const struct proc_end_event *e)
{
	sb_printf(b, "--- %s %s {", exception_mnemonic(e->vector), exception_name(e->vector));
	if (e->has_error) {
		sb_printf(b, "error=%#x", e->error);
		if (e->vector == EXC_PF)
			sb_printf(b, " (%s %s, %s)", (e->error & PF_U) ? "user" : "supervisor",
				  (e->error & PF_W) ? "write" : "read",
				  (e->error & PF_P) ? "protection" : "not present");
		sb_puts(b, ", ");
	}
	if (e->vector == EXC_PF)
		sb_printf(b, "cr2=%#x, ", e->cr2);
	sb_printf(b, "eip=%#x} ---", e->eip);
}

static void on_proc_end(void *opaque, struct machine *m, const struct proc_end_event *e)
{
	struct strace *st = opaque;
	(void)m;
	struct strace_slot *s = slot_of(st, e->pid);
	if (s)
		s->dead = true;
	if (!traced(st, e->pid) || !lines_on(st)) {
		if (s && !(st->in_kernel && st->entry_pid == e->pid)) {
			finish_call(st, s);
			s->pid = 0;
		}
		return;
	}
	if (s && st->pending == s) {
		flush_pending(st, NULL); /* its own call never returns */
		st->pending = NULL;
	} else {
		flush_pending(st, NULL);
	}
	char buf[256];
	struct sbuf b;
	sb_init(&b, buf, sizeof(buf));
	if (e->fault) {
		fault_line(&b, e);
		emit(st, e->pid, buf);
		sb_init(&b, buf, sizeof(buf));
	}
	if (e->signal) {
		const char *sig = strace_signal_name(e->signal);
		sb_printf(&b, "+++ killed by %s +++", sig ? sig : "?");
	} else {
		sb_printf(&b, "+++ exited with %d +++", e->status);
	}
	emit(st, e->pid, buf);
	/* Killed by another process: no crossing of its own is open. */
	if (s && !(st->in_kernel && st->entry_pid == e->pid)) {
		finish_call(st, s);
		s->pid = 0;
	}
}

/* A signal dequeued by a traced process: strace's `--- SIG... {...} ---`. */
static void on_signal(void *opaque, struct machine *m, const struct signal_event *e)
{
	struct strace *st = opaque;
	(void)m;
	/* SIGKILL has no delivery stop in strace: only its +++ line. */
	if (!traced(st, e->pid) || !lines_on(st) || e->sig == LSIGKILL)
		return;
	flush_pending(st, NULL);
	char buf[256];
	struct sbuf b;
	sb_init(&b, buf, sizeof(buf));
	strace_signal_text(&b, e);
	emit(st, e->pid, buf);
}

static void finish_call(struct strace *st, struct strace_slot *s)
{
	if (s->stat_pending) {
		strace_count_call(st, s);
		s->stat_pending = false;
	}
	if (s->line_pending) {
		char t[32];
		snprintf(t, sizeof(t), " <%llu>", (unsigned long long)s->call_kin);
		flush_pending(st, NULL);
		prefix(st, s->pid);
		fprintf(st->out, "%s%s\n", s->line, t);
		s->line_pending = false;
	}
}

static void on_deliver(void *opaque, struct machine *m, const struct delivery_info *d)
{
	struct strace *st = opaque;
	if (d->old_cpl != 3 || d->new_cpl == 3)
		return;
	uint64_t now = machine_cpu(m)->icount;
	struct kernel *k = machine_kernel(m);
	int pid = k->cur ? k->cur->pid : 0;
	uint64_t user = now - st->last_user_icount;
	st->user_total += user;
	struct strace_slot *s = pid ? slot_of(st, pid) : NULL;
	if (s)
		s->user_since += user;
	st->in_kernel = true;
	st->entry_icount = now;
	st->entry_pid = pid;
	st->entry_vector = d->vector;
}

static void on_iret(void *opaque, struct machine *m, const struct iret_info *r)
{
	struct strace *st = opaque;
	if (r->new_cpl != 3 || r->old_cpl == 3)
		return;
	uint64_t now = machine_cpu(m)->icount;
	st->last_user_icount = now;
	if (!st->in_kernel)
		return; /* a process's first entry into user mode */
	st->in_kernel = false;
	uint64_t span = now - st->entry_icount;
	struct strace_slot *s = find_slot(st, st->entry_pid);
	if (st->entry_vector == 64 || st->entry_vector == 0x80) {
		st->kern_sys += span;
		if (s) {
			s->call_kin += span;
			if (!s->in_call)
				finish_call(st, s);
		}
	} else {
		st->kern_other += span;
	}
	if (s && s->dead) {
		finish_call(st, s);
		s->pid = 0;
	}
}

int strace_start(struct strace *st, struct machine *m)
{
	st->m = m;
	st->fo.strsize = st->o.strsize;
	st->fo.verbose = st->o.verbose;
	st->out = st->o.outfile ? fopen(st->o.outfile, "w") : stderr;
	if (!st->out) {
		fprintf(stderr, "ia32emu: strace: cannot write %s\n", st->o.outfile);
		return -1;
	}
	struct kernel *k = machine_kernel(m);
	st->first_pid = k->cur ? k->cur->pid : 1;
	struct machine_events ev = {
	    .opaque = st,
	    .deliver = on_deliver,
	    .iret = on_iret,
	    .syscall = on_exit_ev,
	    .syscall_entry = on_entry,
	    .proc_end = on_proc_end,
	    .signal = on_signal,
	};
	machine_subscribe(m, &ev);
	return 0;
}

/* strace's first line: the execve that started the program, which the
 * tracer (here, the host side) made, so its strings are the host's; the
 * environment only as a count, as strace shows it without -v. */
void strace_exec_line(struct strace *st, const char *path, int argc, char *const *argv)
{
	struct kernel *k = machine_kernel(st->m);
	const struct strace_abi *abi =
	    k->cur && k->cur->abi ? strace_abi_by_name(k->cur->abi->name) : NULL;
	if (!abi)
		return;
	const struct strace_call *c = NULL;
	for (unsigned i = 0; i < abi->ncalls && !c; i++)
		if (abi->calls[i].name && (abi->calls[i].flags & SF_IMAGE))
			c = &abi->calls[i];
	if (!c || !selected(st, c, c->name))
		return;
	/* -c counts it as strace does: one call, no instructions of ours. */
	struct strace_slot once = {.sel = true, .name = c->name};
	strace_count_call(st, &once);
	if (!lines_on(st))
		return;
	char line[STRACE_LINE];
	struct sbuf b;
	sb_init(&b, line, sizeof(line));
	sb_printf(&b, "%s(", c->name);
	sb_quote(&b, (const uint8_t *)path, strlen(path));
	sb_puts(&b, ", [");
	for (int i = 0; i < argc; i++) {
		if (i)
			sb_puts(&b, ", ");
		sb_quote(&b, (const uint8_t *)argv[i], strlen(argv[i]));
	}
	sb_puts(&b, "]");
	if (c->nargs >= 3)
		sb_printf(&b, ", [/* %d var%s */]", k->first_envc, k->first_envc == 1 ? "" : "s");
	sb_puts(&b, ") = 0");
	if (st->o.insns)
		sb_puts(&b, " <0>"); /* -T: the host made it, no guest instruction */
	emit(st, st->first_pid, line);
}

void strace_finish(struct strace *st)
{
	uint64_t now = machine_cpu(st->m)->icount;
	if (st->in_kernel) {
		/* The run ended inside the kernel (exit of the first process,
		 * a budget): the last crossing counts up to now. */
		uint64_t span = now - st->entry_icount;
		struct strace_slot *s = slot_of(st, st->entry_pid);
		if (st->entry_vector == 64 || st->entry_vector == 0x80) {
			st->kern_sys += span;
			if (s)
				s->call_kin += span;
		} else {
			st->kern_other += span;
		}
	} else {
		st->user_total += now - st->last_user_icount;
	}
	for (unsigned i = 0; i < STRACE_SLOTS; i++)
		if (st->slots[i].pid)
			finish_call(st, &st->slots[i]);
	if (st->pending && lines_on(st)) {
		prefix(st, st->pending->pid);
		fprintf(st->out, "%s <unfinished ...>\n", st->pending->entry);
		st->pending = NULL;
	}
	if (st->o.count || st->o.both)
		strace_summary(st);
	fflush(st->out);
	if (st->out != stderr)
		fclose(st->out);
}
