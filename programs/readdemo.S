/*
 * The read() demo: exactly the classic path of a system call.
 * A buffer in the program's own memory, the arguments pushed on the user
 * stack, the call into a stub that does `movl $6,%eax; int $64; ret`, then
 * the bytes written back with write (5) and exit (2).
 */
#include "syscall.h"

	.bss
	.align 32
buf:	.space 64

	.text
	.globl _start
_start:
	pushl $64		/* n */
	pushl $buf		/* buf: in our own memory */
	pushl $0		/* fd 0: standard input */
	call read		/* eax = read(0, buf, 64) */
	addl $12, %esp
	testl %eax, %eax
	js 1f			/* a negative result is -errno */
	pushl %eax		/* n: as many bytes as we read */
	pushl $buf
	pushl $1		/* fd 1: standard output */
	call write
	addl $12, %esp
	pushl $0
	call exit		/* exit(0) does not return */
1:	pushl $1
	call exit

/* The user-side stubs, as in xv6's usys.S. */
read:	movl $SYS_read, %eax
	int $T_SYSCALL
	ret
write:	movl $SYS_write, %eax
	int $T_SYSCALL
	ret
exit:	movl $SYS_exit, %eax
	int $T_SYSCALL
	ret

	.section .note.GNU-stack, "", @progbits
