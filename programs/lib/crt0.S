/*
 * Program entry for the ia32emu ABI (DESIGN.md section 3). exec leaves
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

/* The ia32emu ABI marker (docs/linux.md, kernel/abi_select.c): a note
 * "ia32emu", type 1, with the ABI's version, so that the kernel gives this
 * program the ia32emu personality whatever else its ELF carries. */
	.section .note.ia32emu, "a", @note
	.balign 4
	.long 8				/* namesz: "ia32emu" and its NUL */
	.long 4				/* descsz */
	.long 1				/* type: NT_IA32EMU_ABI */
	.asciz "ia32emu"
	.balign 4
	.long 1				/* version */
