/*
 * shlx %eax, %ebx, %ecx: a general-purpose instruction of BMI2, which the emulated CPU
 * does not have (CPUID says so): #UD whose message names the extension,
 * not "MMX/SSE/AVX" (its encoding is SIMD's).
 */
	.text
	.globl _start
_start:
attack:
	shlx %eax, %ebx, %ecx
	/* Not reached: if it ran, exit(42). */
	pushl $42
	pushl $0
	movl $2, %eax
	int $64
	.section .note.GNU-stack, "", @progbits
