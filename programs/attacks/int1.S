/*
 * int1 (F1) from CPL 3: #DB without the gate DPL check (IDT[1] has DPL 0;
 * SDM vol. 3 §6.12.1.1): the process is stopped as SIGTRAP (133).
 */
	.text
	.globl _start
_start:
attack:
	.byte 0xf1
	/* Not reached: exit(42). */
	pushl $42
	pushl $0
	movl $2, %eax
	int $64
	.section .note.GNU-stack, "", @progbits
