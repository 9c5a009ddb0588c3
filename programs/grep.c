/* grep STRING [FILE...]: the lines that contain STRING (a fixed string).
 * Exit status 0 when a line matched, 1 when none did, 2 on error. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[8192];

static int grep(const char *pat, int fd, const char *name, int many)
{
	int len = 0, n, found = 0;
	while ((n = read(fd, buf + len, (int)sizeof(buf) - 1 - len)) > 0) {
		len += n;
		buf[len] = 0;
		char *line = buf, *nl;
		while ((nl = strchr(line, '\n')) != NULL) {
			*nl = 0;
			if (strstr(line, pat)) {
				found = 1;
				printf("%s%s%s\n", many ? name : "", many ? ":" : "", line);
			}
			line = nl + 1;
		}
		len -= (int)(line - buf);
		memmove(buf, line, (size_t)len);
		if (len == (int)sizeof(buf) - 1) /* a line longer than the buffer */
			len = 0;
	}
	buf[len] = 0;
	if (len > 0 && strstr(buf, pat)) {
		found = 1;
		printf("%s%s%s\n", many ? name : "", many ? ":" : "", buf);
	}
	return n < 0 ? -1 : found;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(2, "usage: grep STRING [FILE...]\n");
		return 2;
	}
	int found = 0, err = 0;
	if (argc == 2)
		found = grep(argv[1], 0, "stdin", 0);
	for (int i = 2; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(2, "grep: %s: cannot open: %s (%d)\n", argv[i], strerror(fd), fd);
			err = 1;
			continue;
		}
		int r = grep(argv[1], fd, argv[i], argc > 3);
		close(fd);
		if (r < 0)
			err = 1;
		else
			found |= r;
	}
	return err ? 2 : found ? 0 : 1;
}
