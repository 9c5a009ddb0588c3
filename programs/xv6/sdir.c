/* read() of a directory gives xv6's 16-byte records {ushort inum; char
 * name[DIRSIZ];}: "." and ".." first, inode numbers fstat agrees with,
 * stable within the run; names longer than DIRSIZ mean their first 14
 * bytes. */
#include "xv6t.h"

static struct dirent de[16];
static char buf[256];

static int statino(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	int r = fstat(fd, &st);
	close(fd);
	return r < 0 ? -2 : (int)st.ino;
}

/* The records of directory `path` into de[]: how many, or -1. */
static int records(const char *path)
{
	int fd = open(path, O_RDONLY), n = 0;
	if (fd < 0)
		return -1;
	while (n < 16 && read(fd, &de[n], sizeof(de[n])) == sizeof(de[n]))
		n++;
	close(fd);
	return n;
}

static int find(int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (memeq(de[i].name, name, slen(name) < DIRSIZ ? slen(name) + 1 : DIRSIZ))
			return i;
	return -1;
}

int main(void)
{
	mkdir("sd");
	close(open("sd/a", O_CREATE | O_RDWR));
	close(open("sd/bb", O_CREATE | O_RDWR));
	int n = records("sd");
	check("a directory reads as 4 records", n == 4, n);
	check("the first is .", memeq(de[0].name, ".", 2), de[0].name[0]);
	check("the second is ..", memeq(de[1].name, "..", 3), de[1].name[0]);
	check("then a", find(n, "a") >= 2, find(n, "a"));
	check("and bb", find(n, "bb") >= 2, find(n, "bb"));
	int r = statino("sd");
	check(". is the directory's inode", de[0].inum == r, r);
	r = statino(".");
	check(".. is the root's inode", de[1].inum == r, r);
	check("the root is inode 1", r == 1, r);
	/* t_xv6.sh's root holds secho, then sd: numbered as mkfs would. */
	r = statino("secho");
	check("the root's names from 2 in their order", r == 2 && statino("sd") == 3, r);
	int ia = find(n, "a") >= 0 ? de[find(n, "a")].inum : -1;
	r = statino("sd/a");
	check("a's record has fstat's inode", ia == r, r);
	check("an inode number fits a ushort", r > 1 && r <= 0xffff, r);
	check("files have numbers of their own", ia != de[find(n, "bb")].inum, ia);
	n = records("sd");
	check("numbers stay in the run", de[find(n, "a")].inum == ia, de[find(n, "a")].inum);
	struct stat st;
	int fd = open("sd", O_RDONLY);
	fstat(fd, &st);
	check("fstat: a directory", st.type == T_DIR, st.type);
	check("of 16 bytes a record", st.size == 64, (int)st.size);
	check("one link, as xv6's mkdir makes it", st.nlink == 1, st.nlink);
	/* Reads that stop inside a record continue from there. */
	int got = 0, m;
	while ((m = read(fd, buf + got, 5)) > 0)
		got += m;
	close(fd);
	check("read in pieces: the same 64 bytes", got == 64 && memeq(buf, de, 64), got);
	/* DIRSIZ: a longer name means its first 14 bytes. */
	fd = open("sd/abcdefghijklmnopqrst", O_CREATE | O_RDWR);
	write(fd, "x", 1);
	close(fd);
	r = statino("sd/abcdefghijklmn");
	check("a 20-byte name creates its first 14", r > 0, r);
	check("any longer spelling is the same file", statino("sd/abcdefghijklmnXY") == r, r);
	n = records("sd");
	int i = find(n, "abcdefghijklmn");
	check("its record: 14 bytes, no NUL", i >= 2, i);
	mkdir("sd/0123456789abcdef");
	fd = open("sd", O_RDONLY);
	fstat(fd, &st);
	close(fd);
	check("and one for each subdirectory's ..", st.nlink == 2, st.nlink);
	r = chdir("sd/0123456789abcdXYZ");
	check("chdir by a longer spelling", r == 0, r);
	r = chdir("../..");
	check("and back", r == 0 && statino("sd/a") > 0, r);
	unlink("sd/0123456789abcd");
	unlink("sd/abcdefghijklmn");
	unlink("sd/a");
	unlink("sd/bb");
	n = records("sd");
	check("emptied: . and .. only", n == 2, n);
	/* As xv6 appends names to a directory: the order they were made. */
	close(open("sd/zz", O_CREATE | O_RDWR));
	close(open("sd/aa", O_CREATE | O_RDWR));
	close(open("sd/mm", O_CREATE | O_RDWR));
	n = records("sd");
	check("names in the order they were made",
	      n == 5 && streq(de[2].name, "zz") && streq(de[3].name, "aa") &&
		  streq(de[4].name, "mm"),
	      n);
	unlink("sd/zz");
	unlink("sd/aa");
	unlink("sd/mm");
	r = unlink("sd");
	check("removed", r == 0, r);
	puts1("sdir done\n");
	exit();
}
