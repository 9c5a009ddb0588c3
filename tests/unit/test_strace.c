/* The strace decoders (front/strace_*.c) of the Linux i386 table, on
 * arguments and guest memory set up here — Linux programs do not run yet;
 * tests/e2e/t_strace.sh drives the ia32emu table through the binary. */
#include "../../front/strace_fmt.h"
#include "../../kernel/abi.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VA 0x08049000u /* the readdemo's text page: mapped, user */

static struct machine *machine_with_readdemo(void)
{
	const char *dir = getenv("IA32EMU_PROGRAMS");
	char path[512], err[256];
	snprintf(path, sizeof(path), "%s/readdemo", dir ? dir : "build/programs");
	struct machine_config cfg;
	machine_config_default(&cfg);
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	char *argv[] = {path, NULL};
	ck_assert_msg(machine_load(m, path, 1, argv, err, sizeof(err)) == 0, "%s", err);
	return m;
}

static void poke(struct machine *m, uint32_t va, const void *p, uint32_t n)
{
	ck_assert_uint_eq(cpu_poke(machine_cpu(m), va, p, n, true), n);
}

/* The whole line of call `num` of the Linux table. */
static const char *line(struct machine *m, unsigned num, int32_t ret, uint32_t a0, uint32_t a1,
			uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
	static char buf[1024];
	struct syscall_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.num = num;
	uint32_t a[6] = {a0, a1, a2, a3, a4, a5};
	memcpy(ev.args, a, sizeof(a));
	ev.ret = ret;
	ev.eax = (uint32_t)ret;
	ev.returns = true;
	const struct strace_call *c = strace_call_of(&strace_abi_linux, num);
	if (c && (c->flags & SF_NORETURN))
		ev.returns = false;
	struct strace_fmt_opts o = {32, false};
	struct sbuf b;
	sb_init(&b, buf, sizeof(buf));
	strace_entry_text(&b, m, &strace_abi_linux, &ev, &o);
	strace_exit_text(&b, m, &strace_abi_linux, &ev, &o);
	return buf;
}

START_TEST(linux_numbers_are_syscall_32_tbl)
{
	ck_assert_str_eq(strace_call_of(&strace_abi_linux, 3)->name, "read");
	ck_assert_str_eq(strace_call_of(&strace_abi_linux, 11)->name, "execve");
	ck_assert_str_eq(strace_call_of(&strace_abi_linux, 192)->name, "mmap2");
	ck_assert_str_eq(strace_call_of(&strace_abi_linux, 252)->name, "exit_group");
	ck_assert_str_eq(strace_call_of(&strace_abi_linux, 295)->name, "openat");
	ck_assert_str_eq(strace_call_of(&strace_abi_linux, 383)->name, "statx");
	ck_assert_str_eq(strace_call_of(&strace_abi_linux, 403)->name, "clock_gettime64");
	ck_assert_ptr_eq(strace_call_of(&strace_abi_linux, 222), NULL); /* unused */
	ck_assert_int_eq(strace_call_by_name(&strace_abi_linux, "fstat64"), 197);
}
END_TEST

/* Every call a kernel table serves has its decoder, by the same name and
 * argument count, in the strace table of the same ABI: a call added to a
 * kernel table without one fails here. */
static void tables_agree(const struct abi *abi, const struct strace_abi *sa)
{
	for (unsigned n = 0; n < abi->ncalls; n++) {
		const struct syscall_def *d = &abi->table[n];
		if (!d->name || !d->fn)
			continue;
		const struct strace_call *c = strace_call_of(sa, n);
		ck_assert_msg(c != NULL && c->name, "%s call %u (%s): no strace decoder", abi->name,
			      n, d->name);
		ck_assert_msg(strcmp(c->name, d->name) == 0, "%s call %u: kernel %s, strace %s",
			      abi->name, n, d->name, c->name);
		ck_assert_msg(c->nargs == d->nargs, "%s %s: kernel %u arguments, strace %u",
			      abi->name, d->name, d->nargs, (unsigned)c->nargs);
	}
}

START_TEST(every_served_call_has_a_decoder)
{
	tables_agree(&abi_linux, &strace_abi_linux);
	tables_agree(&abi_ia32emu, &strace_abi_ia32emu);
	tables_agree(&abi_xv6, &strace_abi_xv6);
}
END_TEST

START_TEST(linux_calls_decoded)
{
	struct machine *m = machine_with_readdemo();
	poke(m, VA, "/etc/x", 7);
	ck_assert_str_eq(
	    line(m, 295, 3, (uint32_t)-100, VA, 01 | 0100 | 01000 | 02000000, 0644, 0, 0),
	    "openat(AT_FDCWD, \"/etc/x\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644) = 3");
	ck_assert_str_eq(line(m, 5, -2, VA, 0, 0, 0, 0, 0),
			 "open(\"/etc/x\", O_RDONLY) = -2 ENOENT (No such file or directory)");
	/* strace shows open's mode only when the flags create a file. */
	ck_assert_str_eq(line(m, 5, 3, VA, 0100, 0, 0, 0, 0),
			 "open(\"/etc/x\", O_RDONLY|O_CREAT, 000) = 3");
	ck_assert_str_eq(line(m, 295, 3, (uint32_t)-100, VA, 020000002, 0600, 0, 0),
			 "openat(AT_FDCWD, \"/etc/x\", O_RDWR|0x400000, 0600) = 3");
	poke(m, VA, "hi\n", 3);
	ck_assert_str_eq(line(m, 4, 3, 1, VA, 3, 0, 0, 0), "write(1, \"hi\\n\", 3) = 3");
	ck_assert_str_eq(line(m, 3, -9, 3, VA, 10, 0, 0, 0),
			 "read(3, 0x8049000, 10) = -9 EBADF (Bad file descriptor)");
	ck_assert_str_eq(line(m, 3, 2, 0, VA, 10, 0, 0, 0), "read(0, \"hi\", 10) = 2");
	uint8_t st[96] = {0};
	uint32_t mode = 0100644;
	int64_t size = 1220;
	memcpy(st + 16, &mode, 4);
	memcpy(st + 44, &size, 8);
	poke(m, VA, st, sizeof(st));
	ck_assert_str_eq(line(m, 197, 0, 3, VA, 0, 0, 0, 0),
			 "fstat64(3, {st_mode=S_IFREG|0644, st_size=1220, ...}) = 0");
	int32_t status = 7 << 8;
	poke(m, VA, &status, 4);
	ck_assert_str_eq(line(m, 114, 5, (uint32_t)-1, VA, 0, 0, 0, 0),
			 "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 7}], 0, NULL) = 5");
	status = 11;
	poke(m, VA, &status, 4);
	ck_assert_str_eq(line(m, 114, 5, (uint32_t)-1, VA, 0, 0, 0, 0),
			 "wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV}], 0, NULL) = 5");
	ck_assert_str_eq(
	    line(m, 192, (int32_t)0xb7f00000, 0, 8192, 3, 0x22, (uint32_t)-1, 0),
	    "mmap2(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
	    "0xb7f00000");
	ck_assert_str_eq(line(m, 37, 0, 5, 15, 0, 0, 0, 0), "kill(5, SIGTERM) = 0");
	int32_t ts[2] = {1, 5};
	poke(m, VA, ts, 8);
	ck_assert_str_eq(line(m, 265, 0, 1, VA, 0, 0, 0, 0),
			 "clock_gettime(CLOCK_MONOTONIC, {tv_sec=1, tv_nsec=5}) = 0");
	uint32_t iov[2] = {VA + 16, 2};
	poke(m, VA, iov, 8);
	poke(m, VA + 16, "ok", 2);
	ck_assert_str_eq(line(m, 146, 2, 1, VA, 1, 0, 0, 0),
			 "writev(1, [{iov_base=\"ok\", iov_len=2}], 1) = 2");
	/* fcntl as strace's fcntl.c shows it: the third argument by the
	 * command (none for the commands that read none), F_GETFD's and
	 * F_GETFL's results with their flags; umask's in octal. */
	ck_assert_str_eq(line(m, 221, 0, 3, 2, 1, 0, 0, 0), "fcntl64(3, F_SETFD, FD_CLOEXEC) = 0");
	ck_assert_str_eq(line(m, 221, 0, 3, 2, 0, 0, 0, 0), "fcntl64(3, F_SETFD, 0) = 0");
	ck_assert_str_eq(line(m, 221, 1, 3, 1, 0x8049000, 0, 0, 0),
			 "fcntl64(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)");
	ck_assert_str_eq(line(m, 221, 0, 3, 1, 0, 0, 0, 0), "fcntl64(3, F_GETFD) = 0");
	ck_assert_str_eq(line(m, 55, 02002, 3, 3, 0, 0, 0, 0),
			 "fcntl(3, F_GETFL) = 0x402 (flags O_RDWR|O_APPEND)");
	ck_assert_str_eq(line(m, 221, 0, 3, 4, 04000, 0, 0, 0),
			 "fcntl64(3, F_SETFL, O_RDONLY|O_NONBLOCK) = 0");
	ck_assert_str_eq(line(m, 221, 12, 3, 1030, 10, 0, 0, 0),
			 "fcntl64(3, F_DUPFD_CLOEXEC, 10) = 12");
	ck_assert_str_eq(line(m, 221, -22, 3, 999, 5, 0, 0, 0),
			 "fcntl64(3, 0x3e7 /* F_??? */, 0x5) = -22 EINVAL (Invalid argument)");
	ck_assert_str_eq(line(m, 60, 022, 077, 0, 0, 0, 0, 0), "umask(077) = 022");
	ck_assert_str_eq(line(m, 60, 0, 0, 0, 0, 0, 0, 0), "umask(000) = 000");
	ck_assert_str_eq(line(m, 252, 0, 0, 0, 0, 0, 0, 0), "exit_group(0) = ?");
	ck_assert_str_eq(line(m, 999, -38, 1, 2, 3, 4, 5, 6),
			 "syscall_999() = -38 ENOSYS (Function not implemented)");
	/* A kernel address is never followed, only shown. */
	ck_assert_str_eq(line(m, 10, -14, 0xc0000000u, 0, 0, 0, 0, 0),
			 "unlink(0xc0000000) = -14 EFAULT (Bad address)");
	machine_destroy(m);
}
END_TEST

START_TEST(xv6_errors_are_minus_one_with_the_reason)
{
	struct syscall_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.num = 7; /* close */
	ev.args[0] = 9;
	ev.ret = -9;	       /* the kernel's -EBADF */
	ev.eax = (uint32_t)-1; /* what an xv6 program sees */
	ev.returns = true;
	char buf[128];
	struct sbuf b;
	struct strace_fmt_opts o = {32, false};
	sb_init(&b, buf, sizeof(buf));
	strace_entry_text(&b, NULL, &strace_abi_xv6, &ev, &o);
	strace_exit_text(&b, NULL, &strace_abi_xv6, &ev, &o);
	ck_assert_str_eq(buf, "close(9) = -1 EBADF (Bad file descriptor)");
}
END_TEST

START_TEST(quoting_as_strace)
{
	char buf[128];
	struct sbuf b;
	sb_init(&b, buf, sizeof(buf));
	sb_quote(&b,
		 (const uint8_t *)"a\0"
				  "1\001x\n\"\\\377",
		 9);
	ck_assert_str_eq(buf, "\"a\\0001\\1x\\n\\\"\\\\\\377\"");
	sb_init(&b, buf, 8); /* bounded: never past its end */
	sb_puts(&b, "0123456789");
	ck_assert_str_eq(buf, "0123456");
}
END_TEST

Suite *strace_suite(void)
{
	Suite *s = suite_create("strace");
	TCase *tc = tcase_create("decoders");
	tcase_add_test(tc, linux_numbers_are_syscall_32_tbl);
	tcase_add_test(tc, linux_calls_decoded);
	tcase_add_test(tc, every_served_call_has_a_decoder);
	tcase_add_test(tc, xv6_errors_are_minus_one_with_the_reason);
	tcase_add_test(tc, quoting_as_strace);
	suite_add_tcase(s, tc);
	return s;
}
