/*
 * Every printf conversion with its flags, widths, precisions and length
 * modifiers, through printf, fprintf, sprintf and snprintf (including
 * truncation and the returned lengths).
 */
#include <stdio.h>
#include <string.h>

/* Hidden from the compiler, which rejects a literal NULL for %s. */
static const char *volatile null_string;

static void show(const char *fmt, int v)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), fmt, v);

	printf("%-8s %11d -> [%s] %d\n", fmt, v, buf, n);
}

int main(void)
{
	static const char *ifmts[] = {"%d",   "%i",    "%5d",	 "%-5d", "%05d",   "%+d",  "% d",
				      "%.3d", "%8.3d", "%-8.3d", "%.0d", "%+05d",  "%u",   "%10u",
				      "%x",   "%X",    "%#x",	 "%#X",	 "%#010x", "%o",   "%#o",
				      "%hd",  "%hu",   "%hx",	 "%hhd", "%hhu",   "%hhx", "%ld",
				      "%lu",  "%lx",   "%c",	 "%3c",	 "%-3c"};
	static const int ivals[] = {0,	 1,	-1,    42,	   -42,
				    255, 65535, 65536, 2147483647, -2147483647 - 1};
	static const long long lvals[] = {0,
					  1,
					  -1,
					  4294967296ll,
					  -4294967296ll,
					  1234567890123456789ll,
					  0x7fffffffffffffffll,
					  -0x7fffffffffffffffll - 1};
	char buf[64];
	int n;

	for (unsigned f = 0; f < sizeof(ifmts) / sizeof(ifmts[0]); f++) {
		for (unsigned v = 0; v < sizeof(ivals) / sizeof(ivals[0]); v++) {
			if (ifmts[f][strlen(ifmts[f]) - 1] == 'c' &&
			    (ivals[v] < 32 || ivals[v] > 126))
				continue; /* unprintable characters */
			show(ifmts[f], ivals[v]);
		}
	}
	show("%c", 'A');
	show("%3c", 'z');
	show("%-3c", '~');

	for (unsigned v = 0; v < sizeof(lvals) / sizeof(lvals[0]); v++) {
		long long x = lvals[v];

		printf("%%lld [%lld] %%llu [%llu] %%llx [%llx] %%llX [%llX] %%llo [%llo]\n", x,
		       (unsigned long long)x, (unsigned long long)x, (unsigned long long)x,
		       (unsigned long long)x);
		printf("%%24lld [%24lld] %%-24lld [%-24lld] %%024lld [%024lld] %%+lli [%+lli]\n", x,
		       x, x, x);
	}

	/* Strings: width, precision, '-' and '*'. */
	{
		static const char *strs[] = {"", "a", "hello", "hello, world"};

		for (unsigned i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
			printf("[%s] [%8s] [%-8s] [%.3s] [%8.3s] [%-8.3s] [%.0s]\n", strs[i],
			       strs[i], strs[i], strs[i], strs[i], strs[i], strs[i]);
		for (int w = -10; w <= 10; w += 5)
			printf("star %3d: [%*d] [%-*s] [%.*s] [%*.*s]\n", w, w, 123, w, "ab", w,
			       "abcdefgh", w, 3, "xyz123");
		printf("null string [%s] [%.3s]\n", null_string, null_string);
	}

	/* Pointers, percent signs, and an unknown conversion passed through. */
	printf("%%p [%p] [%p] [%12p] [%-12p] [%p]\n", (void *)0x1234, (void *)0xbffff000,
	       (void *)0x8048000, (void *)0x10, (void *)0);
	printf("100%% and %%d\n");

	/* Return values and truncation. */
	n = snprintf(buf, 8, "%s-%d", "truncated", 12345);
	printf("snprintf(8) -> [%s] %d\n", buf, n);
	n = snprintf(buf, 1, "abc");
	printf("snprintf(1) -> [%s] %d\n", buf, n);
	n = snprintf(NULL, 0, "%lld", -0x7fffffffffffffffll - 1);
	printf("snprintf(NULL, 0) -> %d\n", n);
	n = sprintf(buf, "%c%c%c%c", 'a', 0x7e, '0', ' ');
	printf("sprintf -> [%s] %d\n", buf, n);
	n = printf("printf returns the count\n");
	printf("that was %d\n", n);
	n = fprintf(1, "fprintf to fd %d\n", 1);
	printf("that was %d\n", n);

	/* A long line, beyond the formatter's internal batch size. */
	for (int i = 0; i < 40; i++)
		printf("%04x%s", i * 977, i % 20 == 19 ? "\n" : " ");
	n = printf("%300s|\n", "right-aligned in 300");
	printf("that was %d\n", n);
	puts("puts adds a newline");
	putchar('o');
	putchar('k');
	putchar('\n');
	return 0;
}
