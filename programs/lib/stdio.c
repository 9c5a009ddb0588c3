/* Unformatted character I/O, straight onto the descriptors. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int putchar(int c)
{
	char ch = (char)c;

	return write(1, &ch, 1) == 1 ? (unsigned char)ch : EOF;
}

int fputs(const char *s, int fd)
{
	return write(fd, s, strlen(s)) < 0 ? EOF : 0;
}

int puts(const char *s)
{
	if (fputs(s, 1) == EOF || write(1, "\n", 1) != 1)
		return EOF;
	return 0;
}

int getchar(void)
{
	unsigned char c;

	return read(0, &c, 1) == 1 ? c : EOF;
}

/*
 * xv6's gets: one byte at a time, so nothing past the line is consumed from
 * a shared descriptor. Keeps the newline; stops early at end of input.
 */
char *gets(char *buf, int max)
{
	int i = 0;

	while (i + 1 < max) {
		char c;

		if (read(0, &c, 1) != 1)
			break;
		buf[i++] = c;
		if (c == '\n' || c == '\r')
			break;
	}
	buf[i] = 0;
	return buf;
}
