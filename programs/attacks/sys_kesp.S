/*
 * Hostile system call: int $64 with ESP pointing into kernel space. The trap
 * still works, because the CPU switches to the TSS stack (SS0:ESP0) before
 * it pushes anything (SDM vol. 3 §6.12.1); the kernel then fetches the
 * arguments of write() from the *user* ESP with copyin, which finds a
 * supervisor page: -EFAULT (-14). The program restores its stack and exits
 * with -result (status 14).
 */
	.text
	.globl _start
_start:
	movl %esp, %ebx
	movl $0xc0001000, %esp
	movl $5, %eax
attack:
	int $64
	movl %ebx, %esp
	negl %eax
	pushl %eax
	pushl $0
	movl $2, %eax
	int $64
	.section .note.GNU-stack, "", @progbits
