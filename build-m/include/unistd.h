/*
 * The system calls (usys.S), with xv6's prototypes. Each returns a negative
 * errno value on failure.
 */
#ifndef IA32EMU_UNISTD_H
#define IA32EMU_UNISTD_H

#include "syscall.h"

/* xv6's struct stat, filled by fstat(); type is T_DIR, T_FILE or T_DEV. */
struct stat {
	short type;
	int dev;
	unsigned int ino;
	short nlink;
	unsigned int size;
};

int fork(void);
void exit(int status) __attribute__((noreturn));
int wait(void);
int pipe(int *fds);
int write(int fd, const void *buf, int n);
int read(int fd, void *buf, int n);
int close(int fd);
int kill(int pid);
int exec(char *path, char **argv);
int open(const char *path, int flags);
int mknod(const char *path, short major, short minor);
int unlink(const char *path);
int fstat(int fd, struct stat *st);
int link(const char *old, const char *new);
int mkdir(const char *path);
int chdir(const char *path);
int dup(int fd);
int getpid(void);
char *sbrk(int n);
int sleep(int ticks);
int uptime(void);
/* New calls (22 on). */
int wait2(int *status); /* like wait, and the child's exit status */
/* The next entry of a directory opened with open(): 1, 0 at the end. */
struct dirent {
	unsigned int ino;
	unsigned short type; /* T_DIR, T_FILE, T_DEV (anything else) */
	unsigned short namelen;
	char name[DIRENT_NAME];
};
int readdir(int fd, struct dirent *d);

#endif
