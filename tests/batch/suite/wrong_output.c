/* Fails: its second line is not the expected one. */
#include <stdio.h>

int main(void)
{
	printf("alpha\nbeta\ngamma\n");
	return 0;
}
