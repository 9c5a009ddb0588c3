/* The guest C library has no assert.h; crypt-port.h needs static_assert
 * (C11) and assert(), which libxcrypt uses for checks of its own that the
 * benchmark's output (compared with native runs) covers anyway. */
#ifndef BENCH_XCRYPT_ASSERT_H
#define BENCH_XCRYPT_ASSERT_H
#define static_assert _Static_assert
#define assert(x) ((void)0)
#endif
