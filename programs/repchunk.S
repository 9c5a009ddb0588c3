/*
 * A rep string instruction longer than one chunk in the middle of a
 * straight-line run (issue 8): ops_string.c cuts a long rep into chunks by
 * leaving EIP on the instruction, so the interpreter must run it again
 * until ECX is 0 and only then go on (cpu/accel/block.c ends a block after a
 * string instruction). Exit status 0 when the 20000 bytes were all
 * stored, ECX is 0, and the instructions around ran exactly once.
 */
#include "syscall.h"

	.bss
buf:	.space 20000

	.text
	.globl _start
_start:
	xorl %ebx, %ebx
	xorl %edx, %edx
	movl $buf, %edi
	movl $20000, %ecx
	movb $0x5a, %al
	cld
	incl %edx			/* before: once */
	rep stosb			/* 20000 > one chunk of 4096 */
	incl %edx			/* after: once */
	cmpl $2, %edx
	je 1f
	orl $1, %ebx
1:	testl %ecx, %ecx
	jz 1f
	orl $2, %ebx
1:	cmpl $buf+20000, %edi
	je 1f
	orl $4, %ebx
1:	movl $buf, %esi			/* every byte stored */
	movl $20000, %ecx
2:	cmpb $0x5a, (%esi)
	jne 3f
	incl %esi
	loop 2b
	jmp 4f
3:	orl $8, %ebx
4:	pushl %ebx
	pushl $0
	movl $SYS_exit, %eax
	int $T_SYSCALL

	.section .note.GNU-stack, "", @progbits
