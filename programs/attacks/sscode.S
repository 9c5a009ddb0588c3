/*
 * Hostile: load the user code selector into SS: a stack must be writable
 * data, #GP(0x18) (SDM vol. 2 "MOV").
 */
	.text
	.globl _start
_start:
	movl $0x1b, %eax
attack:
	movw %ax, %ss
	/* Not reached: if the attack succeeded, exit(42). */
	movl $0x23, %eax
	movw %ax, %ds
	movw %ax, %ss
	movl $0xbfffe000, %esp
	pushl $42
	pushl $0
	movl $2, %eax
	int $64
	.section .note.GNU-stack, "", @progbits
