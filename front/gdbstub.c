/*
 * The gdb stub's session: a loopback TCP listener, one connection, and the
 * all-stop loop. While the guest runs it runs in slices of SLICE
 * instructions; between slices the socket is polled for Ctrl-C (0x03) and
 * for a disconnect, so the guest never blocks the debugger.
 */
#include "gdbstub_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SLICE 100000u
/* Signals in stop replies: gdb's numbering, which is Linux's here. */
#define SIG_INT	 2
#define SIG_TRAP 5
#define SIG_ABRT 6
#define SIG_SEGV 11
#define SIG_XCPU 24

struct gdbstub *gdbstub_listen(int port, FILE *log, char *err, size_t errlen)
{
	if (port < 0 || port > 65535) {
		snprintf(err, errlen, "gdb port %d is not in 0-65535", port);
		return NULL;
	}
	struct gdbstub *g = calloc(1, sizeof(*g));
	if (!g) {
		snprintf(err, errlen, "out of host memory");
		return NULL;
	}
	g->cfd = -1;
	g->log = log;
	g->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	/* Loopback only: the stub gives full control of the guest. */
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int one = 1;
	socklen_t sl = sizeof(sa);
	if (g->lfd < 0 || setsockopt(g->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(g->lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(g->lfd, 1) < 0 ||
	    getsockname(g->lfd, (struct sockaddr *)&sa, &sl) < 0) {
		snprintf(err, errlen, "gdb stub: cannot listen on 127.0.0.1:%d: %s", port,
			 strerror(errno));
		gdbstub_close(g);
		return NULL;
	}
	g->port = ntohs(sa.sin_port);
	if (log) {
		fprintf(log, "ia32emu: gdb stub listening on 127.0.0.1:%d\n", g->port);
		fflush(log);
	}
	return g;
}

int gdbstub_port(const struct gdbstub *g)
{
	return g->port;
}

void gdbstub_close(struct gdbstub *g)
{
	if (!g)
		return;
	if (g->lfd >= 0)
		close(g->lfd);
	if (g->cfd >= 0)
		close(g->cfd);
	free(g);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int gdb_send(struct gdbstub *g, const char *payload, size_t n)
{
	g->frame_len = gdb_frame(payload, n, g->frame, sizeof(g->frame));
	g->nak_count = 0;
	return write_all(g->cfd, g->frame, g->frame_len);
}

int gdb_send_str(struct gdbstub *g, const char *s)
{
	return gdb_send(g, s, strlen(s));
}

enum ev { EV_NONE, EV_PACKET, EV_INTERRUPT, EV_EOF };

/* Refills the input buffer, waiting up to `timeout_ms` (-1: forever).
 * Returns 1 with bytes, 0 on timeout, -1 when the connection is gone. */
static int refill(struct gdbstub *g, int timeout_ms)
{
	for (;;) {
		struct pollfd p = {g->cfd, POLLIN, 0};
		int r = poll(&p, 1, timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r;
		ssize_t n = recv(g->cfd, g->in, sizeof(g->in), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		g->in_pos = 0;
		g->in_len = (size_t)n;
		return 1;
	}
}

/* Returns the next complete event, waiting up to `timeout_ms` for bytes
 * (-1: forever); bytes after it stay buffered for the next call. */
static enum ev next_event(struct gdbstub *g, int timeout_ms)
{
	bool refilled = false;
	for (;;) {
		if (g->in_pos == g->in_len) {
			/* While the guest runs (timeout 0), one buffer per look:
			 * a client streaming noise cannot starve the guest. */
			if (refilled && timeout_ms == 0)
				return EV_NONE;
			refilled = true;
			int r = refill(g, timeout_ms);
			if (r < 0)
				return EV_EOF;
			if (r == 0)
				return EV_NONE;
		}
		uint8_t b = g->in[g->in_pos++];
		switch (gdb_rx_feed(&g->rx, b)) {
		case GDB_RX_PACKET:
			if (write_all(g->cfd, "+", 1) < 0)
				return EV_EOF;
			return EV_PACKET;
		case GDB_RX_BADSUM:
		case GDB_RX_TOOLONG:
			if (write_all(g->cfd, "-", 1) < 0)
				return EV_EOF;
			break;
		case GDB_RX_INTERRUPT: return EV_INTERRUPT;
		case GDB_RX_NAK:
			/* Resend the last reply, but not forever. */
			if (g->frame_len && g->nak_count++ < 8 &&
			    write_all(g->cfd, g->frame, g->frame_len) < 0)
				return EV_EOF;
			break;
		default: break;
		}
	}
}

static void finish(struct gdbstub *g, enum run_result r)
{
	struct machine *m = g->t.m;
	int sig = SIG_ABRT;
	g->gone = true;
	g->result = r;
	if (r == RUN_EXITED) {
		snprintf(g->gone_reply, sizeof(g->gone_reply), "W%02x",
			 (unsigned)machine_exit_status(m) & 0xff);
		return;
	}
	if (r == RUN_KILLED && machine_exit_status(m) > 128)
		sig = machine_exit_status(m) - 128;
	else if (r == RUN_SHUTDOWN)
		sig = SIG_SEGV;
	else if (r == RUN_BUDGET)
		sig = SIG_XCPU;
	snprintf(g->gone_reply, sizeof(g->gone_reply), "X%02x", (unsigned)sig & 0xff);
}

static void stop_reply(struct gdbstub *g, int sig)
{
	char buf[64];
	const struct gdb_target *t = &g->t;
	if (t->stop == GDB_STOP_WATCH && sig == SIG_TRAP) {
		const char *kind = t->watch_type == GDB_WP_READ	    ? "rwatch"
				   : t->watch_type == GDB_WP_ACCESS ? "awatch"
								    : "watch";
		snprintf(buf, sizeof(buf), "T%02x%s:%x;thread:01;", sig, kind, t->watch_addr);
	} else if ((t->stop == GDB_STOP_SYSCALL_ENTRY || t->stop == GDB_STOP_SYSCALL_RETURN) &&
		   sig == SIG_TRAP) {
		/* gdb manual, "Stop Reply Packets": syscall_entry / syscall_return */
		snprintf(buf, sizeof(buf), "T%02xsyscall_%s:%x;thread:01;", sig,
			 t->stop == GDB_STOP_SYSCALL_ENTRY ? "entry" : "return", t->sys_nr);
	} else {
		snprintf(buf, sizeof(buf), "T%02xthread:01;", sig);
	}
	gdb_send_str(g, buf);
}

/* Runs the guest until a stop. Returns false when the debugger is gone. */
static bool run_guest(struct gdbstub *g, bool step)
{
	struct cpu *c = machine_cpu(g->t.m);
	gdb_resume(&g->t, step);
	for (;;) {
		uint64_t n = SLICE;
		if (g->insn_end) {
			if (c->icount >= g->insn_end) {
				finish(g, RUN_BUDGET);
				break;
			}
			if (g->insn_end - c->icount < n)
				n = g->insn_end - c->icount;
		}
		enum run_result r = gdb_run_slice(&g->t, n);
		if (r == RUN_STOPPED) {
			stop_reply(g, SIG_TRAP);
			return true;
		}
		if (r != RUN_BUDGET) {
			finish(g, r);
			break;
		}
		enum ev e = next_event(g, 0);
		if (e == EV_EOF)
			return false;
		if (e == EV_INTERRUPT) {
			g->t.stop = GDB_STOP_NONE;
			stop_reply(g, SIG_INT);
			return true;
		}
		/* A packet while running is not part of all-stop mode: it is
		 * acknowledged and dropped. */
	}
	gdb_target_release(&g->t);
	gdb_send_str(g, g->gone_reply);
	return true;
}

/* Waits for the debugger. A signal handler that returns (the monitor's
 * Ctrl-C) interrupts poll with EINTR, which abandons the wait. */
static bool accept_one(struct gdbstub *g)
{
	for (;;) {
		struct pollfd p = {g->lfd, POLLIN, 0};
		if (poll(&p, 1, -1) < 0) {
			if (g->log)
				fprintf(g->log, "ia32emu: gdb stub: no connection: %s\n",
					strerror(errno));
			return false;
		}
		g->cfd = accept(g->lfd, NULL, NULL);
		if (g->cfd >= 0)
			break;
		if (errno != EINTR && errno != ECONNABORTED && errno != EAGAIN) {
			if (g->log)
				fprintf(g->log, "ia32emu: gdb stub: accept: %s\n", strerror(errno));
			return false;
		}
	}
	fcntl(g->cfd, F_SETFD, FD_CLOEXEC);
	/* One debugger at a time: from now on connections are refused. */
	close(g->lfd);
	g->lfd = -1;
	if (g->log) {
		fprintf(g->log, "ia32emu: gdb connected\n");
		fflush(g->log);
	}
	return true;
}

static enum gdb_end end_session(struct gdbstub *g, enum gdb_end how, enum run_result *res)
{
	gdb_target_release(&g->t);
	*res = g->gone ? g->result : RUN_STOPPED;
	if (g->gone && how != GDB_END_DETACHED)
		how = GDB_END_GUEST;
	if (g->log && how == GDB_END_DISCONNECTED)
		fprintf(g->log, "ia32emu: gdb disconnected: the program is killed\n");
	close(g->cfd);
	g->cfd = -1;
	return how;
}

enum gdb_end gdbstub_serve(struct gdbstub *g, struct machine *m, uint64_t max_insns,
			   const struct machine_events *chain, enum run_result *res)
{
	*res = RUN_STOPPED;
	if (g->lfd < 0 || !accept_one(g))
		return GDB_END_ERROR;
	gdb_rx_init(&g->rx);
	g->in_pos = g->in_len = 0;
	gdb_target_init(&g->t, m, chain);
	g->gone = false;
	struct cpu *c = machine_cpu(m);
	g->insn_end = max_insns ? c->icount + max_insns : 0;
	if (g->insn_end && g->insn_end < c->icount)
		g->insn_end = UINT64_MAX;
	for (;;) {
		enum ev e = next_event(g, -1);
		if (e == EV_EOF)
			return end_session(g, GDB_END_DISCONNECTED, res);
		if (e != EV_PACKET)
			continue; /* Ctrl-C while stopped: already stopped */
		struct gdb_cmd cmd;
		gdb_parse(g->rx.buf, g->rx.len, &cmd);
		switch (gdb_dispatch(g, &cmd)) {
		case GA_CONT:
		case GA_STEP:
			if (!run_guest(g, cmd.kind == GC_STEP))
				return end_session(g, GDB_END_DISCONNECTED, res);
			break;
		case GA_KILL:
			if (cmd.type)
				gdb_send_str(g, "OK");
			return end_session(g, GDB_END_KILLED, res);
		case GA_DETACH: return end_session(g, GDB_END_DETACHED, res);
		default: break;
		}
	}
}
