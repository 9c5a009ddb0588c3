/*
 * Hostile: set EFLAGS.NT with popf (NT is not a privileged flag) and
 * execute iret, asking for a hardware task return through the TSS back
 * link. Task switching is outside the emulated subset, so the CPU refuses
 * the task return as #TS with the current TSS selector (0x28) instead of
 * switching anywhere (SDM vol. 2 "IRET", TASK-RETURN, #TS conditions).
 */
	.text
	.globl _start
_start:
	pushl $0x4202		/* NT | IF */
	popfl
attack:
	iret
	/* Not reached: if the attack succeeded, exit(42). */
	pushl $42
	pushl $0
	movl $2, %eax
	int $64
	.section .note.GNU-stack, "", @progbits
