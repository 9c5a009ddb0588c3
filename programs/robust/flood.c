/* Resource exhaustion: output floods. `flood pipe` writes until the
 * reader has gone (the emulator must turn SIGPIPE into -EPIPE for the
 * guest); `flood huge` asks write() for 1 GiB from a 64 KiB buffer (the
 * kernel must copy only what is mapped and return a short count or
 * -EFAULT, never read past the guest's memory). Reports go to stderr. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[65536];

int main(int argc, char **argv)
{
	memset(buf, 'x', sizeof(buf));
	if (argc > 1 && strcmp(argv[1], "huge") == 0) {
		int r = write(1, buf, 1 << 30);
		fprintf(stderr, "write(1 GiB) = %d\n", r);
		r = write(1, (char *)0xbfffe000, 0x7fffffff);
		fprintf(stderr, "write(stack top, 2 GiB) = %d\n", r);
		return 0;
	}
	long total = 0;
	for (int k = 0; k < 100000; k++) {
		int r = write(1, buf, sizeof(buf));
		if (r < 0) {
			fprintf(stderr, "write returned %d after %ld bytes\n", r, total);
			return 0;
		}
		total += r;
	}
	fprintf(stderr, "the reader never went away\n");
	return 1;
}
