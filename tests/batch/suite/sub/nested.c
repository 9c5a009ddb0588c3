/* Passes: programs in subdirectories are found too; argv[0] is the name. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *slash = strrchr(argv[0], '/');
	(void)argc;
	printf("nested: %s\n", slash ? slash + 1 : argv[0]);
	return 0;
}
