/*
 * Hostile: in from a port at CPL 3 > IOPL 0: the TSS has no I/O bitmap (its base
 * is beyond the TSS limit), so every port is denied: #GP(0) (SDM vol. 1
 * §19.5).
 */
	.text
	.globl _start
_start:
attack:
	inb $0x60, %al
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
