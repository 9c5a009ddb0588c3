/*
 * bcrypt ($2b$, cost 2^4) of a phrase that changes with each repetition,
 * by libxcrypt's crypt-bcrypt.c exactly as Debian ships it
 * (libxcrypt-source, /usr/src/libxcrypt): real code that nobody here
 * tuned the interpreter for. Blowfish's key schedule and rounds: byte
 * extraction, table loads with scaled indexes, xor and add, long
 * straight-line blocks. Each call also runs bcrypt's own self-test
 * against known vectors (BF_full_crypt), and the output hash is printed,
 * so bench/run.py compares it with the native run's.
 */
#include "../bench.h"

#include <stdio.h>
#include <string.h>

/* lib/crypt-port.h: the method's entry point, as crypt_rn() calls it. */
void crypt_bcrypt_rn(const char *phrase, size_t phr_size, const char *setting, size_t set_size,
		     unsigned char *output, size_t out_size, void *scratch, size_t scr_size);

int main(int argc, char **argv)
{
	static const char setting[] = "$2b$04$abcdefghijklmnopqrstuu";
	static unsigned char out[384];
	static double scratch[8192 / sizeof(double)]; /* ALG_SPECIFIC_SIZE, aligned */
	int reps = bench_reps(argc, argv, 1);
	unsigned sum = 0, seed = 1;
	for (int k = 0; k < reps; k++) {
		char phrase[17];
		for (int j = 0; j < 16; j++)
			phrase[j] = (char)('a' + lcg(&seed) % 26);
		phrase[16] = 0;
		crypt_bcrypt_rn(phrase, 16, setting, sizeof(setting) - 1, out, sizeof(out), scratch,
				sizeof(scratch));
		for (const unsigned char *p = out; *p; p++)
			sum = sum * 31 + *p;
	}
	printf("bcrypt: %s %08x\n", (const char *)out, sum);
	return 0;
}
