/*
 * Hostile: invlpg at CPL 3: #GP(0) (SDM vol. 3 §5.9).
 */
	.text
	.globl _start
_start:
attack:
	invlpg 0xc0001000
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
