/* Helpers of the tests/linux programs: each result printed as the call's
 * value or its errno, so native and ia32emu runs compare line by line. */
#ifndef TESTS_LINUX_COMMON_H
#define TESTS_LINUX_COMMON_H
#include <errno.h>
#include <stdio.h>

/* "what: 0" or "what: -1 errno 2". */
static inline long show_rc(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 errno %d\n", what, errno);
	else
		printf("%s: %ld\n", what, r);
	return r;
}
#define T(expr) show_rc(#expr, (long)(expr))
#endif
