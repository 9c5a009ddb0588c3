/* isatest: setcc, cmovcc, jcc (short and near) for all 16 conditions over flag combinations.
 * These instructions affect no flags (SDM vol. 2); the outputs are the condition results. */
#include "isatest.h"

#define CCL(X)                                                                                     \
	X(o) X(no) X(b) X(ae) X(e) X(ne) X(be) X(a) X(s) X(ns) X(p) X(np) X(l) X(ge) X(le) X(g)

static u32 fi;
static u32 src32 = 0x55555555u;
static u16 src16 = 0x5555;

#define SET_R(cc)                                                                                  \
	{                                                                                          \
		u32 r = 0xa5a5a5a5u;                                                               \
		asm volatile(FIN "set" #cc " %b[r]" : [r] "+q"(r) : [fi] "r"(fi) : "cc");          \
		out_c((r >> 8) == 0xa5a5a5u && (r & 0xff) <= 1 ? (char)('0' + (r & 1)) : 'x');     \
	}
#define SET_H(cc)                                                                                  \
	{                                                                                          \
		u32 r = 0xa5a5a5a5u;                                                               \
		asm volatile(FIN "set" #cc " %h[r]" : [r] "+Q"(r) : [fi] "r"(fi) : "cc");          \
		out_c((r & 0xffff00ffu) == 0xa5a500a5u && ((r >> 8) & 0xff) <= 1                   \
			  ? (char)('0' + ((r >> 8) & 1))                                           \
			  : 'x');                                                                  \
	}
#define SET_M(cc)                                                                                  \
	{                                                                                          \
		u8 m = 0xa5;                                                                       \
		asm volatile(FIN "set" #cc " %[m]" : [m] "+m"(m) : [fi] "r"(fi) : "cc");           \
		out_c(m <= 1 ? (char)('0' + m) : 'x');                                             \
	}
#define CM_CHAR(d, moved, kept) out_c((d) == (moved) ? '1' : (d) == (kept) ? '0' : 'x')
#define CMOV_R32(cc)                                                                               \
	{                                                                                          \
		u32 d = 0xaaaaaaaau;                                                               \
		asm volatile(FIN "cmov" #cc "l %[s], %[d]"                                         \
			     : [d] "+r"(d)                                                         \
			     : [s] "r"(src32), [fi] "r"(fi)                                        \
			     : "cc");                                                              \
		CM_CHAR(d, 0x55555555u, 0xaaaaaaaau);                                              \
	}
#define CMOV_M32(cc)                                                                               \
	{                                                                                          \
		u32 d = 0xaaaaaaaau;                                                               \
		asm volatile(FIN "cmov" #cc "l %[s], %[d]"                                         \
			     : [d] "+r"(d)                                                         \
			     : [s] "m"(src32), [fi] "r"(fi)                                        \
			     : "cc");                                                              \
		CM_CHAR(d, 0x55555555u, 0xaaaaaaaau);                                              \
	}
#define CMOV_R16(cc)                                                                               \
	{                                                                                          \
		u32 d = 0xaaaaaaaau;                                                               \
		asm volatile(FIN "cmov" #cc "w %w[s], %w[d]"                                       \
			     : [d] "+r"(d)                                                         \
			     : [s] "r"(src32), [fi] "r"(fi)                                        \
			     : "cc");                                                              \
		CM_CHAR(d, 0xaaaa5555u, 0xaaaaaaaau);                                              \
	}
#define CMOV_M16(cc)                                                                               \
	{                                                                                          \
		u32 d = 0xaaaaaaaau;                                                               \
		asm volatile(FIN "cmov" #cc "w %[s], %w[d]"                                        \
			     : [d] "+r"(d)                                                         \
			     : [s] "m"(src16), [fi] "r"(fi)                                        \
			     : "cc");                                                              \
		CM_CHAR(d, 0xaaaa5555u, 0xaaaaaaaau);                                              \
	}
#define JCC_S(cc)                                                                                  \
	{                                                                                          \
		u32 t;                                                                             \
		asm volatile(FIN "movl $1, %[t]\n\tj" #cc " 1f\n\tmovl $0, %[t]\n1:"               \
			     : [t] "=&r"(t)                                                        \
			     : [fi] "r"(fi)                                                        \
			     : "cc");                                                              \
		out_c((char)('0' + t));                                                            \
	}
#define JCC_N(cc)                                                                                  \
	{                                                                                          \
		u32 t;                                                                             \
		asm volatile(FIN "movl $1, %[t]\n\t%{disp32%} j" #cc " 1f\n\tmovl $0, %[t]\n1:"    \
			     : [t] "=&r"(t)                                                        \
			     : [fi] "r"(fi)                                                        \
			     : "cc");                                                              \
		out_c((char)('0' + t));                                                            \
	}

void t_cc(void)
{
	int k;
	cover("setcc");
	cover("cmovcc");
	cover("jcc");
	for (k = 0; k < 40; k++) {
		/* k < 32: every combination of OF SF ZF PF CF (AF random); then random flags */
		fi = rflags();
		if (k < 32)
			fi = (fi & ~(F_OF | F_SF | F_ZF | F_PF | F_CF)) | (k & 1 ? F_OF : 0) |
			     (k & 2 ? F_SF : 0) | (k & 4 ? F_ZF : 0) | (k & 8 ? F_PF : 0) |
			     (k & 16 ? F_CF : 0);
		out_s("setcc");
		out_flags("i", fi, F_ALL);
		out_s(" -> r=");
		CCL(SET_R)
		out_s(" h=");
		CCL(SET_H)
		out_s(" m=");
		CCL(SET_M)
		out_end();
		out_s("cmovcc");
		out_flags("i", fi, F_ALL);
		out_s(" -> r32=");
		CCL(CMOV_R32)
		out_s(" m32=");
		CCL(CMOV_M32)
		out_s(" r16=");
		CCL(CMOV_R16)
		out_s(" m16=");
		CCL(CMOV_M16)
		out_end();
		out_s("jcc");
		out_flags("i", fi, F_ALL);
		out_s(" -> short=");
		CCL(JCC_S)
		out_s(" near=");
		CCL(JCC_N)
		out_end();
	}
}
