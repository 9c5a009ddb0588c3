/*
 * Hostile: out to the kernel's own bridge port 0xe0 at CPL 3 > IOPL 0, no I/O
 * bitmap: #GP(0) (SDM vol. 1 §19.5). This is the door the trap stub uses.
 */
	.text
	.globl _start
_start:
attack:
	outb %al, $0xe0
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
