/* sleep TICKS: waits that many virtual ticks (100,000 instructions each). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(2, "usage: sleep TICKS\n");
		return 1;
	}
	return sleep(atoi(argv[1])) < 0;
}
