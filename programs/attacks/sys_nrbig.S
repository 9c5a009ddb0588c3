/*
 * Hostile system call: system call number 0x80000000 (negative as an int): -ENOSYS (-38).
 * The program exits with -result, so the test sees the errno as status.
 */
	.text
	.globl _start
_start:
	pushl $0		/* return address slot, as a stub's call leaves */
	movl $0x80000000, %eax
attack:
	int $64
	negl %eax
	pushl %eax
	pushl $0
	movl $2, %eax		/* exit(-result) */
	int $64
	.section .note.GNU-stack, "", @progbits
