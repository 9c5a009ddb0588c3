/*
 * Hostile system call: the first number past the system-call table (SYS_MAX + 1 from
 * kernel/syscall.h, so it stays past the end as the table grows; the
 * issue's "22" became wait2): -ENOSYS (-38).
 * The program exits with -result, so the test sees the errno as status.
 */
#include "syscall.h"
	.text
	.globl _start
_start:
	pushl $0		/* return address slot, as a stub's call leaves */
	movl $(SYS_MAX + 1), %eax
attack:
	int $64
	negl %eax
	pushl %eax
	pushl $0
	movl $2, %eax		/* exit(-result) */
	int $64
	.section .note.GNU-stack, "", @progbits
