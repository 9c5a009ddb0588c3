/*
 * Program entry for running guest programs natively under Linux/i386, where
 * the kernel leaves esp -> argc, argv[0], ..., NULL, envp[0], ..., NULL.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	movl (%esp), %eax		/* argc */
	leal 4(%esp), %ecx		/* argv is the array itself, in place */
	xorl %ebp, %ebp
	andl $-16, %esp
	subl $8, %esp
	pushl %ecx
	pushl %eax
	call main
	movl %eax, (%esp)
	call exit
1:	jmp 1b
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
