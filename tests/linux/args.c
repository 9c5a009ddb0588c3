/* argv, the environment, printf of integers, exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	printf("argc %d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = \"%s\" (%zu)\n", i, argv[i], strlen(argv[i]));
	const char *home = getenv("HOME");
	printf("HOME=%s\n", home ? home : "(unset)");
	printf("%d %u %x %o %ld %lld %+05d|%-6d|%c%s\n", -42, 42u, 0xbeef, 8, -123456789L,
	       -1234567890123LL, 7, 3, 'x', "!");
	return argc + 20;
}
