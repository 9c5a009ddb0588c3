/*
 * Hostile arguments to the Linux table, each checked for its error: a
 * kernel pointer, an unmapped and a read-only buffer, a wrapping length,
 * set_thread_area with a segment reaching the kernel, a code segment, a
 * base in the kernel; then a TLS segment loaded into %gs and overrun past
 * its limit, which must fault (#GP, SDM vol. 3 §5.3): status 139.
 * Each failed check exits with its number.
 */
	.text
	.globl _start
#define SYS(n) movl $n, %eax; int $0x80
#define EXPECT(v, code) cmpl $v, %eax; movl $code, %ebx; jne fail
_start:
	movl $4, %eax; movl $1, %ebx; movl $0xc0001000, %ecx; movl $8, %edx; int $0x80
	EXPECT(-14, 1)				/* write from kernel memory: -EFAULT */
	movl $4, %eax; movl $1, %ebx; movl $0x10000000, %ecx; movl $8, %edx; int $0x80
	EXPECT(-14, 2)				/* unmapped */
	movl $3, %eax; movl $0, %ebx; movl $_start, %ecx; movl $8, %edx; int $0x80
	EXPECT(-14, 3)				/* read into read-only text */
	movl $4, %eax; movl $1, %ebx; movl $msg, %ecx; movl $0xfffffff0, %edx; int $0x80
	EXPECT(-14, 4)				/* a length that wraps */
	movl $146, %eax; movl $1, %ebx; movl $0xbffff000, %ecx; movl $1, %edx; int $0x80
	EXPECT(-14, 5)				/* writev: iovec in the guard page */
	/* set_thread_area: base 0xbffff000, 64 KiB limit: reaches the kernel */
	movl $-1, desc; movl $0xbffff000, desc+4; movl $0xffff, desc+8; movl $0x41, desc+12
	movl $243, %eax; movl $desc, %ebx; int $0x80
	EXPECT(-22, 6)
	movl $-1, desc; movl $tls, desc+4; movl $3, desc+8; movl $0x45, desc+12 /* code */
	movl $243, %eax; movl $desc, %ebx; int $0x80
	EXPECT(-22, 7)
	movl $-1, desc; movl $0xc0000000, desc+4; movl $0xfffff, desc+8; movl $0x51, desc+12
	movl $243, %eax; movl $desc, %ebx; int $0x80
	EXPECT(-22, 8)				/* flat, but based in the kernel */
	movl $243, %eax; movl $0xc0000000, %ebx; int $0x80
	EXPECT(-14, 9)				/* the descriptor itself in the kernel */
	movl $-1, desc; movl $tls, desc+4; movl $3, desc+8; movl $0x41, desc+12
	movl $243, %eax; movl $desc, %ebx; int $0x80
	EXPECT(0, 10)				/* a 4-byte data segment: accepted */
	movl desc, %eax
	cmpl $6, %eax
	movl $11, %ebx
	jne fail				/* the first TLS entry, 6 */
	shll $3, %eax
	orl $3, %eax
	movw %ax, %gs				/* selector 0x33 */
	movl $0x12345678, tls
	movl %gs:0, %eax
	EXPECT(0x12345678, 12)			/* %gs:0 is tls */
	movl %gs:4, %eax			/* past the limit: #GP -> 139 */
	movl $13, %ebx
fail:
	movl $252, %eax
	int $0x80

	.data
msg:	.ascii "x"
	.balign 4
desc:	.long 0, 0, 0, 0
tls:	.long 0, 0

	.section .note.GNU-stack, "", @progbits
