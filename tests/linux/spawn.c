/* posix_spawn (glibc: clone3, then clone; musl: clone), with file actions
 * and an exec that fails, and clone(CLONE_VM|CLONE_VFORK) on a stack of
 * the child's own: the child runs in the parent's memory, the parent
 * sleeps until the child execs or exits, through a signal sent to it. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static char order[16];
static volatile int norder;
static char stack[65536] __attribute__((aligned(16)));

static void note(char c)
{
	order[norder++] = c;
}

static void on_usr1(int sig)
{
	(void)sig;
	note('h');
}

/* The vfork child: it writes to the parent's memory, signals it, sleeps
 * (the parent must still not run), writes again and exits. */
static int child(void *arg)
{
	note('a');
	kill(getppid(), SIGUSR1);
	struct timespec ts = {0, 20 * 1000 * 1000};
	nanosleep(&ts, NULL);
	note('b');
	*(int *)arg = 42;
	_exit(3);
}

static void show(const char *what, int st)
{
	if (WIFEXITED(st))
		printf("%s: exited %d\n", what, WEXITSTATUS(st));
	else
		printf("%s: status %#x\n", what, st);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		printf("spawned child: %s\n", argc > 2 ? argv[2] : "-");
		return 9;
	}
	setvbuf(stdout, NULL, _IONBF, 0);

	/* A spawn whose stdout goes to a file (file actions), then its
	 * output read back. */
	pid_t pid;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	char *av[] = {"./prog", "child", "to-file", NULL};
	int e = posix_spawn(&pid, "./prog", &fa, NULL, av, environ);
	printf("posix_spawn: %d\n", e);
	int st = 0;
	if (e == 0 && waitpid(pid, &st, 0) == pid)
		show("spawned", st);
	posix_spawn_file_actions_destroy(&fa);
	char buf[64] = "";
	FILE *f = fopen("out.txt", "r");
	if (f && fgets(buf, sizeof(buf), f))
		printf("its output: %s", buf);
	if (f)
		fclose(f);

	/* The parent learns that the exec failed, as the child tells it. */
	char *bad[] = {"./nosuch", NULL};
	e = posix_spawn(&pid, "./nosuch", NULL, NULL, bad, environ);
	printf("posix_spawn of a missing file: %d\n", e);
	if (e == 0 && waitpid(pid, &st, 0) == pid)
		show("missing", st);

	/* posix_spawnp with the inherited stdout: the child's line comes
	 * before the parent's once the parent has waited (the two run at
	 * once after the exec). */
	char *av2[] = {"./prog", "child", "spawnp", NULL};
	e = posix_spawnp(&pid, "./prog", NULL, NULL, av2, environ);
	st = 0;
	pid_t got = e == 0 ? waitpid(pid, &st, 0) : -1;
	printf("posix_spawnp: %d\n", e);
	if (got == pid)
		show("spawnp", st);

	/* clone(CLONE_VM | CLONE_VFORK) by hand. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	int shared = 0;
	pid = clone(child, stack + sizeof(stack), CLONE_VM | CLONE_VFORK | SIGCHLD, &shared);
	note('c');
	printf("clone: %s, the child wrote %d, order %.*s\n", pid > 0 ? "a pid" : "failed", shared,
	       norder, order);
	if (pid > 0 && waitpid(pid, &st, 0) == pid)
		show("clone child", st);
	return 0;
}
