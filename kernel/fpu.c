/*
 * The FPU of processes, switched lazily as Unix kernels long did (SDM
 * vol. 3 §2.5 "CR0.TS", §13.4; Linux before 4.x): a context switch to a
 * process whose state is not in the FPU sets CR0.TS, so its first x87
 * instruction raises #NM (vector 7). The #NM handler, a trap like any
 * other (the tracer shows its delivery and iret), clears TS (clts), saves
 * the state of the process that owned the FPU and loads the state of the
 * current one: a process that never touches the FPU costs nothing. The
 * save and load are the kernel's FNSAVE and FRSTOR: they copy the state
 * the CPU holds (struct fpu), as those instructions do.
 *
 * fork gives the child a copy of the parent's state, exec an initialised
 * one (FNINIT, registers zeroed: nothing of the old program shows).
 * #MF from user mode stops the process with status 136, as Linux's
 * SIGFPE does (trap.c).
 */
#include "kernel.h"

#include <string.h>

void kfpu_init_proc(struct proc *p)
{
	memset(&p->fpu, 0, sizeof(p->fpu));
	fpu_reset(&p->fpu);
}

static void set_ts(struct kernel *k, bool ts)
{
	uint32_t cr0 = cpu_get_cr(k->cpu, 0);
	if (!!(cr0 & CR0_TS) != ts)
		cpu_set_cr(k->cpu, 0, ts ? cr0 | CR0_TS : cr0 & ~CR0_TS);
}

/* The state of `p`, wherever it is. */
static const struct fpu *state_of(const struct kernel *k, const struct proc *p)
{
	return k->fpu_owner == p ? &k->cpu->fpu : &p->fpu;
}

const struct fpu *kfpu_state(const struct kernel *k, const struct proc *p)
{
	return state_of(k, p);
}

void kfpu_switch(struct kernel *k, const struct proc *next)
{
	set_ts(k, next != k->fpu_owner);
}

/* #NM from user mode: clts, then hand the FPU to the current process. */
void kfpu_nm(struct kernel *k)
{
	struct proc *p = k->cur;
	set_ts(k, false);
	if (k->fpu_owner == p)
		return;
	if (k->fpu_owner)
		k->fpu_owner->fpu = k->cpu->fpu;
	k->cpu->fpu = p->fpu;
	k->fpu_owner = p;
}

void kfpu_fork(struct kernel *k, const struct proc *parent, struct proc *child)
{
	child->fpu = *state_of(k, parent);
}

void kfpu_exec(struct kernel *k, struct proc *p)
{
	kfpu_init_proc(p);
	if (k->fpu_owner == p)
		k->cpu->fpu = p->fpu;
}

void kfpu_exit(struct kernel *k, const struct proc *p)
{
	if (k->fpu_owner == p)
		k->fpu_owner = NULL;
}
