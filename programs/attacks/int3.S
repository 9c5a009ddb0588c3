/*
 * Hostile: int3 from CPL 3. IDT[3] has DPL 0, and int3 is subject to the gate
 * DPL check like int n: #GP(3*8+2 = 0x1a) (SDM vol. 3 §6.12.1.1).
 */
	.text
	.globl _start
_start:
attack:
	int3
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
