/* Resource exhaustion: unbounded recursion runs the stack into its
 * unmapped guard page; the kernel must stop the program with a user #PF
 * (status 139) and a message, never grow into other memory. */
#include <stdio.h>

static int depth(volatile int *prev)
{
	volatile int frame[64]; /* 256 bytes a level: the guard page comes fast */
	frame[0] = *prev + 1;
	if (frame[0] < 0) /* never: only to tell gcc the recursion can end */
		return 0;
	return depth(frame) + frame[1];
}

int main(void)
{
	volatile int zero = 0;
	printf("recursing\n");
	return depth(&zero);
}
