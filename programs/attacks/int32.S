/*
 * Hostile: int $32 from CPL 3. IDT[32] (the timer) is an interrupt gate with
 * DPL 0 < CPL 3: #GP(32*8+2 = 0x102) (SDM vol. 3 §6.12.1.1).
 */
	.text
	.globl _start
_start:
attack:
	int $32
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
