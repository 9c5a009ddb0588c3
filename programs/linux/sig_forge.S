/*
 * A forged signal frame handed to rt_sigreturn/sigreturn with no signal
 * delivered (Linux's restore_sigcontext, docs/linux.md "Signals"). The
 * mode is the argument count:
 *   1  a well-formed rt frame: eip at an `int $0x80`, eax 1, ebx 42 -> exit(42)
 *   2  the same with CS = 0x08, the kernel's code: SIGSEGV (139), never CPL 0
 *   3  EFLAGS with IOPL 3: ignored, so the `cli` at eip is a #GP: SIGSEGV
 *   4  SS = 0x10, the kernel's data: SIGSEGV
 *   5  a well-formed old (non-rt) sigframe through sigreturn -> exit(43)
 *   6  DS = 0x28, the TSS selector in ia32emu's GDT: SIGSEGV (x86-64 Linux has
 *      its user data segment there: this mode alone differs natively)
 *   7  rt_sigreturn with esp at an unmapped page: the frame is unreadable, SIGSEGV
 *   8  a SIGUSR1 handler, then kill(self) with esp in kernel memory: the frame
 *      cannot be written there (checked copyout), SIGSEGV; the handler never runs
 * A kernel that took CS 0x08 would run `movl %cr0` at CPL 0 and exit(0);
 * one that took IOPL 3 would run `cli` and exit(0). The same statuses
 * come from the program run natively on Linux.
 */
	.text
	.globl _start
#define RT_SC (frame + 164)
#define OLD_SC (frame + 8)
_start:
	movl (%esp), %esi		/* argc: the mode */
	cmpl $7, %esi
	je unreadable
	cmpl $8, %esi
	je kernel_stack
	movl $RT_SC, %edi
	cmpl $5, %esi
	jne 1f
	movl $OLD_SC, %edi
1:	xorl %eax, %eax			/* the process's own selectors (ia32emu's */
	movw %ds, %ax			/* 0x1b/0x23, i386 Linux's 0x73/0x7b) */
	movl %eax, 12(%edi)		/* ds */
	movw %es, %ax
	movl %eax, 8(%edi)		/* es */
	movw %cs, %ax
	movl %eax, 60(%edi)		/* cs */
	movw %ss, %ax
	movl %eax, 72(%edi)		/* ss */
	movl $0x202, 64(%edi)		/* eflags: IF */
	movl %esp, 28(%edi)		/* esp */
	movl $1, 44(%edi)		/* eax: exit */
	movl $42, 32(%edi)		/* ebx: its status */
	movl $do_exit, 56(%edi)		/* eip */
	cmpl $2, %esi
	jne 2f
	movl $0x08, 60(%edi)		/* CS: the kernel's code segment */
	movl $priv, 56(%edi)
2:	cmpl $3, %esi
	jne 3f
	movl $0x3202, 64(%edi)		/* IOPL 3 */
	movl $do_cli, 56(%edi)
3:	cmpl $4, %esi
	jne 4f
	movl $0x10, 72(%edi)		/* SS: the kernel's data segment */
4:	cmpl $6, %esi
	jne 5f
	movl $0x28, 12(%edi)		/* DS: the TSS */
5:	cmpl $5, %esi
	je old
	movl $frame + 4, %esp		/* as after the handler's ret popped pretcode */
	movl $173, %eax			/* rt_sigreturn */
	int $0x80
	jmp fail
old:
	movl $43, 32(%edi)
	movl $OLD_SC, %esp		/* as after the retcode's popl %eax */
	movl $119, %eax			/* sigreturn */
	int $0x80
fail:
	movl $1, %eax
	movl $99, %ebx
	int $0x80
unreadable:
	movl $0x10, %esp
	movl $173, %eax
	int $0x80
	jmp fail
kernel_stack:
	movl $174, %eax			/* rt_sigaction(SIGUSR1, &act, NULL, 8) */
	movl $10, %ebx
	movl $act, %ecx
	xorl %edx, %edx
	movl $8, %esi
	int $0x80
	testl %eax, %eax
	jnz fail
	movl $20, %eax			/* getpid */
	int $0x80
	movl %eax, %ebx
	movl $0xc0100000, %esp		/* the kernel's half */
	movl $37, %eax			/* kill(pid, SIGUSR1) */
	movl $10, %ecx
	int $0x80
	jmp fail			/* the signal is delivered before the next insn */
handler:
	movl $1, %eax			/* exit(0): the frame went into kernel memory */
	xorl %ebx, %ebx
	int $0x80
do_exit:
	int $0x80
priv:
	movl %cr0, %eax			/* only at CPL 0 */
	movl $1, %eax
	xorl %ebx, %ebx
	int $0x80
do_cli:
	cli				/* only with IOPL 3 */
	xorl %ebx, %ebx
	int $0x80

	.data
act:	.long handler, 0, 0, 0, 0

	.bss
	.align 16
frame:
	.space 1024
