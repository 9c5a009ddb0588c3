#ifndef IA32EMU_STDLIB_H
#define IA32EMU_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX     0x7fffffff

int atoi(const char *s);
long atol(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
/* Correctly rounded (decimal and hex, inf, nan), in the current x87
 * rounding mode; errno = ERANGE on overflow and underflow. */
double strtod(const char *s, char **end);
float strtof(const char *s, char **end);
long double strtold(const char *s, char **end);
double atof(const char *s);
int abs(int x);
long labs(long x);
long long llabs(long long x);

void *malloc(size_t n);
void free(void *p);
void *realloc(void *p, size_t n);
void *calloc(size_t count, size_t size);

void qsort(void *base, size_t count, size_t size, int (*cmp)(const void *, const void *));

/* Deterministic: the same seed gives the same sequence on every build. */
int rand(void);
void srand(unsigned int seed);

/* The exit system call itself (usys.S): nothing is buffered. */
void exit(int status) __attribute__((noreturn));

#endif
