/*
 * Hostile: divide by zero: #DE, status 136 (SDM vol. 3 §6.15 "Interrupt 0").
 */
	.text
	.globl _start
_start:
	xorl %ecx, %ecx
	movl $1, %eax
	xorl %edx, %edx
attack:
	divl %ecx
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
