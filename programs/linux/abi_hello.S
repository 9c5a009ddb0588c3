/*
 * The Linux personality's gate, argument registers and process start, in
 * assembly (no C library): writes a line with write(1, buf, n) through
 * int $0x80, checks that an unknown call (9999, twice) returns -ENOSYS,
 * and exits through exit_group with 40 + argc, argc being the word at esp
 * as System V's process start leaves it (xv6's would put 0xffffffff there).
 */
	.text
	.globl _start
_start:
	movl $4, %eax			/* write */
	movl $1, %ebx
	movl $msg, %ecx
	movl $len, %edx
	int $0x80
	cmpl $len, %eax
	jne bad
	movl $9999, %eax		/* no such call */
	int $0x80
	cmpl $-38, %eax			/* -ENOSYS */
	jne bad
	movl $9999, %eax
	int $0x80
	movl (%esp), %ebx		/* argc */
	addl $40, %ebx
	movl $252, %eax			/* exit_group */
	int $0x80
bad:
	movl $1, %ebx
	movl $252, %eax
	int $0x80

	.data
msg:	.ascii "hello from int $0x80\n"
	len = . - msg

	.section .note.GNU-stack, "", @progbits
