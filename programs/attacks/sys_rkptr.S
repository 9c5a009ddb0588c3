/*
 * Hostile system call: read(0, 0xc0001000, 16): a kernel pointer (the GDT) as the
 * destination. The kernel checks the whole buffer is user-writable before
 * it consumes input: -EFAULT (-14), the GDT unchanged.
 * The program exits with -result, so the test sees the errno as status.
 */
	.text
	.globl _start
_start:
	pushl $16
	pushl $0xc0001000
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
