/*
 * A main() for the fuzz targets without libFuzzer: runs the target once
 * on each file named on the command line (or each file in a directory).
 * This is how the committed corpora and crash reproducers are replayed by
 * `make check` with gcc, in the plain and the sanitized build.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	size_t cap = 1 << 20, n;
	uint8_t *buf = malloc(cap);
	n = buf ? fread(buf, 1, cap, f) : 0;
	fclose(f);
	if (!buf)
		return -1;
	/* An exact-size copy, as libFuzzer passes it. */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

int main(int argc, char **argv)
{
	int files = 0, bad = 0;
	for (int a = 1; a < argc; a++) {
		struct stat st;
		if (stat(argv[a], &st) == 0 && S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[a]);
			struct dirent *e;
			while (d && (e = readdir(d))) {
				if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
					continue;
				char p[4096];
				snprintf(p, sizeof(p), "%s/%s", argv[a], e->d_name);
				files++;
				bad += run_file(p) < 0;
			}
			if (d)
				closedir(d);
		} else {
			files++;
			bad += run_file(argv[a]) < 0;
		}
	}
	/* A broken invariant aborts; reaching here means every input passed.
	 * On stderr: a guest may write to stdout (the bare debug console). */
	fprintf(stderr, "%s: %d passed, %d failed\n", argv[0], files - bad, bad);
	return bad != 0;
}
