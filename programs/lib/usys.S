/*
 * System-call stubs for the ia32emu ABI: the number in %eax and the
 * arguments left where the C caller put them (esp+4, esp+8, ...), so each
 * stub is just the trap and a return. The result comes back in %eax.
 */
#include "syscall.h"

#define SYSCALL(name)			\
	.globl name;			\
	.type name, @function;		\
name:					\
	movl $SYS_##name, %eax;		\
	int $T_SYSCALL;			\
	ret;				\
	.size name, . - name

	.text
SYSCALL(fork)
SYSCALL(exit)
SYSCALL(wait)
SYSCALL(pipe)
SYSCALL(write)
SYSCALL(read)
SYSCALL(close)
SYSCALL(kill)
SYSCALL(exec)
SYSCALL(open)
SYSCALL(mknod)
SYSCALL(unlink)
SYSCALL(fstat)
SYSCALL(link)
SYSCALL(mkdir)
SYSCALL(chdir)
SYSCALL(dup)
SYSCALL(getpid)
SYSCALL(sbrk)
SYSCALL(sleep)
SYSCALL(uptime)
SYSCALL(wait2)
SYSCALL(readdir)

	.section .note.GNU-stack, "", @progbits
