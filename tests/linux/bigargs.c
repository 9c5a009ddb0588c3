/* execve's argument limits as Linux's: a huge argv or envp is E2BIG, a
 * missing file ENOENT before that, a bad pointer in argv EFAULT; many
 * small arguments and a large one within the limit reach the new
 * program intact. */
#include "common.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void run(char *self, char **args, char **env, const char *what)
{
	pid_t pid = fork();
	if (pid == 0) {
		execve(self, args, env);
		printf("%s: execve errno %d\n", what, errno);
		_exit(9);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("%s: status %d\n", what, WEXITSTATUS(st));
}

int main(int argc, char **argv, char **envp)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		size_t total = 0;
		unsigned sum = 0;
		for (int i = 0; i < argc; i++) {
			total += strlen(argv[i]);
			for (const char *p = argv[i]; *p; p++)
				sum = sum * 31 + (unsigned char)*p;
		}
		int envc = 0;
		while (envp[envc])
			envc++;
		printf("child: argc %d bytes %zu sum %u envc %d\n", argc, total, sum, envc);
		return 0;
	}
	char *self = argv[0];
	/* 3000 small arguments: fine for Linux (and for us) */
	char **many = calloc(3002, sizeof(char *));
	many[0] = self;
	many[1] = "child";
	for (int i = 2; i < 3001; i++)
		many[i] = "abc";
	run(self, many, (char *[]){NULL}, "many");
	/* one 100000-byte argument: under MAX_ARG_STRLEN and the total */
	char *one = malloc(100001);
	memset(one, 'q', 100000);
	one[100000] = 0;
	run(self, (char *[]){self, "child", one, NULL}, (char *[]){"A=1", NULL}, "one large");
	/* one 200000-byte argument: past MAX_ARG_STRLEN (32 pages) */
	char *huge = malloc(200001);
	memset(huge, 'h', 200000);
	huge[200000] = 0;
	run(self, (char *[]){self, "child", huge, NULL}, (char *[]){NULL}, "one huge");
	/* 8 MB of environment in 80 strings: past any stack's quarter */
	char **env = calloc(81, sizeof(char *));
	for (int i = 0; i < 80; i++)
		env[i] = one;
	run(self, (char *[]){self, "child", NULL}, env, "huge envp");
	/* the file is looked up first */
	run("nonexist", (char *[]){self, huge, NULL}, env, "missing file");
	/* a bad pointer among the arguments */
	run(self, (char *[]){self, "child", (char *)1, NULL}, (char *[]){NULL}, "bad pointer");
	run(self, (char **)1, (char *[]){NULL}, "bad argv");
	return 0;
}
