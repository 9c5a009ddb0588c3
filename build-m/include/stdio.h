/*
 * Formatted output and simple character I/O for guest programs.
 *
 * There is no FILE: a stream is a file descriptor, and output is not
 * buffered across calls, so exit() never has anything to flush.
 */
#ifndef IA32EMU_STDIO_H
#define IA32EMU_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

/* Descriptor numbers usable as the first argument of fprintf(). */
#define stdin  0
#define stdout 1
#define stderr 2

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sprintf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vprintf(const char *fmt, va_list ap);
int vfprintf(int fd, const char *fmt, va_list ap);
int vsprintf(char *buf, const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

int putchar(int c);
int puts(const char *s);
int fputs(const char *s, int fd);
int getchar(void);
/* xv6-style: reads a line (keeping the '\n') of at most max-1 bytes. */
char *gets(char *buf, int max);

#endif
