/*
 * A Multiboot image that triple-faults: with an empty IDT (limit 0, which
 * the loader leaves), int3 cannot find its gate (#GP), the #GP cannot
 * either (#DF), and neither can the #DF: shutdown (SDM vol. 3 §6.15,
 * "Interrupt 8"). ia32emu stops with a report and status 125.
 */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00000003
	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)
	.text
	.globl _start
_start:
	movb $'T', %al
	outb %al, $0xe9
	movb $'\n', %al
	outb %al, $0xe9
	subl $8, %esp
	sidt (%esp)
	movw $0, (%esp)
	lidt (%esp)
	int3
	/* Not reached. */
	movb $1, %al
	outb %al, $0xf4
	.section .note.GNU-stack, "", @progbits
