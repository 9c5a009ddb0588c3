/*
 * Hostile: SMSW m16 at CPL 3 stores to a kernel address without reading it. The
 * #PF error code must say write (0x7: user, write, protection; SDM vol. 3
 * §4.7), not the read a probe would report.
 */
	.text
	.globl _start
_start:
	nop
attack:
	smsw 0xc0001000
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
