/*
 * Hostile: mov to DR7 at CPL 3 (arm a hardware breakpoint): #GP(0) (SDM vol. 3
 * §17.2.2).
 */
	.text
	.globl _start
_start:
	xorl %eax, %eax
attack:
	movl %eax, %db7
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
