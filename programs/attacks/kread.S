/*
 * Hostile: read a kernel address from CPL 3. The kernel half is mapped
 * supervisor-only, so the CPU raises #PF with error code 0x5 (user read,
 * protection) and CR2 = the address (SDM vol. 3 §4.6, §4.7).
 */
	.text
	.globl _start
_start:
	movl 0xc0001000, %eax
	/* Not reached: if the read succeeded, exit(42). */
	pushl $42
	pushl $0
	movl $2, %eax
	int $64
	.section .note.GNU-stack, "", @progbits
