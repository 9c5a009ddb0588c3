/*
 * Hostile: mov to CS is not an instruction: #UD (SDM vol. 2 "MOV").
 */
	.text
	.globl _start
_start:
	movl $0x08, %eax
attack:
	.byte 0x8e, 0xc8	/* movw %ax, %cs */
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
