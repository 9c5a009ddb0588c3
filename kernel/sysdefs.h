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
/* How a guest path is resolved: check_dir(ctx, rel) is 0 when `rel`
 * (root-relative) is an existing directory, else -errno (ENOENT, ENOTDIR);
 * name_max, when not 0, cuts every name to that many bytes (xv6's DIRSIZ). */
struct path_rules {
	int (*check_dir)(void *ctx, const char *rel);
	void *ctx;
	unsigned name_max;
};
/* What the last component of a path was: the call that creates or removes
 * a name (mkdir, unlink, link) refuses ".", ".." and the root. */
enum path_last { PATH_LAST_NAME, PATH_LAST_DOT, PATH_LAST_DOTDOT, PATH_LAST_ROOT };
struct resolved_path {
	char rel[GUEST_PATH_MAX]; /* relative to the root, "." for the root itself */
	enum path_last last;
	bool must_dir; /* "name/": a trailing slash */
};
/* Resolves `in` against the root-relative `cwd` one component at a time:
 * "." and ".." need a directory before them; ".." at the root stays there. */
int resolve_path(const struct path_rules *pr, const char *cwd, const char *in,
		 struct resolved_path *rp);
int sandbox_open(struct kernel *k, const char *rel, int flags, mode_t mode);
/* fs.c, for the Linux *at calls: the path at `upath` against dirfd. */
int fs_at_path(struct kernel *k, int32_t dirfd, uint32_t upath, struct resolved_path *rp);
/* The parent of `rp` (last component a name) as an O_PATH directory
 * descriptor; *last points at the name inside rp->rel. */
int fs_open_parent(struct kernel *k, struct resolved_path *rp, const char **last);
int32_t fs_open_resolved(struct kernel *k, const struct resolved_path *rp, uint32_t xv6_flags);
int32_t fs_read_file(struct kernel *k, uint32_t upath, uint8_t **data, size_t *size);
/* The same for a path the kernel holds (an interpreter's, PT_INTERP). */
int32_t fs_read_path(struct kernel *k, const char *path, uint8_t **data, size_t *size);

#endif
