/* Resource exhaustion: descriptors. dup() until it fails (-EMFILE once the
 * process's table is full), pipe() likewise, then close everything and
 * check the same number can be opened again (nothing leaked). */
#include <stdio.h>
#include <unistd.h>

static int fill(void)
{
	int n = 0, r;
	while ((r = dup(1)) >= 0)
		n++;
	printf("dup = %d after %d\n", r, n);
	int fds[2];
	r = pipe(fds);
	printf("pipe = %d when full\n", r);
	return n;
}

int main(void)
{
	int first = fill();
	for (int fd = 3; fd < 64; fd++)
		close(fd);
	int p = 0, fds[2];
	while (pipe(fds) == 0)
		p++;
	printf("%d pipes fit\n", p);
	for (int fd = 3; fd < 64; fd++)
		close(fd);
	int second = fill();
	printf("%s\n", first == second && first > 0 ? "same count twice" : "counts differ");
	return 0;
}
