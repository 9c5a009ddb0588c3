/*
 * Hostile: load the TSS selector 0x28 into DS: a system descriptor is not a
 * data segment, #GP(0x28) (SDM vol. 2 "MOV").
 */
	.text
	.globl _start
_start:
	movl $0x2b, %eax
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
