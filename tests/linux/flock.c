/* flock between processes: an exclusive lock refuses another open file's
 * LOCK_NB (EWOULDBLOCK) and makes its blocking request wait until the
 * holder unlocks; a lock belongs to the open file (a dup shares it); bad
 * descriptors and operations. The parent prints before it unlocks and the
 * child after it got the lock, so the order is fixed. */
#include "common.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	int fd = open("lockfile", O_CREAT | O_RDWR, 0644);
	T(flock(fd, LOCK_EX));
	pid_t c = fork();
	if (c == 0) {
		int mine = open("lockfile", O_RDWR);
		T(flock(mine, LOCK_EX | LOCK_NB));
		T(flock(mine, LOCK_SH)); /* waits for the parent */
		printf("child: got the shared lock\n");
		return 0;
	}
	struct timespec ts = {0, 100000000};
	nanosleep(&ts, NULL);
	int d = dup(fd);
	printf("parent: unlocking through a dup\n");
	int un = flock(d, LOCK_UN);
	int st;
	waitpid(c, &st, 0);
	printf("the unlock through the dup: %d\n", un);
	printf("child status %d\n", WEXITSTATUS(st));
	T(flock(fd, LOCK_SH | LOCK_NB));
	T(flock(99, LOCK_EX));
	T(flock(fd, 77));
	return 0;
}
