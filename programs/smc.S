/*
 * Self-modifying code (issue 8: decoded blocks must not go stale). The
 * code runs from .data (writable; IA-32 without PAE has no execute-disable)
 * and patches itself in four ways; each case adds its result to a sum and
 * the exit status is 0 only when all four saw the new bytes:
 *   1. an instruction patches the immediate of one later in the same
 *      straight-line run (the same decoded block);
 *   2. an instruction patches the very next instruction;
 *   3. a loop patches an instruction it already executed, then runs it again;
 *   4. rep stosb overwrites instructions ahead of itself with nops.
 * SDM vol. 3 §11.6: a write to a code location is seen by the following
 * instruction fetches on the same processor.
 */
#include "syscall.h"

	.data
	.globl _start
_start:
	xorl %ebx, %ebx			/* number of cases that failed */

	/* 1: same block, two instructions ahead. */
	movb $42, case1+1
	nop
	nop
case1:	movl $7, %eax			/* b8 07 00 00 00 -> b8 2a 00 00 00 */
	cmpl $42, %eax
	je 1f
	incl %ebx
1:
	/* 2: the very next instruction. */
	movl $5, case2+1		/* the immediate of the next instruction */
case2:	movl $1, %ecx			/* b9 01 00 00 00 -> b9 05 00 00 00 */
	cmpl $5, %ecx
	je 1f
	incl %ebx
1:	xorl %ecx, %ecx
	/* 3: re-run an instruction after patching it in a loop. */
	movl $3, %esi
	xorl %edi, %edi
2:
case3:	addl $1, %edi			/* 83 c7 01: imm8 patched to 10 after the 1st pass */
	movb $10, case3+2
	decl %esi
	jnz 2b
	cmpl $21, %edi			/* 1 + 10 + 10 */
	je 1f
	incl %ebx
1:
	/* 4: rep stosb overwrites code ahead of it with nops. */
	movl $case4, %edi
	movl $case4_end - case4, %ecx
	movb $0x90, %al
	cld
	rep stosb
case4:	incl %ebx			/* overwritten: must not run */
	incl %ebx
case4_end:
	pushl %ebx
	pushl $0
	movl $SYS_exit, %eax
	int $T_SYSCALL

	.section .note.GNU-stack, "", @progbits
