/*
 * Hostile system call: write(1, 0xc0020000, 16): a kernel pointer as the source. copyin
 * walks the page tables with user permissions and finds a supervisor
 * page: -EFAULT (-14), nothing written, so the exit status is 14.
 * The program exits with -result, so the test sees the errno as status.
 */
	.text
	.globl _start
_start:
	pushl $16
	pushl $0xc0020000
	pushl $1
	pushl $0		/* return address slot, as a stub's call leaves */
	movl $5, %eax
attack:
	int $64
	negl %eax
	pushl %eax
	pushl $0
	movl $2, %eax		/* exit(-result) */
	int $64
	.section .note.GNU-stack, "", @progbits
