/*
 * Hostile system call: system call number 22, one past the xv6 table: -ENOSYS (-38)
 * (until a new call takes the number).
 * The program exits with -result, so the test sees the errno as status.
 */
	.text
	.globl _start
_start:
	pushl $0		/* return address slot, as a stub's call leaves */
	movl $22, %eax
attack:
	int $64
	negl %eax
	pushl %eax
	pushl $0
	movl $2, %eax		/* exit(-result) */
	int $64
	.section .note.GNU-stack, "", @progbits
