/* kill PID...: ends processes (status 128+9 for their parent). */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status = 0;
	if (argc < 2) {
		fprintf(2, "usage: kill PID...\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		int r = kill(atoi(argv[i]));
		if (r < 0) {
			fprintf(2, "kill: %s: %s (%d)\n", argv[i], strerror(r), r);
			status = 1;
		}
	}
	return status;
}
