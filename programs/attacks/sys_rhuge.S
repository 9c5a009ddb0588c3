/*
 * Hostile system call: read(0, esp, 0x7fffffff): a huge length (the kernel clamps a
 * transfer to 64 KiB, which from the stack top still leaves user space):
 * -EFAULT, nothing stored.
 * The program exits with -result, so the test sees the errno as status.
 */
	.text
	.globl _start
_start:
	pushl $0x7fffffff
	pushl %esp
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
