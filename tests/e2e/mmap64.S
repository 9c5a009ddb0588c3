/* Zero on demand through the Linux personality's mmap2, for t_hard2.sh
 * (run with --abi linux): eight rounds of mmap2(64 MiB, anonymous), a
 * check that the first word of every page reads zero (the frames are the
 * last round's, one of them written), one page written, munmap. Exit
 * status 0, or 1 when a page was not zero, 2 when mmap2 failed. */
	.text
	.globl _start
_start:
	movl $8, %ebp			/* rounds */
round:
	pushl %ebp
	movl $192, %eax			/* mmap2(0, 64 MiB, RW, PRIVATE|ANON, -1, 0) */
	xorl %ebx, %ebx
	movl $0x4000000, %ecx
	movl $3, %edx
	movl $0x22, %esi
	movl $-1, %edi
	xorl %ebp, %ebp
	int $0x80
	popl %ebp
	cmpl $-4096, %eax
	ja nomap
	movl %eax, %ebx
	xorl %ecx, %ecx
scan:
	cmpl $0, (%ebx,%ecx)
	jne dirty
	addl $4096, %ecx
	cmpl $0x4000000, %ecx
	jb scan
	movl %ebp, %ecx			/* write page ebp * 4099 mod 16384 */
	imull $4099, %ecx
	andl $16383, %ecx
	shll $12, %ecx
	movl $0x5a5a5a5a, (%ebx,%ecx)
	movl $91, %eax			/* munmap(addr, 64 MiB) */
	movl $0x4000000, %ecx
	int $0x80
	decl %ebp
	jnz round
	xorl %ebx, %ebx
	jmp out
dirty:
	movl $1, %ebx
	jmp out
nomap:
	movl $2, %ebx
out:
	movl $252, %eax			/* exit_group */
	int $0x80
	.section .note.GNU-stack, "", @progbits
