/*
 * The embedding API (in the spirit of libx86emu): create a machine, load a
 * program, run it for a budget or until it stops, subscribe to events. The
 * front end (CLI, tracer, monitor) and the tests use only this.
 */
#ifndef KERNEL_MACHINE_H
#define KERNEL_MACHINE_H

#include "../cpu/cpu.h"
#include "../cpu/decode/decode.h"
#include "kernel.h"

#include <stddef.h>
#include <stdint.h>

struct machine;

struct machine_config {
	uint32_t mem_bytes;    /* guest physical memory */
	uint64_t timer_period; /* vector 32 every N instructions; 0 = off (fork
				* then switches on DEFAULT_TIMER_PERIOD) */
	const char *root;      /* host directory seen as "/"; NULL: "." */
	bool read_only;	       /* the guest may not change the tree */
	bool bare;	       /* no emulated kernel: a Multiboot image (bare.h) */
	const char *abi;       /* --abi: every program's ABI (abi.h); NULL: the rule */
	uint64_t seed;	       /* --seed: AT_RANDOM and getrandom's bytes */
	uint64_t epoch;	       /* --epoch: Linux CLOCK_REALTIME at the start (s) */
	char **env;	       /* the first program's environment (Linux ABI), */
	int envc;	       /* envc strings; NULL: the default set (docs/linux.md) */
};

/* Subscribers. Only the events with a non-NULL callback are enabled; the
 * interpreter pays for the per-instruction one only while it is set. */
struct machine_events {
	void *opaque;
	void (*insn)(void *opaque, struct machine *m, const struct insn *i);
	void (*deliver)(void *opaque, struct machine *m, const struct delivery_info *d);
	void (*iret)(void *opaque, struct machine *m, const struct iret_info *r);
	void (*syscall)(void *opaque, struct machine *m, const struct syscall_event *ev);
	void (*sched)(void *opaque, struct machine *m, const struct switch_event *ev);
	void (*paging)(void *opaque, struct machine *m, const char *what, uint32_t val);
	/* A system call about to run (its arguments fetched), and a process
	 * that ends (exit, kill, fault). */
	void (*syscall_entry)(void *opaque, struct machine *m, const struct syscall_event *ev);
	void (*proc_end)(void *opaque, struct machine *m, const struct proc_end_event *ev);
	/* A Linux signal leaves the pending set: a handler entered, ignored,
	 * or the default action that ends the process (signal.h). */
	void (*signal)(void *opaque, struct machine *m, const struct signal_event *ev);
	/* A copyin/copyout/copyinstr of the kernel ended, with its walks. */
	void (*uaccess)(void *opaque, struct machine *m, const struct uaccess_event *ev);
};

enum run_result {
	RUN_EXITED,   /* the program called exit: machine_exit_status() */
	RUN_KILLED,   /* the program was stopped by an exception */
	RUN_BUDGET,   /* the instruction budget ran out */
	RUN_HALTED,   /* hlt with nothing to wake the CPU */
	RUN_SHUTDOWN, /* triple fault */
	RUN_PANIC,    /* the emulated kernel stopped itself */
	RUN_STOPPED,  /* a subscriber asked to stop (breakpoint) */
};

void machine_config_default(struct machine_config *cfg);
struct machine *machine_create(const struct machine_config *cfg, char *err, size_t errlen);
void machine_destroy(struct machine *m);
/* Loads an ELF32 program as the first process, argv[0] included; in bare
 * mode, argv[0] is a Multiboot kernel image and owns the machine. */
int machine_load(struct machine *m, const char *path, int argc, char **argv, char *err,
		 size_t errlen);
enum run_result machine_run(struct machine *m, uint64_t max_insns);
void machine_subscribe(struct machine *m, const struct machine_events *ev);
void machine_stop(struct machine *m);

int machine_exit_status(const struct machine *m);
/* Why the machine stopped, for a message; "" when it simply exited. */
const char *machine_message(const struct machine *m);
struct cpu *machine_cpu(struct machine *m);
struct kernel *machine_kernel(struct machine *m);

#endif
