/*
 * Hostile: pop the kernel data selector into DS (the POP form of the load):
 * the same checks as MOV, #GP(0x10) (SDM vol. 2 "POP"). ESP is left as it
 * was, the fault being restartable.
 */
	.text
	.globl _start
_start:
	pushl $0x10
attack:
	popl %ds
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
