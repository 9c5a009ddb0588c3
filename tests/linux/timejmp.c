/* Time through the C library (time, gettimeofday, clock_gettime, gmtime,
 * strftime, mktime's inverse, clock) and plain setjmp/longjmp. Times are
 * printed as relations (after 2020, clocks agreeing, monotonic), so native
 * and ia32emu runs compare. */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static jmp_buf env;
static int depth;

static void dive(int n)
{
	depth = n;
	if (n == 5)
		longjmp(env, n * 10);
	if (n < 100)
		dive(n + 1);
}

int main(void)
{
	time_t t = time(NULL);
	printf("time after 2020: %d\n", t > 1577836800);
	struct timeval tv;
	gettimeofday(&tv, NULL);
	printf("gettimeofday agrees with time: %d, usec in range: %d\n",
	       tv.tv_sec - t >= 0 && tv.tv_sec - t <= 2, tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	struct timespec r, m1, m2;
	clock_gettime(CLOCK_REALTIME, &r);
	clock_gettime(CLOCK_MONOTONIC, &m1);
	volatile double x = 0;
	for (int i = 0; i < 100000; i++)
		x += i * 0.5;
	clock_gettime(CLOCK_MONOTONIC, &m2);
	printf("realtime agrees: %d; monotonic moves forward: %d\n", r.tv_sec - t >= 0 && r.tv_sec - t <= 2,
	       m2.tv_sec > m1.tv_sec || (m2.tv_sec == m1.tv_sec && m2.tv_nsec > m1.tv_nsec));
	printf("clock() not negative: %d\n", clock() >= 0);
	time_t fixed = 1700000000; /* 2023-11-14 22:13:20 UTC */
	struct tm tm;
	gmtime_r(&fixed, &tm);
	char buf[64];
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %a %j", &tm);
	printf("gmtime/strftime: %s\n", buf);
	tm.tm_isdst = 0;
	printf("timegm inverts gmtime: %d\n", timegm(&tm) == fixed);
	printf("difftime: %.1f\n", difftime(fixed + 90, fixed));
	int v = setjmp(env);
	if (v == 0) {
		dive(0);
		printf("not reached\n");
	}
	printf("longjmp back with %d from depth %d\n", v, depth);
	return 0;
}
