/* The machine: physical memory, a CPU, the emulated kernel and the ports
 * that connect them. */
#include "machine.h"
#include "abi.h"
#include "bare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct machine {
	struct phys_mem pm;
	struct cpu cpu;
	struct kernel kernel;
	struct machine_events ev;
	struct bare_mode bare;
	bool loaded;
	char message[320];
};

void machine_config_default(struct machine_config *cfg)
{
	cfg->mem_bytes = 128u << 20;
	cfg->timer_period = 0;
	cfg->root = NULL;
	cfg->read_only = false;
	cfg->bare = false;
	cfg->abi = NULL;
	cfg->seed = 0;
	cfg->epoch = 1767225600u; /* 2026-01-01 00:00:00 UTC: runs repeat */
	cfg->env = NULL;
	cfg->envc = 0;
}

static uint32_t port_in(struct cpu *c, void *opaque, uint16_t port, unsigned size)
{
	struct machine *m = opaque;
	(void)c;
	if (m->bare.on)
		return bare_in(&m->bare, port, size);
	return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1; /* nothing decodes it */
}

/* A bare machine's ports, and the kernel's: its bridge, the trap stub's
 * `out` (machine_create() chooses one). */
static void bare_port_out(struct cpu *c, void *opaque, uint16_t port, unsigned size, uint32_t val)
{
	struct machine *m = opaque;
	bare_out(&m->bare, c, port, size, val);
}

static void kernel_port_out(struct cpu *c, void *opaque, uint16_t port, unsigned size, uint32_t val)
{
	struct machine *m = opaque;
	(void)c, (void)size, (void)val;
	if (port == KERNEL_BRIDGE_PORT)
		kernel_trap(&m->kernel);
}

static void fwd_insn(struct cpu *c, void *opaque, const struct insn *i)
{
	struct machine *m = opaque;
	(void)c;
	if (m->ev.insn)
		m->ev.insn(m->ev.opaque, m, i);
}

static void fwd_deliver(struct cpu *c, void *opaque, const struct delivery_info *d)
{
	struct machine *m = opaque;
	(void)c;
	if (m->ev.deliver)
		m->ev.deliver(m->ev.opaque, m, d);
}

static void fwd_iret(struct cpu *c, void *opaque, const struct iret_info *r)
{
	struct machine *m = opaque;
	(void)c;
	if (m->ev.iret)
		m->ev.iret(m->ev.opaque, m, r);
}

static void fwd_paging(struct cpu *c, void *opaque, const char *what, uint32_t val)
{
	struct machine *m = opaque;
	(void)c;
	if (m->ev.paging)
		m->ev.paging(m->ev.opaque, m, what, val);
}

static void fwd_syscall(void *opaque, const struct syscall_event *ev)
{
	struct machine *m = opaque;
	if (m->ev.syscall)
		m->ev.syscall(m->ev.opaque, m, ev);
}

static void fwd_syscall_entry(void *opaque, const struct syscall_event *ev)
{
	struct machine *m = opaque;
	if (m->ev.syscall_entry)
		m->ev.syscall_entry(m->ev.opaque, m, ev);
}

static void fwd_proc_end(void *opaque, const struct proc_end_event *ev)
{
	struct machine *m = opaque;
	if (m->ev.proc_end)
		m->ev.proc_end(m->ev.opaque, m, ev);
}

static void fwd_signal(void *opaque, const struct signal_event *ev)
{
	struct machine *m = opaque;
	if (m->ev.signal)
		m->ev.signal(m->ev.opaque, m, ev);
}

static void fwd_uaccess(void *opaque, const struct uaccess_event *ev)
{
	struct machine *m = opaque;
	if (m->ev.uaccess)
		m->ev.uaccess(m->ev.opaque, m, ev);
}

static void fwd_switch(void *opaque, const struct switch_event *ev)
{
	struct machine *m = opaque;
	if (m->ev.sched)
		m->ev.sched(m->ev.opaque, m, ev);
}

struct machine *machine_create(const struct machine_config *cfg, char *err, size_t errlen)
{
	struct machine *m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(err, errlen, "out of host memory");
		return NULL;
	}
	if (cfg->mem_bytes < (2u << 20) || (cfg->mem_bytes & PAGE_MASK) ||
	    phys_init(&m->pm, cfg->mem_bytes) < 0) {
		snprintf(err, errlen,
			 "cannot create %u bytes of guest memory (need 2 MiB or more, "
			 "a multiple of 4 KiB)",
			 cfg->mem_bytes);
		free(m);
		return NULL;
	}
	if (cpu_init(&m->cpu, &m->pm) < 0) {
		snprintf(err, errlen, "out of host memory");
		phys_free(&m->pm);
		free(m);
		return NULL;
	}
	m->cpu.env.opaque = m;
	m->cpu.env.io_in = port_in;
	m->bare.on = cfg->bare;
	m->cpu.env.io_out = m->bare.on ? bare_port_out : kernel_port_out;
	if (!cfg->bare && kernel_boot(&m->kernel, &m->cpu, &m->pm, err, errlen) < 0) {
		machine_destroy(m);
		return NULL;
	}
	if (!cfg->bare && kernel_set_root(&m->kernel, cfg->root ? cfg->root : ".", cfg->read_only,
					  err, errlen) < 0) {
		machine_destroy(m);
		return NULL;
	}
	if (!cfg->bare && cfg->abi && !(m->kernel.forced_abi = abi_by_name(cfg->abi))) {
		snprintf(err, errlen, "unknown ABI '%s' (known: %s)", cfg->abi, abi_names());
		machine_destroy(m);
		return NULL;
	}
	m->kernel.seed = cfg->seed;
	m->kernel.epoch = cfg->epoch;
	m->kernel.env = cfg->env;
	m->kernel.envc = cfg->envc;
	/* The kernel's hooks stay NULL until machine_subscribe() asks for
	 * them: a system call with nobody listening builds no event. */
	m->kernel.hooks.opaque = m;
	cpu_set_timer(&m->cpu, cfg->timer_period);
	return m;
}

void machine_destroy(struct machine *m)
{
	if (!m)
		return;
	if (!m->bare.on) /* a bare machine never booted the kernel */
		kernel_free(&m->kernel);
	cpu_free(&m->cpu);
	phys_free(&m->pm);
	free(m);
}

int machine_load(struct machine *m, const char *path, int argc, char **argv, char *err,
		 size_t errlen)
{
	if (m->loaded) {
		snprintf(err, errlen, "a program is already loaded");
		return -1;
	}
	if (m->bare.on ? bare_load(&m->cpu, &m->pm, path, err, errlen) < 0
		       : kernel_exec_first(&m->kernel, path, argc, argv, err, errlen) < 0)
		return -1;
	m->loaded = true;
	return 0;
}

void machine_subscribe(struct machine *m, const struct machine_events *ev)
{
	if (ev)
		m->ev = *ev;
	else
		memset(&m->ev, 0, sizeof(m->ev));
	struct cpu_env *e = &m->cpu.env;
	e->on_insn = m->ev.insn ? fwd_insn : NULL;
	e->on_deliver = m->ev.deliver ? fwd_deliver : NULL;
	e->on_iret = m->ev.iret ? fwd_iret : NULL;
	e->on_paging = m->ev.paging ? fwd_paging : NULL;
	m->kernel.hooks.on_syscall = m->ev.syscall ? fwd_syscall : NULL;
	m->kernel.hooks.on_switch = m->ev.sched ? fwd_switch : NULL;
	m->kernel.hooks.on_syscall_entry = m->ev.syscall_entry ? fwd_syscall_entry : NULL;
	m->kernel.hooks.on_proc_end = m->ev.proc_end ? fwd_proc_end : NULL;
	m->kernel.hooks.on_signal = m->ev.signal ? fwd_signal : NULL;
	m->kernel.hooks.on_uaccess = m->ev.uaccess ? fwd_uaccess : NULL;
	m->cpu.hooks = m->ev.insn ? CPU_HOOK_INSN : 0;
	/* A run in progress (a subscriber called back from inside it) looks
	 * at the hooks again before its next block (cpu/exec.c sys_end). */
	cpu_request_events(&m->cpu);
}

void machine_stop(struct machine *m)
{
	cpu_request_stop(&m->cpu);
}

enum run_result machine_run(struct machine *m, uint64_t max_insns)
{
	if (m->kernel.state == K_EXITED)
		return RUN_EXITED;
	if (m->kernel.state == K_KILLED)
		return RUN_KILLED;
	if (m->bare.exited)
		return RUN_EXITED;
	enum stop_reason r = cpu_run(&m->cpu, max_insns);
	m->message[0] = 0;
	if (m->bare.exited)
		return RUN_EXITED;
	switch (m->kernel.state) {
	case K_EXITED: return RUN_EXITED;
	case K_KILLED:
		snprintf(m->message, sizeof(m->message), "%s", m->kernel.message);
		return RUN_KILLED;
	case K_PANIC:
		snprintf(m->message, sizeof(m->message), "%s", m->kernel.message);
		return RUN_PANIC;
	default: break;
	}
	switch (r) {
	case STOP_BUDGET:
		snprintf(m->message, sizeof(m->message),
			 "instruction budget exhausted at eip 0x%08x", m->cpu.eip);
		return RUN_BUDGET;
	case STOP_HALT:
		snprintf(m->message, sizeof(m->message),
			 "cpu halted with interrupts off at eip 0x%08x", m->cpu.eip);
		return RUN_HALTED;
	case STOP_SHUTDOWN:
		snprintf(m->message, sizeof(m->message), "%s at eip 0x%08x", m->cpu.shutdown_msg,
			 m->cpu.eip);
		return RUN_SHUTDOWN;
	default: return RUN_STOPPED;
	}
}

int machine_exit_status(const struct machine *m)
{
	return m->bare.on ? m->bare.status : m->kernel.exit_status;
}

const char *machine_message(const struct machine *m)
{
	return m->message;
}

struct cpu *machine_cpu(struct machine *m)
{
	return &m->cpu;
}

struct kernel *machine_kernel(struct machine *m)
{
	return &m->kernel;
}
