/* isatest: core: output buffer, PRNG, operand lists, main. */
#include "isatest.h"

static char obuf[16384];
static int olen;
static u32 ncases;
static u32 rstate = 0x2545f491u; /* fixed seed */
static u32 base;
static const char *covered[160];
static int ncovered;

static void flush(void)
{
	int o = 0;
	while (o < olen) {
		int n = write(1, obuf + o, olen - o);
		if (n <= 0)
			exit(2);
		o += n;
	}
	olen = 0;
}

void out_c(char c)
{
	if (olen == (int)sizeof obuf)
		flush();
	obuf[olen++] = c;
}

void out_s(const char *s)
{
	while (*s)
		out_c(*s++);
}

void out_x(u32 v, int nd)
{
	out_c(' ');
	while (nd-- > 0)
		out_c("0123456789abcdef"[(v >> (4 * nd)) & 15]);
}

void out_u(u32 v)
{
	char b[12];
	int n = 0;
	do {
		b[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		out_c(b[--n]);
}

void out_name(const char *n, int bits)
{
	out_s(n);
	if (bits)
		out_u((u32)bits);
}

/* " tag=ODSZAPC": letter = set, '.' = clear, '-' = undefined here (masked) */
void out_flags(const char *tag, u32 f, u32 def)
{
	static const u32 bit[7] = {F_OF, F_DF, F_SF, F_ZF, F_AF, F_PF, F_CF};
	static const char name[] = "ODSZAPC";
	int i;
	out_c(' ');
	out_s(tag);
	out_c('=');
	for (i = 0; i < 7; i++)
		out_c(!(def & bit[i]) ? '-' : (f & bit[i]) ? name[i] : '.');
}

void out_end(void)
{
	out_c('\n');
	ncases++;
}

void cover(const char *family)
{
	if (ncovered < (int)(sizeof covered / sizeof covered[0]))
		covered[ncovered++] = family;
}

u32 rnd(void)
{
	u32 x = rstate;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return rstate = x;
}

u32 fl_base(void)
{
	return base;
}

u32 rflags(void)
{
	return base | (rnd() & F_ARITH);
}

u32 szmask(int bits)
{
	return bits >= 32 ? 0xffffffffu : (1u << bits) - 1;
}

u32 mkval(int bits, u32 v)
{
	return (rnd() & ~szmask(bits)) | (v & szmask(bits));
}

static const u32 edge8[] = {0, 1, 2, 0x0f, 0x10, 0x7f, 0x80, 0x81, 0xfe, 0xff};
static const u32 edge16[] = {0,	    1,	    2,	    0x7f,   0x80,   0xff,
			     0x100, 0x7fff, 0x8000, 0x8001, 0xfffe, 0xffff};
static const u32 edge32[] = {0,	      1,	  2,	      0x7f,	  0x80,	      0xffff,
			     0x10000, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff};

int nedge(int bits)
{
	return bits == 8 ? 10 : 12;
}

u32 edge(int bits, int i)
{
	return bits == 8 ? edge8[i] : bits == 16 ? edge16[i] : edge32[i];
}

u32 pick(int bits)
{
	u32 r = rnd();
	if (r & 1)
		return mkval(bits, edge(bits, (int)((r >> 1) % (u32)nedge(bits))));
	return rnd();
}

int main(int argc, char **argv)
{
	u32 f;
	int i;
	(void)argc;
	(void)argv;
	asm volatile("pushfl\n\tpopl %0" : "=r"(f));
	base = (f & ~(F_ALL | 0x100u)) | 2u; /* keep IF/reserved bits; TF, DF, status clear */
	out_s("isatest: IA-32 integer instruction semantics, seed 2545f491\n");
	t_alu();
	t_muldiv();
	t_shift();
	t_bit();
	t_cc();
	t_mov();
	t_stack();
	t_ctl();
	t_str();
	t_bcd();
	t_extra();
	for (i = 0; i < ncovered; i++) {
		out_s("covered: ");
		out_s(covered[i]);
		out_c('\n');
	}
	out_s("isatest: ");
	out_u(ncases);
	out_s(" cases\n");
	flush();
	return 0;
}
