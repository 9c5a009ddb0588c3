/* The user interface of classic x86 xv6 (its user.h, in our words) and a
 * few helpers for the xv6-style tests: each check prints "ok NAME" or
 * "FAIL NAME". */
#ifndef XV6T_H
#define XV6T_H

#define O_RDONLY 0x000
#define O_WRONLY 0x001
#define O_RDWR	 0x002
#define O_CREATE 0x200

#define T_DIR  1
#define T_FILE 2
#define T_DEV  3
#define DIRSIZ 14

/* xv6's stat.h and fs.h. */
struct stat {
	short type;
	int dev;
	unsigned ino;
	short nlink;
	unsigned size;
};
struct dirent {
	unsigned short inum;
	char name[DIRSIZ];
};

int fork(void);
int exit(void) __attribute__((noreturn)); /* xv6: no argument */
int wait(void);
int pipe(int *);
int write(int, const void *, int);
int read(int, void *, int);
int close(int);
int kill(int);
int exec(char *, char **);
int open(const char *, int);
int unlink(const char *);
int link(const char *, const char *);
int mkdir(const char *);
int chdir(const char *);
int dup(int);
int getpid(void);
char *sbrk(int);
int sleep(int);
int fstat(int, struct stat *);
int uptime(void);

/* A call by number, for numbers usys.S has no stub for. */
static inline int syscall0(int num)
{
	int r;
	__asm__ volatile("int $64" : "=a"(r) : "a"(num) : "memory");
	return r;
}

static inline int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* Whether the n bytes at a and b are the same. */
static inline int memeq(const void *a, const void *b, int n)
{
	const char *x = a, *y = b;
	for (int i = 0; i < n; i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

static inline int slen(const char *s)
{
	int n = 0;
	while (s[n])
		n++;
	return n;
}

static inline void puts1(const char *s)
{
	write(1, s, slen(s));
}

static inline void putint(int v)
{
	char b[12];
	int i = sizeof(b);
	unsigned u = v < 0 ? -(unsigned)v : (unsigned)v;
	do
		b[--i] = '0' + u % 10;
	while ((u /= 10) && i > 1);
	if (v < 0)
		b[--i] = '-';
	write(1, b + i, sizeof(b) - i);
}

/* One check: "ok NAME" or "FAIL NAME (got R)". */
static inline void check(const char *name, int good, int r)
{
	puts1(good ? "ok " : "FAIL ");
	puts1(name);
	if (!good) {
		puts1(" (got ");
		putint(r);
		puts1(")");
	}
	puts1("\n");
}

/* "= NAME R": a result for the script to compare with the ABI's. */
static inline void note(const char *name, int r)
{
	puts1("= ");
	puts1(name);
	puts1(" ");
	putint(r);
	puts1("\n");
}

#endif
