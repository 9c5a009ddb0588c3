/*
 * The tracer: a machine subscriber that prints a selection of events —
 * instructions, the registers each instruction changed, memory writes,
 * interrupt/exception deliveries, privilege changes, system calls and
 * page-table changes — as text (README "Trace format") or as JSON lines.
 * The monitor calls the tracer_* event functions from its own subscriber.
 */
#ifndef FRONT_TRACE_H
#define FRONT_TRACE_H

#include "../kernel/machine.h"
#include "symbols.h"

#include <stdio.h>

/* Selection bits (`trace on WHAT`, `--trace WHAT`). */
#define TR_INSN	   0x01u /* every executed instruction */
#define TR_REGS	   0x02u /* the registers each instruction changed */
#define TR_MEM	   0x04u /* memory an instruction changed */
#define TR_INT	   0x08u /* interrupt and exception deliveries, irets */
#define TR_CPL	   0x10u /* privilege changes (deliveries and returns) */
#define TR_SYSCALL 0x20u /* strace-like system calls */
#define TR_PAGING  0x40u /* CR0/CR3/CR4 loads and invlpg */
#define TR_SCHED   0x80u /* context switches between processes */
#define TR_ALL	   0x7ffu
#define TR_DEFAULT (TR_INSN | TR_INT | TR_CPL | TR_SYSCALL | TR_SCHED)
/* Selections that need the per-instruction hook. */
#define TR_NEEDS_INSN (TR_INSN | TR_REGS | TR_MEM)

/* The pictures' events (docs/view.md); trace --html adds TR_VIEW. */
#define TR_UACCESS 0x100u /* the kernel's copyin/copyout with their page walks */
#define TR_MAP	   0x200u /* address-space maps at start, exec, fork and heap changes */
#define TR_FRAME   0x400u /* the trap frame the stub built, at each system call */
#define TR_VIEW	   (TR_UACCESS | TR_MAP | TR_FRAME)

enum trace_format { TF_TEXT, TF_JSONL };

/* One memory range an instruction may write, remembered before it runs. */
struct trace_mem {
	uint32_t lin;
	uint8_t len; /* 0: unused */
	uint8_t old[8];
};

/* The last instructions before a delivery, kept undecoded until one
 * comes (trace --html: the page uses only those and the first after an
 * iret, so a long run costs no text per instruction; view_events.c). */
#define VIEW_RING 4
struct view_ring {
	bool on;
	bool after; /* an iret was traced: write the next instruction */
	int n, first;
	struct {
		struct insn i;
		uint32_t lin;
		unsigned cpl;
		unsigned long long icount;
	} e[VIEW_RING];
};

struct tracer {
	FILE *out;
	unsigned what;
	enum trace_format fmt;
	const struct symtab *syms; /* may be NULL */
	uint32_t syms_cr3;	   /* user symbols hold in this address space (0: any) */
	unsigned long long lines;
	/* State of the last instruction, for the register and memory diffs. */
	bool have_prev;
	uint32_t prev_reg[8], prev_eflags;
	uint16_t prev_sel[6];
	unsigned prev_cpl;
	struct trace_mem mem[3];
	bool mem_valid;
	/* The last call's arguments as read at its entry (exec's are gone
	 * once it succeeded). */
	char sc_entry[1024];
	int sc_entry_pid;
	unsigned sc_entry_num;
	bool sc_entry_ok;
	struct view_ring ring;
};

/* The selection words, in bit order ("insn", "regs", ...), NULL-terminated. */
extern const char *const trace_what_names[];
/* Parses "insn,regs" or "all" or "default" into a selection. 0 or -1 with
 * a message. */
int trace_parse_what(const char *list, unsigned *what, char *err, size_t errlen);
/* Writes the selection as "insn,regs,..." into buf. */
void trace_what_string(unsigned what, char *buf, size_t n);
int trace_parse_format(const char *s, enum trace_format *fmt);

void tracer_init(struct tracer *t, FILE *out, unsigned what, enum trace_format fmt,
		 const struct symtab *syms);
/* Makes the tracer the machine's only subscriber (batch `trace`). */
void tracer_subscribe(struct tracer *t, struct machine *m);
/* Kept for callers of the first version: default selection, text. */
void tracer_attach(struct tracer *t, struct machine *m, FILE *out);

/* The event functions, for a subscriber that forwards to the tracer. */
void tracer_insn(struct tracer *t, struct machine *m, const struct insn *i);
void tracer_deliver(struct tracer *t, struct machine *m, const struct delivery_info *d);
void tracer_iret(struct tracer *t, struct machine *m, const struct iret_info *r);
void tracer_syscall(struct tracer *t, struct machine *m, const struct syscall_event *ev);
void tracer_syscall_entry(struct tracer *t, struct machine *m, const struct syscall_event *ev);
void tracer_proc_end(struct tracer *t, struct machine *m, const struct proc_end_event *e);
/* A Linux signal dequeued (signal.h): delivered to a handler, ignored or fatal. */
void tracer_signal(struct tracer *t, struct machine *m, const struct signal_event *e);
void tracer_paging(struct tracer *t, struct machine *m, const char *what, uint32_t val);
void tracer_sched(struct tracer *t, struct machine *m, const struct switch_event *ev);
/* The symbol table for `addr` now: the program's symbols name user
 * addresses only in its own address space (after an exec or in a forked
 * child the same addresses are other code); kernel ones always. */
const struct symtab *trace_syms_for(const struct symtab *syms, uint32_t syms_cr3, struct cpu *c,
				    uint32_t addr);
/* Prints what the last traced instruction changed (at a stop or the end). */
void tracer_flush(struct tracer *t, struct machine *m);

#endif
