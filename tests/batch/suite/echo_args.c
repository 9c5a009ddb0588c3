/* Passes: echoes its arguments and its stdin, with 64-bit printf. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[128];
	int n;
	for (int i = 1; i < argc; i++)
		printf("arg %d: [%s]\n", i, argv[i]);
	while ((n = read(0, buf, sizeof(buf))) > 0)
		write(1, buf, n);
	long long big = -9000000000LL;
	unsigned long long ubig = 18000000000000000000ULL;
	printf("%lld %llu %ld %lx|%6s|%-4d|\n", big, ubig / 1000, 2147483647L, 0xdeadbeefUL, "pad",
	       7);
	return (int)strlen(argv[0]) > 0 ? 0 : 9;
}
