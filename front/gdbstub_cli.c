/* `ia32emu run --gdb PORT PROG`: the program waits at its first
 * instruction until gdb connects, then runs under the debugger. */
#include "gdbstub_cli.h"
#include "gdbstub.h"

#include <stdio.h>

int gdb_run_cli(struct machine *m, int port, uint64_t max_insns, enum run_result *res)
{
	char err[256];
	struct gdbstub *g = gdbstub_listen(port, stderr, err, sizeof(err));
	if (!g) {
		fprintf(stderr, "ia32emu: %s\n", err);
		return -1;
	}
	struct cpu *c = machine_cpu(m);
	enum gdb_end how = gdbstub_serve(g, m, max_insns, NULL, res);
	gdbstub_close(g);
	switch (how) {
	case GDB_END_GUEST: return 0;
	case GDB_END_DETACHED: {
		/* The guest goes on alone, within what is left of the budget. */
		uint64_t used = c->icount;
		uint64_t left = max_insns ? (max_insns > used ? max_insns - used : 0) : UINT64_MAX;
		if (*res == RUN_STOPPED)
			*res = left ? machine_run(m, left) : RUN_BUDGET;
		return 0;
	}
	case GDB_END_ERROR: return -1; /* the stub said why */
	default: return 1;	       /* killed by the debugger or by its disconnect */
	}
}
