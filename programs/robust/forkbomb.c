/* Resource exhaustion: processes. `forkbomb count` forks children that
 * wait to be killed until fork fails (it must fail cleanly with an errno,
 * not crash the kernel), then kills and reaps them all. `forkbomb bomb`
 * is the classic `for (;;) fork();`: only --max-insns or --timeout stop
 * it, with a message. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAXKIDS 1024

static int kids[MAXKIDS];

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "bomb") == 0) {
		for (;;)
			fork();
	}
	int n = 0, r;
	for (;;) {
		r = fork();
		if (r == 0) {
			for (;;)
				sleep(1000);
		}
		if (r < 0 || n == MAXKIDS)
			break;
		kids[n++] = r;
	}
	printf("fork = %d after %d children\n", r, n);
	for (int i = 0; i < n; i++)
		kill(kids[i]);
	int reaped = 0;
	while (wait() > 0)
		reaped++;
	printf("reaped %d\n", reaped);
	/* Every slot came back: fork works again. */
	r = fork();
	if (r == 0)
		exit(3);
	printf("fork again: %s\n", r > 0 && wait() == r ? "ok" : "failed");
	return 0;
}
