/* A Multiboot kernel linked the usual way (ld -Ttext 0x100000: a segment
 * holding the ELF headers lands at 0xff000), for t_hard2.sh. Prints a line
 * on the debug console and exits through isa-debug-exit with status 7. */
	.section .text
	.globl _start
	.align 4
mbhdr:	.long 0x1badb002, 0, -0x1badb002
_start:	mov $msg, %esi
1:	lodsb
	test %al, %al
	jz 2f
	outb %al, $0xe9
	jmp 1b
2:	mov $3, %al
	outb %al, $0xf4
	hlt
msg:	.asciz "multiboot ok\n"
