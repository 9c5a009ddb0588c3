/*
 * systest: every system call of the emulated kernel, with its error paths.
 * Run in a writable tree (it works in a scratch directory "st" and removes
 * it); `systest` must sit next to `echo` (it execs it). Prints one line per
 * check and "N passed, N failed"; exit status 1 when anything failed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int passed, failed;

#define CHECK(name, cond)                                                                          \
	do {                                                                                       \
		if (cond) {                                                                        \
			passed++;                                                                  \
			printf("ok   %s\n", name);                                                 \
		} else {                                                                           \
			failed++;                                                                  \
			printf("FAIL %s (line %d)\n", name, __LINE__);                             \
		}                                                                                  \
	} while (0)

#define EQ(name, got, want)                                                                        \
	do {                                                                                       \
		int g_ = (int)(got), w_ = (int)(want);                                             \
		if (g_ == w_) {                                                                    \
			passed++;                                                                  \
			printf("ok   %s\n", name);                                                 \
		} else {                                                                           \
			failed++;                                                                  \
			printf("FAIL %s: got %d, want %d (line %d)\n", name, g_, w_, __LINE__);    \
		}                                                                                  \
	} while (0)

static char progdir[256];

/* A raw system call with a number the table does not have. */
static int raw_syscall(int num)
{
	int r;
	__asm__ volatile("int $64" : "=a"(r) : "a"(num) : "memory");
	return r;
}

static int child_status(int pid)
{
	int st = -1;
	int w = wait2(&st);
	return w == pid ? st : -1000 - w;
}

static void test_process(void)
{
	int me = getpid();
	CHECK("getpid positive", me > 0);
	EQ("wait without children", wait(), -ECHILD);
	EQ("wait2 without children", wait2(0), -ECHILD);
	int pid = fork();
	if (pid == 0)
		exit(getpid() == me ? 1 : 42);
	CHECK("fork returns the child's pid", pid > me);
	EQ("wait2 status of exit(42)", child_status(pid), 42);
	pid = fork();
	if (pid == 0)
		exit(3);
	EQ("wait2 with a bad pointer", wait2((int *)0xc0000000), -EFAULT);
	EQ("wait returns the pid", wait(), pid);

	pid = fork();
	if (pid == 0)
		for (;;) /* spins: only the timer lets the parent run again */
			;
	EQ("kill a spinning child (preemption)", kill(pid), 0);
	EQ("killed child's status", child_status(pid), 128 + 9);
	EQ("kill a missing pid", kill(99999), -ESRCH);

	pid = fork();
	if (pid == 0) {
		volatile int *np = 0;
		exit(*np);
	}
	EQ("child killed by #PF: status 139", child_status(pid), 139);
}

static void test_sbrk(void)
{
	char *old = sbrk(0);
	char *p = sbrk(8192);
	EQ("sbrk returns the old break", (int)p, (int)old);
	p[0] = 1;
	p[8191] = 2;
	CHECK("sbrk memory is usable", p[0] + p[8191] == 3);
	EQ("sbrk shrink returns the old break", (int)sbrk(-8192), (int)(old + 8192));
	EQ("break is back", (int)sbrk(0), (int)old);
	int pid = fork();
	if (pid == 0) {
		volatile char *q = old + 4096;
		exit(*q);
	}
	EQ("shrunk heap is unmapped (#PF)", child_status(pid), 139);
	EQ("sbrk past the per-process limit", (int)sbrk(0x7fffffff), -ENOMEM);
	EQ("sbrk below the heap", (int)sbrk(-0x10000000), -ENOMEM);
}

static void test_exec(void)
{
	char path[300];
	char *args[] = {"echo", "exec", "works", 0};
	snprintf(path, sizeof(path), "%s/echo", progdir);
	int fds[2];
	EQ("pipe", pipe(fds), 0);
	int pid = fork();
	if (pid == 0) {
		close(1);
		dup(fds[1]);
		close(fds[0]);
		close(fds[1]);
		exec(path, args);
		exit(99);
	}
	close(fds[1]);
	char buf[64];
	int n = 0, r;
	while ((r = read(fds[0], buf + n, (int)sizeof(buf) - 1 - n)) > 0)
		n += r;
	buf[n] = 0;
	close(fds[0]);
	CHECK("exec runs echo with argv", strcmp(buf, "exec works\n") == 0);
	EQ("exec'd child exits 0", child_status(pid), 0);
	EQ("exec a missing file", exec("st/nonexistent", args), -ENOENT);
	EQ("exec a directory", exec("st", args), -EACCES);
	int fd = open("st/notelf", O_CREATE | O_WRONLY);
	write(fd, "#!/bin/sh\n", 10);
	close(fd);
	EQ("exec a non-ELF file", exec("st/notelf", args), -ENOEXEC);
	EQ("exec with a bad argv", exec(path, (char **)0xc0001000), -EFAULT);
	EQ("exec with a bad path", exec((char *)0, args), -EFAULT);
	static char *many[MAX_ARGS + 2];
	for (int i = 0; i <= MAX_ARGS; i++)
		many[i] = "x";
	EQ("exec with too many arguments", exec(path, many), -E2BIG);
	unlink("st/notelf");
}

static void test_time(void)
{
	int t0 = uptime();
	CHECK("uptime non-negative", t0 >= 0);
	EQ("sleep 3", sleep(3), 0);
	CHECK("uptime advanced by the sleep", uptime() - t0 >= 3);
	EQ("sleep negative", sleep(-1), -EINVAL);
}

static void test_limits(void)
{
	int fds[2];
	pipe(fds);
	int n = 0, r;
	while ((r = fork()) > 0)
		n++;
	if (r == 0) {
		char c;
		close(fds[1]);
		read(fds[0], &c, 1); /* blocks until the parent closes the pipe */
		exit(0);
	}
	EQ("fork past the process limit", r, -EAGAIN);
	CHECK("some processes were created", n > 10 && n < NPROC);
	close(fds[0]);
	close(fds[1]);
	int reaped = 0;
	while (wait() > 0)
		reaped++;
	EQ("all children reaped after EOF", reaped, n);

	int opened = 0, last;
	int held[NOFILE_XV6];
	while ((last = open("st", O_RDONLY)) >= 0)
		held[opened++] = last;
	EQ("open past the per-process limit", last, -EMFILE);
	CHECK("up to NOFILE_XV6 open files", opened == NOFILE_XV6 - 3);
	for (int i = 0; i < opened; i++)
		close(held[i]);
}

static int st_type(int fd, struct stat *st)
{
	return fstat(fd, st) < 0 ? -1 : st->type;
}

static void test_files(void)
{
	struct stat st;
	char buf[64];
	EQ("open a missing file", open("st/missing", O_RDONLY), -ENOENT);
	EQ("open with bad flags", open("st/a", 3), -EINVAL);
	EQ("open with a bad path", open((char *)0xc0000000, O_RDONLY), -EFAULT);
	EQ("open an empty path", open("", O_RDONLY), -ENOENT);
	int fd = open("st/a", O_CREATE | O_WRONLY);
	CHECK("open O_CREATE", fd >= 3);
	EQ("write", write(fd, "hello", 5), 5);
	EQ("read a write-only fd", read(fd, buf, 1), -EBADF);
	EQ("fstat type file", st_type(fd, &st), T_FILE);
	EQ("fstat size", (int)st.size, 5);
	EQ("fstat nlink", st.nlink, 1);
	EQ("fstat bad pointer", fstat(fd, (struct stat *)0xc0000000), -EFAULT);
	EQ("close", close(fd), 0);
	EQ("close again", close(fd), -EBADF);
	EQ("write a closed fd", write(fd, "x", 1), -EBADF);
	EQ("read a bad fd", read(99, buf, 1), -EBADF);
	EQ("fstat a bad fd", fstat(-1, &st), -EBADF);
	fd = open("st/a", O_WRONLY | O_APPEND);
	EQ("write O_APPEND", write(fd, " world", 6), 6);
	close(fd);
	fd = open("st/a", O_RDWR);
	EQ("write a negative count", write(fd, buf, -1), -EINVAL);
	EQ("read with a bad buffer", read(fd, (char *)0xc0000000, 4), -EFAULT);
	int fd2 = dup(fd);
	CHECK("dup", fd2 > fd);
	EQ("read through the dup", read(fd2, buf, 6), 6);
	EQ("read shares the offset", read(fd, buf, 64), 5);
	buf[5] = 0;
	CHECK("O_APPEND appended", strcmp(buf, "world") == 0);
	EQ("read at EOF", read(fd, buf, 64), 0);
	close(fd2);
	close(fd);
	EQ("dup a bad fd", dup(42), -EBADF);
	fd = open("st/a", O_RDWR | O_TRUNC);
	EQ("O_TRUNC empties", st_type(fd, &st) == T_FILE ? (int)st.size : -1, 0);
	close(fd);
	EQ("write on a read-only fd", write(0, "x", 1), -EBADF);
}

static void test_dirs(void)
{
	struct stat st;
	EQ("mkdir", mkdir("d"), 0);
	EQ("mkdir existing", mkdir("d"), -EEXIST);
	EQ("mkdir without parent", mkdir("no/d"), -ENOENT);
	EQ("mkdir the root", mkdir("/"), -EEXIST);
	EQ("chdir", chdir("d"), 0);
	int fd = open("f", O_CREATE | O_RDWR);
	CHECK("create in the new cwd", fd >= 0);
	close(fd);
	EQ("chdir ..", chdir(".."), 0);
	fd = open("d/f", O_RDONLY);
	CHECK("file seen from the parent", fd >= 0);
	close(fd);
	EQ("chdir a missing dir", chdir("nothere"), -ENOENT);
	EQ("chdir a file", chdir("a"), -ENOTDIR);
	EQ("link", link("a", "b"), 0);
	fd = open("b", O_RDONLY);
	EQ("link count 2", st_type(fd, &st) == T_FILE ? st.nlink : -1, 2);
	close(fd);
	EQ("link onto an existing name", link("a", "b"), -EEXIST);
	EQ("link a missing file", link("zz", "c"), -ENOENT);
	fd = open("d", O_RDONLY);
	EQ("fstat type dir", st_type(fd, &st), T_DIR);
	char c;
	EQ("read a directory", read(fd, &c, 1), -EISDIR);
	close(fd);
	EQ("open a directory for writing", open("d", O_WRONLY), -EISDIR);
	fd = open(".", O_RDONLY);
	struct dirent de;
	int seen = 0, r;
	while ((r = readdir(fd, &de)) > 0) {
		if (strcmp(de.name, "a") == 0 && de.type == T_FILE)
			seen |= 1;
		if (strcmp(de.name, "d") == 0 && de.type == T_DIR)
			seen |= 2;
	}
	EQ("readdir ends with 0", r, 0);
	EQ("readdir sees a and d/", seen, 3);
	EQ("readdir a bad buffer", readdir(fd, (struct dirent *)0xc0000000), -EFAULT);
	close(fd);
	fd = open("a", O_RDONLY);
	EQ("readdir a file", readdir(fd, &de), -ENOTDIR);
	close(fd);
	EQ("unlink a non-empty dir", unlink("d"), -ENOTEMPTY);
	EQ("unlink", unlink("b"), 0);
	EQ("unlink again", unlink("b"), -ENOENT);
	EQ("mknod", mknod("n", 1, 1), -ENOSYS);
	EQ("unknown call number", raw_syscall(99), -ENOSYS);
	EQ("chdir back to /", chdir("/"), 0);
}

static void test_pipes(void)
{
	int fds[2];
	struct stat st;
	EQ("pipe with a bad pointer", pipe((int *)0xc0000000), -EFAULT);
	EQ("pipe", pipe(fds), 0);
	EQ("fstat a pipe: device", st_type(fds[0], &st), T_DEV);
	EQ("write a pipe's read end", write(fds[0], "x", 1), -EBADF);
	close(fds[0]);
	EQ("write with no reader: EPIPE", write(fds[1], "x", 1), -EPIPE);
	close(fds[1]);
	pipe(fds);
	int pid = fork();
	if (pid == 0) {
		/* 100 KB through a 4 KB pipe: the writer blocks many times. */
		static char big[100000];
		for (int i = 0; i < (int)sizeof(big); i++)
			big[i] = (char)(i % 251);
		close(fds[0]);
		exit(write(fds[1], big, sizeof(big)) == sizeof(big) ? 0 : 1);
	}
	close(fds[1]);
	static char got[100001];
	int n = 0, r, ok = 1;
	while ((r = read(fds[0], got + n, 7000)) > 0)
		n += r;
	for (int i = 0; i < n; i++)
		ok &= got[i] == (char)(i % 251);
	EQ("100000 bytes through a pipe", n, 100000);
	CHECK("pipe data intact", ok);
	EQ("EOF after the writer exits", read(fds[0], got, 1), 0);
	EQ("pipe writer's status", child_status(pid), 0);
	close(fds[0]);
}

static void test_sandbox(void)
{
	struct stat root, here;
	int fd = open("/", O_RDONLY);
	fstat(fd, &root);
	close(fd);
	EQ("chdir above the root", chdir("/../../.."), 0);
	fd = open(".", O_RDONLY);
	fstat(fd, &here);
	close(fd);
	CHECK("'..' stops at the root", here.ino == root.ino && here.dev == root.dev);
	EQ("/../etc/passwd stays inside", open("/../../etc/passwd", O_RDONLY), -ENOENT);
	chdir("/");
}

int main(int argc, char **argv)
{
	char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;
	if (slash)
		snprintf(progdir, sizeof(progdir), "%.*s", (int)(slash - argv[0]), argv[0]);
	else
		snprintf(progdir, sizeof(progdir), ".");
	unlink("st/d/f");
	unlink("st/d");
	unlink("st/a");
	EQ("mkdir scratch dir st", mkdir("st"), 0);
	test_process();
	test_sbrk();
	test_exec();
	test_time();
	test_files();
	EQ("chdir st", chdir("st"), 0);
	test_dirs();
	chdir("/");
	test_limits();
	test_pipes();
	test_sandbox();
	unlink("st/d/f");
	unlink("st/d");
	unlink("st/a");
	EQ("cleanup: rmdir st", unlink("st"), 0);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
