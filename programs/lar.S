/*
 * lar of the program's own CS and DS: exits with bits 23:16 of each
 * result added (CS 0xcf + DS 0xcf = 0x19e, status 0x9e = 158) when LAR
 * returns bits 19:16 as the CPU does (0x00cffb00, 0x00cff300 natively on
 * Linux), 0x180 (status 128) if they were masked. Used by t_hard2.sh.
 */
	.text
	.globl _start
_start:
	movl %cs, %eax
	larl %eax, %ebx
	movl %ds, %eax
	larl %eax, %ecx
	shrl $16, %ebx
	shrl $16, %ecx
	andl $0xff, %ebx
	andl $0xff, %ecx
	addl %ecx, %ebx
	pushl %ebx
	pushl $0
	movl $2, %eax
	int $64
	.section .note.GNU-stack, "", @progbits
