/*
 * Hostile system call: write(1, 0xbfffeff0, 0x1020): a buffer that starts in the user
 * stack and runs through the guard page into kernel space at 0xc0000000:
 * -EFAULT, and no byte of it written.
 * The program exits with -result, so the test sees the errno as status.
 */
	.text
	.globl _start
_start:
	pushl $0x1020
	pushl $0xbfffeff0
	pushl $1
	pushl $0		/* return address slot, as a stub's call leaves */
	movl $5, %eax
attack:
	int $64
	negl %eax
	pushl %eax
	pushl $0
	movl $2, %eax		/* exit(-result) */
	int $64
	.section .note.GNU-stack, "", @progbits
