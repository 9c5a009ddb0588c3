/*
 * Hostile: rep movsb from a kernel address into the program's own memory: the
 * first read is a user read of a supervisor page, #PF error 0x5 (SDM vol. 3
 * §4.6); nothing is copied.
 */
	.text
	.globl _start
_start:
	movl $0xc0001000, %esi
	leal -16(%esp), %edi
	movl $16, %ecx
attack:
	rep movsb
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
