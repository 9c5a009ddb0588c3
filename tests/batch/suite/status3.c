/* Passes: exits with the status NAME.status expects. */
#include <stdlib.h>
#include <stdio.h>

int main(void)
{
	puts("exiting with 3");
	exit(3);
}
