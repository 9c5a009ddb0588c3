/*
 * The ring-3 tasks of the bare-metal guest kernel. The linker puts this
 * file's code and data in the user pages; it must not call kernel code.
 * Each task is one test: it prints what it sees, then exits or faults.
 */
#include "bare.h"

typedef unsigned int u32;

static inline int sys(int n, u32 a, u32 b)
{
	int r;
	__asm__ volatile("int $64" : "=a"(r) : "a"(n), "b"(a), "c"(b) : "memory");
	return r;
}

static u32 ulen(const char *s)
{
	u32 n = 0;
	while (s[n])
		n++;
	return n;
}

static void say(const char *s)
{
	sys(SYS_WRITE, (u32)s, ulen(s));
}

static void say_hex(const char *s, u32 v)
{
	char buf[64];
	u32 n = 0;
	while (*s)
		buf[n++] = *s++;
	buf[n++] = '0';
	buf[n++] = 'x';
	for (int k = 28; k >= 0; k -= 4)
		buf[n++] = "0123456789abcdef"[(v >> k) & 15];
	buf[n++] = '\n';
	sys(SYS_WRITE, (u32)buf, n);
}

static void __attribute__((noreturn)) uexit(u32 code)
{
	sys(SYS_EXIT, code, 0);
	for (;;)
		;
}

static u32 user_rw = 0x5a5a5a5a;
/* The task's stack, in the user data pages. */
char ustack[8192] __attribute__((aligned(4096)));

/* Entered by the kernel's first iret with DS/ES/FS/GS as the kernel left
 * them (kernel data): the CPU has nulled them. Read them before using any
 * memory, then load the user data selector. */
void __attribute__((noreturn)) task_hello(void)
{
	u32 ds, es, fs, gs, cs;
	__asm__ volatile("mov %%ds,%0; mov %%es,%1; mov %%fs,%2; mov %%gs,%3; mov %%cs,%4"
			 : "=r"(ds), "=r"(es), "=r"(fs), "=r"(gs), "=r"(cs));
	__asm__ volatile("mov %0,%%ds; mov %0,%%es" : : "r"(UDATA_SEL));
	say("user: hello from ring 3\n");
	say_hex("user: cs after iret = ", cs);
	say_hex("user: ds after iret = ", ds);
	say_hex("user: es after iret = ", es);
	say_hex("user: fs after iret = ", fs);
	say_hex("user: gs after iret = ", gs);
	/* The TSS I/O bitmap grants port 0xE9 (and nothing else) to ring 3. */
	const char *m = "user: direct out to 0xe9 allowed by the I/O bitmap\n";
	while (*m)
		__asm__ volatile("outb %0, $0xe9" : : "a"(*m++));
	user_rw++;
	say_hex("user: data page read back ", user_rw);
	uexit(0);
}

void __attribute__((noreturn)) task_flags(void)
{
	u32 f;
	/* popf at CPL 3 > IOPL: IOPL and IF are silently kept (SDM "POPF"). */
	__asm__ volatile("pushl $0x3002; popfl; pushfl; popl %0" : "=r"(f));
	say_hex("user: eflags after popf(IOPL=3, IF=0) = ", f & 0x3200);
	uexit(0);
}

extern char kernel_secret[];
extern char __user_end[];

void __attribute__((noreturn)) task_badptr(void)
{
	say_hex("user: write(kernel ptr) = ", (u32)sys(SYS_WRITE, (u32)kernel_secret, 4));
	say_hex("user: write(NULL) = ", (u32)sys(SYS_WRITE, 0, 4));
	say_hex("user: write(crossing out of user space) = ",
		(u32)sys(SYS_WRITE, (u32)__user_end - 4, 0x10));
	say_hex("user: peek(kernel secret) = ", (u32)sys(SYS_PEEK, (u32)kernel_secret, 0));
	say_hex("user: peek(own data) = ", (u32)sys(SYS_PEEK, (u32)&user_rw, 0));
	say_hex("user: syscall 99 = ", (u32)sys(99, 0, 0));
	uexit(7);
}

void task_pf_read(void)
{
	say("user: reading a kernel address\n");
	(void)*(volatile u32 *)kernel_secret;
	say("user: NOT STOPPED\n");
	uexit(1);
}

void task_pf_write(void)
{
	say("user: writing my own code page\n");
	*(volatile unsigned char *)task_pf_write = 0xc3;
	uexit(1);
}

void task_pf_null(void)
{
	say("user: reading address 8\n");
	u32 v, a = 8;
	__asm__ volatile("movl (%1), %0" : "=r"(v) : "r"(a));
	uexit(1);
}

void task_cli(void)
{
	say("user: cli\n");
	__asm__ volatile("cli");
	uexit(1);
}

void task_out(void)
{
	say("user: out to port 0xf4\n");
	__asm__ volatile("outb %%al, $0xf4" : : "a"(0));
	uexit(1);
}

void task_sel(void)
{
	say("user: loading the kernel data selector into DS\n");
	__asm__ volatile("mov %0, %%ds" : : "r"(KDATA_SEL));
	uexit(1);
}

void task_int13(void)
{
	say("user: int $13\n");
	__asm__ volatile("int $13");
	uexit(1);
}

void task_int65(void)
{
	say("user: int $65 (gate not present)\n");
	__asm__ volatile("int $65");
	uexit(1);
}

void task_int66(void)
{
	say("user: int $66 (beyond the IDT limit)\n");
	__asm__ volatile("int $66");
	uexit(1);
}

void task_ud(void)
{
	say("user: ud2\n");
	__asm__ volatile("ud2");
	uexit(1);
}

void task_div(void)
{
	say("user: divide by zero\n");
	u32 q, z = 0;
	__asm__ volatile("divl %2" : "=a"(q) : "a"(1), "r"(z), "d"(0));
	uexit(q);
}

void task_ss(void)
{
	say("user: loading the kernel data descriptor into SS at RPL 3\n");
	__asm__ volatile("mov %0, %%ss" : : "r"(KDATA_SEL | 3));
	uexit(1);
}

void task_ljmp(void)
{
	say("user: far jmp to the kernel code selector\n");
	__asm__ volatile("ljmp $0x08, $0");
	uexit(1);
}

void task_iret(void)
{
	say("user: iret with a forged frame to CPL 0\n");
	__asm__ volatile("pushl $0x10; pushl $0; pushl $0x2; pushl $0x08; pushl $0; iret");
	uexit(1);
}

void task_outw(void)
{
	say("user: 16-bit out to 0xe9 (0xea is not granted)\n");
	__asm__ volatile("outw %%ax, $0xe9" : : "a"(0));
	uexit(1);
}

void task_kstack(void)
{
	say("user: push with ESP in kernel space\n");
	__asm__ volatile("mov %0, %%esp; pushl $0" : : "r"(kernel_secret + 8));
	uexit(1);
}

void task_hlt(void)
{
	say("user: hlt\n");
	__asm__ volatile("hlt");
	uexit(1);
}

void task_cr3(void)
{
	u32 v;
	say("user: mov from CR3\n");
	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	uexit(v);
}

/* The timer runs only where the machine has one configured; its lines
 * start with "timer:" and are left out of the QEMU comparison. */
void __attribute__((noreturn)) task_timer(void)
{
	u32 spins = 0;
	while (sys(SYS_TICKS, 0, 0) < 3 && spins < 2000000u)
		spins++;
	say(sys(SYS_TICKS, 0, 0) >= 3 ? "timer: user saw 3 ticks\n" : "timer: no ticks\n");
	uexit(0);
}
