/*
 * Process calls of the Linux personality: fork, vfork and clone with
 * fork-like flags, execve with an environment, wait4/waitpid with Linux's
 * status encoding (kill and the other signal calls: abi_linux_signal.c).
 */
#include "abi_linux.h"

#include <stdlib.h>
#include <string.h>

#define L_WNOHANG      1
#define CLONE_VM       0x100
#define CLONE_THREAD   0x10000
#define L_SIGCHLD      17
#define LINUX_MAX_ARGS 4096

int32_t linux_fork(struct kernel *k, const uint32_t *a)
{
	return sys_fork(k, a);
}

/* clone(flags, stack, ptid, tls, ctid): only what fork and vfork are
 * (SIGCHLD, perhaps CLONE_VM|CLONE_VFORK, which a copy serves as well);
 * threads (CLONE_THREAD) are refused: docs/linux.md. */
int32_t linux_clone(struct kernel *k, const uint32_t *a)
{
	if (a[0] & CLONE_THREAD)
		return -EINVAL;
	if ((a[0] & CLONE_VM) && a[1])
		return -EINVAL; /* a shared address space on a new stack: a thread */
	int32_t pid = sys_fork(k, a);
	if (pid <= 0)
		return pid;
	/* CLONE_PARENT_SETTID 0x00100000: the child's id at ptid in the
	 * parent; CLONE_CHILD_SETTID 0x01000000: at ctid in the child (glibc
	 * reads its own tid from there). */
	if ((a[0] & 0x00100000u) && copyout(k, a[2], &pid, 4) < 0)
		return -EFAULT;
	for (unsigned i = 0; i < NPROC && (a[0] & 0x01000000u); i++)
		if (k->procs[i].pid == pid && k->procs[i].state != P_UNUSED)
			(void)pgdir_write(k, k->procs[i].pgdir, a[4], &pid, 4);
	return pid;
}

/* Linux's wait status: exit code << 8, or the signal in the low 7 bits
 * (with 0x80 for a core dump: SIGSEGV, SIGILL, SIGFPE, SIGBUS, SIGTRAP,
 * SIGABRT dump core by default). */
static int32_t wait_status(const struct proc *c)
{
	if (!c->termsig)
		return (c->xstatus & 0xff) << 8;
	int s = c->termsig;
	bool core = s == 11 || s == 4 || s == 8 || s == 7 || s == 5 || s == 6;
	return s | (core ? 0x80 : 0);
}

/* wait4(pid, status, options, rusage): pid -1 (or 0) any child, else that
 * one; WNOHANG gives 0 while none has exited. */
int32_t linux_wait4(struct kernel *k, const uint32_t *a)
{
	int32_t want = (int32_t)a[0];
	if (a[1] && user_range_ok(k, a[1], 4, true) < 0)
		return -EFAULT;
	if (a[2] & ~(uint32_t)(L_WNOHANG | 2 | 8 | 0x40000000u | 0x80000000u))
		return -EINVAL;
	bool kids = false;
	for (unsigned i = 0; i < NPROC; i++) {
		struct proc *c = &k->procs[i];
		if (c->state == P_UNUSED || c->parent != k->cur || (want > 0 && c->pid != want))
			continue;
		kids = true;
		if (c->state != P_ZOMBIE)
			continue;
		int32_t st = wait_status(c), pid = c->pid;
		if (a[1] && copyout(k, a[1], &st, 4) < 0)
			return -EFAULT;
		if (a[3]) {
			uint8_t ru[72];
			memset(ru, 0, sizeof(ru));
			if (copyout(k, a[3], ru, sizeof(ru)) < 0)
				return -EFAULT;
		}
		if (c->pgdir)
			pgdir_destroy(k, c->pgdir);
		memset(c, 0, sizeof(*c));
		return pid;
	}
	if (!kids)
		return -ECHILD;
	if (a[2] & L_WNOHANG)
		return 0;
	proc_sleep(k, k->cur);
	return K_RESTART;
}

int32_t linux_waitpid(struct kernel *k, const uint32_t *a)
{
	uint32_t x[4] = {a[0], a[1], a[2], 0};
	return linux_wait4(k, x);
}

/* A NULL-terminated array of strings at `uv` into k->argbuf from *used
 * on; the count or -errno. */
static int copy_strv(struct kernel *k, uint32_t uv, char **out, int max, uint32_t *used)
{
	for (int n = 0;; n++) {
		uint32_t up;
		if (!uv)
			return 0;
		if (copyin(k, &up, uv + 4 * (uint32_t)n, 4) < 0)
			return -EFAULT;
		if (!up)
			return n;
		if (n == max)
			return -E2BIG;
		int len = copyinstr(k, k->argbuf + *used, up, MAX_ARG_BYTES - *used);
		if (len == -ENAMETOOLONG)
			return -E2BIG;
		if (len < 0)
			return len;
		out[n] = k->argbuf + *used;
		*used += (uint32_t)len + 1;
	}
}

int32_t linux_execve(struct kernel *k, const uint32_t *a)
{
	char path[GUEST_PATH_MAX];
	int pl = copyinstr(k, path, a[0], sizeof(path));
	if (pl < 0)
		return pl;
	char **v = calloc(2 * LINUX_MAX_ARGS + 2, sizeof(char *));
	if (!v)
		return -ENOMEM;
	uint32_t used = 0;
	int argc = copy_strv(k, a[1], v, LINUX_MAX_ARGS, &used);
	int envc = argc < 0 ? argc : copy_strv(k, a[2], v + argc + 1, LINUX_MAX_ARGS, &used);
	int32_t r = argc < 0 ? argc : envc;
	if (r >= 0) {
		uint8_t *data;
		size_t size;
		r = fs_read_file(k, a[0], &data, &size);
		if (r >= 0) {
			struct exec_args ea = {argc, v, envc, v + argc + 1, path};
			r = exec_image(k, data, size, &ea);
			free(data);
		}
	}
	free(v);
	return r;
}
