/*
 * sh: a small shell. Reads commands from stdin (or `sh -c LINE`), one line
 * at a time:
 *   cmd arg...          words; '...' and "..." quote
 *   a | b | c           a pipeline
 *   < file  > file  >> file   redirections
 *   a ; b               in sequence      a & b    a in the background
 *   cd DIR, exit [N]    built in
 * A command name without '/' is looked for in the directory sh itself was
 * started from (dirname of argv[0]), then in /bin. The prompt goes to
 * stderr, so a script's output is only its commands' output. At the end
 * of its input sh waits for the jobs still in the background.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXWORDS 64
#define MAXCMDS	 16
#define LINEMAX	 1024

struct cmd {
	char *argv[MAXWORDS + 1];
	int argc;
	char *in, *out;
	int append;
};

struct pipeline {
	struct cmd cmd[MAXCMDS];
	int n;
};

static char progdir[256];
static int last_status;

/* Words are copied here, without their quotes, for the current line. */
static char arena[2 * LINEMAX + 2];
static int arena_used;

/* Splits off the next token: a word (quotes removed) or one of | < > >> ;
 * &. Returns its kind: 'w' word, the operator character ('a' for >>), or
 * 0 at the end of the line. */
static int token(char **ps, char **word)
{
	char *s = *ps;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	*ps = s;
	if (!*s)
		return 0;
	if (s[0] == '>' && s[1] == '>') {
		*ps = s + 2;
		return 'a';
	}
	if (strchr("|<>;&", *s)) {
		*ps = s + 1;
		return *s;
	}
	char *out = arena + arena_used;
	*word = out;
	while (*s && !strchr(" \t\r\n|<>;&", *s)) {
		if (*s == '\'' || *s == '"') {
			char q = *s++;
			while (*s && *s != q)
				*out++ = *s++;
			if (*s)
				s++;
		} else {
			*out++ = *s++;
		}
	}
	*out++ = 0;
	arena_used = (int)(out - arena);
	*ps = s;
	return 'w';
}

static int syntax(const char *what)
{
	fprintf(2, "sh: syntax error: %s\n", what);
	return -1;
}

/* Parses one pipeline; *end receives what ended it (';', '&' or 0). */
static int parse_pipeline(char **ps, struct pipeline *pl, int *end)
{
	memset(pl, 0, sizeof(*pl));
	pl->n = 1;
	struct cmd *c = &pl->cmd[0];
	char *w;
	for (;;) {
		int t = token(ps, &w);
		if (t == 'w') {
			if (c->argc == MAXWORDS)
				return syntax("too many words");
			c->argv[c->argc++] = w;
		} else if (t == '<' || t == '>' || t == 'a') {
			if (token(ps, &w) != 'w')
				return syntax("a redirection needs a file name");
			if (t == '<')
				c->in = w;
			else
				c->out = w;
			c->append = t == 'a';
		} else if (t == '|') {
			if (!c->argc)
				return syntax("empty command before |");
			if (pl->n == MAXCMDS)
				return syntax("pipeline too long");
			c = &pl->cmd[pl->n++];
		} else {
			*end = t;
			if (!c->argc && (pl->n > 1 || c->in || c->out))
				return syntax("missing command");
			return 0;
		}
	}
}

/* Runs argv[0], searching progdir and /bin; returns only on failure. */
static void run_exec(struct cmd *c)
{
	char path[512];
	char *name = c->argv[0];
	int r;
	if (strchr(name, '/')) {
		r = exec(name, c->argv);
	} else {
		snprintf(path, sizeof(path), "%s/%s", progdir, name);
		r = exec(path, c->argv);
		if (r == -ENOENT) {
			snprintf(path, sizeof(path), "/bin/%s", name);
			r = exec(path, c->argv);
		}
	}
	fprintf(2, "sh: %s: %s (%d)\n", name, r == -ENOENT ? "command not found" : strerror(r), r);
	exit(127);
}

/* Moves `fd` to `target` (no dup2: close the target, dup takes the lowest). */
static void move_fd(int fd, int target)
{
	if (fd == target)
		return;
	close(target);
	dup(fd);
	close(fd);
}

static void child(struct cmd *c, int in, int out)
{
	if (in >= 0)
		move_fd(in, 0);
	if (out >= 0)
		move_fd(out, 1);
	if (c->in) {
		int fd = open(c->in, O_RDONLY);
		if (fd < 0) {
			fprintf(2, "sh: %s: %s (%d)\n", c->in, strerror(fd), fd);
			exit(1);
		}
		move_fd(fd, 0);
	}
	if (c->out) {
		int fd = open(c->out, O_WRONLY | O_CREATE | (c->append ? O_APPEND : O_TRUNC));
		if (fd < 0) {
			fprintf(2, "sh: %s: %s (%d)\n", c->out, strerror(fd), fd);
			exit(1);
		}
		move_fd(fd, 1);
	}
	run_exec(c);
}

static int builtin(struct cmd *c)
{
	if (strcmp(c->argv[0], "cd") == 0) {
		int r = chdir(c->argc > 1 ? c->argv[1] : "/");
		if (r < 0)
			fprintf(2, "sh: cd: %s: %s (%d)\n", c->argc > 1 ? c->argv[1] : "/", strerror(r), r);
		last_status = r < 0;
		return 1;
	}
	if (strcmp(c->argv[0], "exit") == 0)
		exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
	return 0;
}

/* Forks the pipeline's commands, connected by pipes, and waits for them
 * all; the status is the last command's. */
static int run_pipeline(struct pipeline *pl)
{
	int pids[MAXCMDS], in = -1;
	for (int i = 0; i < pl->n; i++) {
		int p[2] = {-1, -1};
		if (i + 1 < pl->n && pipe(p) < 0) {
			fprintf(2, "sh: pipe failed\n");
			return 1;
		}
		pids[i] = fork();
		if (pids[i] == 0) {
			if (p[0] >= 0)
				close(p[0]);
			child(&pl->cmd[i], in, p[1]);
		}
		if (pids[i] < 0)
			fprintf(2, "sh: fork: %s (%d)\n", strerror(pids[i]), pids[i]);
		if (in >= 0)
			close(in);
		if (p[1] >= 0)
			close(p[1]);
		in = p[0];
	}
	int status = 0, left = 0;
	for (int i = 0; i < pl->n; i++)
		left += pids[i] > 0;
	while (left > 0) {
		int st, pid = wait2(&st);
		if (pid < 0)
			break;
		for (int i = 0; i < pl->n; i++) {
			if (pids[i] == pid) {
				left--;
				if (i == pl->n - 1)
					status = st;
			}
		}
	}
	return status;
}

static void run_line(char *line)
{
	char *s = line;
	arena_used = 0;
	if (strlen(line) > LINEMAX) {
		fprintf(2, "sh: line too long\n");
		last_status = 2;
		return;
	}
	for (;;) {
		struct pipeline pl;
		int end;
		if (parse_pipeline(&s, &pl, &end) < 0) {
			last_status = 2;
			return;
		}
		if (pl.cmd[0].argc == 0) {
			if (end == '&')
				syntax("nothing to run in the background");
		} else if (end == '&') {
			int pid = fork();
			if (pid == 0)
				exit(run_pipeline(&pl));
			fprintf(2, "[%d]\n", pid);
		} else if (pl.n > 1 || pl.cmd[0].in || pl.cmd[0].out || !builtin(&pl.cmd[0])) {
			last_status = run_pipeline(&pl);
		}
		if (!end)
			return;
	}
}

/* One line from fd 0, a byte at a time: what follows belongs to the
 * commands that read stdin. -1 at the end of input. */
static int read_line(char *buf, int max)
{
	int n = 0;
	char c;
	while (n < max - 1) {
		int r = read(0, &c, 1);
		if (r <= 0)
			return n ? n : -1;
		buf[n++] = c;
		if (c == '\n')
			break;
	}
	buf[n] = 0;
	return n;
}

int main(int argc, char **argv)
{
	char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;
	if (slash)
		snprintf(progdir, sizeof(progdir), "%.*s", (int)(slash - argv[0]), argv[0]);
	else
		snprintf(progdir, sizeof(progdir), ".");
	if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
		run_line(argv[2]);
		return last_status;
	}
	static char line[LINEMAX];
	for (;;) {
		fprintf(2, "$ ");
		if (read_line(line, sizeof(line)) < 0)
			break;
		run_line(line);
	}
	/* The machine ends with its first process: let background jobs finish. */
	while (wait() > 0)
		;
	return last_status;
}
