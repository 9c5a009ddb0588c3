/* rm PATH...: removes files (and, as xv6's unlink allows, empty directories). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status = 0;
	if (argc < 2) {
		fprintf(2, "usage: rm PATH...\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		int r = unlink(argv[i]);
		if (r < 0) {
			fprintf(2, "rm: %s: %s (%d)\n", argv[i], strerror(r), r);
			status = 1;
		}
	}
	return status;
}
