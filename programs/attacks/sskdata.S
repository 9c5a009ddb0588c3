/*
 * Hostile: load the kernel data selector into SS: RPL 0 != CPL 3, #GP(0x10)
 * (SDM vol. 2 "MOV", SS rules).
 */
	.text
	.globl _start
_start:
	movl $0x10, %eax
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
