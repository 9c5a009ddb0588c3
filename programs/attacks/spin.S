/* Hostile: an endless loop. Only the instruction budget stops it. */
	.text
	.globl _start
_start:
	jmp _start
	.section .note.GNU-stack, "", @progbits
