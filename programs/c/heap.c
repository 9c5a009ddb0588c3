/*
 * malloc, free, realloc and calloc under load: a linked list, a growing
 * array, many random-sized blocks freed in random order with their contents
 * verified, and a binary tree. Exercises sbrk and the free list's merging.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
	int key;
	struct node *left, *right;
};

static struct node *insert(struct node *t, int key)
{
	if (!t) {
		t = malloc(sizeof(*t));
		if (!t)
			return NULL;
		t->key = key;
		t->left = t->right = NULL;
	} else if (key < t->key) {
		t->left = insert(t->left, key);
	} else if (key > t->key) {
		t->right = insert(t->right, key);
	}
	return t;
}

static int height(const struct node *t)
{
	if (!t)
		return 0;
	int l = height(t->left), r = height(t->right);
	return 1 + (l > r ? l : r);
}

static unsigned int walk(const struct node *t, unsigned int h, int *count)
{
	if (!t)
		return h;
	h = walk(t->left, h, count);
	h = h * 31 + t->key;
	(*count)++;
	return walk(t->right, h, count);
}

static void destroy(struct node *t)
{
	if (t) {
		destroy(t->left);
		destroy(t->right);
		free(t);
	}
}

#define SLOTS 200

int main(void)
{
	static char *slot[SLOTS];
	static int size[SLOTS];
	int errors = 0;

	/* A growing array through realloc, keeping its contents. */
	{
		int *v = NULL, cap = 0;

		for (int i = 0; i < 5000; i++) {
			if (i == cap) {
				cap = cap ? cap * 2 : 4;
				v = realloc(v, cap * sizeof(int));
				if (!v) {
					printf("realloc failed\n");
					return 1;
				}
			}
			v[i] = i * i;
		}
		for (int i = 0; i < 5000; i++)
			errors += v[i] != i * i;
		printf("realloc array: capacity %d, errors %d\n", cap, errors);
		free(v);
	}

	/* Random blocks, each filled with a pattern that is checked before it is freed. */
	srand(12345);
	for (int round = 0; round < 20; round++) {
		for (int k = 0; k < 150; k++) {
			int i = rand() % SLOTS;

			if (slot[i]) {
				for (int b = 0; b < size[i]; b++)
					errors += slot[i][b] != (char)(i + b);
				free(slot[i]);
				slot[i] = NULL;
			} else {
				size[i] = rand() % 3 ? rand() % 64 : rand() % 1500;
				slot[i] = malloc(size[i]);
				if (!slot[i]) {
					printf("malloc(%d) failed\n", size[i]);
					return 1;
				}
				if ((unsigned long)slot[i] & 7)
					errors++; /* payloads must be 8-byte aligned */
				for (int b = 0; b < size[i]; b++)
					slot[i][b] = (char)(i + b);
			}
		}
	}
	{
		int live = 0, bytes = 0;

		for (int i = 0; i < SLOTS; i++) {
			if (slot[i]) {
				live++;
				bytes += size[i];
				for (int b = 0; b < size[i]; b++)
					errors += slot[i][b] != (char)(i + b);
				free(slot[i]);
			}
		}
		printf("random blocks: %d live at the end (%d bytes), errors %d\n", live, bytes,
		       errors);
	}

	/* After everything is freed, one big block must fit in the merged space. */
	{
		char *first = malloc(100), *big;

		free(first);
		big = malloc(60000);
		printf("big block after frees: %s\n", big ? "ok" : "FAILED");
		free(big);
	}

	/* calloc zeroes; strdup copies. */
	{
		int *z = calloc(1000, sizeof(int)), nonzero = 0;
		char *d = strdup("duplicated string");

		for (int i = 0; i < 1000; i++)
			nonzero += z[i] != 0;
		printf("calloc nonzero %d, strdup [%s]\n", nonzero, d);
		free(z);
		free(d);
		printf("calloc overflow -> %s\n", calloc(0x10000, 0x10000) ? "non-NULL" : "NULL");
	}

	/* A binary search tree of pseudo-random keys. */
	{
		struct node *root = NULL;
		int count = 0;
		unsigned int h;

		srand(99);
		for (int i = 0; i < 3000; i++)
			root = insert(root, rand() % 100000);
		h = walk(root, 0, &count);
		printf("tree: %d distinct keys, height %d, in-order hash %08x\n", count,
		       height(root), h);
		destroy(root);
	}

	/* A linked list built, reversed and freed. */
	{
		struct node *head = NULL, *prev = NULL;
		long total = 0;

		for (int i = 1; i <= 1000; i++) {
			struct node *n = malloc(sizeof(*n));

			n->key = i;
			n->right = head;
			head = n;
		}
		while (head) {
			struct node *next = head->right;

			head->right = prev;
			prev = head;
			head = next;
		}
		printf("list starts at %d", prev->key);
		while (prev) {
			struct node *next = prev->right;

			total += prev->key;
			free(prev);
			prev = next;
		}
		printf(", sum %ld\n", total);
	}
	printf("%s\n", errors ? "ERRORS" : "heap ok");
	return errors != 0;
}
