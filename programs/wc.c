/* wc [FILE...]: lines, words and bytes of each file (or stdin). */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int count(int fd, const char *name)
{
	static char buf[4096];
	int lines = 0, words = 0, bytes = 0, inword = 0, n;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (int i = 0; i < n; i++) {
			bytes++;
			if (buf[i] == '\n')
				lines++;
			if (isspace((unsigned char)buf[i])) {
				inword = 0;
			} else if (!inword) {
				inword = 1;
				words++;
			}
		}
	}
	if (n < 0) {
		fprintf(2, "wc: %s: %s (%d)\n", name ? name : "stdin", strerror(n), n);
		return 1;
	}
	if (name)
		printf("%d %d %d %s\n", lines, words, bytes, name);
	else
		printf("%d %d %d\n", lines, words, bytes);
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0;
	if (argc < 2)
		return count(0, NULL);
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(2, "wc: %s: cannot open: %s (%d)\n", argv[i], strerror(fd), fd);
			status = 1;
			continue;
		}
		status |= count(fd, argv[i]);
		close(fd);
	}
	return status;
}
