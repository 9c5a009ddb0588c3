/* alarm with pause, setitimer/getitimer, a blocking read interrupted
 * (-EINTR) and restarted (SA_RESTART), sigsuspend. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;

static int fd[2];
static volatile sig_atomic_t writer;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
	if (writer)
		write(fd[1], "x", 1);
}

/* One SIGALRM in `usec` microseconds. */
static void shot(long usec)
{
	struct itimerval it = {{0, 0}, {0, usec}};
	setitimer(ITIMER_REAL, &it, NULL);
}

static void set_handler(int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = flags;
	sigaction(SIGALRM, &sa, NULL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	set_handler(0);
	printf("alarm(1) = %u\n", alarm(1));
	unsigned left = alarm(1);
	printf("alarm again: left %u\n", left);
	int r = pause();
	printf("pause = %d errno %s alarms %d\n", r, errno == EINTR ? "EINTR" : "?", (int)alarms);
	printf("alarm(0) after = %u\n", alarm(0));

	/* setitimer: a periodic 20 ms timer, three expiries by pause. */
	struct itimerval it = {{0, 20000}, {0, 20000}}, cur;
	setitimer(ITIMER_REAL, &it, NULL);
	getitimer(ITIMER_REAL, &cur);
	printf("getitimer: interval %ld usec, value <= 20000: %d\n", (long)cur.it_interval.tv_usec,
	       cur.it_value.tv_usec <= 20000 && cur.it_value.tv_sec == 0);
	alarms = 0;
	while (alarms < 3)
		pause();
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	getitimer(ITIMER_REAL, &cur);
	printf("periodic: %d alarms, then off: %ld\n", (int)alarms, (long)cur.it_value.tv_usec);

	/* A read from an empty pipe: SIGALRM interrupts it... */
	pipe(fd);
	char c;
	shot(30000);
	errno = 0;
	r = (int)read(fd[0], &c, 1);
	printf("read without SA_RESTART = %d %s\n", r, errno == EINTR ? "EINTR" : strerror(errno));
	/* ... or, with SA_RESTART, it goes on: the handler writes. */
	set_handler(SA_RESTART);
	alarms = 0;
	writer = 1;
	shot(30000);
	r = (int)read(fd[0], &c, 1);
	printf("read with SA_RESTART = %d '%c' alarms %d\n", r, r == 1 ? c : '?', (int)alarms);
	writer = 0;

	/* sigsuspend: SIGALRM blocked, then waited for with it unblocked;
	 * the old mask is back afterwards. */
	sigset_t block, old, during;
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, &old);
	alarms = 0;
	shot(30000);
	sigemptyset(&during);
	r = sigsuspend(&during);
	sigset_t now;
	sigprocmask(SIG_SETMASK, NULL, &now);
	printf("sigsuspend = %d %s alarms %d, blocked again %d\n", r,
	       errno == EINTR ? "EINTR" : "?", (int)alarms, sigismember(&now, SIGALRM));
	/* A busy loop is interrupted too (the timer brings the kernel back). */
	sigprocmask(SIG_SETMASK, &old, NULL);
	alarms = 0;
	shot(10000);
	while (!alarms)
		;
	printf("busy loop interrupted: %d\n", (int)alarms);
	/* Default SIGALRM ends the process: status 128+14. */
	signal(SIGALRM, SIG_DFL);
	shot(10000);
	for (;;)
		pause();
}
