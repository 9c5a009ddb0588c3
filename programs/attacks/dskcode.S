/*
 * Hostile: load the kernel code selector into DS (readable code, DPL 0 < CPL
 * 3): #GP(0x8) (SDM vol. 2 "MOV").
 */
	.text
	.globl _start
_start:
	movl $0x0b, %eax
attack:
	movw %ax, %ds
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
