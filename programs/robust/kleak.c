/* Hostile arguments: system calls given kernel addresses (the GDT at
 * 0xc0001000, the top of memory) or the unmapped page 0 must fail with
 * -EFAULT and neither disclose nor change kernel memory. Prints one line
 * per call: name = result. */
#include <stdio.h>
#include <unistd.h>

#define KGDT ((void *)0xc0001000)
#define KTOP ((void *)0xfffffff0)
#define NUL  ((void *)0)

int main(void)
{
	printf("write(kernel) = %d\n", write(1, KGDT, 16));
	printf("write(top) = %d\n", write(1, KTOP, 32));
	printf("read(kernel) = %d\n", read(0, KGDT, 16));
	printf("pipe(kernel) = %d\n", pipe(KGDT));
	printf("pipe(null) = %d\n", pipe(NUL));
	printf("fstat(kernel) = %d\n", fstat(1, KGDT));
	printf("open(kernel) = %d\n", open(KGDT, 0));
	printf("exec(kernel) = %d\n", exec(KGDT, NUL));
	char *argv[] = {KGDT, NUL};
	printf("exec(argv kernel) = %d\n", exec("/x", argv));
	printf("wait2(kernel) = %d\n", wait2(KGDT));
	return 0;
}
