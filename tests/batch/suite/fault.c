/* Fails: writes through a null pointer (page 0 is unmapped: #PF). */
#include <stdio.h>

int main(int argc, char **argv)
{
	volatile int *p = (volatile int *)(argc - 1);
	(void)argv;
	printf("before the fault\n");
	*p = 1;
	printf("not reached\n");
	return 0;
}
