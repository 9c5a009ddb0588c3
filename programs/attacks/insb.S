/*
 * Hostile: ins at CPL 3 > IOPL 0: the same I/O permission check, #GP(0)
 * (SDM vol. 1 §19.5, vol. 2 "INS").
 */
	.text
	.globl _start
_start:
	movl $0x60, %edx
	movl %esp, %edi
	subl $16, %edi
attack:
	insb
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
