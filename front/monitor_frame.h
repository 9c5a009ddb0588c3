/* Frames across the boundary (monitor_frame.c): the trap frame, the
 * unwinder, and finish's target. */
#ifndef FRONT_MONITOR_FRAME_H
#define FRONT_MONITOR_FRAME_H

#include "monitor.h"
#include "monitor_dwarf.h"

#include <stddef.h>

/* The trap frame of a handler entered from CPL 3, as the CPU and the stub
 * lay it out below ESP0 (struct trapframe). */
struct mon_tframe {
	uint32_t esp0, base;		   /* ESP0 of the TSS; the frame's lowest slot */
	uint32_t eip, cs, eflags, esp, ss; /* what the CPU pushed */
	int vector;			   /* -1: not known yet */
};

/* A user frame being unwound. */
struct mon_uframe {
	uint32_t eip, esp, ebp;
	bool outermost; /* no caller beyond this one */
};

/* One frame of a backtrace: the real ones with their registers, and the
 * pseudo-frame of a trap (gdb's <signal handler called>). */
struct mon_frame {
	uint32_t pc;
	struct mdw_regs regs;
	bool trap;	/* the <interrupt: ...> line */
	bool exact;	/* pc is the next instruction (not a return address) */
	bool outermost; /* nothing beyond (stack scan) */
	bool dwarf;	/* reached or described by DWARF */
	char cause[64];
	unsigned from_cpl;
};

#define MON_MAX_FRAMES 64
/* The frames from the current instruction outwards: DWARF CFI where the
 * program has it, the stack scan elsewhere. Returns how many. */
int mon_frames(struct monitor *mon, struct mon_frame *v, int max);

/* True when the CPU is at CPL 0 with a trap frame from CPL 3 on the
 * kernel stack; fills *t. */
bool mon_trapframe(struct monitor *mon, struct mon_tframe *t);
/* "vector 64 (int $0x40)", "vector 14 (#PF)", ... */
void mon_trap_cause(struct monitor *mon, const struct mon_tframe *t, char *buf, size_t n);
/* One frame outwards; false at the end of the chain. */
bool mon_unwind_step(struct monitor *mon, struct mon_uframe *f);
/* Where `finish` returns to: EIP, ESP after the return, and the CPL. */
bool mon_finish_target(struct monitor *mon, uint32_t *eip, uint32_t *esp, unsigned *cpl);
/* "#K  0x... in f (n=3) at t.c:5", gdb's frame line. */
void mon_print_frame(struct monitor *mon, int k, const struct mon_frame *f);
int mon_info_trapframe(struct monitor *mon, const char *args);
int mon_info_frame(struct monitor *mon, const char *args);

#endif
