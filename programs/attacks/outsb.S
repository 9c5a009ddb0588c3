/*
 * Hostile: outs at CPL 3 > IOPL 0: #GP(0) (SDM vol. 1 §19.5, vol. 2 "OUTS").
 */
	.text
	.globl _start
_start:
	movl $0xe0, %edx
	movl %esp, %esi
attack:
	outsb
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
