/*
 * Hostile: popf trying to raise IOPL to 3 and clear IF, then cli. At CPL 3
 * popf silently keeps IOPL and IF (SDM vol. 2 "POPF"), so cli still
 * finds CPL 3 > IOPL 0: #GP(0).
 */
	.text
	.globl _start
_start:
	pushl $0x3002
	popfl
attack:
	cli
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
