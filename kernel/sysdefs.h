/* Internal declarations of the system-call implementations. */
#ifndef KERNEL_SYSDEFS_H
#define KERNEL_SYSDEFS_H

#include "kernel.h"

typedef int32_t (*syscall_fn)(struct kernel *k, const uint32_t *args);

struct syscall_def {
	const char *name;
	const char *argfmt; /* d int, u unsigned, x hex, p pointer, s string */
	syscall_fn fn;	    /* NULL: not implemented yet, -ENOSYS */
};

/* One retired-instruction tick of virtual time per TICK_INSNS. */
#define TICK_INSNS 100000u
#define IO_CHUNK   KERNEL_IO_CHUNK
/* Heap may grow up to this address (leaves room for the stack guard). */
#define HEAP_LIMIT (USER_STACK_LOW - 16u * 4096u)

int32_t sys_exit(struct kernel *k, const uint32_t *a);
int32_t sys_getpid(struct kernel *k, const uint32_t *a);
int32_t sys_sbrk(struct kernel *k, const uint32_t *a);
int32_t sys_uptime(struct kernel *k, const uint32_t *a);
int32_t sys_read(struct kernel *k, const uint32_t *a);
int32_t sys_write(struct kernel *k, const uint32_t *a);
int32_t sys_close(struct kernel *k, const uint32_t *a);

#endif
