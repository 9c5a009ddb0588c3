/* Process groups and sessions (setpgid, getpgid, setsid, getsid, kill of
 * a group), sched_yield and clock_getres. Ids are printed as relations
 * (equal to the pid, to the parent's), so native and ia32emu runs compare. */
#include "common.h"

#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sched.h>

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pid_t me = getpid();
	/* Under a shell or ia32emu the program leads its group. */
	if (getpgrp() != me)
		setpgid(0, 0);
	printf("leads its group: %d\n", getpgrp() == me && getpgid(0) == me);
	T(getpgid(-1));
	T(getsid(-1));
	T(setpgid(-1, 0));
	T(setsid() == -1 ? -1 : 0); /* a group leader: EPERM */
	T(sched_yield());
	struct timespec res;
	T(clock_getres(CLOCK_MONOTONIC, &res));
	printf("resolution under 1 ms: %d\n", res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec < 1000000);
	T(clock_getres(12345, &res));
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		int in_parent_group = getpgrp() == getpgid(getppid());
		pid_t s = setsid(); /* not a leader: a new session */
		int ok = s == getpid() && getsid(0) == getpid() && getpgrp() == getpid();
		/* A session leader cannot move: EPERM. */
		int stays = setpgid(0, getppid()) == -1 && errno == EPERM;
		char b[3] = {(char)('0' + in_parent_group), (char)('0' + ok), (char)('0' + stays)};
		write(p[1], b, 3); /* the parent prints: one writer, one order */
		pause();
		return 0;
	}
	close(p[1]);
	char b[3] = {0, 0, 0};
	read(p[0], b, 3);
	printf("child in the parent's group: %c, setsid made it a leader: %c, then cannot move: "
	       "%c\n",
	       b[0], b[1], b[2]);
	T(setpgid(c, me)); /* the child is in another session now */
	printf("the child's session is its own: %d\n", getsid(c) == c);
	/* A second child in a group of its own, killed through the group. */
	pid_t d = fork();
	if (d == 0) {
		setpgid(0, 0);
		pause();
		return 0;
	}
	setpgid(d, d); /* as a shell does, in both, against the race */
	printf("the second child leads a new group: %d\n", getpgid(d) == d);
	T(kill(-d, SIGTERM));
	int st;
	waitpid(d, &st, 0);
	printf("killed through its group: %d\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
	T(kill(-999999, SIGTERM));
	kill(c, SIGKILL);
	waitpid(c, &st, 0);
	printf("first child killed: %d\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	return 0;
}
