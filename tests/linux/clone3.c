/* clone3's argument checks (Linux's copy_clone_args_from_user and
 * clone3_args_valid): every case here is refused before a process is made,
 * with the same errno natively and in ia32emu. */
#include "common.h"

#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

/* struct clone_args (linux/sched.h): 64-bit fields. */
struct args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid,
	    set_tid_size, cgroup;
	uint64_t more[2];
};

static long clone3(const void *a, unsigned long size)
{
	return syscall(SYS_clone3, a, size);
}

int main(void)
{
	struct args a;
	memset(&a, 0, sizeof(a));
	a.exit_signal = SIGCHLD;
	T(clone3(&a, 32));	   /* smaller than the first version: EINVAL */
	T(clone3(&a, 8192));	   /* more than a page: E2BIG */
	T(clone3(NULL, 64));	   /* EFAULT */
	T(clone3((void *)16, 64)); /* EFAULT */
	a.more[0] = 1;		   /* a field past the ones known */
	T(clone3(&a, sizeof(a)));  /* E2BIG */
	a.more[0] = 0;
	a.flags = SIGCHLD; /* the signal belongs in exit_signal */
	T(clone3(&a, 64));
	a.flags = 0x00400000; /* CLONE_DETACHED */
	T(clone3(&a, 64));
	a.flags = 1ull << 40; /* no such flag */
	T(clone3(&a, 64));
	a.flags = 0;
	a.exit_signal = 65; /* not a signal */
	T(clone3(&a, 64));
	a.exit_signal = SIGCHLD;
	a.stack = (uintptr_t)&a; /* a stack without a size */
	T(clone3(&a, 64));
	a.stack = 0;
	a.stack_size = 4096; /* a size without a stack */
	T(clone3(&a, 64));
	a.stack_size = 0;
	a.set_tid = (uintptr_t)&a; /* set_tid without its size */
	T(clone3(&a, 88));
	a.set_tid = 0;
	a.exit_signal = 0;
	a.flags = 0x10000; /* CLONE_THREAD without CLONE_SIGHAND */
	T(clone3(&a, 64));
	return 0;
}
