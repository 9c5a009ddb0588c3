/* The guest's file tree: path resolution by component, the sandboxed open with
 * openat2 and with its fallback walk, and host descriptors not leaking. */
#define _GNU_SOURCE
#include "unit.h"

#include "../../kernel/machine.h"
#include "../../kernel/sysdefs.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fake tree for the resolver: every path ending in "f" is a file,
 * every path ending in "m" is missing, anything else is a directory. */
static int fake_check_dir(void *ctx, const char *rel)
{
	int *calls = ctx;
	size_t n = strlen(rel);
	++*calls;
	if (n && rel[n - 1] == 'f')
		return -ENOTDIR;
	if (n && rel[n - 1] == 'm')
		return -ENOENT;
	return 0;
}

static int calls;

static int resolve(const char *cwd, const char *in, unsigned name_max, struct resolved_path *rp)
{
	struct path_rules pr = {fake_check_dir, &calls, name_max};
	return resolve_path(&pr, cwd, in, rp);
}

static void resolves(const char *cwd, const char *in, const char *want, enum path_last last)
{
	struct resolved_path rp;
	ck_assert_int_eq(resolve(cwd, in, 0, &rp), 0);
	ck_assert_str_eq(rp.rel, want);
	ck_assert_int_eq(rp.last, last);
}

START_TEST(paths_resolve_by_component)
{
	resolves("", "/", ".", PATH_LAST_ROOT);
	resolves("", "a/b", "a/b", PATH_LAST_NAME);
	resolves("a/b", "c", "a/b/c", PATH_LAST_NAME);
	resolves("a/b", "/c", "c", PATH_LAST_NAME);
	resolves("a/b", "..", "a", PATH_LAST_DOTDOT);
	resolves("a/b", "../../..", ".", PATH_LAST_DOTDOT);
	resolves("", "/../../etc/passwd", "etc/passwd", PATH_LAST_NAME);
	resolves("a", "./x/./../y//z/", "a/y/z", PATH_LAST_NAME);
	resolves("", ".", ".", PATH_LAST_DOT);
	resolves("", "dd/.", "dd", PATH_LAST_DOT);
	resolves("", "dd/..", ".", PATH_LAST_DOTDOT);
	char longp[3 * GUEST_PATH_MAX];
	struct resolved_path rp;
	memset(longp, 'x', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = 0;
	ck_assert_int_eq(resolve("", longp, 0, &rp), -ENAMETOOLONG);
}
END_TEST

/* "." and ".." need a directory before them; plain names are left to the
 * host open (no look-up of their own), and a known directory is not looked
 * up twice. */
START_TEST(paths_dot_needs_a_directory)
{
	struct resolved_path rp;
	ck_assert_int_eq(resolve("", "xf/..", 0, &rp), -ENOTDIR);
	ck_assert_int_eq(resolve("", "xf/.", 0, &rp), -ENOTDIR);
	ck_assert_int_eq(resolve("", "d/xf/../e", 0, &rp), -ENOTDIR);
	ck_assert_int_eq(resolve("", "xm/../e", 0, &rp), -ENOENT);
	calls = 0;
	ck_assert_int_eq(resolve("a", "b/c/d", 0, &rp), 0);
	ck_assert_int_eq(calls, 0);
	ck_assert_int_eq(resolve("a", "b/./../../..", 0, &rp), 0);
	ck_assert_int_eq(calls, 1);
	ck_assert_str_eq(rp.rel, ".");
	ck_assert_int_eq(resolve("xf", "..", 0, &rp), 0); /* the cwd is a directory */
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(resolve("", "d/", 0, &rp), 0);
	ck_assert(rp.must_dir);
	ck_assert_int_eq(resolve("", "d/.", 0, &rp), 0);
	ck_assert(!rp.must_dir);
}
END_TEST

/* xv6's DIRSIZ: every name is cut, on the way to creating it or finding it. */
START_TEST(paths_name_max_cuts_every_name)
{
	struct resolved_path rp;
	ck_assert_int_eq(resolve("", "123456789012345/123456789012345/x", 14, &rp), 0);
	ck_assert_str_eq(rp.rel, "12345678901234/12345678901234/x");
	ck_assert_int_eq(resolve("", "123456789012345", 0, &rp), 0);
	ck_assert_str_eq(rp.rel, "123456789012345");
}
END_TEST

static char dir[64];
static struct machine *M;

static void fs_setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/ia32emu-fs-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char p[128];
	snprintf(p, sizeof(p), "%s/root", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/root/sub", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/root/sub/in", dir);
	FILE *f = fopen(p, "w");
	fputs("inside", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/out", dir);
	f = fopen(p, "w");
	fputs("outside", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/root/up", dir);
	ck_assert_int_eq(symlink("../out", p), 0);
	snprintf(p, sizeof(p), "%s/root/abs", dir);
	char target[128];
	snprintf(target, sizeof(target), "%s/out", dir);
	ck_assert_int_eq(symlink(target, p), 0);
	snprintf(p, sizeof(p), "%s/root/inner", dir);
	ck_assert_int_eq(symlink("sub/in", p), 0);
	struct machine_config cfg;
	machine_config_default(&cfg);
	cfg.mem_bytes = 8u << 20;
	snprintf(p, sizeof(p), "%s/root", dir);
	cfg.root = p;
	char err[200];
	M = machine_create(&cfg, err, sizeof(err));
	ck_assert_msg(M != NULL, "%s", err);
}

static void fs_teardown(void)
{
	machine_destroy(M);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static int try_open(const char *rel)
{
	int fd = sandbox_open(machine_kernel(M), rel, O_RDONLY, 0);
	if (fd >= 0)
		close(fd);
	return fd < 0 ? fd : 0;
}

START_TEST(sandbox_openat2)
{
	ck_assert_int_eq(try_open("sub/in"), 0);
	ck_assert_int_eq(try_open("inner"), 0); /* a symlink inside the tree */
	ck_assert_int_eq(try_open("up"), -EACCES);
	ck_assert_int_eq(try_open("abs"), -EACCES);
	ck_assert_int_eq(try_open("../out"), -EACCES);
	ck_assert_int_eq(try_open("missing"), -ENOENT);
}
END_TEST

START_TEST(sandbox_fallback_walk)
{
	machine_kernel(M)->no_openat2 = true;
	ck_assert_int_eq(try_open("sub/in"), 0);
	ck_assert_int_eq(try_open("."), 0);
	/* Without openat2 no symlink is followed at all. */
	ck_assert_int_lt(try_open("inner"), 0);
	ck_assert_int_lt(try_open("up"), 0);
	ck_assert_int_lt(try_open("abs"), 0);
	ck_assert_int_eq(try_open("missing"), -ENOENT);
	ck_assert_int_eq(try_open("sub/missing"), -ENOENT);
}
END_TEST

static int try_dir(const char *rel)
{
	int fd = sandbox_open(machine_kernel(M), rel, O_PATH | O_DIRECTORY, 0);
	if (fd >= 0)
		close(fd);
	return fd < 0 ? fd : 0;
}

/* mkdir, unlink, link and chdir open a directory O_PATH | O_DIRECTORY:
 * through a symlink leading out both resolutions answer -EACCES (the
 * walk's O_NOFOLLOW gave -ENOTDIR), and a plain file is still -ENOTDIR. */
START_TEST(sandbox_dir_symlink_same_errno)
{
	char p[128];
	snprintf(p, sizeof(p), "%s/root/updir", dir);
	ck_assert_int_eq(symlink("..", p), 0); /* a directory outside the root */
	for (int walk = 0; walk < 2; walk++) {
		machine_kernel(M)->no_openat2 = walk;
		ck_assert_int_eq(try_dir("sub"), 0);
		ck_assert_int_eq(try_dir("updir"), -EACCES);
		ck_assert_int_eq(try_dir("updir/root"), -EACCES);
		ck_assert_int_eq(try_dir("up"), -EACCES);
		ck_assert_int_eq(try_open("up"), -EACCES);
		ck_assert_int_eq(try_dir("sub/in"), -ENOTDIR);
	}
}
END_TEST

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	ck_assert_ptr_nonnull(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* systest opens, dups, pipes, forks and execs; after the machine is gone
 * the host holds exactly the descriptors it held before. */
START_TEST(no_host_fd_leak)
{
	const char *pdir = getenv("IA32EMU_PROGRAMS");
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/root/bin && cp %s/systest %s/echo %s/root/bin/",
		 dir, pdir ? pdir : "build/programs", pdir ? pdir : "build/programs", dir);
	ck_assert_int_eq(system(cmd), 0);
	machine_destroy(M);
	M = NULL;
	int before = count_fds();
	struct machine_config cfg;
	machine_config_default(&cfg);
	char root[128], prog[160], err[200];
	snprintf(root, sizeof(root), "%s/root", dir);
	snprintf(prog, sizeof(prog), "%s/bin/systest", root);
	cfg.root = root;
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	/* argv[0] as the guest sees it, so systest finds echo in /bin. */
	char *argv[] = {"/bin/systest", NULL};
	ck_assert_msg(machine_load(m, prog, 1, argv, err, sizeof(err)) == 0, "%s", err);
	/* systest's report and its children's fault messages are not ours. */
	int save1 = dup(1), save2 = dup(2), devnull = open("/dev/null", O_WRONLY);
	dup2(devnull, 1);
	dup2(devnull, 2);
	enum run_result r = machine_run(m, 2000000000ull);
	fflush(stdout);
	dup2(save1, 1);
	dup2(save2, 2);
	close(save1);
	close(save2);
	close(devnull);
	ck_assert_int_eq(r, RUN_EXITED);
	ck_assert_int_eq(machine_exit_status(m), 0);
	machine_destroy(m);
	ck_assert_int_eq(count_fds(), before);
	M = machine_create(&cfg, err, sizeof(err)); /* for the teardown */
}
END_TEST

Suite *fs_suite(void)
{
	Suite *s = suite_create("fs");
	TCase *tc = tcase_create("paths");
	tcase_add_test(tc, paths_resolve_by_component);
	tcase_add_test(tc, paths_dot_needs_a_directory);
	tcase_add_test(tc, paths_name_max_cuts_every_name);
	suite_add_tcase(s, tc);
	tc = tcase_create("sandbox");
	tcase_add_checked_fixture(tc, fs_setup, fs_teardown);
	tcase_add_test(tc, sandbox_openat2);
	tcase_add_test(tc, sandbox_fallback_walk);
	tcase_add_test(tc, sandbox_dir_symlink_same_errno);
	tcase_add_test(tc, no_host_fd_leak);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
