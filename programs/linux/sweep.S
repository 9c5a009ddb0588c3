/*
 * One Linux system call with hostile arguments, for the sweep of
 * tests/e2e/t_linux_sweep.sh: `sweep NUMBER PATTERN` puts PATTERN's words
 * in ebx, ecx, edx, esi, edi, ebp and makes call NUMBER through int $0x80.
 *   0: every argument a kernel address (0xc0000000)
 *   1: every argument the program's own read-only text
 *   2: every argument an unmapped address (0x40000000)
 *   3: small, text, wrapping lengths: 0, text, -1, -1, text, -1
 *   4: small, text, plausible lengths: 0, text, 16, 16, text, 16
 * Whatever the call answers, the read-only text must be as it was (the
 * kernel writes user memory only through checked copyout, which honours
 * the page's R/W bit): a changed canary exits 99, else 0.
 */
	.text
	.globl _start
_start:
	movl 8(%esp), %esi		/* argv[1]: the number */
	call atoi
	movl %eax, number
	movl 12(%esp), %esi		/* argv[2]: the pattern */
	call atoi
	movl %eax, pattern
	call canary_sum
	movl %eax, before
	movl pattern, %eax
	cmpl $0, %eax
	je p0
	cmpl $1, %eax
	je p1
	cmpl $2, %eax
	je p2
	cmpl $4, %eax
	je p4
	xorl %ebx, %ebx			/* 3 */
	movl $canary, %ecx
	movl $-1, %edx
	movl $-1, %esi
	movl $canary, %edi
	movl $-1, %ebp
	jmp go
p4:	xorl %ebx, %ebx
	movl $canary, %ecx
	movl $16, %edx
	movl $16, %esi
	movl $canary, %edi
	movl $16, %ebp
	jmp go
p0:	movl $0xc0000000, %ebx
	jmp fill
p1:	movl $canary, %ebx
	jmp fill
p2:	movl $0x40000000, %ebx
fill:	movl %ebx, %ecx
	movl %ebx, %edx
	movl %ebx, %esi
	movl %ebx, %edi
	movl %ebx, %ebp
go:	movl number, %eax
	int $0x80
	call canary_sum
	xorl %ebx, %ebx
	cmpl before, %eax
	je 1f
	movl $99, %ebx
1:	movl $252, %eax			/* exit_group */
	int $0x80

/* %esi: a decimal string; %eax: its value. */
atoi:	xorl %eax, %eax
2:	movzbl (%esi), %ecx
	subl $'0', %ecx
	cmpl $9, %ecx
	ja 3f
	imull $10, %eax
	addl %ecx, %eax
	incl %esi
	jmp 2b
3:	ret

/* The sum of the canary's words. */
canary_sum:
	xorl %eax, %eax
	movl $canary, %ecx
4:	addl (%ecx), %eax
	roll $1, %eax
	addl $4, %ecx
	cmpl $canary_end, %ecx
	jb 4b
	ret

	.balign 4096
canary:
	.fill 1024, 4, 0x5a5aa5a5
canary_end:

	.data
number:	.long 0
pattern: .long 0
before:	.long 0
