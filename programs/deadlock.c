/* deadlock: two processes each wait for the other (kernel test). The
 * parent reads a pipe only the child could fill; the child reads a pipe
 * only the parent could fill. The kernel must notice and stop cleanly. */
#include <unistd.h>

int main(void)
{
	int a[2], b[2];
	char c;
	pipe(a);
	pipe(b);
	if (fork() == 0) {
		read(b[0], &c, 1);
		write(a[1], "x", 1);
		return 0;
	}
	read(a[0], &c, 1);
	write(b[1], "x", 1);
	return 0;
}
