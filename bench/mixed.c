/*
 * A CoreMark-class mix, written for this suite: the three kinds of work
 * CoreMark times (linked lists, small integer matrices, a state machine
 * over text), each written the plain way a C programmer would, plus a
 * CRC-16 over every result, as CoreMark validates its kernels. Nothing
 * here is shaped for the emulator: pointer chasing, 16-bit data, a switch
 * per input byte, short loops and calls.
 */
#include "bench.h"

#include <stdio.h>

/* ---- CRC-16/CCITT, bit by bit: folds every kernel's result ---- */
static unsigned short crc16(unsigned short crc, unsigned value, int bytes)
{
	for (int b = 0; b < bytes; b++) {
		crc ^= (unsigned short)((value >> (8 * b)) & 0xff) << 8;
		for (int k = 0; k < 8; k++)
			crc = crc & 0x8000 ? (unsigned short)(crc << 1) ^ 0x1021
					   : (unsigned short)(crc << 1);
	}
	return crc;
}

/* ---- linked lists: build, search, reverse, merge sort ---- */
struct node {
	struct node *next;
	short key;
	short value;
};

#define LIST_NODES 256
static struct node pool[LIST_NODES];

static struct node *list_build(unsigned *seed)
{
	struct node *head = NULL;
	for (int k = 0; k < LIST_NODES; k++) {
		struct node *n = &pool[k];
		n->key = (short)(lcg(seed) >> 20);
		n->value = (short)k;
		n->next = head;
		head = n;
	}
	return head;
}

static const struct node *list_find(const struct node *l, short key)
{
	while (l && l->key != key)
		l = l->next;
	return l;
}

static struct node *list_reverse(struct node *l)
{
	struct node *out = NULL;
	while (l) {
		struct node *next = l->next;
		l->next = out;
		out = l;
		l = next;
	}
	return out;
}

static int by_key(const struct node *a, const struct node *b)
{
	return a->key != b->key ? a->key - b->key : a->value - b->value;
}

/* Bottom-up merge sort of a list (no recursion, no arrays). */
static struct node *list_sort(struct node *list,
			      int (*cmp)(const struct node *, const struct node *))
{
	for (int width = 1;; width *= 2) {
		struct node *p = list, *tail = NULL;
		list = NULL;
		int merges = 0;
		while (p) {
			merges++;
			struct node *q = p;
			int psize = 0, qsize = width;
			for (int k = 0; k < width && q; k++) {
				psize++;
				q = q->next;
			}
			while (psize > 0 || (qsize > 0 && q)) {
				struct node *e;
				if (psize == 0) {
					e = q, q = q->next, qsize--;
				} else if (qsize == 0 || !q || cmp(p, q) <= 0) {
					e = p, p = p->next, psize--;
				} else {
					e = q, q = q->next, qsize--;
				}
				if (tail)
					tail->next = e;
				else
					list = e;
				tail = e;
			}
			p = q;
		}
		if (tail) /* an empty list has no tail */
			tail->next = NULL;
		if (merges <= 1)
			return list;
	}
}

static unsigned short list_kernel(unsigned *seed, unsigned short crc)
{
	struct node *l = list_build(seed);
	for (int k = 0; k < 16; k++) {
		const struct node *f = list_find(l, (short)(lcg(seed) >> 20));
		crc = crc16(crc, f ? (unsigned)f->value : 0xffffu, 2);
	}
	l = list_reverse(l);
	l = list_sort(l, by_key);
	for (const struct node *n = l; n; n = n->next)
		crc = crc16(crc, (unsigned)(unsigned short)n->key, 2);
	return crc;
}

/* ---- matrices of 16-bit values, 32-bit products ---- */
#define MAT 16
static short ma[MAT][MAT], mb[MAT][MAT];
static int mc[MAT][MAT];
static short vec[MAT];
static int vout[MAT];

static unsigned short matrix_kernel(unsigned *seed, unsigned short crc)
{
	for (int r = 0; r < MAT; r++) {
		vec[r] = (short)(lcg(seed) >> 24);
		for (int k = 0; k < MAT; k++) {
			ma[r][k] = (short)((lcg(seed) >> 20) - 2048);
			mb[r][k] = (short)((lcg(seed) >> 22) - 512);
		}
	}
	short add = (short)(lcg(seed) >> 28);
	for (int r = 0; r < MAT; r++)
		for (int k = 0; k < MAT; k++)
			ma[r][k] = (short)(ma[r][k] + add);
	for (int r = 0; r < MAT; r++) {
		int s = 0;
		for (int k = 0; k < MAT; k++)
			s += ma[r][k] * vec[k];
		vout[r] = s;
	}
	for (int r = 0; r < MAT; r++)
		for (int k = 0; k < MAT; k++) {
			int s = 0;
			for (int j = 0; j < MAT; j++)
				s += ma[r][j] * mb[j][k];
			mc[r][k] = s;
		}
	/* Bit fields of the products, as CoreMark's matrix test extracts. */
	unsigned acc = 0;
	for (int r = 0; r < MAT; r++) {
		acc += (unsigned)vout[r];
		for (int k = 0; k < MAT; k++)
			acc += ((unsigned)mc[r][k] >> 2) & 0xf;
	}
	return crc16(crc, acc, 4);
}

/* ---- a state machine over text: classify comma-separated numbers ---- */
enum state { S_START, S_INT, S_FRAC, S_EXP_SIGN, S_EXP, S_INVALID, S_COUNT };

static enum state step(enum state s, char ch, unsigned *changes)
{
	enum state t = s;
	switch (s) {
	case S_START:
		if (ch >= '0' && ch <= '9')
			t = S_INT;
		else if (ch == '-' || ch == '+')
			t = S_INT;
		else if (ch == '.')
			t = S_FRAC;
		else
			t = S_INVALID;
		break;
	case S_INT:
		if (ch == '.')
			t = S_FRAC;
		else if (ch == 'e' || ch == 'E')
			t = S_EXP_SIGN;
		else if (ch < '0' || ch > '9')
			t = S_INVALID;
		break;
	case S_FRAC:
		if (ch == 'e' || ch == 'E')
			t = S_EXP_SIGN;
		else if (ch < '0' || ch > '9')
			t = S_INVALID;
		break;
	case S_EXP_SIGN:
		t = (ch == '-' || ch == '+' || (ch >= '0' && ch <= '9')) ? S_EXP : S_INVALID;
		break;
	case S_EXP:
		if (ch < '0' || ch > '9')
			t = S_INVALID;
		break;
	default: break;
	}
	*changes += t != s;
	return t;
}

#define TEXT 512
static char text[TEXT];

static unsigned short state_kernel(unsigned *seed, unsigned short crc)
{
	static const char alphabet[] = "0123456789012345678901234567890123456789.-+eE,,,,x";
	for (int k = 0; k < TEXT - 1; k++)
		text[k] = alphabet[(lcg(seed) >> 16) % (sizeof(alphabet) - 1)];
	text[TEXT - 1] = 0;
	unsigned final[S_COUNT] = {0}, changes = 0;
	enum state s = S_START;
	for (const char *p = text; *p; p++) {
		if (*p == ',') {
			final[s]++;
			s = S_START;
			continue;
		}
		s = step(s, *p, &changes);
	}
	final[s]++;
	for (int k = 0; k < S_COUNT; k++)
		crc = crc16(crc, final[k], 2);
	return crc16(crc, changes, 2);
}

int main(int argc, char **argv)
{
	int reps = bench_reps(argc, argv, 1);
	unsigned short crc = 0;
	for (int r = 0; r < reps; r++) {
		unsigned seed = (unsigned)r * 2654435761u + 1;
		crc = list_kernel(&seed, crc);
		crc = matrix_kernel(&seed, crc);
		crc = state_kernel(&seed, crc);
	}
	printf("mixed: %d rounds, crc 0x%04x\n", reps, crc);
	return 0;
}
