/* A Multiboot kernel loaded by the a.out kludge (header flags bit 16), for
 * t_hard3.sh: linked as a flat binary (ld --oformat binary -Ttext 0x100000),
 * so only the header's address fields can say where it goes. Bytes of the
 * file past load_end_addr (the trailer) must not be loaded: they fall in
 * the bss, which must read zero. Prints a line on the debug console and
 * exits through isa-debug-exit: status 11 when right, 13 when the trailer
 * was loaded. The header sits at file offset 0; t_hard3.sh patches its
 * fields (offsets 12-28) to build the malformed variants. */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00010000

	.text
	.globl _start
mbhdr:	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
	.long mbhdr		/* header_addr */
	.long mbhdr		/* load_addr */
	.long load_end		/* load_end_addr */
	.long bss_end		/* bss_end_addr */
	.long _start		/* entry_addr */
_start:	cmpl $0x2badb002, %eax
	jne bad
	cmpl $0, trailer
	jne bad
	mov $msg, %esi
	mov $5, %bl
	jmp out
bad:	mov $badmsg, %esi
	mov $6, %bl
out:	lodsb
	test %al, %al
	jz 2f
	outb %al, $0xe9
	jmp out
2:	mov %bl, %al
	outb %al, $0xf4
	hlt
msg:	.asciz "a.out kludge ok\n"
badmsg:	.asciz "a.out kludge: bytes past load_end_addr were loaded\n"
	.align 4
load_end:
trailer:
	.long 0xdeadbeef
	.fill 60, 1, 0xff
	.set bss_end, trailer + 0x2000
	.section .note.GNU-stack, "", @progbits
