/*
 * A first-fit allocator on top of sbrk. Free blocks sit on one list kept in
 * address order, so a freed block merges with its neighbours in one pass.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every block, used or free, starts with this; payloads are 8-byte aligned. */
struct block {
	size_t size;	    /* of the whole block, header included */
	struct block *next; /* next free block; unused while allocated */
};

#define HDR	  sizeof(struct block)
#define ALIGN	  8
#define MIN_BLOCK 16
#define GROW	  65536 /* sbrk at least this much, to make few system calls */

static struct block *free_list;

/* sbrk returns a negative errno (or xv6's -1): never a user address. */
static int sbrk_failed(char *p)
{
	return (unsigned long)p >= (unsigned long)-4095;
}

static void insert_free(struct block *b)
{
	struct block **link = &free_list, *prev = NULL;

	while (*link && *link < b) {
		prev = *link;
		link = &(*link)->next;
	}
	b->next = *link;
	*link = b;
	if (b->next && (char *)b + b->size == (char *)b->next) {
		b->size += b->next->size;
		b->next = b->next->next;
	}
	if (prev && (char *)prev + prev->size == (char *)b) {
		prev->size += b->size;
		prev->next = b->next;
	}
}

static int grow(size_t need)
{
	char *p = sbrk(0);
	struct block *b;
	size_t pad, n;

	if (sbrk_failed(p))
		return 0;
	pad = -(unsigned long)p & (ALIGN - 1);
	n = need > GROW ? need : GROW;
	if (n + pad < n)
		return 0;
	p = sbrk(n + pad);
	if (sbrk_failed(p))
		return 0;
	b = (struct block *)(p + pad);
	b->size = n;
	insert_free(b);
	return 1;
}

void *malloc(size_t n)
{
	size_t need;

	if (n > 0x7fffffffu - HDR - ALIGN)
		return NULL;
	need = (n + HDR + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (need < MIN_BLOCK)
		need = MIN_BLOCK;
	for (;;) {
		for (struct block **link = &free_list; *link; link = &(*link)->next) {
			struct block *b = *link;

			if (b->size < need)
				continue;
			if (b->size - need >= MIN_BLOCK) {
				/* Keep the tail free in b's place on the list. */
				struct block *rest = (struct block *)((char *)b + need);

				rest->size = b->size - need;
				rest->next = b->next;
				*link = rest;
				b->size = need;
			} else {
				*link = b->next;
			}
			return b + 1;
		}
		if (!grow(need))
			return NULL;
	}
}

void free(void *p)
{
	if (p)
		insert_free((struct block *)p - 1);
}

void *realloc(void *p, size_t n)
{
	struct block *b;
	void *q;

	if (!p)
		return malloc(n);
	if (n == 0) {
		free(p);
		return NULL;
	}
	b = (struct block *)p - 1;
	if (b->size - HDR >= n)
		return p;
	q = malloc(n);
	if (q) {
		memcpy(q, p, b->size - HDR);
		free(p);
	}
	return q;
}

void *calloc(size_t count, size_t size)
{
	void *p;

	if (size && count > 0xffffffffu / size)
		return NULL;
	p = malloc(count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}
