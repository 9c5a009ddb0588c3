/* Identity and limits: getuid/setuid and the set*id families (to the
 * process's own ids, which an unprivileged process may set), getresuid,
 * umask applied to open and mkdir, sysinfo, getrlimit/setrlimit/prlimit,
 * uname, waitid (exit, WNOHANG, WNOWAIT, ECHILD); EINVAL and EFAULT. */
#define _GNU_SOURCE
#include "common.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void ids(void)
{
	uid_t u = getuid();
	gid_t g = getgid();
	printf("euid == uid: %d, egid == gid: %d\n", geteuid() == u, getegid() == g);
	T(setuid(u));
	T(setgid(g));
	T(seteuid(u));
	T(setegid(g));
	T(setreuid((uid_t)-1, (uid_t)-1));
	T(setregid((gid_t)-1, (gid_t)-1));
	T(setresuid((uid_t)-1, u, (uid_t)-1));
	T(setresgid((gid_t)-1, g, (gid_t)-1));
	uid_t r, e, s;
	T(getresuid(&r, &e, &s));
	printf("getresuid all uid: %d\n", r == u && e == u && s == u);
	gid_t gr, ge, gs;
	T(getresgid(&gr, &ge, &gs));
	printf("getresgid all gid: %d\n", gr == g && ge == g && gs == g);
	T(syscall(SYS_getresuid32, (void *)1, &e, &s));
	printf("getgroups >= 0: %d\n", getgroups(0, NULL) >= 0);
	T(setuid((uid_t)-1));
	volatile int neg = -1;
	T(syscall(SYS_getgroups32, neg, NULL));
}

static void masks(void)
{
	umask(022);
	T(umask(077));
	T(umask(077));
	int fd = T(open("m", O_CREAT | O_WRONLY, 0666));
	close(fd);
	struct stat st;
	stat("m", &st);
	printf("file mode %o\n", (unsigned)(st.st_mode & 0777));
	unlink("m");
	T(mkdir("md", 0777));
	stat("md", &st);
	printf("dir mode %o\n", (unsigned)(st.st_mode & 0777));
	rmdir("md");
	T(umask(022));
	T(creat("m2", 0666));
	stat("m2", &st);
	printf("creat mode %o\n", (unsigned)(st.st_mode & 0777));
	unlink("m2");
}

static void limits(void)
{
	struct sysinfo si;
	T(sysinfo(&si));
	printf("sysinfo: ram %d, free <= total %d, procs %d\n", si.totalram > 0,
	       si.freeram <= si.totalram, si.procs >= 1);
	T(syscall(SYS_sysinfo, (void *)1));
	struct rlimit rl, r2;
	T(getrlimit(RLIMIT_NOFILE, &rl));
	printf("nofile cur <= max: %d, > 3: %d\n", rl.rlim_cur <= rl.rlim_max, rl.rlim_cur > 3);
	T(prlimit(0, RLIMIT_NOFILE, NULL, &r2));
	printf("prlimit same: %d\n", r2.rlim_cur == rl.rlim_cur && r2.rlim_max == rl.rlim_max);
	T(setrlimit(RLIMIT_NOFILE, &rl));
	struct rlimit bad = {rl.rlim_max, rl.rlim_max > 1 ? rl.rlim_max - 1 : 0};
	if (bad.rlim_cur <= bad.rlim_max)
		bad.rlim_cur = bad.rlim_max + 1;
	T(setrlimit(RLIMIT_NOFILE, &bad));
	T(getrlimit(RLIMIT_STACK, &rl));
	printf("stack > 64 KiB: %d\n", rl.rlim_cur > 65536);
	T(getrlimit(99, &rl));
	T(syscall(SYS_ugetrlimit, RLIMIT_NOFILE, (void *)1));
	T(syscall(SYS_prlimit64, 0, 99, NULL, &r2));
	struct utsname un;
	T(uname(&un));
	printf("sysname %s\n", un.sysname);
}

static void waits(void)
{
	siginfo_t si;
	T(waitid(P_ALL, 0, &si, WEXITED));
	pid_t pid = fork();
	if (pid == 0)
		_exit(3);
	memset(&si, 0, sizeof(si));
	T(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT));
	printf("waitid nowait: signo %d code %d status %d pid ok %d\n", si.si_signo, si.si_code,
	       si.si_status, si.si_pid == pid);
	memset(&si, 0, sizeof(si));
	T(waitid(P_PID, (id_t)pid, &si, WEXITED));
	printf("waitid: signo %d code %d status %d pid ok %d\n", si.si_signo, si.si_code,
	       si.si_status, si.si_pid == pid);
	T(waitid(P_PID, (id_t)pid, &si, WEXITED));
	pid = fork();
	if (pid == 0) {
		struct timespec ts = {0, 50000000};
		nanosleep(&ts, NULL);
		_exit(4);
	}
	memset(&si, 0xff, sizeof(si));
	T(waitid(P_ALL, 0, &si, WEXITED | WNOHANG));
	printf("wnohang pid %d\n", si.si_pid);
	T(waitid(P_ALL, 0, &si, 0));
	T(waitid(P_ALL, 0, &si, WEXITED));
	printf("waitid: code %d status %d pid ok %d\n", si.si_code, si.si_status, si.si_pid == pid);
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGKILL);
	T(waitid(P_PID, (id_t)pid, &si, WEXITED));
	printf("killed: code %d status %d\n", si.si_code, si.si_status);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	ids();
	masks();
	limits();
	waits();
	return 0;
}
