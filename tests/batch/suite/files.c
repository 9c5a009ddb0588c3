/* Passes: files.root is its root ("/"), a copy of its own: it reads and
 * changes the files there and makes new ones; the host's are out of reach. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void show(const char *path)
{
	char buf[64];
	int fd = open(path, O_RDONLY);
	int n = fd < 0 ? 0 : read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	printf("%s: %s", path, fd < 0 ? "absent\n" : buf);
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	show("/data.txt");
	show("sub/deep.txt");
	int fd = open("/data.txt", O_WRONLY | O_TRUNC);
	write(fd, "changed\n", 8);
	close(fd);
	show("/data.txt");
	fd = open("/made.txt", O_CREATE | O_WRONLY);
	write(fd, "made\n", 5);
	close(fd);
	show("/made.txt");
	show("/etc/passwd");
	show("../../../../etc/passwd");
	return 0;
}
