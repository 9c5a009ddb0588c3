/*
 * Hostile: far jmp to the kernel code selector: a non-conforming segment needs
 * DPL = CPL, #GP(0x8) (SDM vol. 3 §5.8.1, vol. 2 "JMP").
 */
	.text
	.globl _start
_start:
attack:
	ljmp $0x08, $0xc0004000
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
