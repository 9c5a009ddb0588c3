/* Fails: right output, wrong exit status. */
#include <stdio.h>

int main(void)
{
	printf("fine\n");
	return 42;
}
