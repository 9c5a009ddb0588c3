/*
 * A user process that single-steps itself (EFLAGS.TF via popf) with no
 * handler: the #DB trap comes after the instruction following the popf
 * (SDM vol. 3 §17.3.1.4) and the kernel stops the process as SIGTRAP (133).
 */
	.text
	.globl _start
_start:
	pushfl
	orl $0x100, (%esp)
	popfl
attack:
	nop
	/* Not reached: exit(42). */
	pushl $42
	pushl $0
	movl $2, %eax
	int $64
	.section .note.GNU-stack, "", @progbits
