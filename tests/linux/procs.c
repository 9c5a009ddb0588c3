/* fork, pipe, wait with Linux's status encoding, execve, kill of a child. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, int st)
{
	if (WIFEXITED(st))
		printf("%s: exited %d\n", what, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s: signal %d\n", what, WTERMSIG(st));
	else
		printf("%s: ? %#x\n", what, st);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		printf("exec'd child: %s %s\n", argv[2], getenv("EXTRA"));
		return 5;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	int fd[2];
	if (pipe(fd) < 0)
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		const char msg[] = "through the pipe";
		write(fd[1], msg, sizeof(msg));
		_exit(7);
	}
	close(fd[1]);
	char buf[64] = "";
	ssize_t n = read(fd[0], buf, sizeof(buf));
	printf("read %zd: %s\n", n, buf);
	int st;
	pid_t w = waitpid(pid, &st, 0);
	printf("waited the child: %s\n", w == pid ? "yes" : "no");
	show("child", st);
	pid = fork();
	if (pid == 0) {
		char *args[] = {argv[0], "child", "arg", NULL};
		char *env[] = {"EXTRA=env-ok", NULL};
		execve(argv[0], args, env);
		_exit(99);
	}
	wait(&st);
	show("exec child", st);
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	show("killed child", st);
	pid = fork();
	if (pid == 0) {
		volatile int *p = NULL;
		*p = 1;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	show("faulting child", st);
	printf("no more children: %d\n", wait(&st));
	return 0;
}
