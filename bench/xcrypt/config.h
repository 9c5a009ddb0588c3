/* What libxcrypt's configure would find for the guest's small C library
 * (programs/include), enough for crypt-port.h: the bcrypt benchmark builds
 * Debian's /usr/src/libxcrypt/lib/crypt-bcrypt.c with it (mk/bench.mk). */
#define HAVE_STATIC_ASSERT_IN_ASSERT_H 1
#define HAVE_MAX_ALIGN_T	       1
#define ENDIANNESS_IS_BIG	       0
#define ENDIANNESS_IS_LITTLE	       1
#define ENABLE_OBSOLETE_API	       0
