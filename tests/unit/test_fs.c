/* The guest's file tree: lexical path resolution, the sandboxed open with
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

static void resolves(const char *cwd, const char *in, const char *want)
{
	char out[GUEST_PATH_MAX];
	ck_assert_int_eq(resolve_path(cwd, in, out, sizeof(out)), 0);
	ck_assert_str_eq(out, want);
}

START_TEST(paths_resolve_lexically)
{
	resolves("", "/", ".");
	resolves("", "a/b", "a/b");
	resolves("a/b", "c", "a/b/c");
	resolves("a/b", "/c", "c");
	resolves("a/b", "..", "a");
	resolves("a/b", "../../..", ".");
	resolves("", "/../../etc/passwd", "etc/passwd");
	resolves("a", "./x/./../y//z/", "a/y/z");
	char longp[3 * GUEST_PATH_MAX], out[GUEST_PATH_MAX];
	memset(longp, 'x', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = 0;
	ck_assert_int_eq(resolve_path("", longp, out, sizeof(out)), -ENAMETOOLONG);
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
	tcase_add_test(tc, paths_resolve_lexically);
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
