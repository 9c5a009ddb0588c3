/* exit() takes no argument under the xv6 ABI: the status is 0 whatever
 * word sits on the stack where an argument would be. */
#include "xv6t.h"

int main(void)
{
	puts1("sexit: exit with 7 where an argument would be\n");
	__asm__ volatile("pushl $7; call exit");
	return 1;
}
