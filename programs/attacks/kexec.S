/*
 * Hostile: fetch code from a kernel page (the trap stubs at 0xc0004000). The
 * fetch is a user-mode read of a supervisor page: #PF error 0x5, CR2 =
 * 0xc0004000 (SDM vol. 3 §4.6; no NX, so no I/D bit).
 */
	.text
	.globl _start
_start:
attack:
	jmp 0xc0004000
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
