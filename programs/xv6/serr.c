/* Under the xv6 ABI every error is -1, whatever its reason (xv6's
 * programs test `== -1`), and an open file table holds NOFILE (16). */
#include "xv6t.h"

int main(void)
{
	char c;
	int r;
	r = open("nothere", O_RDONLY);
	check("open of a missing file is -1", r == -1, r);
	r = unlink("nothere");
	check("unlink of a missing file is -1", r == -1, r);
	r = close(99);
	check("close of a bad fd is -1", r == -1, r);
	r = read(-1, &c, 1);
	check("read of fd -1 is -1", r == -1, r);
	r = mkdir(".");
	check("mkdir of . is -1", r == -1, r);
	r = chdir("nothere");
	check("chdir to a missing directory is -1", r == -1, r);
	char *argv[] = {"nothere", 0};
	r = exec("nothere", argv);
	check("exec of a missing file is -1", r == -1, r);
	r = link("nothere", "other");
	check("link of a missing file is -1", r == -1, r);
	r = open("serr.d", O_CREATE | O_RDWR);
	close(r);
	r = open("serr.d/x", O_CREATE | O_RDWR);
	check("a file under a file is -1", r == -1, r);
	unlink("serr.d");
	r = kill(12345);
	check("kill of no process is -1", r == -1, r);
	r = read(0, (char *)0xc0000000, 1);
	check("read into kernel memory is -1", r == -1, r);
	r = syscall0(23); /* the ia32emu ABI's readdir: not an xv6 call */
	check("a call xv6 does not have is -1", r == -1, r);
	/* fds 0-2 are open: 13 more, then the table is full. */
	int n = 0;
	while (open(".", O_RDONLY) >= 0 && n < 100)
		n++;
	check("NOFILE: 16 open files", n == 13, n);
	r = open(".", O_RDONLY);
	check("and the 17th open is -1", r == -1, r);
	for (int fd = 3; fd < 16; fd++)
		close(fd);
	int p[2];
	r = pipe(p);
	check("pipe after closing", r == 0, r);
	struct stat st;
	r = fstat(p[0], &st);
	check("fstat of a pipe is -1 (no inode)", r == -1, r);
	/* Mode bits xv6 has no name for mean nothing (0x400, O_TRUNC
	 * elsewhere, leaves the file as it is). */
	int fd = open("serr.t", O_CREATE | O_WRONLY);
	write(fd, "abc", 3);
	close(fd);
	fd = open("serr.t", O_CREATE | O_WRONLY | 0x400);
	r = fstat(fd, &st);
	check("0x400 is no O_TRUNC", r == 0 && st.size == 3, (int)st.size);
	close(fd);
	unlink("serr.t");
	puts1("serr done\n");
	exit();
}
