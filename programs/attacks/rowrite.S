/*
 * Hostile: write the program's own read-only code page. The page is user
 * read-only, so a user write is #PF error 0x7 (SDM vol. 3 §4.6).
 */
	.text
	.globl _start
_start:
attack:
	movl %eax, _start
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
