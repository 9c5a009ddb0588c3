/*
 * Hostile: point ESP into kernel space and push: the push is a user write to
 * a supervisor page, #PF error 0x7 (SDM vol. 3 §4.6). The #PF itself is
 * delivered on the TSS stack, so it works.
 */
	.text
	.globl _start
_start:
	movl $0xc0010000, %esp
attack:
	pushl %eax
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
