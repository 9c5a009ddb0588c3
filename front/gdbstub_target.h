/*
 * What the gdb stub does to the machine: i386 registers in gdb's order,
 * memory through the current page tables, breakpoints and watchpoints
 * checked by the per-instruction subscriber, single-step, and resumption
 * in slices so the session can poll its socket between them.
 */
#ifndef FRONT_GDBSTUB_TARGET_H
#define FRONT_GDBSTUB_TARGET_H

#include "../kernel/machine.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GDB_MAX_BP     64
#define GDB_MAX_WP     16
#define GDB_WP_MAXLEN  64
#define GDB_NUM_REGS   32  /* 16 core + 16 x87 (org.gnu.gdb.i386.core) */
#define GDB_REGS_BYTES 176 /* 24 four-byte registers + 8 ten-byte st(i) */
/* org.gnu.gdb.i386.linux's orig_eax, by 'p'/'P' only (not in 'g'): the
 * call number at a catch-syscall stop, else -1 as Linux has it; writes
 * (gdb's i386_linux_write_pc sets -1) are accepted and change nothing. */
#define GDB_REG_ORIG_EAX 32

/* Breakpoint and watchpoint types, as numbered by Z/z packets. */
enum { GDB_BP_SW, GDB_BP_HW, GDB_WP_WRITE, GDB_WP_READ, GDB_WP_ACCESS };

enum gdb_stop_kind {
	GDB_STOP_NONE,
	GDB_STOP_BP,
	GDB_STOP_STEP,
	GDB_STOP_WATCH,
	GDB_STOP_SYSCALL_ENTRY,	 /* at the `int` of a caught call (QCatchSyscalls) */
	GDB_STOP_SYSCALL_RETURN, /* at the CPL-3 instruction after it, the call done */
};

#define GDB_CATCH_NRS 1024 /* call numbers QCatchSyscalls can name (Linux i386: < 500) */

struct gdb_point {
	uint32_t addr, len;
	unsigned type;
	uint8_t snap[GDB_WP_MAXLEN]; /* watchpoints: the value at the last look */
	uint32_t snap_len;	     /* bytes of snap that were readable */
};

struct gdb_target {
	struct machine *m;
	struct gdb_point bp[GDB_MAX_BP];
	unsigned nbp;
	struct gdb_point wp[GDB_MAX_WP];
	unsigned nwp;
	bool stepping;
	bool skip_bp; /* the first instruction after a resume ignores breakpoints */
	unsigned executed;
	/* Memory operands of the instruction just executed (read/access
	 * watchpoints are checked when the next one starts: x86 data
	 * breakpoints are traps, SDM vol. 3 §17.3.1.2). */
	uint32_t acc_addr[2], acc_len[2];
	bool acc_read[2];
	unsigned nacc;
	/* Another subscriber (the monitor's tracer) that keeps getting every
	 * event while the stub is attached, and gets the machine back after. */
	struct machine_events chain;
	/* Why the last slice stopped. */
	enum gdb_stop_kind stop;
	uint32_t watch_addr;
	unsigned watch_type;
	/* catch syscall: the calls caught, the call of the last catch stop,
	 * and the process whose entry was reported, until its return is
	 * (ret_pending: at its next CPL-3 instruction). A call that blocks
	 * runs its `int` again when woken (restart_pid): no second entry. */
	bool catching, catch_all, skip_catch;
	uint8_t catch_nr[GDB_CATCH_NRS / 8];
	unsigned sys_nr;
	int entry_pid, restart_pid;
	bool ret_pending;
};

/* `chain`: the subscriber already attached to the machine, or NULL. */
void gdb_target_init(struct gdb_target *t, struct machine *m, const struct machine_events *chain);
/* Writes all registers (gdb's 'g' layout, little-endian): GDB_REGS_BYTES. */
void gdb_regs_read(struct gdb_target *t, uint8_t *out);
int gdb_regs_write(struct gdb_target *t, const uint8_t *in, size_t n);
/* One register: returns its size, or -1 for an unknown number. */
int gdb_reg_read(struct gdb_target *t, unsigned n, uint8_t *out);
int gdb_reg_write(struct gdb_target *t, unsigned n, const uint8_t *in, size_t len);
/* Memory at linear addresses through the current page tables, supervisor
 * view. Returns bytes copied: short at the first unmapped page. */
uint32_t gdb_mem_read(struct gdb_target *t, uint32_t addr, uint8_t *buf, uint32_t len);
uint32_t gdb_mem_write(struct gdb_target *t, uint32_t addr, const uint8_t *buf, uint32_t len);
/* Z/z: 0 done, -1 refused (table full, bad length, not found). */
int gdb_point_insert(struct gdb_target *t, unsigned type, uint32_t addr, uint32_t len);
int gdb_point_remove(struct gdb_target *t, unsigned type, uint32_t addr, uint32_t len);
void gdb_point_clear(struct gdb_target *t);
/* QCatchSyscalls: `on` with the list as gdb_catch_list parses it. 0, or
 * -1 for a malformed list. */
int gdb_catch_syscalls(struct gdb_target *t, bool on, const char *list, size_t n);
/* Prepares a continue or single step; then run slices until the result is
 * not RUN_BUDGET (RUN_STOPPED with t->stop set: a breakpoint, watchpoint or
 * the end of the step). */
void gdb_resume(struct gdb_target *t, bool step);
enum run_result gdb_run_slice(struct gdb_target *t, uint64_t insns);
/* Gives the machine back to the chained subscriber (or to none). */
void gdb_target_release(struct gdb_target *t);
/* The target description (gdb manual, "Target Descriptions"). */
const char *gdb_target_xml(void);

#endif
