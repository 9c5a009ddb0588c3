/* xv6's address space: the program at 0 (linked -Ttext 0), one page of
 * stack right after it, the heap after the stack, nothing at or above
 * USERTOP (640 KiB): sbrk past it is -1 (usertests' sbrktest). */
#include "xv6t.h"

#define USERTOP (640 * 1024)
#define PGSIZE	4096

extern char end[]; /* ld: the end of the image */

int main(void)
{
	int local = 0;
	unsigned top = ((unsigned)end + PGSIZE - 1) & ~(PGSIZE - 1);
	check("the program runs at address 0", (unsigned)main < PGSIZE, (int)(unsigned)main);
	unsigned sp = (unsigned)&local;
	check("the stack is the page after the image", sp >= top && sp < top + PGSIZE, (int)sp);
	char *brk = sbrk(0);
	check("the heap starts after the stack", (unsigned)brk == top + PGSIZE, (int)brk);
	char *a = sbrk(USERTOP - (unsigned)brk);
	check("sbrk up to 640K", a == brk, (int)a);
	char *last = (char *)(USERTOP - 1);
	*last = 99;
	char *c = sbrk(1);
	check("sbrk(1) past 640K is -1", c == (char *)-1, (int)c);
	c = sbrk(4096);
	check("sbrk(4096) past 640K is -1", c == (char *)-1, (int)c);
	c = sbrk(-4096);
	check("sbrk(-4096) gives the page back", c == (char *)USERTOP, (int)c);
	c = sbrk(4096);
	check("and takes it again", c == (char *)(USERTOP - 4096), (int)c);
	check("zeroed", *last == 0, *last);
	/* Nothing is mapped at USERTOP: a child reading there is killed
	 * before it can write to the pipe. */
	int p[2];
	pipe(p);
	if (fork() == 0) {
		close(p[0]);
		volatile char v = *(volatile char *)USERTOP;
		write(p[1], (const char *)&v, 1);
		exit();
	}
	close(p[1]);
	char x;
	int r = read(p[0], &x, 1);
	check("reading at 640K kills the reader", r == 0, r);
	wait();
	puts1("smem done\n");
	exit();
}
