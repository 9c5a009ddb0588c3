/* ls [PATH...]: the names in each directory, sorted, directories with a
 * trailing '/'; a file argument is listed as itself. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(2, "ls: %s: cannot open: %s (%d)\n", path, strerror(fd), fd);
		return 1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || st.type != T_DIR) {
		printf("%s\n", path);
		close(fd);
		return 0;
	}
	struct dirent d;
	char **names = NULL;
	int n = 0, cap = 0, r;
	while ((r = readdir(fd, &d)) > 0) {
		if (strcmp(d.name, ".") == 0 || strcmp(d.name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			names = realloc(names, (size_t)cap * sizeof(*names));
		}
		names[n] = malloc(strlen(d.name) + 2);
		strcpy(names[n], d.name);
		if (d.type == T_DIR)
			strcat(names[n], "/");
		n++;
	}
	close(fd);
	if (r < 0)
		fprintf(2, "ls: %s: %s (%d)\n", path, strerror(r), r);
	qsort(names, (size_t)n, sizeof(*names), cmp);
	for (int i = 0; i < n; i++) {
		printf("%s\n", names[i]);
		free(names[i]);
	}
	free(names);
	return r < 0;
}

int main(int argc, char **argv)
{
	int status = 0;
	if (argc < 2)
		return list(".");
	for (int i = 1; i < argc; i++)
		status |= list(argv[i]);
	return status;
}
