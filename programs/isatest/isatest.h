/* isatest: differential test of IA-32 integer instruction semantics.
 * Shared declarations. See README.md for the output format and the flag masks. */
#ifndef ISATEST_H
#define ISATEST_H

typedef unsigned int u32;
typedef int s32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef unsigned long long u64;
typedef long long s64;

/* The only two external functions (Linux int $0x80 glue or the ia32emu usys). */
int write(int fd, const void *buf, int n);
void exit(int status);

/* EFLAGS bits, SDM vol. 1, 3.4.3 */
#define F_CF	0x001u
#define F_PF	0x004u
#define F_AF	0x010u
#define F_ZF	0x040u
#define F_SF	0x080u
#define F_DF	0x400u
#define F_OF	0x800u
#define F_ARITH (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)
#define F_ALL	(F_ARITH | F_DF)
#define F_LOGIC (F_ALL & ~F_AF)	     /* and/or/xor/test: AF undefined */
#define F_MUL	(F_DF | F_OF | F_CF) /* mul/imul: SF ZF AF PF undefined */
#define F_NONE	F_DF		     /* div/idiv: all status flags undefined */

/* Load EFLAGS from %[fi] before, store it into %[fo] after the instruction under test. */
#define FIN  "pushl %[fi]\n\tpopfl\n\t"
#define FOUT "\n\tpushfl\n\tpopl %[fo]"

/* core (isatest.c) */
u32 rnd(void);
u32 rflags(void); /* the host's IF etc. plus random OF SF ZF AF PF CF; DF = 0 */
u32 fl_base(void);
void out_c(char c);
void out_s(const char *s);
void out_x(u32 v, int ndig);		/* ' ' then ndig hex digits */
void out_u(u32 v);			/* decimal */
void out_name(const char *n, int bits); /* "add32" */
void out_flags(const char *tag, u32 f, u32 defined);
void out_end(void); /* ends one case */
void cover(const char *family);
u32 szmask(int bits);
u32 mkval(int bits, u32 v); /* v in the low bits, random garbage above */
int nedge(int bits);
u32 edge(int bits, int i);
u32 pick(int bits); /* an edge value or a random one */

/* test sections */
void t_alu(void);
void t_muldiv(void);
void t_shift(void);
void t_bit(void);
void t_cc(void);
void t_mov(void);
void t_stack(void);
void t_ctl(void);
void t_str(void);
void t_bcd(void);
void t_extra(void);

#endif
