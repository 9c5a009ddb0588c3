/*
 * Hostile: write a kernel address from CPL 3. Kernel pages are supervisor-only,
 * so the CPU raises #PF with error 0x7 (user write, protection), CR2 = the
 * address (SDM vol. 3 §4.6, §4.7).
 */
	.text
	.globl _start
_start:
attack:
	movl %eax, 0xc0001000
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
