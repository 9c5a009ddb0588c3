/* Passes: an assembly program with its own _start (no crt0). */
#include <syscall.h>
	.text
	.globl _start
_start:
	pushl $len
	pushl $msg
	pushl $1
	call write
	addl $12, %esp
	pushl $0
	call exit
	.data
msg:	.ascii "from assembly\n"
	.set len, . - msg
	.section .note.GNU-stack, "", @progbits
