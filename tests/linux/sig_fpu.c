/* The x87 state across a handler: a periodic SIGALRM interrupts a loop
 * that keeps its sums in x87 registers, and the handler computes with
 * the FPU itself; the frame's saved FPU state (restored by sigreturn)
 * keeps the loop's result exact. Also the FPU control word: the handler
 * starts with the default one, and the program's own comes back. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

/* The x87 control word (fnstcw/fldcw: musl has no fpu_control.h). */
static unsigned short get_cw(void)
{
	unsigned short cw;
	__asm__ volatile("fnstcw %0" : "=m"(cw));
	return cw;
}

static void set_cw(unsigned short cw)
{
	__asm__ volatile("fldcw %0" : : "m"(cw));
}

#define CW_DEFAULT 0x037f /* after FNINIT: round to nearest, 64-bit, all masked */
#define CW_RC_ZERO 0x0c00

static volatile sig_atomic_t ticks;
static volatile double hval;
static volatile unsigned handler_cw;

static void on_alarm(int sig)
{
	(void)sig;
	handler_cw = get_cw();
	double x = 1.0, y = 3.0;
	for (int i = 0; i < 50; i++) {
		x = x * 1.0001 + y / 7.0;
		y = y * 0.999 - x / 1000.0;
	}
	hval = x + y;
	ticks++;
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	/* Round toward zero, 64-bit precision: the handler must not see it. */
	unsigned short mine = CW_DEFAULT | CW_RC_ZERO;
	set_cw(mine);
	struct itimerval it = {{0, 1000}, {0, 1000}};
	setitimer(ITIMER_REAL, &it, NULL);
	double a = 0.0, b = 1.0, c = 0.5;
	for (long i = 0; i < 1000000; i++) {
		a += (double)(i % 1000) * 0.001;
		b = b * 0.9999999 + 1e-7;
		c = c * c * 0.5 + 0.25;
	}
	while (ticks < 3)
		pause();
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	unsigned short after = get_cw();
	printf("loop: a=%.6f b=%.12f c=%.12f\n", a, b, c);
	printf("handler ran: %d, value %.12f, default cw there: %d\n", ticks > 0, hval,
	       (handler_cw & 0xf3f) == (CW_DEFAULT & 0xf3f));
	printf("own cw back: %d\n", (after & 0xf3f) == (mine & 0xf3f));
	return 0;
}
