/*
 * A handler entered through a frame the kernel built (docs/linux.md
 * "Signals"). First hostile arguments to the signal calls (kernel and
 * read-only pointers, bad numbers and sizes), each refused as Linux
 * refuses it. Then rt_sigaction(SIGUSR1, SA_SIGINFO|SA_RESTORER) with our
 * own restorer, kill(getpid(), SIGUSR1), and in the handler the i386
 * ABI's view of the rt_sigframe: the signal at 4(%esp), &siginfo at
 * 8(%esp) with si_signo 10 and si_code SI_USER, &ucontext at 12(%esp)
 * whose uc_mcontext.eip is where kill's `int $0x80` returns, EAX/EDX/ECX
 * as Linux sets them; the restorer's rt_sigreturn resumes after the kill
 * with every register as it was. Then an old sigframe (SIGUSR2, no
 * flags): the signal and the sigcontext, and the return through pretcode.
 * exit(7) when all holds; each failed check exits with its number. The
 * same program run natively on Linux exits 7 too. It carries glibc's GNU
 * ABI tag note, so ia32emu gives it the Linux ABI without --abi.
 */
	.text
	.globl _start
#define FAILIF(code) movl $code, %ebx; jne fail
#define EXPECT(v, code) cmpl $v, %eax; FAILIF(code)
#define K 0xc0000000			/* kernel memory */
_start:
	/* Hostile arguments first, each refused as Linux refuses it. */
	movl $174, %eax; movl $10, %ebx; movl $K, %ecx; xorl %edx, %edx; movl $8, %esi; int $0x80
	EXPECT(-14, 30)			/* rt_sigaction: act in the kernel */
	movl $174, %eax; movl $10, %ebx; xorl %ecx, %ecx; movl $K, %edx; movl $8, %esi; int $0x80
	EXPECT(-14, 31)			/* oact in the kernel */
	movl $174, %eax; movl $10, %ebx; xorl %ecx, %ecx; movl $_start, %edx; movl $8, %esi; int $0x80
	EXPECT(-14, 32)			/* oact read-only (text) */
	movl $174, %eax; movl $9, %ebx; movl $act, %ecx; xorl %edx, %edx; movl $8, %esi; int $0x80
	EXPECT(-22, 33)			/* SIGKILL cannot be caught */
	movl $174, %eax; movl $65, %ebx; movl $act, %ecx; xorl %edx, %edx; movl $8, %esi; int $0x80
	EXPECT(-22, 34)			/* no signal 65 */
	movl $174, %eax; movl $10, %ebx; movl $act, %ecx; xorl %edx, %edx; movl $4, %esi; int $0x80
	EXPECT(-22, 35)			/* sigsetsize 4 */
	movl $175, %eax; xorl %ebx, %ebx; movl $K, %ecx; xorl %edx, %edx; movl $8, %esi; int $0x80
	EXPECT(-14, 36)			/* rt_sigprocmask: set in the kernel */
	movl $175, %eax; movl $7, %ebx; movl $act + 12, %ecx; xorl %edx, %edx; movl $8, %esi; int $0x80
	EXPECT(-22, 37)			/* how 7 */
	movl $186, %eax; movl $K, %ebx; xorl %ecx, %ecx; int $0x80
	EXPECT(-14, 38)			/* sigaltstack: ss in the kernel */
	movl $186, %eax; movl $small, %ebx; xorl %ecx, %ecx; int $0x80
	EXPECT(-12, 39)			/* a 1 KiB stack: ENOMEM (MINSIGSTKSZ 2048) */
	movl $37, %eax; movl $1, %ebx; movl $65, %ecx; int $0x80
	EXPECT(-22, 40)			/* kill: signal 65 */
	movl $37, %eax; movl $999, %ebx; xorl %ecx, %ecx; int $0x80
	EXPECT(-3, 41)			/* kill: no such process */
	movl $179, %eax; movl $K, %ebx; movl $8, %ecx; int $0x80
	EXPECT(-14, 42)			/* rt_sigsuspend: mask in the kernel */
	movl $104, %eax; xorl %ebx, %ebx; movl $K, %ecx; xorl %edx, %edx; int $0x80
	EXPECT(-14, 43)			/* setitimer: value in the kernel */
	movl $104, %eax; xorl %ebx, %ebx; movl $badtv, %ecx; xorl %edx, %edx; int $0x80
	EXPECT(-22, 44)			/* tv_usec 1000000 */
	movl $105, %eax; xorl %ebx, %ebx; movl $K, %ecx; int $0x80
	EXPECT(-14, 45)			/* getitimer into the kernel */
	movl $176, %eax; movl $K, %ebx; movl $8, %ecx; int $0x80
	EXPECT(-14, 46)			/* rt_sigpending into the kernel */
	movl $178, %eax; movl $999, %ebx; movl $10, %ecx; movl $zinfo, %edx; int $0x80
	EXPECT(-1, 47)			/* rt_sigqueueinfo: si_code 0 to another: EPERM */
	movl $178, %eax; movl $1, %ebx; movl $10, %ecx; movl $K, %edx; int $0x80
	EXPECT(-14, 48)			/* its siginfo in the kernel */
	movl $174, %eax			/* rt_sigaction(SIGUSR1, &act, NULL, 8) */
	movl $10, %ebx
	movl $act, %ecx
	xorl %edx, %edx
	movl $8, %esi
	int $0x80
	testl %eax, %eax; FAILIF(1)
	movl $20, %eax			/* getpid */
	int $0x80
	movl %eax, %ebx
	movl $37, %eax			/* kill(pid, SIGUSR1) */
	movl $10, %ecx
	movl $0x12345678, %edi		/* must survive the handler */
	movl $0x9abcdef0, %ebp
	int $0x80
after_kill:
	testl %eax, %eax; FAILIF(2)	/* kill's 0, restored by sigreturn */
	cmpl $0x12345678, %edi; FAILIF(3)
	cmpl $0x9abcdef0, %ebp; FAILIF(4)
	cmpl $1, ran; FAILIF(5)
	/* An old sigframe: SIGUSR2 with no flags (no SA_SIGINFO, no
	 * SA_RESTORER): the handler returns through the frame's pretcode
	 * (the retcode on the stack here, the vDSO's on Linux). */
	movl $174, %eax
	movl $12, %ebx
	movl $act2, %ecx
	xorl %edx, %edx
	movl $8, %esi
	int $0x80
	testl %eax, %eax; FAILIF(20)
	movl $20, %eax
	int $0x80
	movl %eax, %ebx
	movl $37, %eax
	movl $12, %ecx
	movl $0x0badf00d, %edi
	int $0x80
after_kill2:
	testl %eax, %eax; FAILIF(21)
	cmpl $0x0badf00d, %edi; FAILIF(22)
	cmpl $2, ran; FAILIF(23)
	movl $1, %eax
	movl $7, %ebx
	int $0x80
fail:
	movl $1, %eax
	int $0x80

handler:
	cmpl $10, 4(%esp); FAILIF(10)	/* sig */
	cmpl $10, %eax; FAILIF(11)	/* EAX = sig */
	movl 8(%esp), %esi		/* &siginfo */
	cmpl %esi, %edx; FAILIF(12)	/* EDX = &info */
	cmpl $10, (%esi); FAILIF(13)	/* si_signo */
	cmpl $0, 8(%esi); FAILIF(14)	/* si_code SI_USER */
	movl 12(%esp), %esi		/* &ucontext */
	cmpl %esi, %ecx; FAILIF(15)	/* ECX = &uc */
	cmpl $after_kill, 20+56(%esi); FAILIF(16) /* uc_mcontext.eip */
	cmpl $0x12345678, 20+16(%esi); FAILIF(17) /* uc_mcontext.edi */
	movl $1, ran
	movl $0x55555555, %edi		/* clobbered: sigreturn restores it */
	ret				/* into the restorer */
handler2:
	cmpl $12, 4(%esp); FAILIF(24)	/* sig */
	cmpl $after_kill2, 8+56(%esp); FAILIF(25) /* sigcontext.eip */
	cmpl $0x0badf00d, 8+16(%esp); FAILIF(26) /* sigcontext.edi */
	cmpl $0, 8+44(%esp); FAILIF(27)	/* sigcontext.eax: kill's result */
	movl $2, ran
	xorl %edi, %edi
	ret				/* into pretcode: sigreturn */
restorer:
	movl $173, %eax			/* rt_sigreturn */
	int $0x80

	.data
act:	.long handler, 0x04000004, restorer, 0, 0	/* SA_RESTORER | SA_SIGINFO */
act2:	.long handler2, 0, 0, 0, 0	/* no flags at all */
ran:	.long 0
small:	.long small, 0, 1024		/* stack_t: 1 KiB */
badtv:	.long 0, 0, 0, 1000000		/* itimerval: usec out of range */

	.section .note.ABI-tag, "a"
	.align 4
	.long 4, 16, 1			/* namesz, descsz, NT_GNU_ABI_TAG */
	.asciz "GNU"
	.long 0, 3, 2, 0		/* Linux 3.2.0 */

	.bss
zinfo:	.space 128			/* a siginfo of zeros: si_code SI_USER */
