/* Internal declarations of the system-call implementations. */
#ifndef KERNEL_SYSDEFS_H
#define KERNEL_SYSDEFS_H

#include "abi.h"
#include "kernel.h"

#include <stddef.h>
#include <sys/types.h>

/* One retired-instruction tick of virtual time per TICK_INSNS. */
#define TICK_INSNS 100000u
#define IO_CHUNK   KERNEL_IO_CHUNK
/* Heap may grow up to this address (leaves room for the stack guard)... */
#define HEAP_LIMIT (USER_STACK_LOW - 16u * 4096u)
/* ... and to at most this many bytes per process. */
#define HEAP_MAX (64u << 20)

int32_t sys_fork(struct kernel *k, const uint32_t *a);
int32_t sys_exit(struct kernel *k, const uint32_t *a);
int32_t sys_wait(struct kernel *k, const uint32_t *a);
int32_t sys_wait2(struct kernel *k, const uint32_t *a);
int32_t sys_kill(struct kernel *k, const uint32_t *a);
int32_t sys_exec(struct kernel *k, const uint32_t *a);
int32_t sys_getpid(struct kernel *k, const uint32_t *a);
int32_t sys_sbrk(struct kernel *k, const uint32_t *a);
int32_t sys_sleep(struct kernel *k, const uint32_t *a);
int32_t sys_uptime(struct kernel *k, const uint32_t *a);
int32_t sys_pipe(struct kernel *k, const uint32_t *a);
int32_t sys_read(struct kernel *k, const uint32_t *a);
int32_t sys_write(struct kernel *k, const uint32_t *a);
int32_t sys_close(struct kernel *k, const uint32_t *a);
int32_t sys_dup(struct kernel *k, const uint32_t *a);
int32_t sys_fstat(struct kernel *k, const uint32_t *a);
int32_t sys_readdir(struct kernel *k, const uint32_t *a);
int32_t sys_open(struct kernel *k, const uint32_t *a);
int32_t sys_mknod(struct kernel *k, const uint32_t *a);
int32_t sys_unlink(struct kernel *k, const uint32_t *a);
int32_t sys_link(struct kernel *k, const uint32_t *a);
int32_t sys_mkdir(struct kernel *k, const uint32_t *a);
int32_t sys_chdir(struct kernel *k, const uint32_t *a);

/* file.c */
int32_t pipe_read(struct kernel *k, struct pipe *pp, uint32_t ubuf, uint32_t n);
int32_t pipe_write(struct kernel *k, struct pipe *pp, uint32_t ubuf, uint32_t n);
/* sysfile.c */
int32_t host_errno(int e);
/* fs.c */
int resolve_path(const char *cwd, const char *in, char *out, size_t outlen);
int sandbox_open(struct kernel *k, const char *rel, int flags, mode_t mode);
int32_t fs_read_file(struct kernel *k, uint32_t upath, uint8_t **data, size_t *size);

#endif
