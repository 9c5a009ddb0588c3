/* /dev/null and /dev/zero, which the kernel provides whatever the tree
 * holds: writes vanish, reads give EOF or zeros, both are character
 * devices; "/dev/null/" is not a directory. */
#include "common.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	int w = open("/dev/null", O_WRONLY);
	T(w >= 0);
	T(write(w, "hello", 5));
	struct stat st;
	T(fstat(w, &st));
	printf("a character device: %d\n", S_ISCHR(st.st_mode));
	close(w);
	char b[16];
	int r = open("/dev/null", O_RDONLY);
	T(read(r, b, sizeof(b)));
	close(r);
	int z = open("/dev/zero", O_RDONLY);
	memset(b, 'x', sizeof(b));
	T(read(z, b, sizeof(b)));
	int zeros = 1;
	for (unsigned i = 0; i < sizeof(b); i++)
		zeros &= b[i] == 0;
	printf("zeros: %d\n", zeros);
	close(z);
	T(open("/dev/null/", O_RDONLY));
	FILE *f = fopen("/dev/null", "w");
	T(f != NULL && fprintf(f, "gone\n") == 5 && fclose(f) == 0);
	return 0;
}
