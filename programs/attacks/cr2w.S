/*
 * Hostile: mov to CR2 at CPL 3 (forge the fault address the kernel will
 * read): privileged, #GP(0) (SDM vol. 3 §5.9).
 */
	.text
	.globl _start
_start:
	movl $0xc0001000, %eax
attack:
	movl %eax, %cr2
	/* Not reached: if the attack succeeded, exit(42). */
	pushl $42
	pushl $0
	movl $2, %eax
	int $64
	.section .note.GNU-stack, "", @progbits
