/* Sleeps and waits a signal handler interrupts: nanosleep, clock_nanosleep,
 * poll and select end with EINTR (even under SA_RESTART, as Linux's do),
 * nanosleep writes the time left in `rem`, and a later sleep is whole
 * (nothing of the interrupted one is kept). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void set_handler(int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = flags;
	sigaction(SIGALRM, &sa, NULL);
}

/* One SIGALRM in 50 ms. */
static void shot(void)
{
	struct itimerval it = {{0, 0}, {0, 50000}};
	setitimer(ITIMER_REAL, &it, NULL);
}

static void try_sleeps(const char *how)
{
	struct timespec req = {5, 0}, rem = {0, 0};
	shot();
	int r = nanosleep(&req, &rem);
	printf("%s nanosleep: %d errno %d alarms %d rem in (3s, 5s): %d\n", how, r,
	       r < 0 ? errno : 0, (int)alarms, rem.tv_sec >= 3 && rem.tv_sec < 5);
	rem.tv_sec = 77;
	shot();
	r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
	printf("%s clock_nanosleep: %d (the error itself) rem written: %d\n", how, r,
	       rem.tv_sec != 77);
	shot();
	r = poll(NULL, 0, 5000);
	printf("%s poll: %d errno %d\n", how, r, r < 0 ? errno : 0);
	struct timeval tv = {5, 0};
	shot();
	r = select(0, NULL, NULL, NULL, &tv);
	printf("%s select: %d errno %d\n", how, r, r < 0 ? errno : 0);
	/* A short sleep afterwards sleeps its own time: 0, not an old deadline. */
	struct timespec shortreq = {0, 20000000};
	printf("%s short nanosleep after: %d\n", how, nanosleep(&shortreq, NULL));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	set_handler(0);
	try_sleeps("plain");
	set_handler(SA_RESTART);
	try_sleeps("SA_RESTART");
	alarm(1);
	unsigned left = sleep(5);
	printf("sleep(5) cut by alarm(1): the seconds left in [3, 4]: %d\n", left >= 3 && left <= 4);
	printf("alarms %d\n", (int)alarms);
	return 0;
}
