/* Prints its argument count and the length of its arguments, for sargs. */
#include "xv6t.h"

int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 0; i < argc; i++)
		n += slen(argv[i]);
	puts1("secho argc ");
	putint(argc);
	puts1(" bytes ");
	putint(n);
	puts1(argv[argc] == 0 ? " null\n" : " no-null\n");
	exit();
}
