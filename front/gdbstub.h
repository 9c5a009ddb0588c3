/*
 * A GDB remote stub on a loopback TCP socket. One debugger at a time: the
 * listening socket is closed as soon as a debugger connects, so a second
 * connection is refused by the host (ECONNREFUSED) while the session runs.
 *
 * Use: gdbstub_listen, then gdbstub_serve on a loaded machine (it blocks
 * until the debugger connects, then until the session ends), then
 * gdbstub_close. The CLI (`run --gdb PORT`) and the monitor's `gdbserver`
 * command both drive it this way.
 */
#ifndef FRONT_GDBSTUB_H
#define FRONT_GDBSTUB_H

#include "../kernel/machine.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct gdbstub;

/* How a session ended. The stub never destroys the machine: after
 * KILLED, DISCONNECTED or DETACHED the guest is still in it, stopped, and
 * the caller decides (the CLI kills it after KILLED and DISCONNECTED, and
 * lets it run on after DETACHED). */
enum gdb_end {
	GDB_END_GUEST,	      /* the guest finished (exit, fault, ...): see *res */
	GDB_END_KILLED,	      /* the debugger asked to kill it (k, vKill) */
	GDB_END_DISCONNECTED, /* the connection dropped */
	GDB_END_DETACHED,     /* D: the guest keeps running without the debugger */
	GDB_END_ERROR,	      /* no debugger connected (accept failed or a signal) */
};

/* Listens on 127.0.0.1:port (0: a free port chosen by the host). Prints
 * "gdb stub listening on 127.0.0.1:PORT" to `log`. NULL with `err` set. */
struct gdbstub *gdbstub_listen(int port, FILE *log, char *err, size_t errlen);
int gdbstub_port(const struct gdbstub *g);
/* Serves one debugger session. `max_insns` (0: none) bounds the guest's
 * instructions; running out ends the guest with *res = RUN_BUDGET.
 * `chain` (may be NULL) is the subscriber the caller had attached to the
 * machine (machine_subscribe replaces, it does not add): it keeps receiving
 * every event during the session and is re-attached at the end. */
enum gdb_end gdbstub_serve(struct gdbstub *g, struct machine *m, uint64_t max_insns,
			   const struct machine_events *chain, enum run_result *res);
void gdbstub_close(struct gdbstub *g);

#endif
