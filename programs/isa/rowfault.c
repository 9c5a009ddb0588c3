/*
 * rowfault: executes ONE instruction chosen by name (argv[1]) that must stop
 * a CPL-3 program with an exception, so that its table row is exercised at
 * user level: privileged and I/O instructions (#GP(0), SDM vol. 3 §5.9 and
 * vol. 1 §19.5 with IOPL 0), int3 (#BP), into (#OF), bound (#BR), ud2 and
 * lock misuse (#UD), divide errors (#DE), a 16-byte instruction (#GP(0),
 * SDM vol. 2 §2.3.11). Built for ia32emu and for Linux from the same source:
 * both must end with the same signal status. Without an argument it lists
 * the case names. Reaching the end prints "survived" and exits 0.
 */
#include "../isatest/isatest.h"

struct fcase {
	const char *name;
	void (*fn)(void);
};

#define CASE(n, asmtext)                                                                           \
	static void f_##n(void)                                                                    \
	{                                                                                          \
		__asm__ volatile(asmtext ::: "memory", "eax", "ecx", "edx");                       \
	}
/* Encodings that are invalid or outside the subset live in their own
 * executable section, so that .text stays what a compiler emits (the
 * objdump differential reads .text). */
#define CASEB(n, asmtext)                                                                          \
	__attribute__((section("badcode"), noinline)) static void f_##n(void)                      \
	{                                                                                          \
		__asm__ volatile(asmtext ::: "memory", "eax", "ecx", "edx");                       \
	}
CASE(int3, "int3")
CASE(int1, ".byte 0xf1")
CASE(into, "movl $0x7fffffff,%%eax\n\taddl $1,%%eax\n\tinto")
CASE(ud2, "ud2")
CASE(hlt, "hlt")
CASE(cli, "cli")
CASE(sti, "sti")
CASE(in_ALIb, "inb $0x80,%%al")
CASE(in_eAXIb, "inl $0x80,%%eax")
CASE(out_IbAL, "outb %%al,$0x80")
CASE(out_IbeAX, "outl %%eax,$0x80")
CASE(in_ALDX, "movl $0x80,%%edx\n\tinb (%%dx),%%al")
CASE(in_eAXDX, "movl $0x80,%%edx\n\tinl (%%dx),%%eax")
CASE(out_DXAL, "movl $0x80,%%edx\n\toutb %%al,(%%dx)")
CASE(out_DXeAX, "movl $0x80,%%edx\n\toutl %%eax,(%%dx)")
CASE(insb, "pushl %%edi\n\tmovl %%esp,%%edi\n\tmovl $0x80,%%edx\n\tinsb\n\tpopl %%edi")
CASE(insv, "pushl %%edi\n\tmovl %%esp,%%edi\n\tmovl $0x80,%%edx\n\tinsl\n\tpopl %%edi")
CASE(outsb, "pushl %%esi\n\tmovl %%esp,%%esi\n\tmovl $0x80,%%edx\n\toutsb\n\tpopl %%esi")
CASE(outsv, "pushl %%esi\n\tmovl %%esp,%%esi\n\tmovl $0x80,%%edx\n\toutsl\n\tpopl %%esi")
CASE(lldt, "xorl %%eax,%%eax\n\tlldt %%ax")
CASE(ltr, "movl $0x28,%%eax\n\tltr %%ax")
CASE(lgdt, "subl $8,%%esp\n\tlgdtl (%%esp)\n\taddl $8,%%esp")
CASE(lidt, "subl $8,%%esp\n\tlidtl (%%esp)\n\taddl $8,%%esp")
CASE(lmsw, "movl $1,%%eax\n\tlmsw %%ax")
CASE(invlpg, "invlpg (%%esp)")
CASE(clts, "clts")
CASE(invd, "invd")
CASE(wbinvd, "wbinvd")
CASE(mov_RdCd, "movl %%cr0,%%eax")
CASE(mov_CdRd, "xorl %%eax,%%eax\n\tmovl %%eax,%%cr3")
CASE(mov_RdDd, "movl %%db7,%%eax")
CASE(mov_DdRd, "xorl %%eax,%%eax\n\tmovl %%eax,%%db7")
CASE(wrmsr, "xorl %%ecx,%%ecx\n\twrmsr")
CASE(rdmsr, "xorl %%ecx,%%ecx\n\trdmsr")
/* bound: EAX = 5 outside [0, 3] gives #BR (SDM vol. 2 "BOUND"). */
CASE(bound, "pushl $3\n\tpushl $0\n\tmovl $5,%%eax\n\tboundl %%eax,(%%esp)\n\taddl $8,%%esp")
CASE(div0, "movl $1,%%eax\n\txorl %%edx,%%edx\n\txorl %%ecx,%%ecx\n\tdivl %%ecx")
/* idiv overflow: -2^31 / -1 does not fit (SDM vol. 2 "IDIV": #DE). */
CASE(idivovf, "movl $0x80000000,%%eax\n\tcltd\n\tmovl $-1,%%ecx\n\tidivl %%ecx")
CASE(divovf8, "movl $0x1000,%%eax\n\tmovb $1,%%cl\n\tdivb %%cl")
CASE(aam0, ".byte 0xd4, 0x00")
/* LOCK on a register destination and on a non-lockable row: #UD. */
CASEB(lock_reg, ".byte 0xf0, 0x01, 0xc8")
CASEB(lock_mov, ".byte 0xf0, 0x89, 0x04, 0x24")
CASEB(lock_nop, ".byte 0xf0, 0x90")
CASEB(lock_cmpxchg8b_reg, ".byte 0xf0, 0x0f, 0xc7, 0xc8")
/* 15 bytes are the limit; 15 prefixes and the opcode make 16: #GP(0). */
CASEB(lock_cmp, ".byte 0xf0, 0x39, 0x04, 0x24")
CASEB(lock_cmp_imm, ".byte 0xf0, 0x83, 0x3c, 0x24, 0x01")
CASEB(lock_bt, ".byte 0xf0, 0x0f, 0xa3, 0x04, 0x24")
CASEB(lock_test, ".byte 0xf0, 0x85, 0x04, 0x24")
CASEB(toolong, ".byte 0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,"
	       "0x66,0x90")

/* Outside the subset (emulator only: the host runs them). Each must stop
 * with #UD and a message naming its kind. */
/* x87: fisttp is SSE3 (outside the subset), a reserved register form, a
 * reserved memory form, lock on an FPU instruction. */
CASEB(ns_fisttp, ".byte 0xdb, 0x0c, 0x24")
CASEB(x87_resv, ".byte 0xd9, 0xd1")
CASEB(x87_badmem, ".byte 0xd9, 0x0c, 0x24")
CASEB(x87_badmem_db4, ".byte 0xdb, 0x24, 0x24")
CASEB(x87_badmem_db6, ".byte 0xdb, 0x34, 0x24")
CASEB(x87_badmem_dd5, ".byte 0xdd, 0x2c, 0x24")
CASEB(ns_fisttp16, ".byte 0xdf, 0x0c, 0x24")
CASEB(ns_fisttp64, ".byte 0xdd, 0x0c, 0x24")
CASEB(lock_fld, ".byte 0xf0, 0xd9, 0x04, 0x24")
CASEB(ns_emms, ".byte 0x0f, 0x77")
CASEB(ns_paddb, ".byte 0x0f, 0xfc, 0xc1")
CASEB(ns_movaps, ".byte 0x0f, 0x28, 0xc1")
CASEB(ns_addsd, ".byte 0xf2, 0x0f, 0x58, 0xc1")
CASEB(ns_pshufb, ".byte 0x66, 0x0f, 0x38, 0x00, 0xc1")
CASEB(ns_sysenter, ".byte 0x0f, 0x34")
CASEB(ns_rdtscp, ".byte 0x0f, 0x01, 0xf9")
CASEB(ns_vaddps, ".byte 0xc5, 0xf0, 0x58, 0xc2")
CASEB(ns_vzeroupper, ".byte 0xc5, 0xf8, 0x77")

#define C(n)                                                                                       \
	{                                                                                          \
#n, f_##n                                                                          \
	}
static const struct fcase cases[] = {
    C(int3),
    C(int1),
    C(into),
    C(ud2),
    C(hlt),
    C(cli),
    C(sti),
    C(in_ALIb),
    C(in_eAXIb),
    C(out_IbAL),
    C(out_IbeAX),
    C(in_ALDX),
    C(in_eAXDX),
    C(out_DXAL),
    C(out_DXeAX),
    C(insb),
    C(insv),
    C(outsb),
    C(outsv),
    C(lldt),
    C(ltr),
    C(lgdt),
    C(lidt),
    C(lmsw),
    C(invlpg),
    C(clts),
    C(invd),
    C(wbinvd),
    C(mov_RdCd),
    C(mov_CdRd),
    C(mov_RdDd),
    C(mov_DdRd),
    C(wrmsr),
    C(rdmsr),
    C(bound),
    C(div0),
    C(idivovf),
    C(divovf8),
    C(aam0),
    C(lock_reg),
    C(lock_mov),
    C(lock_nop),
    C(lock_cmpxchg8b_reg),
    C(toolong),
    C(ns_fisttp),
    C(x87_resv),
    C(x87_badmem),
    C(lock_fld),
    C(x87_badmem_db4),
    C(x87_badmem_db6),
    C(x87_badmem_dd5),
    C(ns_fisttp16),
    C(ns_fisttp64),
    C(ns_emms),
    C(ns_paddb),
    C(ns_movaps),
    C(ns_addsd),
    C(ns_pshufb),
    C(lock_cmp),
    C(lock_cmp_imm),
    C(lock_bt),
    C(lock_test),
    C(ns_sysenter),
    C(ns_rdtscp),
    C(ns_vaddps),
    C(ns_vzeroupper),
};

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int slen(const char *s)
{
	int n = 0;
	while (s[n])
		n++;
	return n;
}

static void hexline(const char *tag, u32 v)
{
	char b[40];
	int n = 0;
	while (tag[n] && n < 20) {
		b[n] = tag[n];
		n++;
	}
	b[n++] = ' ';
	for (int k = 7; k >= 0; k--)
		b[n++] = "0123456789abcdef"[(v >> (4 * k)) & 15];
	b[n++] = '\n';
	write(1, b, n);
}

/* ZF after a lar/lsl/verr/verw, and the result register. */
#define SELOP(INS, sel, res, zf)                                                                   \
	asm volatile("movl $0xdeadbeef,%0\n\t" INS " %2,%0\n\tsetz %b1"                            \
		     : "=&r"(res), "=&q"(zf)                                                       \
		     : "r"(sel)                                                                    \
		     : "cc")

/* The rows that are legal at CPL 3 but whose results describe this machine
 * (descriptor tables, identification, time), so they are checked against
 * the machine's documented layout instead of the host (emulator only). */
static void sysinfo(void)
{
	u32 a, b, c, d, zf;
	u16 w;
	struct {
		u16 limit;
		u32 base;
	} __attribute__((packed)) dt;
	asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0));
	hexline("cpuid0.eax", a);
	write(1, "cpuid0.vendor ", 14);
	write(1, &b, 4);
	write(1, &d, 4);
	write(1, &c, 4);
	write(1, "\n", 1);
	asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1));
	hexline("cpuid1.edx", d);
	hexline("cpuid1.ecx", c);
	asm volatile("rdtsc" : "=a"(a), "=d"(d));
	asm volatile("rdtsc" : "=a"(b), "=d"(c));
	hexline("rdtsc.delta", b - a);
	asm volatile("movl $0xdeadbeef,%0\n\tsldt %0" : "=r"(a));
	hexline("sldt", a);
	asm volatile("movl $0xdeadbeef,%0\n\tstr %0" : "=r"(a));
	hexline("str", a);
	asm volatile("smsw %0" : "=m"(w));
	hexline("smsw", w);
	asm volatile("sgdtl %0" : "=m"(dt));
	hexline("sgdt.limit", dt.limit);
	asm volatile("sidtl %0" : "=m"(dt));
	hexline("sidt.limit", dt.limit);
	static const u32 sels[5] = {0x1b, 0x23, 0x08, 0x28, 0};
	for (int k = 0; k < 5; k++) {
		u32 s = sels[k];
		hexline("selector", s);
		SELOP("lar", s, a, zf);
		hexline("lar", a);
		hexline("lar.zf", zf & 1);
		SELOP("lsl", s, a, zf);
		hexline("lsl", a);
		hexline("lsl.zf", zf & 1);
		asm volatile("verr %w1\n\tsetz %b0" : "=q"(zf) : "r"(s) : "cc");
		hexline("verr.zf", zf & 1);
		asm volatile("verw %w1\n\tsetz %b0" : "=q"(zf) : "r"(s) : "cc");
		hexline("verw.zf", zf & 1);
	}
}

int main(int argc, char **argv)
{
	unsigned n = sizeof(cases) / sizeof(cases[0]);
	if (argc < 2) {
		for (unsigned k = 0; k < n; k++) {
			write(1, cases[k].name, slen(cases[k].name));
			write(1, "\n", 1);
		}
		return 0;
	}
	if (streq(argv[1], "sysinfo")) {
		sysinfo();
		return 0;
	}
	for (unsigned k = 0; k < n; k++) {
		if (streq(argv[1], cases[k].name)) {
			cases[k].fn();
			write(1, "survived\n", 9);
			return 0;
		}
	}
	write(2, "rowfault: unknown case\n", 23);
	return 2;
}
