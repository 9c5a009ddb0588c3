/* isatest: push pop (imm8, imm32, r/m, reg, 16- and 32-bit), pusha popa, pushf popf,
 * enter leave. Values are printed relative to the stack pointer or to the test's own buffers,
 * never as absolute addresses, so the native and emulated runs agree. No flags are affected
 * except by POPF (SDM vol. 2). */
#include "isatest.h"

u32 isa_pa_in[8], isa_pa_st[8], isa_pa_pop[8], isa_pa_out[8], isa_pa_esp, isa_pa_d;
u32 isa_en_sesp, isa_en_sebp, isa_en_ebp1, isa_en_esp1, isa_en_ebp2, isa_en_esp2;
u32 isa_stk[512], isa_frm[8];

/* v = value found on the stack, d = ESP before - ESP after the push */
#define PUSHT(form, TPL, ...)                                                                      \
	do {                                                                                       \
		u32 v, s0, s1;                                                                     \
		asm volatile("movl %%esp, %[s0]\n\t" TPL                                           \
			     : [v] "=&r"(v), [s0] "=&r"(s0), [s1] "=&r"(s1)                        \
			     : __VA_ARGS__                                                         \
			     : "memory");                                                          \
		out_s("push ");                                                                    \
		out_s(form);                                                                       \
		out_s(" -> v=");                                                                   \
		out_x(v, 8);                                                                       \
		out_s(" d=");                                                                      \
		out_x(s0 - s1, 8);                                                                 \
		out_end();                                                                         \
	} while (0)
#define RD32 "\n\tmovl (%%esp), %[v]\n\tmovl %%esp, %[s1]\n\t"
#define RD16 "\n\tmovzwl (%%esp), %[v]\n\tmovl %%esp, %[s1]\n\t"

static void t_push(void)
{
	u32 x = rnd(), y = rnd();
	cover("push");
	cover("pop");
	PUSHT("l$i8", "pushl $-5" RD32 "addl $4, %%esp", "i"(0));
	PUSHT("l$i32", "pushl $0x12345678" RD32 "addl $4, %%esp", "i"(0));
	PUSHT("w$i8", "pushw $-5" RD16 "addl $2, %%esp", "i"(0));
	PUSHT("w$i16", "pushw $0x1234" RD16 "addl $2, %%esp", "i"(0));
	PUSHT("l%r", "pushl %[x]" RD32 "addl $4, %%esp", [x] "r"(x));
	PUSHT("w%r", "pushw %w[x]" RD16 "addl $2, %%esp", [x] "r"(x));
	PUSHT("lm", "pushl %[x]" RD32 "addl $4, %%esp", [x] "m"(y));
	PUSHT("wm", "pushw %[x]" RD16 "addl $2, %%esp", [x] "m"(y));
	PUSHT("l%esp", "pushl %%esp" RD32 "addl $4, %%esp\n\tsubl %[s0], %[v]", "i"(0));
	PUSHT("w%sp", "pushw %%sp" RD16 "addl $2, %%esp\n\tsubw %w[s0], %w[v]", "i"(0));
	PUSHT("l4(%esp)",
	      "pushl %[x]\n\tpushl $0x44\n\tpushl 4(%%esp)" RD32 "addl $12, %%esp", [x] "r"(x));
	/* pop: v = the popped value, d = ESP before - ESP after (pushed then popped: 0) */
	PUSHT("popl%r", "pushl %[x]\n\tpopl %[v]\n\tmovl %%esp, %[s1]", [x] "r"(x));
	PUSHT("popw%r",
	      "movl %[x], %[v]\n\tpushw $0x7e81\n\tpopw %w[v]\n\tmovl %%esp, %[s1]", [x] "r"(x));
	PUSHT("popl(%esp)",
	      "pushl %[x]\n\tpushl $0x22\n\tpopl (%%esp)" RD32 "addl $4, %%esp", [x] "r"(x));
	PUSHT("popl4(%esp)",
	      "pushl $1\n\tpushl $2\n\tpushl %[x]\n\tpopl 4(%%esp)\n\tmovl 4(%%esp), %[v]\n\t"
	      "movl %%esp, %[s1]\n\taddl $8, %%esp",
	      [x] "r"(x));
	PUSHT("popw(%esp)",
	      "pushl %[x]\n\tpushw $0x3344\n\tpopw (%%esp)" RD32 "addl $4, %%esp", [x] "r"(x));
	PUSHT("popl%esp",
	      "leal -16(%%esp), %[v]\n\tpushl %[v]\n\tpopl %%esp\n\tmovl %%esp, %[s1]\n\t"
	      "movl %[s0], %%esp\n\tsubl %[s0], %[v]",
	      "i"(0));
	{
		u32 m = rnd(), v;
		asm volatile("pushl %[x]\n\tpopl %[m]" : [m] "=m"(m) : [x] "r"(x));
		v = m;
		asm volatile("pushw %w[x]\n\tpopw %[m]" : [m] "+m"(v) : [x] "r"(y));
		out_s("pop lm,wm ->");
		out_x(m, 8);
		out_x(v, 8);
		out_end();
	}
}

static void t_pusha(void)
{
	int i, k;
	cover("pusha");
	cover("popa");
	for (k = 0; k < 4; k++) {
		for (i = 0; i < 8; i++) {
			isa_pa_in[i] = rnd();
			isa_pa_pop[i] = rnd();
		}
		asm volatile(
		    "pushal\n\tmovl %%esp, isa_pa_esp\n\t"
		    "movl isa_pa_in, %%eax\n\tmovl isa_pa_in+4, %%ecx\n\tmovl isa_pa_in+8, "
		    "%%edx\n\t"
		    "movl isa_pa_in+12, %%ebx\n\tmovl isa_pa_in+20, %%ebp\n\t"
		    "movl isa_pa_in+24, %%esi\n\tmovl isa_pa_in+28, %%edi\n\t"
		    "pushal\n\t"
		    "movl isa_pa_esp, %%eax\n\tsubl %%esp, %%eax\n\tmovl %%eax, isa_pa_d\n\t"
		    "movl 0(%%esp), %%eax\n\tmovl %%eax, isa_pa_st\n\t"
		    "movl 4(%%esp), %%eax\n\tmovl %%eax, isa_pa_st+4\n\t"
		    "movl 8(%%esp), %%eax\n\tmovl %%eax, isa_pa_st+8\n\t"
		    "movl 12(%%esp), %%eax\n\tsubl isa_pa_esp, %%eax\n\tmovl %%eax, "
		    "isa_pa_st+12\n\t"
		    "movl 16(%%esp), %%eax\n\tmovl %%eax, isa_pa_st+16\n\t"
		    "movl 20(%%esp), %%eax\n\tmovl %%eax, isa_pa_st+20\n\t"
		    "movl 24(%%esp), %%eax\n\tmovl %%eax, isa_pa_st+24\n\t"
		    "movl 28(%%esp), %%eax\n\tmovl %%eax, isa_pa_st+28\n\t"
		    "movl isa_pa_pop, %%eax\n\tmovl %%eax, 0(%%esp)\n\t"
		    "movl isa_pa_pop+4, %%eax\n\tmovl %%eax, 4(%%esp)\n\t"
		    "movl isa_pa_pop+8, %%eax\n\tmovl %%eax, 8(%%esp)\n\t"
		    "movl isa_pa_pop+12, %%eax\n\tmovl %%eax, 12(%%esp)\n\t"
		    "movl isa_pa_pop+16, %%eax\n\tmovl %%eax, 16(%%esp)\n\t"
		    "movl isa_pa_pop+20, %%eax\n\tmovl %%eax, 20(%%esp)\n\t"
		    "movl isa_pa_pop+24, %%eax\n\tmovl %%eax, 24(%%esp)\n\t"
		    "movl isa_pa_pop+28, %%eax\n\tmovl %%eax, 28(%%esp)\n\t"
		    "popal\n\t"
		    "movl %%eax, isa_pa_out\n\tmovl %%ecx, isa_pa_out+4\n\t"
		    "movl %%edx, isa_pa_out+8\n\tmovl %%ebx, isa_pa_out+12\n\t"
		    "movl %%ebp, isa_pa_out+20\n\tmovl %%esi, isa_pa_out+24\n\t"
		    "movl %%edi, isa_pa_out+28\n\t"
		    "movl isa_pa_esp, %%eax\n\tsubl %%esp, %%eax\n\tmovl %%eax, isa_pa_out+16\n\t"
		    "popal" ::
			: "memory");
		out_s("pushal");
		for (i = 0; i < 8; i++)
			out_x(isa_pa_in[i], 8);
		out_s(" -> d=");
		out_x(isa_pa_d, 8);
		for (i = 0; i < 8; i++)
			out_x(isa_pa_st[i], 8);
		out_end();
		out_s("popal");
		for (i = 0; i < 8; i++)
			out_x(isa_pa_pop[i], 8);
		out_s(" ->");
		for (i = 0; i < 8; i++)
			out_x(isa_pa_out[i], 8);
		out_end();
		/* 16-bit: pushaw / popaw (upper halves of the registers are kept) */
		asm volatile(
		    "pushal\n\tmovl %%esp, isa_pa_esp\n\t"
		    "movl isa_pa_in, %%eax\n\tmovl isa_pa_in+4, %%ecx\n\tmovl isa_pa_in+8, "
		    "%%edx\n\t"
		    "movl isa_pa_in+12, %%ebx\n\tmovl isa_pa_in+20, %%ebp\n\t"
		    "movl isa_pa_in+24, %%esi\n\tmovl isa_pa_in+28, %%edi\n\t"
		    "pushaw\n\t"
		    "movl isa_pa_esp, %%eax\n\tsubl %%esp, %%eax\n\tmovl %%eax, isa_pa_d\n\t"
		    "movl 0(%%esp), %%eax\n\tmovl %%eax, isa_pa_st\n\t"
		    "movl 4(%%esp), %%eax\n\tmovl %%eax, isa_pa_st+4\n\t"
		    "movl 8(%%esp), %%eax\n\tmovl %%eax, isa_pa_st+8\n\t"
		    "movl 12(%%esp), %%eax\n\tmovl %%eax, isa_pa_st+12\n\t"
		    "movl isa_pa_pop, %%eax\n\tmovl %%eax, 0(%%esp)\n\t"
		    "movl isa_pa_pop+4, %%eax\n\tmovl %%eax, 4(%%esp)\n\t"
		    "movl isa_pa_pop+8, %%eax\n\tmovl %%eax, 8(%%esp)\n\t"
		    "movl isa_pa_pop+12, %%eax\n\tmovl %%eax, 12(%%esp)\n\t"
		    "movl isa_pa_in, %%eax\n\t"
		    "popaw\n\t"
		    "movl %%eax, isa_pa_out\n\tmovl %%ecx, isa_pa_out+4\n\t"
		    "movl %%edx, isa_pa_out+8\n\tmovl %%ebx, isa_pa_out+12\n\t"
		    "movl %%ebp, isa_pa_out+20\n\tmovl %%esi, isa_pa_out+24\n\t"
		    "movl %%edi, isa_pa_out+28\n\t"
		    "movl isa_pa_esp, %%eax\n\tsubl %%esp, %%eax\n\tmovl %%eax, isa_pa_out+16\n\t"
		    "popal" ::
			: "memory");
		out_s("pushaw -> d=");
		out_x(isa_pa_d, 8);
		/* slot 6 (word at +6) holds SP: print it relative to the low half of the old ESP */
		isa_pa_st[1] = (isa_pa_st[1] & 0xffffu) |
			       ((((isa_pa_st[1] >> 16) - isa_pa_esp) & 0xffffu) << 16);
		for (i = 0; i < 4; i++)
			out_x(isa_pa_st[i], 8);
		out_end();
		out_s("popaw");
		for (i = 0; i < 4; i++)
			out_x(isa_pa_pop[i], 8);
		out_s(" ->");
		for (i = 0; i < 8; i++)
			out_x(isa_pa_out[i], 8);
		out_end();
	}
}

static void t_flags(void)
{
	int i;
	cover("pushf");
	cover("popf");
	for (i = 0; i < 24; i++) {
		u32 fi = rflags() | (i & 1 ? F_DF : 0), v, w, fo;
		asm volatile(FIN "pushfl\n\tpopl %[v]\n\tpushfw\n\tpopw %w[w]\n\tcld"
			     : [v] "=&r"(v), [w] "=&r"(w)
			     : [fi] "r"(fi)
			     : "cc");
		out_s("pushf");
		out_flags("i", fi, F_ALL);
		out_s(" ->");
		out_flags("l", v, F_ALL);
		out_flags("w", w, F_ALL);
		out_x((v & 2) | (w & 2), 1);
		out_end();
		v = fl_base() | (rnd() & F_ALL);
		asm volatile("pushl %[v]\n\tpopfl\n\tpushfl\n\tpopl %[fo]\n\tcld"
			     : [fo] "=&r"(fo)
			     : [v] "r"(v)
			     : "cc");
		out_s("popfl");
		out_flags("i", v, F_ALL);
		out_s(" ->");
		out_flags("f", fo, F_ALL);
		out_end();
		w = fl_base() | (rnd() & F_ALL);
		asm volatile("pushfl\n\tpushw %w[v]\n\tpopfw\n\tpushfl\n\tpopl %[fo]\n\tpopfl"
			     : [fo] "=&r"(fo)
			     : [v] "r"(w)
			     : "cc");
		out_s("popfw");
		out_flags("i", w, F_ALL);
		out_s(" ->");
		out_flags("f", fo, F_ALL);
		out_end();
	}
}

/* addresses inside the private stack or fake frame print as S+off / F+off */
static void out_addr(u32 v)
{
	u32 s = (u32)isa_stk, f = (u32)isa_frm;
	if (v - s <= sizeof isa_stk) {
		out_s(" S+");
		out_x(v - s, 3);
	} else if (v - f <= sizeof isa_frm) {
		out_s(" F+");
		out_x(v - f, 3);
	} else {
		out_x(v, 8);
	}
}

#define ENTER(N, L)                                                                                \
	do {                                                                                       \
		asm volatile("movl %%esp, isa_en_sesp\n\tmovl %%ebp, isa_en_sebp\n\t"              \
			     "movl $isa_stk+2048, %%esp\n\tmovl $isa_frm+16, %%ebp\n\t"            \
			     "enter $" #N ", $" #L "\n\t"                                          \
			     "movl %%ebp, isa_en_ebp1\n\tmovl %%esp, isa_en_esp1\n\t"              \
			     "leave\n\t"                                                           \
			     "movl %%ebp, isa_en_ebp2\n\tmovl %%esp, isa_en_esp2\n\t"              \
			     "movl isa_en_sesp, %%esp\n\tmovl isa_en_sebp, %%ebp" ::               \
				 : "memory");                                                      \
		enter_line(N, L);                                                                  \
	} while (0)

static void enter_line(int n, int l)
{
	u32 p;
	out_s("enter ");
	out_u((u32)n);
	out_c(',');
	out_u((u32)l);
	out_s(" -> ebp");
	out_addr(isa_en_ebp1);
	out_s(" esp");
	out_addr(isa_en_esp1);
	out_s(" stack");
	for (p = isa_en_ebp1 - 4 * (u32)l; p < (u32)isa_stk + sizeof isa_stk; p += 4)
		out_addr(*(u32 *)p);
	out_s(" leave: ebp");
	out_addr(isa_en_ebp2);
	out_s(" esp");
	out_addr(isa_en_esp2);
	out_end();
}

static void t_enter(void)
{
	int i;
	cover("enter");
	cover("leave");
	for (i = 0; i < 8; i++)
		isa_frm[i] = 0xf0f0f000u + (u32)i;
	ENTER(0, 0);
	ENTER(16, 0);
	ENTER(8, 1);
	ENTER(12, 2);
	ENTER(4, 3);
	ENTER(0x104, 2);
}

void t_stack(void)
{
	t_push();
	t_pusha();
	t_flags();
	t_enter();
}
