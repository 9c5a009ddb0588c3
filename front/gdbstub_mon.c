/*
 * The monitor's `gdbserver PORT` command: the monitor hands its machine to
 * a gdb session and takes it back when gdb detaches or disconnects, so gdb
 * and the monitor work on the same guest in one session (in turns). The
 * monitor's tracer keeps tracing while gdb drives; its own breakpoints
 * wait until it resumes the guest itself.
 */
#include "cli.h"
#include "gdbstub.h"
#include "monitor.h"

#include <stdio.h>
#include <string.h>

static void ev_insn(void *opaque, struct machine *m, const struct insn *i)
{
	tracer_insn(&((struct monitor *)opaque)->tr, m, i);
}

static void ev_deliver(void *opaque, struct machine *m, const struct delivery_info *d)
{
	tracer_deliver(&((struct monitor *)opaque)->tr, m, d);
}

static void ev_iret(void *opaque, struct machine *m, const struct iret_info *r)
{
	tracer_iret(&((struct monitor *)opaque)->tr, m, r);
}

static void ev_syscall(void *opaque, struct machine *m, const struct syscall_event *ev)
{
	tracer_syscall(&((struct monitor *)opaque)->tr, m, ev);
}

static void ev_sched(void *opaque, struct machine *m, const struct switch_event *ev)
{
	struct monitor *mon = opaque;
	mon->paging_gen++; /* another address space */
	if (mon->trace_what & TR_SCHED)
		tracer_sched(&mon->tr, m, ev);
}

static void ev_paging(void *opaque, struct machine *m, const char *what, uint32_t val)
{
	struct monitor *mon = opaque;
	mon->paging_gen++; /* the monitor's cached watch translations are stale */
	if (mon->trace_what & TR_PAGING)
		tracer_paging(&mon->tr, m, what, val);
}

/* The tracer's share of the monitor's subscriber, chained behind gdb's. */
static void trace_events(struct monitor *mon, struct machine_events *ev)
{
	unsigned w = mon->trace_what;
	memset(ev, 0, sizeof(*ev));
	ev->opaque = mon;
	ev->insn = (w & TR_NEEDS_INSN) ? ev_insn : NULL;
	ev->deliver = (w & (TR_INT | TR_CPL | TR_MEM)) ? ev_deliver : NULL;
	ev->iret = (w & (TR_INT | TR_CPL)) ? ev_iret : NULL;
	ev->syscall = (w & TR_SYSCALL) ? ev_syscall : NULL;
	ev->sched = ev_sched;
	ev->paging = ev_paging;
	tracer_init(&mon->tr, mon->trace_out, w, mon->trace_fmt, &mon->syms);
	mon->tr.syms_cr3 = mon->syms_cr3;
}

static void report(struct monitor *mon, enum gdb_end how, enum run_result res)
{
	struct machine *m = mon->m;
	switch (how) {
	case GDB_END_KILLED:
		printf("[program killed by gdb]\n");
		mon_kill(mon);
		return;
	case GDB_END_DETACHED:
	case GDB_END_DISCONNECTED:
		printf("[gdb %s; the program is stopped here]\n",
		       how == GDB_END_DETACHED ? "detached" : "disconnected");
		mon_print_where(mon);
		return;
	default: break;
	}
	if (res == RUN_EXITED)
		printf("[program exited with status %d]\n", machine_exit_status(m));
	else if (res == RUN_KILLED)
		printf("[program stopped: %s; status %d]\n", machine_message(m),
		       machine_exit_status(m));
	else
		printf("[machine stopped: %s]\n", machine_message(m));
	mon->state = MS_EXITED;
}

int mon_cmd_gdbserver(struct monitor *mon, const char *args)
{
	uint64_t port;
	if (!parse_u64(args, &port) || port > 65535)
		return mon_err(mon, "usage: gdbserver PORT (0: any free port)");
	/* A loaded program is started: gdb gets it at its first instruction. */
	if (mon->state == MS_LOADED && mon->m) {
		mon->state = MS_STARTED;
		mon_bp_rearm(mon);
	}
	if (!mon_need_live(mon))
		return -1;
	char err[256];
	struct gdbstub *g = gdbstub_listen((int)port, stdout, err, sizeof(err));
	if (!g)
		return mon_err(mon, "%s", err);
	printf("waiting for gdb (Ctrl-C gives up); in gdb: target remote :%d\n", gdbstub_port(g));
	fflush(stdout);
	struct machine_events chain;
	trace_events(mon, &chain);
	enum run_result res;
	enum gdb_end how = gdbstub_serve(g, mon->m, 0, &chain, &res);
	gdbstub_close(g);
	tracer_flush(&mon->tr, mon->m);
	mon_sigint_clear();
	if (how == GDB_END_ERROR)
		return mon_err(mon, "no gdb session");
	report(mon, how, res);
	return 0;
}
