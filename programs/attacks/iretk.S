/*
 * Hostile: iret with a forged frame returning to CPL 0 (CS = 0x08): the return
 * CS RPL 0 < CPL 3, #GP(0x8) (SDM vol. 2 "IRET").
 */
	.text
	.globl _start
_start:
	pushl $0x10
	pushl $0xc000f000
	pushl $0x202
	pushl $0x08
	pushl $0xc0004000
attack:
	iret
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
