/*
 * CRC-32, FNV-1a (32 and 64 bits) and SHA-256 of fixed strings: heavy on
 * shifts, rotates, xors and 32/64-bit multiplies, with known answers.
 */
#include <stdio.h>
#include <string.h>

typedef unsigned int u32;
typedef unsigned long long u64;

static u32 crc_table[256];

static void crc_init(void)
{
	for (u32 i = 0; i < 256; i++) {
		u32 c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

static u32 crc32(const void *data, u32 n)
{
	const unsigned char *p = data;
	u32 c = 0xffffffffu;

	while (n--)
		c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static u32 fnv32(const char *s)
{
	u32 h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static u64 fnv64(const char *s)
{
	u64 h = 14695981039346656037ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

struct sha256 {
	u32 h[8];
	unsigned char block[64];
	u32 used;
	u64 total;
};

static const u32 K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static u32 ror(u32 x, int n)
{
	return x >> n | x << (32 - n);
}

static void sha_block(struct sha256 *s)
{
	u32 w[64], v[8];

	for (int i = 0; i < 16; i++)
		w[i] = (u32)s->block[4 * i] << 24 | (u32)s->block[4 * i + 1] << 16 |
		       (u32)s->block[4 * i + 2] << 8 | s->block[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		u32 s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ w[i - 15] >> 3;
		u32 s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ w[i - 2] >> 10;

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, s->h, sizeof(v));
	for (int i = 0; i < 64; i++) {
		u32 t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) +
			 ((v[4] & v[5]) ^ (~v[4] & v[6])) + K[i] + w[i];
		u32 t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) +
			 ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));

		memmove(v + 1, v, 7 * sizeof(u32));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		s->h[i] += v[i];
}

static void sha_init(struct sha256 *s)
{
	static const u32 iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

	memcpy(s->h, iv, sizeof(iv));
	s->used = 0;
	s->total = 0;
}

static void sha_update(struct sha256 *s, const void *data, u32 n)
{
	const unsigned char *p = data;

	s->total += n;
	while (n--) {
		s->block[s->used++] = *p++;
		if (s->used == 64) {
			sha_block(s);
			s->used = 0;
		}
	}
}

static void sha_final(struct sha256 *s, char *hex)
{
	u64 bits = s->total * 8;
	unsigned char len[8];

	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha_update(s, "\x80", 1);
	while (s->used != 56)
		sha_update(s, "", 1); /* "" supplies its terminating zero byte */
	sha_update(s, len, 8);
	for (int i = 0; i < 8; i++)
		sprintf(hex + 8 * i, "%08x", s->h[i]);
}

static void sha_string(const char *label, const char *msg, int repeat)
{
	struct sha256 s;
	char hex[65];

	sha_init(&s);
	for (int i = 0; i < repeat; i++)
		sha_update(&s, msg, strlen(msg));
	sha_final(&s, hex);
	printf("sha256(%s) = %s\n", label, hex);
}

int main(void)
{
	static const char *msgs[] = {
	    "",
	    "a",
	    "abc",
	    "123456789",
	    "message digest",
	    "The quick brown fox jumps over the lazy dog",
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"};
	static unsigned char bytes[4096];

	crc_init();
	for (unsigned i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
		printf("\"%.20s\"%*s crc32 %08x fnv32 %08x fnv64 %016llx\n", msgs[i],
		       20 - (int)strlen(msgs[i]) > 0 ? 20 - (int)strlen(msgs[i]) : 0, "",
		       crc32(msgs[i], strlen(msgs[i])), fnv32(msgs[i]), fnv64(msgs[i]));
	for (unsigned i = 0; i < sizeof(bytes); i++)
		bytes[i] = (unsigned char)(i * 7 + (i >> 8));
	printf("crc32(4096 bytes) = %08x\n", crc32(bytes, sizeof(bytes)));

	sha_string("\"\"", "", 1);
	sha_string("abc", "abc", 1);
	sha_string("448 bits", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1);
	sha_string("fox", msgs[5], 1);
	sha_string("a x 1000", "a", 1000);
	sha_string("55 bytes", "0123456789012345678901234567890123456789012345678901234", 1);
	sha_string("64 bytes", "0123456789012345678901234567890123456789012345678901234567890123",
		   1);
	return 0;
}
