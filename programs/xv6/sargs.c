/* MAXARG: xv6's exec takes 31 arguments (its argv[MAXARG] must hold the
 * NULL too), and the strings with argv[] must fit in its one page of
 * stack (usertests' bigargtest). */
#include "xv6t.h"

static char *args[40];
static char big[141];

static int run(int n, char *arg)
{
	for (int i = 0; i < n; i++)
		args[i] = arg;
	args[0] = "secho";
	args[n] = 0;
	int pid = fork();
	if (pid == 0) {
		int r = exec("secho", args);
		putint(r);
		puts1(" = exec\n");
		exit();
	}
	wait();
	return pid;
}

int main(void)
{
	for (int i = 0; i < 140; i++)
		big[i] = 'b';
	run(31, "a"); /* runs: secho argc 31 */
	run(32, "a"); /* -1 = exec */
	run(20, big); /* 19 * 141 + 6 bytes: fits in the page */
	run(31, big); /* 30 * 141 bytes: past the page, -1 */
	puts1("sargs done\n");
	exit();
}
