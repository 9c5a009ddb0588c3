/*
 * One program of `ia32emu test`, in a forked process of its own: it
 * compiles the source (if any) with ia32emu-cc, creates its own machine,
 * points the guest's fds 0/1/2 at NAME.in (or /dev/null) and two scratch
 * files, runs within the instruction budget and the wall-clock timeout,
 * and sends the outcome back through a pipe. A runaway or crashing
 * emulator can only take that process with it.
 */
#define _GNU_SOURCE /* pipe2, memmem */
#include "../kernel/machine.h"
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The most a program may write to its stdout or stderr: beyond it writes
 * fail (RLIMIT_FSIZE, SIGXFSZ ignored) and the guest sees -EIO. */
#define OUTPUT_LIMIT (64ull << 20)
#define LOG_SHOWN    4096

enum stage { ST_RAN, ST_COMPILE, ST_LOAD, ST_SETUP };

struct bt_msg {
	int stage;
	int result; /* enum run_result */
	int status;
	uint64_t insns; /* retired: the rerun hint's --max-insns */
	char text[472];
};

/* Test idx's scratch files: WORKDIR/IDX/{stdout,stderr,cc.log,bin/NAME,root}. */
static char *scratch(const struct batch_opts *o, size_t idx, const char *what)
{
	return bt_strf("%s/%zu/%s", o->workdir, idx, what);
}

static void send_msg(int fd, struct bt_msg *m)
{
	/* Smaller than PIPE_BUF: one write, never blocks on an empty pipe. */
	ssize_t w = write(fd, m, sizeof(*m));
	(void)w;
	_exit(0);
}

static void fail_setup(int fd, const char *what)
{
	struct bt_msg m = {.stage = ST_SETUP};
	snprintf(m.text, sizeof(m.text), "%s: %s", what, strerror(errno));
	send_msg(fd, &m);
}

/* Waits for the compiler, at most `timeout` seconds (0: no limit). A
 * source can make gcc wait forever (#include of a FIFO) or read without
 * end (#include "/dev/zero"): then its whole process group is killed, the
 * driver and the cc1/as/ld it started. Returns 0, -1 (failed), -2 (timeout). */
static int wait_compiler(pid_t pid, unsigned timeout)
{
	struct timespec nap = {0, 1000000}, t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int ws = 0;
		pid_t r = waitpid(pid, &ws, WNOHANG);
		if (r == pid)
			return WIFEXITED(ws) && WEXITSTATUS(ws) == 0 ? 0 : -1;
		if (r < 0 && errno != EINTR)
			return -1;
		clock_gettime(CLOCK_MONOTONIC, &t);
		double secs =
		    (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
		if (timeout && secs >= timeout) {
			kill(-pid, SIGKILL);
			waitpid(pid, &ws, 0);
			return -2;
		}
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 20000000)
			nap.tv_nsec *= 2;
	}
}

/* Runs the compiler driver: `CC [CFLAGS] SRC -o ELF`, its messages in log. */
static int compile(const struct batch_opts *o, const struct btest *t, const char *elf,
		   const char *log)
{
	char **flags = NULL;
	int nf = o->cflags ? batch_split_words(o->cflags, &flags) : 0;
	if (nf < 0)
		nf = 0;
	char **argv = bt_alloc(((size_t)nf + 5) * sizeof(char *));
	int n = 0;
	argv[n++] = (char *)o->cc;
	for (int i = 0; i < nf; i++)
		argv[n++] = flags[i];
	argv[n++] = t->prog;
	argv[n++] = "-o";
	argv[n++] = (char *)elf;
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		int nul = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (setpgid(0, 0) < 0 || fd < 0 || nul < 0 || dup2(nul, 0) < 0 || dup2(fd, 1) < 0 ||
		    dup2(fd, 2) < 0)
			_exit(127);
		/* Plain ASCII quotes in the messages the report quotes. */
		setenv("LC_ALL", "C", 1);
		execvp(o->cc, argv);
		fprintf(stderr, "cannot run %s: %s\n", o->cc, strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		return -1;
	setpgid(pid, pid); /* also here: no race with kill(-pid) */
	return wait_compiler(pid, o->timeout);
}

/* The guest's stdin, stdout and stderr become the host fds 0, 1, 2 that
 * the emulated kernel's file table starts with. */
static void redirect(const struct batch_opts *o, const struct btest *t, size_t idx, int rfd)
{
	char *out = scratch(o, idx, "stdout"), *err = scratch(o, idx, "stderr");
	const char *in = t->in_path ? t->in_path : "/dev/null";
	int fi = open(in, O_RDONLY | O_CLOEXEC);
	if (fi < 0)
		fail_setup(rfd, in);
	int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fo < 0 || fe < 0)
		fail_setup(rfd, "scratch file");
	if (dup2(fi, 0) < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0)
		fail_setup(rfd, "dup2");
	free(out);
	free(err);
	struct rlimit rl = {OUTPUT_LIMIT, OUTPUT_LIMIT};
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &rl);
}

/* From here on the wall-clock limit holds: SIGALRM's default action ends
 * this process, and the parent sees it. */
static void start_clock(unsigned timeout)
{
	sigset_t alrm;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigprocmask(SIG_UNBLOCK, &alrm, NULL);
	signal(SIGALRM, SIG_DFL);
	if (timeout)
		alarm(timeout);
}

/* The program's own root: a fresh directory, with NAME.root's files. */
static char *make_root(const struct batch_opts *o, const struct btest *t, size_t idx, int wfd)
{
	char *root = scratch(o, idx, "root");
	if (mkdir(root, 0755) < 0)
		fail_setup(wfd, root);
	struct bt_msg msg = {.stage = ST_SETUP};
	if (t->root_src && batch_copy_tree(t->root_src, root, msg.text, sizeof(msg.text)) < 0)
		send_msg(wfd, &msg);
	return root;
}

/* Compiles a source into WORKDIR/IDX/bin/NAME (named as the program, for
 * the kernel's messages); returns the program to load. */
static char *build(const struct batch_opts *o, struct btest *t, size_t idx, int wfd)
{
	char *dir = bt_strf("%s/%zu", o->workdir, idx), *bin = scratch(o, idx, "bin");
	if (mkdir(dir, 0755) < 0 || mkdir(bin, 0755) < 0)
		fail_setup(wfd, dir);
	if (!t->source)
		return t->prog;
	const char *base = strrchr(t->name, '/');
	char *prog = bt_strf("%s/%s", bin, base ? base + 1 : t->name);
	char *log = scratch(o, idx, "cc.log");
	int r = compile(o, t, prog, log);
	if (r < 0) {
		struct bt_msg msg = {.stage = ST_COMPILE};
		if (r == -2)
			snprintf(msg.text, sizeof(msg.text), "timed out after %u s (--timeout)",
				 o->timeout);
		send_msg(wfd, &msg);
	}
	return prog;
}

static void child(const struct batch_opts *o, struct btest *t, size_t idx, int wfd)
{
	struct bt_msg msg = {.stage = ST_RAN};
	char *prog = build(o, t, idx, wfd);
	start_clock(o->timeout);
	/* Each program sees a directory of its own as "/" (and runs in it on
	 * the host side too): runs cannot see or change each other's files. */
	char *root = make_root(o, t, idx, wfd);
	struct machine_config cfg;
	machine_config_default(&cfg);
	cfg.mem_bytes = o->mem_mib << 20;
	cfg.root = root;
	cfg.abi = o->abi;
	struct machine *m = machine_create(&cfg, msg.text, sizeof(msg.text));
	if (!m || machine_load(m, prog, t->argc, t->argv, msg.text, sizeof(msg.text)) < 0) {
		msg.stage = m ? ST_LOAD : ST_SETUP;
		send_msg(wfd, &msg);
	}
	redirect(o, t, idx, wfd);
	if (chdir(root) < 0)
		fail_setup(wfd, root);
	enum run_result r = machine_run(m, o->max_insns ? o->max_insns : UINT64_MAX);
	alarm(0);
	msg.result = (int)r;
	msg.status = machine_exit_status(m);
	msg.insns = machine_cpu(m)->icount;
	snprintf(msg.text, sizeof(msg.text), "%s", machine_message(m));
	send_msg(wfd, &msg);
}

pid_t batch_spawn(const struct batch_opts *o, struct btest *t, size_t idx, int *result_fd)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		child(o, t, idx, p[1]);
		_exit(0);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return -1;
	}
	*result_fd = p[0];
	return pid;
}

/* The line of the compiler's messages that says what is wrong: the first
 * error of the compiler or the linker (not collect2's "ld returned 1"),
 * else the first line. */
static char *first_error(const char *log)
{
	static const char *const marks[] = {"error:", "undefined reference", "multiple definition"};
	const char *line = log, *pick = NULL;
	while (*line && !pick) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]) && !pick; i++)
			if (memmem(line, n, marks[i], strlen(marks[i])) &&
			    strncmp(line, "collect2:", 9) != 0)
				pick = line;
		line += n + (nl != NULL);
	}
	if (!pick)
		pick = log;
	const char *nl = strchr(pick, '\n');
	return bt_escape(pick, nl ? (size_t)(nl - pick) : strlen(pick), 200);
}

static void set(struct btest *t, enum bt_outcome oc, char *detail)
{
	t->outcome = oc;
	free(t->detail);
	t->detail = detail;
}

static void judge_exit(const struct batch_opts *o, struct btest *t, size_t idx,
		       const struct bt_msg *m)
{
	char *diff = NULL;
	if (t->out_path) {
		char *got = scratch(o, idx, "stdout");
		diff = batch_compare(t->out_path, got);
		free(got);
	}
	bool status_ok = m->status == t->want_status;
	if (m->result == RUN_KILLED && !status_ok)
		set(t, BT_FAULT, bt_strf("%s (status %d)", m->text, m->status));
	else if (diff && !status_ok)
		set(t, BT_OUTPUT,
		    bt_strf("%s; exit status %d, expected %d", diff, m->status, t->want_status));
	else if (diff)
		set(t, BT_OUTPUT, bt_strf("%s", diff));
	else if (!status_ok)
		set(t, BT_STATUS,
		    bt_strf("exit status %d, expected %d", m->status, t->want_status));
	else
		set(t, BT_PASS, NULL);
	free(diff);
}

static void judge_run(const struct batch_opts *o, struct btest *t, size_t idx,
		      const struct bt_msg *m)
{
	switch (m->result) {
	case RUN_EXITED:
	case RUN_KILLED: judge_exit(o, t, idx, m); break;
	case RUN_BUDGET:
		set(t, BT_STOPPED,
		    bt_strf("%s (--max-insns %llu)", m->text, (unsigned long long)o->max_insns));
		break;
	default: set(t, BT_STOPPED, bt_strf("%s", m->text)); break;
	}
}

static void judge(const struct batch_opts *o, struct btest *t, size_t idx, int ws,
		  const struct bt_msg *m, bool have_msg)
{
	if (WIFSIGNALED(ws) && WTERMSIG(ws) == SIGALRM)
		set(t, BT_TIMEOUT, bt_strf("timed out after %u s (--timeout)", o->timeout));
	else if (!have_msg && WIFSIGNALED(ws))
		set(t, BT_ERROR, bt_strf("the emulator died of signal %d", WTERMSIG(ws)));
	else if (!have_msg)
		set(t, BT_ERROR, bt_strf("the emulator's process ended without a result"));
	else if (m->stage == ST_COMPILE) {
		char *log = scratch(o, idx, "cc.log");
		t->log = bt_read_file(log, LOG_SHOWN, NULL);
		char *e = m->text[0] ? bt_strdup(m->text) : first_error(t->log ? t->log : "");
		set(t, BT_COMPILE, bt_strf("does not compile: %s", e));
		free(e);
		free(log);
	} else if (m->stage == ST_LOAD)
		set(t, BT_LOAD, bt_strf("cannot load: %s", m->text));
	else if (m->stage == ST_SETUP)
		set(t, BT_ERROR, bt_strf("cannot run: %s", m->text));
	else
		judge_run(o, t, idx, m);
}

void batch_reap(const struct batch_opts *o, struct btest *t, size_t idx, int wstatus, int result_fd)
{
	struct bt_msg m;
	memset(&m, 0, sizeof(m));
	ssize_t n;
	do
		n = read(result_fd, &m, sizeof(m));
	while (n < 0 && errno == EINTR);
	close(result_fd);
	m.text[sizeof(m.text) - 1] = 0;
	judge(o, t, idx, wstatus, &m, n == (ssize_t)sizeof(m));
	if (n == (ssize_t)sizeof(m) && m.stage == ST_RAN)
		t->insns = m.insns;
	if (t->outcome != BT_PASS && t->outcome != BT_COMPILE) {
		char *err = scratch(o, idx, "stderr"), *out = scratch(o, idx, "stdout");
		if (!t->log)
			t->log = bt_read_file(err, LOG_SHOWN, NULL);
		t->output = bt_read_file(out, LOG_SHOWN, NULL);
		free(err);
		free(out);
	}
}
