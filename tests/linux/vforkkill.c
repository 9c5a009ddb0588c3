/* A vfork parent killed (SIGKILL) while its child runs in its memory: the
 * child keeps that memory, runs on and exits; a parent killed so is
 * reported as killed. The child of a second vfork, made by the first
 * child, exits normally too. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char stack1[65536] __attribute__((aligned(16)));
static char stack2[65536] __attribute__((aligned(16)));
static int out_fd;
static char heap_msg[64];

static void pause_ms(int ms)
{
	struct timespec ts = {0, ms * 1000L * 1000L};
	nanosleep(&ts, NULL);
}

static int grandchild(void *arg)
{
	(void)arg;
	_exit(0);
}

/* Runs in its parent's memory; kills that parent, then lives on in it. */
static int child(void *arg)
{
	(void)arg;
	kill(getppid(), SIGKILL);
	pause_ms(30);
	/* The parent is gone: the memory is this child's now. Touch it,
	 * allocate, vfork once more from it. */
	char *p = malloc(100000);
	memset(p, 'x', 100000);
	pid_t g =
	    clone(grandchild, stack2 + sizeof(stack2), CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
	int st = -1;
	waitpid(g, &st, 0);
	snprintf(heap_msg, sizeof(heap_msg), "child lives on: %c%c, grandchild %d\n", p[0],
		 p[99999], WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	write(out_fd, heap_msg, strlen(heap_msg));
	_exit(0);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	int fd[2];
	if (pipe(fd) < 0)
		return 1;
	pid_t p = fork();
	if (p == 0) {
		close(fd[0]);
		out_fd = fd[1];
		clone(child, stack1 + sizeof(stack1), CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
		write(fd[1], "parent ran on\n", 14); /* never: it was killed first */
		_exit(1);
	}
	close(fd[1]);
	int st = 0;
	waitpid(p, &st, 0);
	printf("vfork parent: %s %d\n", WIFSIGNALED(st) ? "killed by" : "exited",
	       WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	char buf[128];
	ssize_t n, got = 0;
	while ((n = read(fd[0], buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
		got += n;
	buf[got] = 0;
	printf("%s", buf);
	/* Memory this process takes now must not be the child's. */
	char *q = malloc(1 << 20);
	memset(q, 'y', 1 << 20);
	printf("after: %c\n", q[12345]);
	return 0;
}
