/* Internals shared by the gdb stub's session (gdbstub.c) and command
 * handlers (gdbstub_cmd.c). */
#ifndef FRONT_GDBSTUB_INT_H
#define FRONT_GDBSTUB_INT_H

#include "gdbstub.h"
#include "gdbstub_proto.h"
#include "gdbstub_target.h"

#include <stdbool.h>

struct gdbstub {
	int lfd, cfd, port;
	FILE *log;
	struct gdb_rx rx;
	uint8_t in[4096]; /* bytes received and not yet framed */
	size_t in_pos, in_len;
	struct gdb_target t;
	bool gone;		/* the guest has finished: only W/X replies */
	enum run_result result; /* how it finished */
	char gone_reply[16];	/* W xx or X xx, repeated for '?' */
	uint64_t insn_end;	/* icount at which the budget ends; 0: none */
	char reply[GDB_PKT_MAX + 1];
	char frame[2 * GDB_PKT_MAX + 8]; /* the last frame sent, for '-' */
	size_t frame_len;
	unsigned nak_count;
};

/* What a command asks the session to do after its reply. */
enum gdb_action { GA_REPLIED, GA_CONT, GA_STEP, GA_KILL, GA_DETACH };

/* Sends a packet. Returns -1 when the connection is gone. */
int gdb_send(struct gdbstub *g, const char *payload, size_t n);
int gdb_send_str(struct gdbstub *g, const char *s);
/* Handles one parsed packet; replies itself unless it resumes the guest. */
enum gdb_action gdb_dispatch(struct gdbstub *g, const struct gdb_cmd *c);

#endif
