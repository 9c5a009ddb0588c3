/* signal(), sigaction with SA_SIGINFO, raise, kill to self, sigprocmask
 * blocking and sigpending, SA_RESETHAND, the handler's mask, default
 * actions of a child (terminate, ignore), sigwait/sigtimedwait/sigwaitinfo,
 * execve resetting the dispositions (the mask and SIG_IGN survive), sigqueue. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got, got_sig;
static volatile int si_code_seen, si_pid_ok, in_mask_ok, si_value_seen;

static void on_usr1(int sig)
{
	got++;
	got_sig = sig;
}

static void on_info(int sig, siginfo_t *si, void *uc)
{
	got++;
	got_sig = sig;
	si_code_seen = si->si_code;
	si_value_seen = si->si_value.sival_int;
	si_pid_ok = si->si_pid == getpid() && si->si_signo == sig && uc != NULL;
	sigset_t cur;
	sigprocmask(SIG_SETMASK, NULL, &cur);
	/* The handler runs with its own signal and sa_mask blocked. */
	in_mask_ok = sigismember(&cur, sig) && sigismember(&cur, SIGUSR2);
}

/* After execve: caught signals are back to SIG_DFL, ignored ones stay
 * ignored, the mask survives (Linux's flush_signal_handlers). */
static int after_exec(void)
{
	struct sigaction a1, a2;
	sigaction(SIGUSR1, NULL, &a1);
	sigaction(SIGUSR2, NULL, &a2);
	sigset_t m;
	sigprocmask(SIG_SETMASK, NULL, &m);
	stack_t ss;
	sigaltstack(NULL, &ss);
	printf("exec'd: USR1 %s, USR2 %s, WINCH blocked %d, altstack disabled %d\n",
	       a1.sa_handler == SIG_DFL ? "SIG_DFL" : "?",
	       a2.sa_handler == SIG_IGN ? "SIG_IGN" : "?", sigismember(&m, SIGWINCH),
	       (ss.ss_flags & SS_DISABLE) != 0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exec") == 0)
		return after_exec();
	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	printf("raise: got %d sig %d\n", (int)got, (int)got_sig);
	kill(getpid(), SIGUSR1);
	printf("kill self: got %d\n", (int)got);

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &sa, NULL);
	got = 0;
	kill(getpid(), SIGUSR1);
	printf("siginfo: got %d code %s pid %s mask %s\n", (int)got,
	       si_code_seen == SI_USER ? "SI_USER" : "?", si_pid_ok ? "ok" : "bad",
	       in_mask_ok ? "ok" : "bad");
	struct sigaction old;
	sigaction(SIGUSR1, NULL, &old);
	printf("old action: siginfo %d handler %s\n", !!(old.sa_flags & SA_SIGINFO),
	       old.sa_sigaction == on_info ? "same" : "other");

	/* sigqueue: SI_QUEUE and the value reach the handler. */
	got = 0;
	sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = 42});
	printf("sigqueue: got %d code %s value %d\n", (int)got,
	       si_code_seen == SI_QUEUE ? "SI_QUEUE" : "?", (int)si_value_seen);

	/* Blocked: pending, delivered when unblocked. */
	sigset_t set, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	got = 0;
	raise(SIGUSR1);
	sigpending(&pend);
	printf("blocked: got %d pending %d\n", (int)got, sigismember(&pend, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	sigpending(&pend);
	printf("unblocked: got %d pending %d\n", (int)got, sigismember(&pend, SIGUSR1));

	/* Ignored: nothing happens, and nothing stays pending. */
	signal(SIGUSR2, SIG_IGN);
	raise(SIGUSR2);
	printf("ignored: still here\n");

	/* SA_RESETHAND: once, then the default. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGUSR2, &sa, NULL);
	got = 0;
	raise(SIGUSR2);
	sigaction(SIGUSR2, NULL, &old);
	printf("resethand: got %d now %s\n", (int)got, old.sa_handler == SIG_DFL ? "SIG_DFL" : "?");

	/* sigwait, sigtimedwait, sigwaitinfo: blocked signals taken without
	 * their handler; a timeout of 0 and of 20 ms; one sent by a child. */
	sigset_t w;
	sigemptyset(&w);
	sigaddset(&w, SIGUSR1);
	sigprocmask(SIG_BLOCK, &w, NULL);
	got = 0;
	raise(SIGUSR1);
	int signo = 0;
	int r = sigwait(&w, &signo);
	printf("sigwait = %d sig %d handler ran %d\n", r, signo, (int)got);
	struct timespec zero = {0, 0}, ms20 = {0, 20000000};
	errno = 0;
	r = sigtimedwait(&w, NULL, &zero);
	printf("sigtimedwait(0) = %d %s\n", r, errno == EAGAIN ? "EAGAIN" : "?");
	errno = 0;
	r = sigtimedwait(&w, NULL, &ms20);
	printf("sigtimedwait(20 ms) = %d %s\n", r, errno == EAGAIN ? "EAGAIN" : "?");
	pid_t kid = fork();
	if (kid == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	r = sigwaitinfo(&w, &si);
	printf("sigwaitinfo = %d from the child %d SI_USER %d\n", r, si.si_pid == kid,
	       si.si_code == SI_USER);
	waitpid(kid, NULL, 0);

	/* Default actions in children: SIGTERM terminates, SIGCHLD and
	 * SIGWINCH are ignored, an abort() is SIGABRT. */
	int st;
	pid_t pid = fork();
	if (pid == 0) {
		raise(SIGWINCH);
		raise(SIGCHLD);
		raise(SIGTERM);
		_exit(3);
	}
	waitpid(pid, &st, 0);
	printf("child: signaled %d sig %d\n", WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : -1);
	pid = fork();
	if (pid == 0)
		abort();
	waitpid(pid, &st, 0);
	printf("abort child: sig %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : -1);
	/* A blocked SIGTERM stays pending in the child until it unblocks. */
	pid = fork();
	if (pid == 0) {
		sigset_t t;
		sigemptyset(&t);
		sigaddset(&t, SIGTERM);
		sigprocmask(SIG_BLOCK, &t, NULL);
		raise(SIGTERM);
		printf("child: SIGTERM blocked, still alive\n");
		sigprocmask(SIG_UNBLOCK, &t, NULL);
		printf("child: not reached\n");
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("blocked child: sig %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : -1);
	/* execve resets the dispositions (in a child, exec'ing this program). */
	pid = fork();
	if (pid == 0) {
		signal(SIGUSR1, on_usr1);
		signal(SIGUSR2, SIG_IGN);
		sigset_t wm;
		sigemptyset(&wm);
		sigaddset(&wm, SIGWINCH);
		sigprocmask(SIG_BLOCK, &wm, NULL);
		static char alt[16384];
		stack_t ss = {.ss_sp = alt, .ss_size = sizeof(alt), .ss_flags = 0};
		sigaltstack(&ss, NULL);
		char *args[] = {argv[0], "exec", NULL};
		execv(argv[0], args);
		_exit(99);
	}
	waitpid(pid, &st, 0);
	printf("exec child: exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	/* The run's status: killed by SIGTERM, 128+15 from the shell. */
	signal(SIGTERM, SIG_DFL);
	kill(getpid(), SIGTERM);
	printf("not reached\n");
	return 0;
}
