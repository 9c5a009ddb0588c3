/*
 * ptydrive: runs a command on a fresh pseudo-terminal and types a script
 * into it, as a person at a terminal would, so readline's completion and
 * history can be tested. Usage: ptydrive SCRIPT CMD [ARGS...]
 *
 * Each script line is typed once the program has printed its prompt and
 * gone quiet (the output ends with PROMPT); a line starting with '@' is
 * typed once the output has gone quiet with the terminal in cooked mode
 * (input for the guest, or a Ctrl-C). Escapes: \t \r \e \\ \xHH; a line ends with Enter (\r) unless
 * it ends with \c. Everything the program prints is copied to stdout.
 * Exit status: the program's, or 124 after the overall timeout.
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define PROMPT	   "(ia32emu) "
#define QUIET_MS   150
#define TIMEOUT_MS 20000
#define TAIL	   64

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Decodes the escapes of one script line into out; returns its length. */
static size_t unescape(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	int enter = 1;
	while (*s && n + 2 < cap) {
		if (s[0] == '\\' && s[1]) {
			char e = s[1];
			s += 2;
			if (e == 't')
				out[n++] = '\t';
			else if (e == 'r')
				out[n++] = '\r';
			else if (e == 'e')
				out[n++] = 0x1b;
			else if (e == 'c' && !*s)
				enter = 0;
			else if (e == 'x' && s[0] && s[1]) {
				char hex[3] = {s[0], s[1], 0};
				out[n++] = (char)strtol(hex, NULL, 16);
				s += 2;
			} else
				out[n++] = e;
		} else {
			out[n++] = *s++;
		}
	}
	if (enter)
		out[n++] = '\r';
	return n;
}

struct drive {
	int fd;
	char tail[TAIL + 1]; /* the last bytes printed */
	size_t tail_len;
	long deadline;
	int eof;
};

/* Reads output for up to `ms`; returns 1 if something came. */
static int pump(struct drive *d, int ms)
{
	struct pollfd p = {d->fd, POLLIN, 0};
	if (poll(&p, 1, ms) <= 0)
		return 0;
	char buf[4096];
	ssize_t n = read(d->fd, buf, sizeof(buf));
	if (n <= 0) {
		d->eof = 1; /* EIO: the program closed the terminal */
		return 0;
	}
	fwrite(buf, 1, (size_t)n, stdout);
	for (ssize_t k = 0; k < n; k++) {
		if (d->tail_len == TAIL) {
			memmove(d->tail, d->tail + 1, TAIL - 1);
			d->tail_len--;
		}
		d->tail[d->tail_len++] = buf[k];
	}
	d->tail[d->tail_len] = 0;
	return 1;
}

/* Waits until the output has been quiet for QUIET_MS (and, when
 * want_prompt, ends with the prompt). 0, or -1 at EOF or timeout. */
static int settle(struct drive *d, int want_prompt)
{
	for (;;) {
		if (d->eof || now_ms() > d->deadline)
			return -1;
		if (pump(d, QUIET_MS))
			continue;
		size_t pl = strlen(PROMPT);
		if (!want_prompt) {
			/* Input for the guest (or a Ctrl-C) must meet the terminal in
			 * cooked mode, after readline has given it back: on Linux the
			 * master reports the slave's termios. */
			struct termios tio;
			if (tcgetattr(d->fd, &tio) == 0 &&
			    (tio.c_lflag & (ICANON | ISIG)) == (ICANON | ISIG))
				return 0;
			continue;
		}
		if ((d->tail_len >= pl && memcmp(d->tail + d->tail_len - pl, PROMPT, pl) == 0))
			return 0;
	}
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: ptydrive SCRIPT CMD [ARGS...]\n");
		return 2;
	}
	FILE *script = fopen(argv[1], "r");
	if (!script) {
		perror(argv[1]);
		return 2;
	}
	struct winsize ws = {24, 80, 0, 0};
	struct drive d = {0};
	pid_t pid = forkpty(&d.fd, NULL, NULL, &ws);
	if (pid < 0) {
		perror("forkpty");
		return 2;
	}
	if (pid == 0) {
		setenv("TERM", "dumb", 1);
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	d.deadline = now_ms() + TIMEOUT_MS;
	char line[1024], out[1024];
	int status = 0;
	while (fgets(line, sizeof(line), script)) {
		line[strcspn(line, "\n")] = 0;
		int raw = line[0] == '@';
		if (settle(&d, !raw) < 0)
			break;
		size_t n = unescape(line + raw, out, sizeof(out));
		if (write(d.fd, out, n) != (ssize_t)n)
			break;
	}
	fclose(script);
	while (!d.eof && now_ms() < d.deadline)
		pump(&d, 100);
	fflush(stdout);
	if (!d.eof) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		fprintf(stderr, "ptydrive: timeout\n");
		return 124;
	}
	if (waitpid(pid, &status, 0) < 0)
		return 2;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
