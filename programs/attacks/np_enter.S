/*
 * Hostile: ENTER (its push of EBP) at CPL 3 on the unmapped page
 * 0x40000000. The #PF error code must say write (0x6: user, write, not
 * present): a store is checked for writing only, never read first (SDM vol.
 * 3 §4.7: W/R is the access that faulted).
 */
	.text
	.globl _start
_start:
	movl $0x40000100, %esp
	nop
attack:
	enter $8, $0
	/* Not reached: if the attack succeeded, exit(42). */
	movl $0x23, %eax
	movw %ax, %ds
	movw %ax, %ss
	movl $0xbfffe000, %esp
	pushl $42
	pushl $0
	movl $2, %eax
	int $64
	.section .note.GNU-stack, "", @progbits
