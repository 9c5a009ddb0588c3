/* futex as a single-threaded program meets it (glibc's pthread_once, the
 * locks of libraries), through raw system calls so that the kernel's
 * answers are compared: wakes wake nobody, a wait on a changed word is
 * EAGAIN, a wait times out (relative and absolute), is interrupted by a
 * handler, and the argument checks. */
#define _GNU_SOURCE
#include "common.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* linux/futex.h's values (musl's tree has no kernel headers). */
#define FUTEX_WAIT	     0
#define FUTEX_WAKE	     1
#define FUTEX_CMP_REQUEUE    4
#define FUTEX_WAKE_OP	     5
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_OP_SET	     0
#define FUTEX_OP_ADD	     1
#define FUTEX_OP_CMP_EQ	     0
#define FUTEX_OP(op, oparg, cmp, cmparg)                                                           \
	(((op & 0xf) << 28) | ((cmp & 0xf) << 24) | ((oparg & 0xfff) << 12) | (cmparg & 0xfff))

static long fx(void *uaddr, int op, uint32_t val, const void *ts, void *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int once_ran;
static void once_fn(void)
{
	once_ran++;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	static uint32_t word = 7, other = 10;
	struct timespec ten_ms = {0, 10 * 1000 * 1000};
	T(fx(&word, FUTEX_WAKE, 1, NULL, NULL, 0));
	T(fx(&word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0));
	T(fx((void *)16, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0)); /* reads nothing */
	T(fx((void *)16, FUTEX_WAKE, 1, NULL, NULL, 0));
	T(fx((char *)&word + 1, FUTEX_WAKE, 1, NULL, NULL, 0));
	T(fx(&word, FUTEX_WAIT, 8, &ten_ms, NULL, 0)); /* the word is 7: EAGAIN */
	T(fx(&word, FUTEX_WAIT, 7, &ten_ms, NULL, 0)); /* ETIMEDOUT */
	T(fx(NULL, FUTEX_WAIT, 7, &ten_ms, NULL, 0));
	struct timespec bad = {0, 1000000000};
	T(fx(&word, FUTEX_WAIT, 7, &bad, NULL, 0));
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	now.tv_nsec += 5 * 1000 * 1000;
	if (now.tv_nsec >= 1000000000) {
		now.tv_sec++;
		now.tv_nsec -= 1000000000;
	}
	T(fx(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 7, &now, NULL, ~0u)); /* absolute */
	T(fx(&word, FUTEX_WAIT_BITSET, 7, &ten_ms, NULL, 0));			  /* bitset 0 */
	T(fx(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0));
	T(fx(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0));
	T(fx(&word, 99, 1, NULL, NULL, 0));
	/* FUTEX_WAKE_OP: other += 5, then a wake of nobody. */
	T(fx(&word, FUTEX_WAKE_OP, 1, (void *)1, &other,
	     FUTEX_OP(FUTEX_OP_ADD, 5, FUTEX_OP_CMP_EQ, 0)));
	printf("other: %u\n", other);
	T(fx(&word, FUTEX_WAKE_OP, 1, (void *)1, &other, FUTEX_OP(FUTEX_OP_SET, 1, 9, 0)));
	T(fx(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, &other, 6));
	T(fx(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, &other, 7));
	/* A handler (no SA_RESTART) ends a wait without a timeout. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = {{0, 0}, {0, 20000}};
	setitimer(ITIMER_REAL, &it, NULL);
	T(fx(&word, FUTEX_WAIT, 7, NULL, NULL, 0));
	/* What libc does with them alone. */
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, once_fn);
	pthread_once(&once, once_fn);
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	T(pthread_mutex_lock(&m));
	T(pthread_mutex_trylock(&m));
	T(pthread_mutex_unlock(&m));
	printf("once: %d\n", once_ran);
	return 0;
}
