/*
 * Program entry for the ia32emu ABI (docs/architecture.md). exec leaves
 *   esp -> 0xffffffff (fake return address), argc, argv
 * where argv already points at a NULL-terminated array of strings.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	movl 4(%esp), %eax		/* argc */
	movl 8(%esp), %ecx		/* argv */
	xorl %ebp, %ebp			/* end of the frame chain for debuggers */
	andl $-16, %esp			/* gcc assumes a 16-byte aligned stack at calls */
	subl $8, %esp
	pushl %ecx
	pushl %eax
	call main
	movl %eax, (%esp)
	call exit
1:	jmp 1b				/* exit does not return; never fall off */
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
