/* The decoder table of the xv6 ABI (kernel/abi_xv6.c): classic x86 xv6's
 * calls 1-21 with their arguments as its usys.S passes them, exit()
 * without an argument, open's mode bits by xv6's fcntl.h names (O_CREATE,
 * no O_TRUNC or O_APPEND: other bits shown in hex), read() of a directory
 * as its 16-byte records, and every error -1, its reason (the kernel's
 * errno) after it. */
#include "../kernel/abi.h"
#include "../kernel/machine.h"
#include "../kernel/syscall.h"
#include "strace_abi.h"
#include "strace_kinds.h"

#include <stddef.h>

#define P SC_PROCESS
#define F SC_FILE
#define D SC_DESC
#define M SC_MEMORY
#define CALL(num, nm, n, k0, k1, k2, len, cls, fl)                                                 \
	[num] = {nm, n, {k0, k1, k2, 0, 0, 0}, len, cls, fl}

static const struct strace_call calls[] = {
    CALL(SYS_fork, "fork", 0, 0, 0, 0, 0, P, 0),
    CALL(SYS_exit, "exit", 0, 0, 0, 0, 0, P, SF_NORETURN),
    CALL(SYS_wait, "wait", 0, 0, 0, 0, 0, P, 0),
    CALL(SYS_pipe, "pipe", 1, SK_PIPEFD, 0, 0, 0, D, 0),
    CALL(SYS_write, "write", 3, SK_FD, SK_BUF_IN, SK_INT, 2, D, 0),
    CALL(SYS_read, "read", 3, SK_FD, SK_XV6READ, SK_INT, 0, D, 0),
    CALL(SYS_close, "close", 1, SK_FD, 0, 0, 0, D, 0),
    CALL(SYS_kill, "kill", 1, SK_INT, 0, 0, 0, P | SC_SIGNAL, 0),
    CALL(SYS_exec, "exec", 2, SK_PATH, SK_ARGV, 0, 0, F | P, SF_IMAGE),
    CALL(SYS_open, "open", 2, SK_PATH, SK_OFLAGS, 0, 0, F | D, 0),
    CALL(SYS_mknod, "mknod", 3, SK_PATH, SK_INT, SK_INT, 0, F, 0),
    CALL(SYS_unlink, "unlink", 1, SK_PATH, 0, 0, 0, F, 0),
    CALL(SYS_fstat, "fstat", 2, SK_FD, SK_XV6STAT, 0, 0, D, 0),
    CALL(SYS_link, "link", 2, SK_PATH, SK_PATH, 0, 0, F, 0),
    CALL(SYS_mkdir, "mkdir", 1, SK_PATH, 0, 0, 0, F, 0),
    CALL(SYS_chdir, "chdir", 1, SK_PATH, 0, 0, 0, F, 0),
    CALL(SYS_dup, "dup", 1, SK_FD, 0, 0, 0, D, 0),
    CALL(SYS_getpid, "getpid", 0, 0, 0, 0, 0, P, 0),
    CALL(SYS_sbrk, "sbrk", 1, SK_INT, 0, 0, 0, M, SF_RET_HEX),
    CALL(SYS_sleep, "sleep", 1, SK_INT, 0, 0, 0, 0, 0),
    CALL(SYS_uptime, "uptime", 0, 0, 0, 0, 0, 0, 0),
};

static const char *const accmode[4] = {"O_RDONLY", "O_WRONLY", "O_RDWR", NULL};
static const struct strace_flag oflags[] = {{XV6_O_CREATE, "O_CREATE"}, {0, NULL}};

const struct strace_abi strace_abi_xv6 = {
    "xv6", calls, sizeof(calls) / sizeof(calls[0]), SE_MINUS_ONE, T_SYSCALL, accmode, oflags,
};

#define RECORDS_SHOWN 32u /* records before "..." */

/* read(fd, buf, n) = r: a directory's records as [{inum=1, name="."}, ...]
 * (xv6's struct dirent: ushort inum, char name[14], no NUL at 14); any
 * other buffer, or a read that stopped inside a record, as bytes. */
void strace_xv6_read(struct sbuf *b, struct machine *m, const struct syscall_event *ev,
		     const struct strace_fmt_opts *o)
{
	int32_t r = ev->ret;
	if (r <= 0 || r % 16 || !abi_xv6_fd_is_dir(machine_kernel(m), ev->args[0])) {
		static const struct strace_call bytes = {"read", 3, {SK_FD, SK_BUF_OUT}, 0, 0, 0};
		strace_arg(b, m, &strace_abi_xv6, &bytes, ev, 1, o, true);
		return;
	}
	sb_puts(b, "[");
	uint32_t n = (uint32_t)r / 16;
	for (uint32_t i = 0; i < n && i < RECORDS_SHOWN; i++) {
		uint8_t de[16];
		if (strace_peek(m, ev->args[1] + 16 * i, de, 16) < 16) {
			sb_puts(b, i ? ", ..." : "...");
			break;
		}
		size_t len = 0;
		while (len < 14 && de[2 + len])
			len++;
		sb_printf(b, "%s{inum=%u, name=", i ? ", " : "", (unsigned)(de[0] | de[1] << 8));
		sb_quote(b, de + 2, len);
		sb_puts(b, "}");
	}
	if (n > RECORDS_SHOWN)
		sb_puts(b, ", ...");
	sb_puts(b, "]");
}
