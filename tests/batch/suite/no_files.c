/* Passes: without a NAME.root its root is empty: neither the files of
 * files.root nor the ones that program made are there. */
#include <fcntl.h>
#include <stdio.h>

int main(void)
{
	printf("%d %d %d\n", open("/data.txt", O_RDONLY), open("/made.txt", O_RDONLY),
	       open("/files.c", O_RDONLY));
	return 0;
}
