/* Fails: one line more than expected. */
#include <stdio.h>

int main(void)
{
	printf("one\ntwo\nthree\n");
	return 0;
}
