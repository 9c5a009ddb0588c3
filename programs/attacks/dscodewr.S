/*
 * Hostile: load the user code selector (readable code, DPL 3) into DS, which
 * is allowed, then write through it: code segments are never writable,
 * #GP(0) (SDM vol. 3 §5.3, §3.4.5.1).
 */
	.text
	.globl _start
_start:
	movl $0x1b, %eax
	movw %ax, %ds
attack:
	movl %eax, 0x08049000
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
