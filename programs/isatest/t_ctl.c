/* isatest: loop loope loopne jecxz jcxz (counting how often a body runs), call ret (incl.
 * ret imm16), jmp. No flags are affected (SDM vol. 2). Return addresses are printed relative to
 * the label they should equal, never absolute. */
#include "isatest.h"

u32 isa_ct;

static void loop_line(const char *name, u32 c, u32 m, u32 n, u32 rc)
{
	out_s(name);
	out_x(c, 8);
	out_x(m, 8);
	out_s(" -> n=");
	out_u(n);
	out_x(rc, 8);
	out_end();
}

#define LOOP(name, TPL, CNT, MSK)                                                                  \
	do {                                                                                       \
		u32 n, rc = CNT;                                                                   \
		asm volatile("xorl %[n], %[n]\n1:\n\tincl %[n]\n\ttestl %[m], %[n]\n\t" TPL " 1b"  \
			     : [n] "=&r"(n), "+c"(rc)                                              \
			     : [m] "r"(MSK)                                                        \
			     : "cc");                                                              \
		loop_line(name, CNT, MSK, n, rc);                                                  \
	} while (0)
#define JCX(name, TPL, c)                                                                          \
	do {                                                                                       \
		u32 t;                                                                             \
		asm volatile("movl $1, %[t]\n\t" TPL " 1f\n\tmovl $0, %[t]\n1:"                    \
			     : [t] "=&r"(t)                                                        \
			     : "c"(c));                                                            \
		loop_line(name, c, 0, t, c);                                                       \
	} while (0)

static void t_loop(void)
{
	static const u32 cnt[] = {1, 2, 3, 7, 100, 0x10003, 0xffff0002};
	static const u32 msk[] = {0, 0xffffffff, 8, 0x10, 1, 6};
	unsigned i, j;
	cover("loop");
	cover("loope");
	cover("loopne");
	cover("jecxz");
	cover("jcxz");
	for (i = 0; i < 5; i++)
		LOOP("loop", "loop", cnt[i], 0u);
	for (i = 0; i < 7; i++)
		LOOP("loop16", "addr16 loop", cnt[i], 0u);
	for (i = 0; i < 5; i++)
		for (j = 0; j < 6; j++) {
			LOOP("loope", "loope", cnt[i], msk[j]);
			LOOP("loopne", "loopne", cnt[i], msk[j]);
		}
	LOOP("loope16", "addr16 loope", 0x10005u, 8u);
	LOOP("loopne16", "addr16 loopne", 0x20005u, 0xffffffffu);
	{
		static const u32 cx[] = {0, 1, 0x10000, 0xffff, 0x80000000};
		for (i = 0; i < 5; i++) {
			JCX("jecxz", "jecxz", cx[i]);
			JCX("jcxz", "jcxz", cx[i]);
		}
	}
}

static void ctl_line(const char *name, u32 v, u32 d)
{
	out_s(name);
	out_s(" -> v=");
	out_x(v, 8);
	out_s(" d=");
	out_x(d, 8);
	out_end();
}

static void t_call(void)
{
	u32 v, d = 0, t;
	cover("call");
	cover("ret");
	cover("jmp");
	/* E8 rel32: the pushed return address is the next instruction (label 3) */
	asm volatile("call 1f\n3:\tjmp 2f\n1:\tmovl (%%esp), %[v]\n\tsubl $3b, %[v]\n\tret\n2:"
		     : [v] "=&r"(v));
	ctl_line("call rel32", v, d);
	/* FF /2 register */
	asm volatile("movl $1f, %[t]\n\tcall *%[t]\n3:\tjmp 2f\n1:\tmovl (%%esp), %[v]\n\t"
		     "subl $3b, %[v]\n\tret\n2:"
		     : [v] "=&r"(v), [t] "=&r"(t));
	ctl_line("call *r", v, d);
	/* FF /2 memory */
	asm volatile("movl $1f, isa_ct\n\tcall *isa_ct\n3:\tjmp 2f\n1:\tmovl (%%esp), %[v]\n\t"
		     "subl $3b, %[v]\n\tret\n2:"
		     : [v] "=&r"(v)
		     :
		     : "memory");
	ctl_line("call *m", v, d);
	/* C2 iw: ret $12 pops three pushed arguments; callee sums them */
	asm volatile("movl %%esp, %[d]\n\tpushl $0x100\n\tpushl $0x20\n\tpushl $3\n\tcall 1f\n\t"
		     "jmp 2f\n1:\tmovl 4(%%esp), %[v]\n\taddl 8(%%esp), %[v]\n\t"
		     "addl 12(%%esp), %[v]\n\tret $12\n2:\tsubl %%esp, %[d]"
		     : [v] "=&r"(v), [d] "=&r"(d));
	ctl_line("ret $12", v, d);
	asm volatile("movl %%esp, %[d]\n\tcall 1f\n\tjmp 2f\n1:\tmovl $7, %[v]\n\tret $0\n"
		     "2:\tsubl %%esp, %[d]"
		     : [v] "=&r"(v), [d] "=&r"(d));
	ctl_line("ret $0", v, d);
	d = 0;
	/* jmp: EB rel8, E9 rel32, FF /4 register and memory */
	asm volatile("movl $1, %[v]\n\tjmp 1f\n\tmovl $0, %[v]\n1:" : [v] "=&r"(v));
	ctl_line("jmp rel8", v, d);
	asm volatile("movl $1, %[v]\n\t%{disp32%} jmp 1f\n\tmovl $0, %[v]\n1:" : [v] "=&r"(v));
	ctl_line("jmp rel32", v, d);
	asm volatile("movl $1, %[v]\n\tmovl $1f, %[t]\n\tjmp *%[t]\n\tmovl $0, %[v]\n1:"
		     : [v] "=&r"(v), [t] "=&r"(t));
	ctl_line("jmp *r", v, d);
	asm volatile("movl $1, %[v]\n\tmovl $1f, isa_ct\n\tjmp *isa_ct\n\tmovl $0, %[v]\n1:"
		     : [v] "=&r"(v)
		     :
		     : "memory");
	ctl_line("jmp *m", v, d);
}

void t_ctl(void)
{
	t_loop();
	t_call();
}
