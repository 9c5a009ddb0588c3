/*
 * Hostile: les with a far pointer whose selector is kernel data: the segment
 * part is loaded with the MOV checks, #GP(0x10) (SDM vol. 2 "LDS/LES/LFS/LGS/LSS").
 */
	.text
	.globl _start
_start:
	pushl $0x10
	pushl $0
attack:
	lesl (%esp), %eax
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
