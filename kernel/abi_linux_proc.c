/*
 * Process calls of the Linux personality: fork, vfork and clone with
 * fork-like flags, execve with an environment, wait4/waitpid with Linux's
 * status encoding (kill and the other signal calls: abi_linux_signal.c).
 */
#include "abi_linux.h"

#include <stdlib.h>
#include <string.h>

#define L_WNOHANG	    1
#define CLONE_VM	    0x100
#define CLONE_VFORK	    0x4000
#define CLONE_THREAD	    0x10000
#define CLONE_PARENT_SETTID 0x00100000u
#define CLONE_CHILD_SETTID  0x01000000u
#define CLONE_CLEAR_SIGHAND 0x100000000ull
#define L_SIGCHLD	    17

int32_t linux_fork(struct kernel *k, const uint32_t *a)
{
	return sys_fork(k, a);
}

/*
 * What clone and clone3 make: a process (threads, CLONE_THREAD, are
 * refused: docs/linux.md). With CLONE_VM and a stack of its own it is
 * posix_spawn's child (glibc, musl): CLONE_VFORK is then required, and the
 * child runs on that stack in the parent's memory, which sleeps until the
 * child execs or exits (proc.c proc_vfork_wait); a shared space without
 * CLONE_VFORK would be a thread. Otherwise the child has a copy (fork; a
 * vfork without a stack of its own is served by a copy as well).
 */
static int32_t do_clone(struct kernel *k, uint64_t flags, uint32_t stack, uint32_t ptid,
			uint32_t ctid)
{
	if (flags & CLONE_THREAD)
		return -EINVAL;
	bool borrow = (flags & CLONE_VM) && stack;
	if (borrow && !(flags & CLONE_VFORK))
		return -EINVAL; /* a shared address space on a new stack: a thread */
	int32_t pid = borrow ? proc_vfork(k) : sys_fork(k, NULL);
	if (pid <= 0)
		return pid;
	struct proc *c = linux_proc_of(k, pid);
	if (stack)
		c->tf.esp = stack; /* clone(2): the child starts on its own stack */
	if (flags & CLONE_CLEAR_SIGHAND) {
		/* Caught signals back to SIG_DFL in the child; ignored ones
		 * stay ignored (clone(2)). */
		for (unsigned s = 1; s <= LSIG_MAX; s++)
			if (c->sig.act[s].handler != LSIG_DFL && c->sig.act[s].handler != LSIG_IGN)
				memset(&c->sig.act[s], 0, sizeof(c->sig.act[s]));
	}
	/* CLONE_PARENT_SETTID: the child's id at ptid in the parent;
	 * CLONE_CHILD_SETTID: at ctid in the child (glibc reads its own tid
	 * from there). */
	if ((flags & CLONE_PARENT_SETTID) && copyout(k, ptid, &pid, 4) < 0)
		return -EFAULT;
	if (flags & CLONE_CHILD_SETTID)
		(void)pgdir_write(k, c->pgdir, ctid, &pid, 4);
	if (borrow)
		proc_vfork_wait(k, c);
	return pid;
}

/* clone(flags, stack, ptid, tls, ctid): i386 passes tls before ctid. */
int32_t linux_clone(struct kernel *k, const uint32_t *a)
{
	return do_clone(k, a[0], a[1], a[2], a[4]);
}

/* clone3(args, size): struct clone_args, 64-bit fields: flags, pidfd,
 * child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid,
 * set_tid_size, cgroup (linux/sched.h). The first 64 bytes (through tls)
 * are CLONE_ARGS_SIZE_VER0; a larger struct must be zero beyond what is
 * known, as Linux's copy_struct_from_user() asks. */
int32_t linux_clone3(struct kernel *k, const uint32_t *a)
{
	uint64_t ca[11];
	uint32_t size = a[1];
	if (size > 4096)
		return -E2BIG;
	if (size < 64)
		return -EINVAL;
	memset(ca, 0, sizeof(ca));
	uint32_t known = size < sizeof(ca) ? size : (uint32_t)sizeof(ca);
	if (copyin(k, ca, a[0], known) < 0)
		return -EFAULT;
	for (uint32_t off = known; off < size; off++) {
		uint8_t b;
		if (copyin(k, &b, a[0] + off, 1) < 0)
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	uint64_t flags = ca[0], sig = ca[4], stack = ca[5], stack_size = ca[6];
	/* Linux's clone3_args_valid(): clone's flags and CLONE_CLEAR_SIGHAND
	 * (no cgroups here), the exit signal in its own field, not in the
	 * low byte, no CLONE_DETACHED; no set_tid (pids are not chosen
	 * here); a stack is an address and a size, both or neither. */
	if ((flags >> 32) & ~(CLONE_CLEAR_SIGHAND >> 32))
		return -EINVAL;
	if ((flags & (0x00400000u | 0x7fu)) || sig > LSIG_MAX || ca[8] || ca[9])
		return -EINVAL;
	if ((stack == 0) != (stack_size == 0) || stack + stack_size > 0x100000000ull)
		return -EINVAL;
	return do_clone(k, flags, (uint32_t)(stack + stack_size), (uint32_t)ca[3], (uint32_t)ca[2]);
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

/* waitid(idtype, id, siginfo *, options, rusage *): P_ALL 0, P_PID 1
 * (P_PGID 2: one process group here, any child); WEXITED (4) needed,
 * WNOHANG 1, WNOWAIT 0x01000000 leaves the child waitable. The siginfo:
 * si_signo SIGCHLD @0, si_errno @4, si_code @8 (CLD_EXITED 1, CLD_KILLED
 * 2, CLD_DUMPED 3), si_pid @12, si_uid @16, si_status @20. */
int32_t linux_waitid(struct kernel *k, const uint32_t *a)
{
	uint32_t type = a[0], opt = a[3];
	if (type > 2 || (type == 1 && (int32_t)a[1] <= 0))
		return -EINVAL;
	if (opt & ~(uint32_t)(L_WNOHANG | 2 | 4 | 8 | 0x01000000u | 0x40000000u | 0x80000000u))
		return -EINVAL;
	if (!(opt & (2 | 4 | 8)))
		return -EINVAL;
	if (a[2] && user_range_ok(k, a[2], 128, true) < 0)
		return -EFAULT;
	bool kids = false;
	for (unsigned i = 0; i < NPROC; i++) {
		struct proc *c = &k->procs[i];
		if (c->state == P_UNUSED || c->parent != k->cur ||
		    (type == 1 && c->pid != (int32_t)a[1]))
			continue;
		kids = true;
		if (c->state != P_ZOMBIE || !(opt & 4))
			continue;
		int32_t info[32];
		memset(info, 0, sizeof(info));
		int32_t st = wait_status(c);
		info[0] = L_SIGCHLD;
		info[2] = c->termsig ? ((st & 0x80) ? 3 : 2) : 1;
		info[3] = c->pid;
		info[4] = LINUX_UID;
		info[5] = c->termsig ? c->termsig : (c->xstatus & 0xff);
		if (a[2] && copyout(k, a[2], info, sizeof(info)) < 0)
			return -EFAULT;
		if (a[4]) {
			uint8_t ru[72];
			memset(ru, 0, sizeof(ru));
			if (copyout(k, a[4], ru, sizeof(ru)) < 0)
				return -EFAULT;
		}
		if (!(opt & 0x01000000u)) {
			if (c->pgdir)
				pgdir_destroy(k, c->pgdir);
			memset(c, 0, sizeof(*c));
		}
		return 0;
	}
	if (!kids)
		return -ECHILD;
	if (opt & L_WNOHANG) {
		int32_t info[32];
		memset(info, 0, sizeof(info));
		return a[2] && copyout(k, a[2], info, sizeof(info)) < 0 ? -EFAULT : 0;
	}
	proc_sleep(k, k->cur);
	return K_RESTART;
}

int32_t linux_waitpid(struct kernel *k, const uint32_t *a)
{
	uint32_t x[4] = {a[0], a[1], a[2], 0};
	return linux_wait4(k, x);
}

/* Linux's limit on execve's arguments (fs/exec.c bprm_stack_limits):
 * a quarter of RLIMIT_STACK but at least ARG_MAX, 32 pages — 128 KiB
 * with our 256 KiB stack — for the strings and their pointers; E2BIG
 * past it. */
#define LINUX_ARG_LIMIT (32u * 4096u)

struct argcopy {
	char *buf;     /* LINUX_ARG_LIMIT bytes of strings */
	uint32_t used; /* bytes of strings */
	uint32_t nptr; /* pointers so far (argv and envp, not the NULLs) */
};

/* A NULL-terminated array of strings at `uv` into c->buf; each string's
 * address into out[]; the count or -errno. */
static int copy_strv(struct kernel *k, uint32_t uv, char ***out, struct argcopy *c)
{
	char **v = NULL;
	for (int n = 0;; n++) {
		uint32_t up;
		if (!uv)
			return *out = v, 0;
		if (copyin(k, &up, uv + 4 * (uint32_t)n, 4) < 0) {
			free(v);
			return -EFAULT;
		}
		if (!up)
			return *out = v, n;
		c->nptr++;
		if (c->nptr * 4u + c->used >= LINUX_ARG_LIMIT) {
			free(v);
			return -E2BIG;
		}
		if ((n & (n - 1)) == 0) { /* 0, 1, 2, 4, ...: grow */
			char **nv = realloc(v, sizeof(char *) * (size_t)(n ? 2 * n : 1));
			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
		}
		int len =
		    copyinstr(k, c->buf + c->used, up, LINUX_ARG_LIMIT - c->nptr * 4u - c->used);
		if (len < 0) {
			free(v);
			return len == -ENAMETOOLONG ? -E2BIG : len;
		}
		v[n] = c->buf + c->used;
		c->used += (uint32_t)len + 1;
	}
}

/* execve(path, argv, envp): the file first (ENOENT before E2BIG, as
 * Linux opens it first), then the arguments within Linux's limit. */
int32_t linux_execve(struct kernel *k, const uint32_t *a)
{
	char path[GUEST_PATH_MAX];
	int pl = copyinstr(k, path, a[0], sizeof(path));
	if (pl < 0)
		return pl;
	uint8_t *data;
	size_t size;
	int32_t r = fs_read_file(k, a[0], &data, &size);
	if (r < 0)
		return r;
	struct argcopy c = {malloc(LINUX_ARG_LIMIT), 0, 0};
	char **argv = NULL, **envp = NULL;
	int argc = c.buf ? copy_strv(k, a[1], &argv, &c) : -ENOMEM;
	int envc = argc < 0 ? argc : copy_strv(k, a[2], &envp, &c);
	r = argc < 0 ? argc : envc;
	if (r >= 0) {
		/* exec_args wants one array: argv, NULL, envp, NULL. */
		char **v = calloc((size_t)argc + (size_t)envc + 2, sizeof(char *));
		if (!v) {
			r = -ENOMEM;
		} else {
			if (argc)
				memcpy(v, argv, sizeof(char *) * (size_t)argc);
			if (envc)
				memcpy(v + argc + 1, envp, sizeof(char *) * (size_t)envc);
			struct exec_args ea = {argc, v, envc, v + argc + 1, path};
			r = exec_image(k, data, size, &ea);
			free(v);
		}
	}
	free(argv);
	free(envp);
	free(c.buf);
	free(data);
	return r;
}
