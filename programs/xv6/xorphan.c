/* Orphans go to init, not to this program: the pattern of xv6's sh
 * running "cmd &" (a child forks the job and exits at once). */
#include "xv6t.h"

int main(void)
{
	int pfd[2];
	pipe(pfd);
	int child = fork();
	if (child == 0) {
		if (fork() == 0) { /* the background job */
			char c;
			read(pfd[0], &c, 1); /* until the parent says so */
			puts1("job done\n");
			exit();
		}
		exit();
	}
	int r = wait();
	check("wait() returns the child", r == child, r);
	r = wait();
	check("wait() does not get the orphaned job", r < 0, r);
	write(pfd[1], "x", 1);
	sleep(5);
	r = wait();
	check("nor after it exits", r < 0, r);
	/* A job still running when the first program exits ends with it. */
	if (fork() == 0) {
		if (fork() == 0) {
			for (;;)
				sleep(1);
		}
		exit();
	}
	wait();
	puts1("xorphan done\n");
	exit();
}
