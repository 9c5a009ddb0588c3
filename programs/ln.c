/* ln OLD NEW: a hard link. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(2, "usage: ln OLD NEW\n");
		return 1;
	}
	int r = link(argv[1], argv[2]);
	if (r < 0) {
		fprintf(2, "ln: %s %s: %s (%d)\n", argv[1], argv[2], strerror(r), r);
		return 1;
	}
	return 0;
}
