/* The one hashing method the bcrypt benchmark builds (libxcrypt generates
 * this file from lib/hashes.conf; every method crypt-port.h asks about). */
#define INCLUDE_bcrypt	      1
#define INCLUDE_bcrypt_a      0
#define INCLUDE_bcrypt_x      0
#define INCLUDE_bcrypt_y      0
#define INCLUDE_yescrypt      0
#define INCLUDE_gost_yescrypt 0
#define INCLUDE_scrypt	      0
#define INCLUDE_sha512crypt   0
#define INCLUDE_sha256crypt   0
#define INCLUDE_sha1crypt     0
#define INCLUDE_sunmd5	      0
#define INCLUDE_md5crypt      0
#define INCLUDE_nt	      0
#define INCLUDE_bsdicrypt     0
#define INCLUDE_bigcrypt      0
#define INCLUDE_descrypt      0
