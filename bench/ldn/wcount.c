/*
 * wcount: a word count and byte histogram over generated text, written and
 * linked as xv6 builds its user programs: no C library (system-call stubs
 * only), `ld -N`, so code, data and bss share pages. Every byte stored into
 * the text buffer and every histogram count lands on a page that also holds
 * the decoded loop: the case sub-page tracking of code bytes is for
 * (mmu/phys.h). The same source is built for the emulator and for Linux
 * (mk/bench.mk); argv[1] is the repetition count.
 */
#include <unistd.h>

#define TEXT 2048

static unsigned char text[TEXT];
static unsigned counts[256];
static unsigned seed = 12345;
static unsigned lines, words, chars, hash;

static int num(const char *s)
{
	int n = 0;
	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return n;
}

static void put(const char *s)
{
	int n = 0;
	while (s[n])
		n++;
	write(1, s, n);
}

static void puthex(unsigned v)
{
	char b[10];
	for (int i = 7; i >= 0; i--, v >>= 4)
		b[i] = "0123456789abcdef"[v & 15];
	b[8] = ' ';
	b[9] = 0;
	put(b);
}

/* Pseudo-random text: words of letters between spaces and newlines. */
static void fill(void)
{
	for (int i = 0; i < TEXT; i++) {
		seed = seed * 1664525u + 1013904223u;
		unsigned c = seed >> 24;
		text[i] = c < 40 ? ' ' : c < 46 ? '\n' : (unsigned char)('a' + c % 26);
	}
}

static void count(void)
{
	int inword = 0;
	for (int i = 0; i < TEXT; i++) {
		unsigned c = text[i];
		counts[c]++;
		chars++;
		if (c == '\n')
			lines++;
		if (c == ' ' || c == '\n')
			inword = 0;
		else if (!inword) {
			inword = 1;
			words++;
		}
		hash = hash * 31 + c;
	}
}

int main(int argc, char **argv)
{
	int reps = argc > 1 ? num(argv[1]) : 1;
	if (reps <= 0)
		reps = 1;
	for (int r = 0; r < reps; r++) {
		fill();
		count();
	}
	unsigned h = 0;
	for (int i = 0; i < 256; i++)
		h = h * 33 + counts[i];
	put("wcount: ");
	puthex(lines);
	puthex(words);
	puthex(chars);
	puthex(hash);
	puthex(h);
	put("\n");
	return 0;
}
