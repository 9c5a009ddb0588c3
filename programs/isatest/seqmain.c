/* seqtest: runs the generated blocks of tests/isa/genseq.c (seq.S) and
 * prints, after each block, the seven general registers, the flags that are
 * defined at that point ('-' for the undefined ones, as in isatest) and the
 * 16-dword scratch area. Built natively and for ia32emu from the same
 * source; the outputs must be identical. */
#include "isatest.h"

extern u32 scratch[16];
void seq_blocks(void);
void seq_dump(u32 block, u32 def, u32 edi, u32 esi, u32 ebp, u32 esp, u32 ebx, u32 edx, u32 ecx,
	      u32 eax, u32 eflags);

static char buf[8192];
static int len;

static void flush(void)
{
	int o = 0;
	while (o < len) {
		int n = write(1, buf + o, len - o);
		if (n <= 0)
			exit(2);
		o += n;
	}
	len = 0;
}

static void putc_(char c)
{
	if (len == (int)sizeof(buf))
		flush();
	buf[len++] = c;
}

static void hex(u32 v)
{
	putc_(' ');
	for (int k = 7; k >= 0; k--)
		putc_("0123456789abcdef"[(v >> (4 * k)) & 15]);
}

void seq_dump(u32 block, u32 def, u32 edi, u32 esi, u32 ebp, u32 esp, u32 ebx, u32 edx, u32 ecx,
	      u32 eax, u32 eflags)
{
	static const u32 bit[7] = {F_OF, F_DF, F_SF, F_ZF, F_AF, F_PF, F_CF};
	(void)esp;
	def |= F_DF;
	putc_('b');
	hex(block);
	hex(eax);
	hex(ecx);
	hex(edx);
	hex(ebx);
	hex(ebp);
	hex(esi);
	hex(edi);
	putc_(' ');
	for (int k = 0; k < 7; k++)
		putc_(!(def & bit[k]) ? '-' : (eflags & bit[k]) ? "ODSZAPC"[k] : '.');
	for (int k = 0; k < 16; k++)
		hex(scratch[k]);
	putc_('\n');
}

int main(void)
{
	seq_blocks();
	flush();
	return 0;
}
