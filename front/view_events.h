/* The tracer's events for the pictures (docs/trace-format.md): each
 * checked user-memory access with its page walks (`uaccess`), the trap
 * frame the stub built (`trapframe`), and a process's address-space map
 * at its start, exec, fork and heap changes (`map`). */
#ifndef FRONT_VIEW_EVENTS_H
#define FRONT_VIEW_EVENTS_H

#include "trace.h"

void view_trace_uaccess(struct tracer *t, struct machine *m, const struct uaccess_event *ev);
/* At a system call's entry: the frame on the kernel stack, slot by slot. */
void view_trace_frame(struct tracer *t, struct machine *m);
/* The map of `p` now; `why` says what made it ("start", "exec", ...). */
void view_trace_map(struct tracer *t, struct machine *m, const struct proc *p, const char *why);
/* After a call returned: a map event if it changed an address space. */
void view_trace_after_syscall(struct tracer *t, struct machine *m, const struct syscall_event *ev);

/* trace --html: instructions through the ring (struct view_ring). */
void view_ring_insn(struct tracer *t, struct machine *m, const struct insn *i);
/* At a delivery: the kept instructions, as insn events. */
void view_ring_flush(struct tracer *t, struct machine *m);

#endif
