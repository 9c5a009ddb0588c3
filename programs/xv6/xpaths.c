/* Path resolution as xv6 (and Linux) do it, one component at a time, in
 * a scratch directory the test script made the root. */
#include "xv6t.h"

int main(void)
{
	int r, fd;
	mkdir("dd");
	close(open("ff", O_CREATE | O_RDWR));
	r = unlink(".");
	check("unlink(.) fails", r < 0, r);
	r = unlink("..");
	note("unlink(..)", r);
	check("unlink(..) fails", r < 0, r);
	r = unlink("dd/.");
	note("unlink(dd/.)", r);
	check("unlink(dd/.) fails", r < 0, r);
	r = unlink("dd/..");
	check("unlink(dd/..) fails", r < 0, r);
	fd = open("dd", O_RDONLY);
	check("dd is still there", fd >= 0, fd);
	close(fd);
	r = mkdir("dd/.");
	note("mkdir(dd/.)", r);
	check("mkdir(dd/.) fails", r < 0, r);
	r = link("ff", "dd/.");
	check("link(ff, dd/.) fails", r < 0, r);
	r = open("ff/..", O_RDONLY);
	note("open(ff/..)", r);
	check("open(ff/..) fails", r < 0, r);
	r = open("ff/.", O_RDONLY);
	check("open(ff/.) fails", r < 0, r);
	r = chdir("ff/..");
	check("chdir(ff/..) fails", r < 0, r);
	r = open("nothere/../ff", O_RDONLY);
	note("open(nothere/../ff)", r);
	check("open(nothere/../ff) fails", r < 0, r);
	fd = open("dd/../ff", O_RDONLY);
	check("open(dd/../ff)", fd >= 0, fd);
	close(fd);
	r = chdir("/../../..");
	check("chdir(/../../..)", r == 0, r);
	fd = open("../../ff", O_RDONLY);
	check(".. at the root stays at the root", fd >= 0, fd);
	close(fd);
	r = chdir("dd");
	check("chdir(dd)", r == 0, r);
	r = unlink("../dd");
	check("unlink(../dd) works as a name", r == 0, r);
	chdir("/");
	r = unlink("ff");
	check("unlink(ff)", r == 0, r);
	puts1("xpaths done\n");
	exit();
}
