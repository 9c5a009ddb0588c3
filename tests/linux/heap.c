/* malloc (small, large, realloc), qsort, errno/strerror, FILE streams. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	unsigned long sum = 0;
	for (int i = 0; i < 1000; i++) {
		char *p = malloc((size_t)(i % 97) + 1);
		memset(p, i, (size_t)(i % 97) + 1);
		sum += (unsigned char)p[0];
		free(p);
	}
	char *big = malloc(8u << 20); /* mmap-sized */
	memset(big, 7, 8u << 20);
	sum += (unsigned char)big[(8u << 20) - 1];
	big = realloc(big, 16u << 20);
	big[(16u << 20) - 1] = 9;
	sum += (unsigned char)big[(16u << 20) - 1] + (unsigned char)big[100];
	free(big);
	printf("sum %lu\n", sum);
	int v[64];
	for (int i = 0; i < 64; i++)
		v[i] = (i * 37) % 64 - 20;
	qsort(v, 64, sizeof(v[0]), cmp);
	printf("sorted %d %d %d\n", v[0], v[31], v[63]);
	FILE *f = fopen("/nonexistent/x", "r");
	printf("fopen: %s errno %d %s\n", f ? "opened" : "NULL", errno, strerror(errno));
	f = fopen("heap.tmp", "w");
	for (int i = 0; i < 100; i++)
		fprintf(f, "line %d\n", i);
	fclose(f);
	f = fopen("heap.tmp", "r");
	char line[64];
	int n = 0;
	while (fgets(line, sizeof(line), f))
		n++;
	fseek(f, 0, SEEK_END);
	printf("lines %d bytes %ld last %s", n, ftell(f), line);
	fclose(f);
	remove("heap.tmp");
	return 0;
}
