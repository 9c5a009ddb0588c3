/*
 * measure RESULT PROG [ARGS...]: runs PROG with the inherited stdin, stdout
 * and stderr, waits for it, and writes "WALL_NS MAXRSS_KIB STATUS CPU_NS"
 * (CPU_NS: user + system time) to the file RESULT. A small launcher because Linux carries ru_maxrss across
 * execve: a child forked from the Python harness would report Python's RSS
 * (~15 MiB); forked from this one it reports at least this program's own
 * few hundred KiB, then the benchmark's peak.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: measure RESULT PROG [ARGS...]\n");
		return 2;
	}
	FILE *res = fopen(argv[1], "w");
	if (!res) {
		perror(argv[1]);
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		execv(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long long ns =
	    (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	long long cpu = (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
			(long long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
	fprintf(res, "%lld %ld %d %lld\n", ns, ru.ru_maxrss, code, cpu);
	return fclose(res) == 0 ? 0 : 2;
}
