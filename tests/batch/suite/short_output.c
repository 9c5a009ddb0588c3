/* Fails: stops one line early, and without the final newline. */
#include <stdio.h>

int main(void)
{
	printf("first\nsecond");
	return 0;
}
