/* SIGCHLD: a handler with SA_SIGINFO sees the child's pid and status,
 * waitpid still returns the child (the call completes before the
 * handler runs); kill of a child that catches SIGTERM; SIGCHLD ignored
 * by default; SA_NOCLDSTOP accepted; SIG_IGN and SA_NOCLDWAIT reap. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t chld, chld_code, chld_status, chld_pid_ok;
static volatile pid_t expect;
static int sync_fd[2];

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	chld++;
	chld_code = si->si_code;
	chld_status = si->si_status;
	chld_pid_ok = si->si_pid == expect;
}

static void on_term(int sig)
{
	char m[] = "child caught SIGTERM\n";
	write(1, m, sizeof(m) - 1);
	_exit(40 + sig);
}

static const char *code_name(int c)
{
	return c == CLD_EXITED	 ? "CLD_EXITED"
	       : c == CLD_KILLED ? "CLD_KILLED"
	       : c == CLD_DUMPED ? "CLD_DUMPED"
				 : "?";
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	/* Default: SIGCHLD ignored, waitpid as usual. */
	pid_t pid = fork();
	if (pid == 0)
		_exit(1);
	int st;
	pid_t w = waitpid(pid, &st, 0);
	printf("default: waitpid %s status %d\n", w == pid ? "ok" : "bad", WEXITSTATUS(st));

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	/* SIGCHLD blocked until `expect` is set: natively the child can end
	 * and its signal arrive before fork returns to the parent. */
	sigset_t chld_set, old_set;
	sigemptyset(&chld_set);
	sigaddset(&chld_set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld_set, &old_set);
	pid = fork();
	if (pid == 0)
		_exit(7);
	expect = pid;
	sigprocmask(SIG_SETMASK, &old_set, NULL);
	w = waitpid(pid, &st, 0);
	printf("handler: waitpid %s status %d chld %d %s status %d pid %s\n",
	       w == pid ? "ok" : strerror(errno), WEXITSTATUS(st), (int)chld, code_name(chld_code),
	       (int)chld_status, chld_pid_ok ? "ok" : "bad");

	/* A child killed by SIGKILL: CLD_KILLED, si_status the signal. The
	 * parent waits for the handler with sigsuspend. */
	sigset_t blk, none;
	sigemptyset(&blk);
	sigaddset(&blk, SIGCHLD);
	sigprocmask(SIG_BLOCK, &blk, NULL);
	chld = 0;
	pipe(sync_fd);
	pid = fork();
	if (pid == 0) {
		close(sync_fd[0]);
		write(sync_fd[1], "r", 1);
		for (;;)
			pause();
	}
	expect = pid;
	char c;
	read(sync_fd[0], &c, 1);
	kill(pid, SIGKILL);
	sigemptyset(&none);
	while (!chld)
		sigsuspend(&none);
	printf("killed: chld %d %s si_status %d pid %s\n", (int)chld, code_name(chld_code),
	       (int)chld_status, chld_pid_ok ? "ok" : "bad");
	waitpid(pid, &st, 0);
	printf("killed: WTERMSIG %d\n", WTERMSIG(st));
	sigprocmask(SIG_UNBLOCK, &blk, NULL);

	/* A child that catches SIGTERM and exits with 40+15. */
	signal(SIGCHLD, SIG_DFL);
	pid = fork();
	if (pid == 0) {
		signal(SIGTERM, on_term);
		write(sync_fd[1], "r", 1);
		for (;;)
			pause();
	}
	read(sync_fd[0], &c, 1);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	printf("caught: exited %d status %d\n", WIFEXITED(st), WEXITSTATUS(st));
	/* kill of a zombie is not an error; of nobody, ESRCH. */
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, &st, 0);
	errno = 0;
	int r = kill(pid, SIGTERM);
	printf("kill(reaped) = %d %s\n", r, errno == ESRCH ? "ESRCH" : "?");

	/* SIGCHLD ignored: children are reaped as they end, and wait blocks
	 * until none is left, then fails with ECHILD. */
	signal(SIGCHLD, SIG_IGN);
	for (int i = 0; i < 2; i++) {
		pid = fork();
		if (pid == 0)
			_exit(3);
	}
	errno = 0;
	w = wait(&st);
	printf("SIG_IGN: wait = %d %s\n", (int)w, errno == ECHILD ? "ECHILD" : strerror(errno));
	/* SA_NOCLDWAIT, with a handler: the same, and the handler still runs. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_NOCLDWAIT | SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);
	chld = 0;
	pid = fork();
	if (pid == 0)
		_exit(4);
	expect = pid;
	errno = 0;
	w = waitpid(pid, &st, 0);
	printf("SA_NOCLDWAIT: waitpid = %d %s, handler %d\n", (int)w,
	       errno == ECHILD ? "ECHILD" : strerror(errno), (int)chld);
	return 0;
}
