/* SIGPIPE: a write to a pipe with no reader kills by default (status
 * 128+13 in the parent's wait), and with SIGPIPE ignored the write
 * fails with EPIPE; a handler sees it first. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t pipes;

static void on_pipe(int sig)
{
	(void)sig;
	pipes++;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	int fd[2];
	pipe(fd);
	close(fd[0]);
	pid_t pid = fork();
	if (pid == 0) {
		write(fd[1], "x", 1);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("default: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	ssize_t r = write(fd[1], "x", 1);
	printf("ignored: write = %zd %s\n", r, errno == EPIPE ? "EPIPE" : strerror(errno));
	signal(SIGPIPE, on_pipe);
	errno = 0;
	r = write(fd[1], "xy", 2);
	printf("handler: write = %zd %s, handler ran %d\n", r, errno == EPIPE ? "EPIPE" : "?",
	       (int)pipes);
	return 0;
}
