/*
 * Hostile: into with OF=1 from CPL 3. IDT[4] has DPL 3 (as every OS sets it),
 * so the trap passes the gate DPL check (SDM vol. 3 §6.12.1.1) and, with no
 * handler, stops the process as SIGSEGV (139).
 */
	.text
	.globl _start
_start:
	movl $0x7fffffff, %eax
	addl $1, %eax	/* OF=1 */
attack:
	into
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
