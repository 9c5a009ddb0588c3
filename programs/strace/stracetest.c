/*
 * The strace tests' program (tests/e2e/t_strace.sh): every call of the
 * ia32emu ABI with its success and error paths, long strings and binary
 * data ("files"); blocking calls across processes, a child killed by a
 * fault and one killed by kill ("procs"); an exec whose argv[0] holds a
 * newline and invalid UTF-8 ("evil PATH [ARG]"); a #PF ("fault").
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char long_text[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				"0123456789abcdefghijklmnopqrstuvwxyz";
static const char binary[] = {0, 1, 2, '7', (char)0xff, '\n', '\t', '"', '\\', (char)0x80, 033};

static void files(void)
{
	char buf[256];
	struct stat st;
	struct dirent d;
	int fds[2];
	open("/no/such/file", O_RDONLY);
	int fd = open("st.tmp", O_WRONLY | O_CREATE | O_TRUNC);
	write(fd, long_text, sizeof(long_text) - 1);
	write(fd, binary, sizeof(binary));
	close(fd);
	fd = open("st.tmp", O_RDWR | O_APPEND);
	fstat(fd, &st);
	close(fd);
	fd = open("st.tmp", O_RDONLY);
	read(fd, buf, 10);
	read(fd, buf, sizeof(buf));
	read(fd, buf, sizeof(buf));
	close(fd);
	close(99);
	write(1, (const void *)0xc0000000, 5);
	read(0, (void *)0, 10);
	open((const char *)0xc0001000, O_RDONLY);
	fstat(1, (struct stat *)0xc0000000);
	mkdir("st.dir");
	mkdir("st.dir");
	chdir("st.dir");
	chdir("..");
	link("st.tmp", "st.lnk");
	unlink("st.lnk");
	unlink("st.tmp");
	unlink("st.tmp");
	fd = open("st.dir", O_RDONLY);
	readdir(fd, &d);
	close(fd);
	unlink("st.dir");
	mknod("st.node", 1, 2);
	pipe(fds);
	dup(1);
	getpid();
	sbrk(0);
	sbrk(4096);
	uptime();
	sleep(1);
	kill(99);
	char *argv[] = {"no", "such", "program", 0};
	exec("/no/such/program", argv);
	wait();
	wait2(0);
}

static void procs(void)
{
	int fds[2], status;
	char buf[16];
	pipe(fds);
	int pid = fork();
	if (pid == 0) {
		sleep(2);
		write(fds[1], "ping", 4);
		exit(7);
	}
	read(fds[0], buf, sizeof(buf)); /* blocks until the child writes */
	wait2(&status);
	if (fork() == 0) {
		*(volatile int *)0 = 1; /* #PF, error 6: user write, not present */
		exit(0);
	}
	wait2(&status);
	pid = fork();
	if (pid == 0) {
		sleep(1000);
		exit(0);
	}
	kill(pid);
	wait2(&status);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "files") == 0)
		files();
	else if (argc > 1 && strcmp(argv[1], "procs") == 0)
		procs();
	else if (argc > 1 && strcmp(argv[1], "fault") == 0)
		*(volatile int *)0 = 1;
	else if (argc > 2 && strcmp(argv[1], "evil") == 0) {
		char *av[] = {"ev\nil\377\376 name", argc > 3 ? argv[3] : "hi", 0};
		if (fork() == 0)
			exec(argv[2], av);
		wait();
	}
	exit(3);
}
