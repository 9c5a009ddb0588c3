/*
 * Hostile system call: read(0, 0xbfffeff0, 0x1020): the same crossing buffer as the
 * destination: -EFAULT before any byte is stored.
 * The program exits with -result, so the test sees the errno as status.
 */
	.text
	.globl _start
_start:
	pushl $0x1020
	pushl $0xbfffeff0
	pushl $0
	pushl $0		/* return address slot, as a stub's call leaves */
	movl $6, %eax
attack:
	int $64
	negl %eax
	pushl %eax
	pushl $0
	movl $2, %eax		/* exit(-result) */
	int $64
	.section .note.GNU-stack, "", @progbits
