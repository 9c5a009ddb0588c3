/* Process system calls: exit, getpid, sbrk, uptime. */
#include "sysdefs.h"

void kernel_exit(struct kernel *k, int status)
{
	k->exit_status = status;
	k->state = K_EXITED;
	cpu_request_stop(k->cpu);
}

int32_t sys_exit(struct kernel *k, const uint32_t *a)
{
	/* Like a Unix wait status, only the low 8 bits survive. */
	kernel_exit(k, (int)(a[0] & 0xff));
	return 0;
}

int32_t sys_getpid(struct kernel *k, const uint32_t *a)
{
	(void)a;
	return k->cur->pid;
}

/* sbrk(n): moves the program break by n bytes (n may be negative) and
 * returns the old break; pages are mapped or freed as the break crosses
 * page boundaries. */
int32_t sys_sbrk(struct kernel *k, const uint32_t *a)
{
	struct proc *p = k->cur;
	int32_t n = (int32_t)a[0];
	uint32_t old = p->brk;
	int64_t nb = (int64_t)old + n;
	if (nb < p->heap_base || nb > HEAP_LIMIT)
		return -ENOMEM;
	uint32_t old_top = (old + PAGE_MASK) & ~PAGE_MASK;
	uint32_t new_top = ((uint32_t)nb + PAGE_MASK) & ~PAGE_MASK;
	if (new_top > old_top) {
		if (map_user_range(k, p->pgdir, old_top, new_top - old_top, PTE_W) < 0) {
			unmap_user_range(k, p->pgdir, old_top, new_top - old_top);
			return -ENOMEM;
		}
	} else if (new_top < old_top) {
		unmap_user_range(k, p->pgdir, new_top, old_top - new_top);
	}
	p->brk = (uint32_t)nb;
	return (int32_t)old;
}

int32_t sys_uptime(struct kernel *k, const uint32_t *a)
{
	(void)a;
	return (int32_t)(k->cpu->icount / TICK_INSNS);
}
