/*
 * A bare-metal guest kernel for ia32emu --bare and qemu-system-i386: it
 * builds its own GDT, IDT, TSS (with an I/O bitmap) and page tables, turns
 * paging on, runs ring-3 tasks entered by iret, serves their int $64 calls,
 * takes the timer interrupt and reports and survives their faults. Every
 * line it prints must be the same on both machines (except "timer:" lines).
 */
#include "bare.h"

typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

#define NTASK_PAGES 1024

struct frame {
	u32 gs, fs, es, ds;
	u32 edi, esi, ebp, oesp, ebx, edx, ecx, eax;
	u32 vec, err;
	u32 eip, cs, eflags, esp, ss;
};

/* 32-bit TSS (SDM vol. 3 figure 7-2) followed by the I/O permission bitmap
 * (vol. 1 §19.5.2) and its terminating 0xff byte. */
struct tss {
	u32 link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	u32 r[8];
	u32 es, cs, ss, ds, fs, gs, ldt;
	u16 trap, iomap;
	u8 bitmap[8192 + 1];
} __attribute__((packed));

static unsigned long long gdt[11] __attribute__((aligned(8)));
static unsigned long long idt[66] __attribute__((aligned(8)));
static struct tss tss __attribute__((aligned(128)));
static u32 pgdir[1024] __attribute__((aligned(4096)));
static u32 pgtab[1024] __attribute__((aligned(4096)));
char kernel_secret[16] __attribute__((aligned(16))) = "KERNEL-SECRET!!";

static volatile u32 ticks;
static volatile int probing, probe_vec;
static volatile u32 probe_err, probe_cr2;
static unsigned cur_task;

extern char __user_text[], __user_data[], __user_end[];
extern char kstack_top[];
extern char ustack[]; /* in the user data pages (user.c) */
#define USTACK_SIZE 8192u
extern void isr0(void), isr6(void), isr8(void), isr10(void), isr11(void), isr12(void),
    isr13(void), isr14(void), isr32(void), isr39(void), isr64(void);
extern void enter_user(u32 eip, u32 esp) __attribute__((noreturn));
extern int probe_write(u32 addr, u32 val), probe_ds(u32 sel), probe_ss(u32 sel),
    probe_read(u32 sel, u32 off);
extern char probe_fixup[];
/* The W/R probes (entry.S): name, and 1 for a read-modify-write. */
#define WPROBES(X)                                                                                 \
	X(mov, 0)                                                                                  \
	X(movb, 0) X(add, 1) X(inc, 1) X(not, 1) X(shl, 1) X(bts, 1) X(xchg, 1) X(xadd, 1)         \
	    X(cmpxchg, 1) X(cmpxchg8b, 1) X(lockadd, 1) X(setcc, 0) X(sgdt, 0) X(sidt, 0)          \
		X(smsw, 0) X(str, 0) X(sldt, 0) X(fnstsw, 0) X(fnstcw, 0) X(fstp, 0) X(fist, 0)    \
		    X(fnstenv, 0) X(fnsave, 0) X(stos, 0) X(movs, 0) X(ins, 0)
#define WPROBE_DECL(n, rmw) extern int wprobe_##n(u32 addr);
WPROBES(WPROBE_DECL)
extern void task_hello(void), task_flags(void), task_badptr(void), task_pf_read(void),
    task_pf_write(void), task_pf_null(void), task_cli(void), task_out(void), task_sel(void),
    task_int13(void), task_int65(void), task_int66(void), task_ud(void), task_div(void),
    task_ss(void), task_ljmp(void), task_iret(void), task_outw(void), task_kstack(void),
    task_hlt(void), task_cr3(void), task_timer(void);

static void (*const tasks[])(void) = {
    task_hello, task_flags, task_badptr, task_pf_read, task_pf_write,
    task_pf_null, task_cli, task_out, task_sel, task_int13,
    task_int65, task_int66, task_ud, task_div, task_ss,
    task_ljmp, task_iret, task_outw, task_kstack, task_hlt,
    task_cr3, task_timer,
};
#define NTASKS (sizeof(tasks) / sizeof(tasks[0]))

static inline void outb(u16 port, u8 v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static void putc_(char ch)
{
	outb(0xe9, (u8)ch);
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void hex(u32 v)
{
	puts_("0x");
	for (int k = 28; k >= 0; k -= 4)
		putc_("0123456789abcdef"[(v >> k) & 15]);
}

static void say_hex(const char *s, u32 v)
{
	puts_(s);
	hex(v);
	putc_('\n');
}

static void __attribute__((noreturn)) power_off(u32 v)
{
	outb(0xf4, (u8)v);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* A segment descriptor (SDM vol. 3 §3.4.5, figure 3-8). */
static unsigned long long seg(u32 base, u32 limit, u32 access, u32 flags)
{
	u32 lo = (limit & 0xffff) | (base << 16);
	u32 hi = ((base >> 16) & 0xff) | (access << 8) | (limit & 0xf0000) | (flags << 20) |
		 (base & 0xff000000u);
	return (unsigned long long)hi << 32 | lo;
}

/* An interrupt (0xE) or trap (0xF) gate (SDM vol. 3 figure 6-2). */
static void gate(unsigned vec, void (*fn)(void), u32 type, u32 dpl)
{
	u32 off = (u32)fn;
	u32 lo = (off & 0xffff) | (0x08u << 16);
	u32 hi = (off & 0xffff0000u) | 0x8000u | (dpl << 13) | (type << 8);
	idt[vec] = (unsigned long long)hi << 32 | lo;
}

static void setup_gdt_tss(void)
{
	gdt[1] = seg(0, 0xfffff, 0x9a, 0xc);
	gdt[2] = seg(0, 0xfffff, 0x92, 0xc);
	gdt[3] = seg(0, 0xfffff, 0xfa, 0xc);
	gdt[4] = seg(0, 0xfffff, 0xf2, 0xc);
	gdt[5] = seg((u32)&tss, sizeof(tss) - 1, 0x89, 0);
	/* Descriptors for the kernel's segment-check probes (test_segments). */
	gdt[6] = seg(0, 0xfffff, 0x12, 0xc);	 /* data, not present */
	gdt[7] = seg(0, 0xfffff, 0x90, 0xc);	 /* read-only data */
	gdt[8] = seg(0, 0xfffff, 0x98, 0xc);	 /* execute-only code */
	gdt[9] = seg(0x200000, 0xfff, 0x92, 0x4); /* data, 4 KiB, byte limit */
	gdt[10] = seg(0, 0xfff, 0x96, 0x4);	 /* expand-down data: 0x1000 and up */
	tss.esp0 = (u32)kstack_top;
	tss.ss0 = KDATA_SEL;
	tss.iomap = (u16)((u32)tss.bitmap - (u32)&tss);
	for (u32 k = 0; k < sizeof(tss.bitmap); k++)
		tss.bitmap[k] = 0xff;
	tss.bitmap[0xe9 / 8] &= (u8) ~(1u << (0xe9 % 8)); /* ring 3 may use 0xE9 */
	struct {
		u16 limit;
		u32 base;
	} __attribute__((packed)) d = {sizeof(gdt) - 1, (u32)gdt};
	__asm__ volatile("lgdt %0" : : "m"(d));
	/* Reload every segment register from the new GDT: CS by a far jump. */
	__asm__ volatile("ljmp $0x08, $1f; 1: mov %0, %%ds; mov %0, %%es; mov %0, %%ss;"
			 "mov %0, %%fs; mov %0, %%gs"
			 :
			 : "r"(KDATA_SEL));
	__asm__ volatile("ltr %w0" : : "r"(0x28));
}

static void setup_idt(void)
{
	gate(0, isr0, 0xe, 0);
	gate(6, isr6, 0xe, 0);
	gate(8, isr8, 0xe, 0);
	gate(10, isr10, 0xe, 0);
	gate(11, isr11, 0xe, 0);
	gate(12, isr12, 0xe, 0);
	gate(13, isr13, 0xe, 0);
	gate(14, isr14, 0xe, 0);
	gate(32, isr32, 0xe, 0);
	gate(39, isr39, 0xe, 0); /* the 8259's spurious IRQ 7 */
	gate(64, isr64, 0xf, 3); /* system calls: a DPL-3 trap gate */
	gate(65, isr64, 0xf, 3);
	idt[65] &= ~(1ull << 47); /* DPL 3 but not present: int $65 is #NP */
	struct {
		u16 limit;
		u32 base;
	} __attribute__((packed)) d = {sizeof(idt) - 1, (u32)idt}; /* vector 66 is beyond */
	__asm__ volatile("lidt %0" : : "m"(d));
}

/* Identity-maps the first 4 MiB with 4 KiB pages: page 0 absent, the
 * kernel supervisor-only, the task's code user read-only and its data user
 * read-write; 4-8 MiB is one supervisor 4 MiB page, and 8-12 MiB an alias
 * of it (CR4.PSE, SDM vol. 3 §4.3). */
static void setup_paging(void)
{
	for (u32 k = 1; k < 1024; k++) {
		u32 a = k << 12, f = 0x3;
		if (a >= (u32)__user_text && a < (u32)__user_data)
			f = 0x5;
		else if (a >= (u32)__user_data && a < (u32)__user_end)
			f = 0x7;
		pgtab[k] = a | f;
	}
	pgdir[0] = (u32)pgtab | 0x7;
	pgdir[1] = 0x400000 | 0x83;
	pgdir[2] = 0x400000 | 0x83;
	__asm__ volatile("mov %%cr4, %%eax; or $0x10, %%eax; mov %%eax, %%cr4" : : : "eax");
	__asm__ volatile("mov %0, %%cr3" : : "r"(pgdir));
	__asm__ volatile("mov %%cr0, %%eax; or $0x80000000, %%eax; mov %%eax, %%cr0" : : : "eax");
}

/* The 8259 PICs remapped to vectors 32-47 with only IRQ 0 unmasked, and
 * the 8254 PIT at about 100 Hz. ia32emu decodes none of these ports (its
 * virtual timer needs no programming); QEMU needs them for a timer. */
static void setup_timer_hw(void)
{
	static const u8 init[][2] = {
	    {0x20, 0x11}, {0xa0, 0x11}, {0x21, 0x20}, {0xa1, 0x28}, {0x21, 0x04},
	    {0xa1, 0x02}, {0x21, 0x01}, {0xa1, 0x01}, {0x21, 0xfe}, {0xa1, 0xff},
	    {0x43, 0x34}, {0x40, 0x9c}, {0x40, 0x2e},
	};
	for (u32 k = 0; k < sizeof(init) / sizeof(init[0]); k++)
		outb(init[k][0], init[k][1]);
}

static u32 *pte_of(u32 va)
{
	return &pgtab[(va >> 12) & 1023];
}

/* Is [p, p+n) in user pages (P and U set)? The kernel's copyin rule. */
static int user_ok(u32 p, u32 n)
{
	if (n == 0)
		return 1;
	if (p + n < p || p + n > 0x400000)
		return 0;
	for (u32 a = p & ~0xfffu; a < p + n; a += 0x1000)
		if ((*pte_of(a) & 0x5) != 0x5)
			return 0;
	return 1;
}

static void start_task(struct frame *f, unsigned n)
{
	f->eip = (u32)tasks[n];
	f->esp = (u32)ustack + USTACK_SIZE;
	f->cs = UCODE_SEL;
	f->ss = f->ds = f->es = f->fs = f->gs = UDATA_SEL;
	f->eflags = 0x202;
}

static void finish(void);

static void next_task(struct frame *f)
{
	if (++cur_task == NTASKS)
		finish();
	say_hex("kernel: starting task ", cur_task);
	start_task(f, cur_task);
}

static const char *const names[] = {
    [0] = "#DE", [6] = "#UD", [8] = "#DF", [10] = "#TS", [11] = "#NP", [12] = "#SS", [13] = "#GP", [14] = "#PF",
};

static void syscall(struct frame *f)
{
	switch (f->eax) {
	case SYS_EXIT:
		say_hex("kernel: task exited with ", f->ebx);
		next_task(f);
		break;
	case SYS_WRITE:
		if (!user_ok(f->ebx, f->ecx)) {
			f->eax = (u32)-EFAULT;
			break;
		}
		for (u32 k = 0; k < f->ecx; k++)
			putc_(((const char *)f->ebx)[k]);
		f->eax = f->ecx;
		break;
	case SYS_TICKS: f->eax = ticks; break;
	case SYS_PEEK: f->eax = user_ok(f->ebx, 1) ? *(const u8 *)f->ebx : (u32)-EFAULT; break;
	default: f->eax = (u32)-ENOSYS; break;
	}
}

void trap(struct frame *f)
{
	u32 cr2;
	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	if (f->vec == 39)
		return; /* spurious: no end of interrupt */
	if (f->vec == 32) {
		ticks++;
		outb(0x20, 0x20); /* end of interrupt (a no-op on ia32emu) */
		return;
	}
	if (f->vec == 64) {
		syscall(f);
		return;
	}
	if ((f->cs & 3) == 0 && probing) {
		probe_vec = (int)f->vec;
		probe_err = f->err;
		probe_cr2 = cr2;
		f->eip = (u32)probe_fixup;
		return;
	}
	puts_((f->cs & 3) ? "kernel: user fault " : "kernel: KERNEL FAULT ");
	puts_(f->vec < sizeof(names) / sizeof(names[0]) && names[f->vec] ? names[f->vec] : "?");
	say_hex(" error ", f->err);
	say_hex("  at eip ", f->eip);
	if (f->vec == 14)
		say_hex("  cr2 ", cr2);
	if ((f->cs & 3) == 0)
		power_off(3);
	next_task(f);
}

/* CR0.WP: a supervisor write to a read-only user page succeeds with WP=0
 * and is a #PF (error 3) with WP=1 (SDM vol. 3 §4.6.1). */
static void test_wp(void)
{
	u32 a = (u32)__user_text;
	u8 old = *(volatile u8 *)a;
	probing = 1;
	probe_vec = -1;
	say_hex("kernel: WP=0 write to user RO page faulted = ", (u32)probe_write(a, old));
	__asm__ volatile("mov %%cr0, %%eax; or $0x10000, %%eax; mov %%eax, %%cr0" : : : "eax");
	int r = probe_write(a, old);
	say_hex("kernel: WP=1 write to user RO page faulted = ", (u32)r);
	say_hex("  error ", probe_err);
	say_hex("  cr2 ", probe_cr2);
	probing = 0;
}

/* The #PF error code of every store and read-modify-write at CPL 0, to a
 * not-present page (0x10, in absent page 0) and to a read-only page (the
 * user code page, CR0.WP=1 since test_wp): W/R = 1 in every case (SDM
 * vol. 3 §4.7: W/R tells whether the access causing the fault was a
 * write), so 0x2 and 0x3. A read-modify-write on a not-present page
 * reports W/R = 1 on Intel and AMD CPUs, which check its destination for
 * writing on the first access; QEMU's TCG loads first and reports 0x0, so
 * those lines start "rmw:" and the QEMU comparison leaves them out. */
static void test_wr(void)
{
#define WPROBE_ROW(n, rmw) {#n, wprobe_##n, rmw},
	static const struct {
		const char *name;
		int (*fn)(u32);
		int rmw;
	} probes[] = {WPROBES(WPROBE_ROW)};
	probing = 1;
	for (u32 k = 0; k < sizeof(probes) / sizeof(probes[0]); k++) {
		for (int ro = 0; ro < 2; ro++) {
			probe_vec = -1;
			probe_err = 0xdead;
			int r = probes[k].fn(ro ? (u32)__user_text + 0x100 : 0x10);
			puts_(probes[k].rmw && !ro ? "rmw: " : "wr: ");
			puts_(probes[k].name);
			puts_(ro ? " read-only: " : " not-present: ");
			if (!r) {
				puts_("no fault\n");
				continue;
			}
			puts_(probe_vec == 14 ? "#PF" : "?");
			say_hex(" error ", probe_err);
		}
	}
	probing = 0;
}

/* Accessed and dirty bits as the CPU sets them (SDM vol. 3 §4.8). */
static void report_ad(void)
{
	say_hex("kernel: user code PTE A/D = ", *pte_of((u32)__user_text) & 0x60);
	say_hex("kernel: user data PTE A/D = ", *pte_of((u32)__user_data) & 0x60);
}

/* The 4 MiB pages and invlpg: a write through one alias is read through
 * the other; a remapped 4 KiB page reads its new frame after invlpg. */
static void test_tlb(void)
{
	*(volatile u32 *)0x400100 = 0x12345678;
	say_hex("kernel: 4 MiB alias reads ", *(volatile u32 *)0x800100);
	u32 va = (u32)ustack, old = *pte_of(va);
	*(volatile u32 *)va = 0x11111111;
	*(volatile u32 *)(va + 0x1000) = 0x22222222;
	*pte_of(va) = (old & 0xfff) | ((old & ~0xfffu) + 0x1000);
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
	say_hex("kernel: after remap + invlpg reads ", *(volatile u32 *)va);
	/* Back to the old frame, flushed this time by reloading CR3. */
	*pte_of(va) = old;
	__asm__ volatile("mov %%cr3, %%eax; mov %%eax, %%cr3" : : : "eax", "memory");
	say_hex("kernel: after remap + CR3 reload reads ", *(volatile u32 *)va);
}

/* The system instructions at CPL 0: str, sldt, sgdt, sidt read back what
 * was loaded; lss reloads SS:ESP; a far call and far return to the same
 * level (SDM vol. 2 "CALL", "RET"). */
static void test_system_insns(void)
{
	u32 tr = 0, ldt = 0xffff, same, via_far = 0;
	struct {
		u16 limit;
		u32 base;
	} __attribute__((packed)) g, i;
	struct {
		u32 off;
		u16 sel;
	} __attribute__((packed)) fp;
	__asm__ volatile("str %w0; sldt %w1; sgdt %2; sidt %3"
			 : "+r"(tr), "+r"(ldt), "=m"(g), "=m"(i));
	say_hex("kernel: str = ", tr & 0xffff);
	say_hex("kernel: sldt = ", ldt & 0xffff);
	say_hex("kernel: sgdt gives our GDT = ", g.base == (u32)gdt && g.limit == sizeof(gdt) - 1);
	say_hex("kernel: sidt gives our IDT = ", i.base == (u32)idt && i.limit == sizeof(idt) - 1);
	__asm__ volatile("mov %%esp, %%ecx; mov %%esp, (%1); movw $0x10, 4(%1); lss (%1), %%esp;"
			 "xor %%esp, %%ecx; sete %%cl; movzbl %%cl, %0"
			 : "=r"(same)
			 : "r"(&fp)
			 : "ecx", "memory");
	say_hex("kernel: lss kept SS:ESP = ", same);
	__asm__ volatile("lcall $0x08, $1f; jmp 2f; 1: movl $1, %0; lret; 2:"
			 : "+r"(via_far)
			 :
			 : "memory");
	say_hex("kernel: far call and far return at CPL 0 = ", via_far);
}

static void probe_report(const char *what, int faulted)
{
	/* QEMU's TCG does not check data-segment limits or the use of a null
	 * selector, so those probes print "limits:" lines, which the QEMU
	 * comparison leaves out (docs/bare.md). */
	puts_(what[0] == 'r' ? "limits: probe " : "kernel: probe ");
	puts_(what);
	if (!faulted) {
		puts_(": ok\n");
		return;
	}
	puts_(": ");
	puts_(probe_vec >= 0 && probe_vec < (int)(sizeof(names) / sizeof(names[0])) &&
		      names[probe_vec]
		  ? names[probe_vec]
		  : "?");
	say_hex(" error ", probe_err);
}

/* Segment-register loads and limit checks at CPL 0 (SDM vol. 2 "MOV";
 * vol. 3 §5.3, §5.5): the outcome must match QEMU's. */
static void test_segments(void)
{
	probing = 1;
	probe_report("DS <- 0x30 (not present)", probe_ds(0x30));
	probe_report("SS <- 0x30 (not present)", probe_ss(0x30));
	probe_report("SS <- 0x38 (read-only data)", probe_ss(0x38));
	probe_report("DS <- 0x40 (execute-only code)", probe_ds(0x40));
	probe_report("DS <- 0x13 (RPL 3 > DPL 0)", probe_ds(0x13));
	probe_report("DS <- 0x58 (beyond the GDT limit)", probe_ds(0x58));
	probe_report("DS <- 0x1b (user code, readable)", probe_ds(0x1b));
	probe_report("DS <- 0x08 (kernel code, readable)", probe_ds(0x08));
	probe_report("DS <- 0x03 (null, RPL 3)", probe_ds(0x03));
	probe_report("read 4 KiB segment at 0xffc", probe_read(0x48, 0xffc));
	probe_report("read 4 KiB segment at 0xffd", probe_read(0x48, 0xffd));
	probe_report("read expand-down segment at 0x1000", probe_read(0x50, 0x1000));
	probe_report("read expand-down segment at 0xffc", probe_read(0x50, 0xffc));
	probe_report("read through a null DS", probe_read(0x00, 0x1000));
	probing = 0;
}

static void finish(void)
{
	report_ad();
	test_wp();
	test_wr();
	test_tlb();
	test_system_insns();
	test_segments();
	/* hlt with IF=1 waits for the next timer interrupt. */
	u32 t0 = ticks;
	if (t0) {
		__asm__ volatile("sti; hlt; cli");
		puts_(ticks != t0 ? "timer: kernel hlt woke on a tick\n" : "timer: hlt woke, no tick\n");
	} else {
		puts_("timer: no timer, hlt skipped\n");
	}
	puts_("kernel: all tasks done\n");
	power_off(0x10);
}

void kmain(u32 magic, u32 mbi)
{
	puts_("kernel: booted\n");
	if (magic != 0x2badb002u) {
		say_hex("kernel: bad multiboot magic ", magic);
		power_off(2);
	}
	say_hex("kernel: multiboot flags ", *(u32 *)mbi & 1);
	/* QEMU reports 639 KiB (an EBDA below 640), ia32emu 640. */
	say_hex("kernel: mem_lower at least 600 KiB ", ((u32 *)mbi)[1] >= 600);
	setup_gdt_tss();
	setup_idt();
	setup_paging();
	setup_timer_hw();
	puts_("kernel: paging on, entering ring 3\n");
	cur_task = 0;
	say_hex("kernel: starting task ", 0);
	enter_user((u32)tasks[0], (u32)ustack + USTACK_SIZE);
}
