/*
 * Hostile: `int $13` from CPL 3. IDT[13] is an interrupt gate with DPL 0,
 * and a software interrupt needs gate DPL >= CPL, so the CPU raises #GP with
 * error code 13*8+2 = 0x6a (IDT bit set) instead (SDM vol. 3 §6.12.1.1).
 */
	.text
	.globl _start
_start:
	int $13
	pushl $42
	pushl $0
	movl $2, %eax
	int $64
	.section .note.GNU-stack, "", @progbits
