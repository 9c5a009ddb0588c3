/* The monitor's DWARF test program (tests/e2e/t_monitor_dwarf.sh): built
 * with ia32emu-cc -g at test time; its line numbers are read by the test
 * from the markers in the comments, never hard-coded. */
#include <stdio.h>
#include <unistd.h>

struct point {
	int x, y;
	char tag;
};

int counter = 7;
char greeting[16] = "hello";
int table[4] = {1, 2, 3, 4};
struct point origin = {3, -4, 'o'};
const char *motto = "crossing";

static int square(int n)
{
	int r = n * n; /* L_SQUARE_BODY */
	return r;
}

int depth(int k)
{
	if (k == 0)
		return getpid(); /* L_DEPTH_SYSCALL */
	return depth(k - 1) + 1;
}

/* A return address of decoy_src's, left in a frameless function's local:
 * a stack scan takes it for the caller, the CFI does not. */
static unsigned __attribute__((noinline)) where_from(void)
{
	return (unsigned)__builtin_return_address(0);
}

static unsigned __attribute__((noinline)) decoy_src(void)
{
	return where_from() + 0;
}

__attribute__((optimize("omit-frame-pointer"), noinline)) static int frameless(unsigned fake)
{
	volatile unsigned decoy[1];
	decoy[0] = fake;
	return (int)(decoy[0] & 1); /* L_FRAMELESS */
}

int main(void)
{
	int a = 5;		/* L_MAIN_A */
	int b = square(a);	/* L_MAIN_CALL */
	struct point p = {a, b, 'p'}; /* L_MAIN_P */
	counter += b;		/* L_MAIN_COUNTER */
	int d = depth(2);	/* L_MAIN_DEPTH */
	d += frameless(decoy_src()); /* L_MAIN_FRAMELESS */
	printf("%d %d %d %s\n", p.x, p.y, d > 0, greeting); /* L_MAIN_PRINT */
	return 0;
}
