/*
 * Hostile: ARPL on the unmapped page 0x40000000 at CPL 3. Unlike the
 * read-modify-writes, ARPL reads its destination and writes it only when
 * it raises the RPL (SDM vol. 2 "ARPL"), so the fault is the read's: 0x4
 * (user, read, not present), as the host CPU reports (t_hard3.sh).
 */
	.text
	.globl _start
_start:
	movw $3, %ax
	nop
attack:
	arpl %ax, 0x40000000
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
