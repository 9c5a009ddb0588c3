/* Internal declarations of the Linux personality (abi_linux*.c). */
#ifndef KERNEL_ABI_LINUX_H
#define KERNEL_ABI_LINUX_H

#include "abi.h"
#include "sysdefs.h"

/* What the program is told about itself (docs/linux.md). */
#define LINUX_HZ  100 /* AT_CLKTCK, times() */
#define LINUX_UID 1000
#define LINUX_GID 1000
/* One virtual tick (TICK_INSNS instructions) is 10 ms of guest time. */
#define NS_PER_INSN (10000000ull / TICK_INSNS)
#define NS_PER_TICK 10000000ull

/* abi_linux_start.c */
uint32_t linux_build_stack(struct kernel *k, uint32_t pgdir, const struct exec_args *a,
			   const struct exec_image_info *ii);
/* AT_HWCAP: CPUID leaf 1's EDX, as Linux reports it. */
uint32_t linux_hwcap(struct kernel *k);

int32_t linux_dup2(struct kernel *k, const uint32_t *a);
int32_t linux_dup3(struct kernel *k, const uint32_t *a);
int32_t linux_pipe2(struct kernel *k, const uint32_t *a);
int32_t linux_getrlimit(struct kernel *k, const uint32_t *a);
int32_t linux_getrandom(struct kernel *k, const uint32_t *a);
int32_t linux_fstatat64(struct kernel *k, const uint32_t *a);
int32_t linux_read(struct kernel *k, const uint32_t *a);
int32_t linux_write(struct kernel *k, const uint32_t *a);
/* abi_linux_proc.c */
int32_t linux_fork(struct kernel *k, const uint32_t *a);
int32_t linux_clone(struct kernel *k, const uint32_t *a);
int32_t linux_clone3(struct kernel *k, const uint32_t *a);
/* abi_linux_pgrp.c: the process with `pid` (0: the caller), zombies
 * included; NULL when there is none. */
struct proc *linux_proc_of(struct kernel *k, int32_t pid);
/* abi_linux_fsinfo.c */
int32_t linux_statfs64(struct kernel *k, const uint32_t *a);
int32_t linux_fstatfs64(struct kernel *k, const uint32_t *a);
int32_t linux_fadvise64(struct kernel *k, const uint32_t *a);
int32_t linux_fadvise64_64(struct kernel *k, const uint32_t *a);
int32_t linux_getxattr(struct kernel *k, const uint32_t *a);
int32_t linux_lgetxattr(struct kernel *k, const uint32_t *a);
int32_t linux_fxattr(struct kernel *k, const uint32_t *a);
int32_t linux_sched_getaffinity(struct kernel *k, const uint32_t *a);
int32_t linux_mincore(struct kernel *k, const uint32_t *a);
int32_t linux_wait4(struct kernel *k, const uint32_t *a);
int32_t linux_waitpid(struct kernel *k, const uint32_t *a);
int32_t linux_execve(struct kernel *k, const uint32_t *a);
/* abi_linux_signal.c */
int32_t linux_kill(struct kernel *k, const uint32_t *a);
int32_t linux_tkill(struct kernel *k, const uint32_t *a);
int32_t linux_tgkill(struct kernel *k, const uint32_t *a);
int32_t linux_rt_sigaction(struct kernel *k, const uint32_t *a);
int32_t linux_sigaction(struct kernel *k, const uint32_t *a);
int32_t linux_rt_sigprocmask(struct kernel *k, const uint32_t *a);
int32_t linux_sigprocmask(struct kernel *k, const uint32_t *a);
int32_t linux_sigaltstack(struct kernel *k, const uint32_t *a);
int32_t linux_sigreturn(struct kernel *k, const uint32_t *a);
int32_t linux_rt_sigreturn(struct kernel *k, const uint32_t *a);
int32_t linux_rt_sigpending(struct kernel *k, const uint32_t *a);
int32_t linux_sigpending(struct kernel *k, const uint32_t *a);
int32_t linux_rt_sigsuspend(struct kernel *k, const uint32_t *a);
int32_t linux_sigsuspend(struct kernel *k, const uint32_t *a);
int32_t linux_pause(struct kernel *k, const uint32_t *a);
int32_t linux_rt_sigqueueinfo(struct kernel *k, const uint32_t *a);
int32_t linux_rt_tgsigqueueinfo(struct kernel *k, const uint32_t *a);
int32_t linux_rt_sigtimedwait(struct kernel *k, const uint32_t *a);
int32_t linux_rt_sigtimedwait_time64(struct kernel *k, const uint32_t *a);
int32_t linux_alarm(struct kernel *k, const uint32_t *a);
int32_t linux_setitimer(struct kernel *k, const uint32_t *a);
int32_t linux_getitimer(struct kernel *k, const uint32_t *a);

/* Mappings go downwards from here; the heap may not grow into them. */
#define LINUX_MMAP_TOP (USER_STACK_LOW - 16u * 4096u)
#define HEAP_GAP       (1u << 20)

int32_t linux_set_thread_area(struct kernel *k, const uint32_t *a);
int32_t linux_brk(struct kernel *k, const uint32_t *a);
int32_t linux_mmap2(struct kernel *k, const uint32_t *a);
int32_t linux_old_mmap(struct kernel *k, const uint32_t *a);
int32_t linux_munmap(struct kernel *k, const uint32_t *a);
int32_t linux_mprotect(struct kernel *k, const uint32_t *a);
int32_t linux_madvise(struct kernel *k, const uint32_t *a);
int32_t linux_mremap(struct kernel *k, const uint32_t *a);
/* abi_linux_files.c */
int32_t linux_open(struct kernel *k, const uint32_t *a);
int32_t linux_openat(struct kernel *k, const uint32_t *a);
int32_t linux_writev(struct kernel *k, const uint32_t *a);
int32_t linux_readv(struct kernel *k, const uint32_t *a);
int32_t linux_fstat64(struct kernel *k, const uint32_t *a);
int32_t linux_ioctl(struct kernel *k, const uint32_t *a);
int32_t linux_llseek(struct kernel *k, const uint32_t *a);
int32_t linux_lseek(struct kernel *k, const uint32_t *a);
/* abi_linux_misc.c */
int32_t linux_uname(struct kernel *k, const uint32_t *a);
int32_t linux_zero(struct kernel *k, const uint32_t *a);
int32_t linux_nosys(struct kernel *k, const uint32_t *a);
int32_t linux_getuid(struct kernel *k, const uint32_t *a);
int32_t linux_set_tid_address(struct kernel *k, const uint32_t *a);
int32_t linux_clock_gettime(struct kernel *k, const uint32_t *a);
int32_t linux_clock_gettime64(struct kernel *k, const uint32_t *a);
int32_t linux_gettimeofday(struct kernel *k, const uint32_t *a);
int32_t linux_time(struct kernel *k, const uint32_t *a);
int32_t linux_getppid(struct kernel *k, const uint32_t *a);
/* The clock `clock` (a valid one) now, in nanoseconds of virtual time. */
uint64_t linux_now_ns(struct kernel *k, uint32_t clock);
bool linux_clock_ok(uint32_t c);
/* abi_linux_files.c */
struct stat;
void linux_put_stat64(uint8_t *b, const struct stat *st);
/* A host O_PATH descriptor for the guest's path (AT_FDCWD), resolved as
 * stat64 resolves it (`follow`: the last symlink too; else a symlink is
 * -ELOOP), or -errno. The caller closes it. */
int32_t linux_path_open(struct kernel *k, uint32_t upath, bool follow);
/* The descriptor a /dev/fd/N, /dev/stdin, /dev/stdout or /dev/stderr
 * root-relative path names (-1: none of them; N may be past the table),
 * and the stat of descriptor N as those paths show it (-ENOENT: not open;
 * a pipe is a FIFO). */
int linux_dev_fd_number(const char *rel);
int32_t linux_fd_stat(struct kernel *k, uint32_t fd, struct stat *st);
/* The stat of an open file (fstat64, statx): a pipe is a FIFO of pipefs. */
int32_t linux_file_stat(const struct kernel *k, const struct file *f, struct stat *st);
void linux_set_cloexec(struct kernel *k, int32_t fd, bool on);
int32_t linux_creat(struct kernel *k, const uint32_t *a);
int32_t linux_dup(struct kernel *k, const uint32_t *a);
int32_t linux_close(struct kernel *k, const uint32_t *a);
int32_t linux_pipe(struct kernel *k, const uint32_t *a);
int32_t linux_pread64(struct kernel *k, const uint32_t *a);
int32_t linux_pwrite64(struct kernel *k, const uint32_t *a);
/* abi_linux_fd.c */
int32_t linux_flock(struct kernel *k, const uint32_t *a);
int32_t linux_fcntl64(struct kernel *k, const uint32_t *a);
int32_t linux_getdents(struct kernel *k, const uint32_t *a);
int32_t linux_getdents64(struct kernel *k, const uint32_t *a);
int32_t linux_dir_seek(struct file *f, int64_t off, uint32_t whence, int64_t *out);
void linux_close_on_exec(struct kernel *k, struct proc *p);
int32_t linux_sendfile(struct kernel *k, const uint32_t *a);
int32_t linux_sendfile64(struct kernel *k, const uint32_t *a);
/* abi_linux_misc.c */
int32_t linux_prctl(struct kernel *k, const uint32_t *a);
/* abi_linux_path.c */
int32_t linux_stat64(struct kernel *k, const uint32_t *a);
int32_t linux_lstat64(struct kernel *k, const uint32_t *a);
int32_t linux_access(struct kernel *k, const uint32_t *a);
int32_t linux_faccessat(struct kernel *k, const uint32_t *a);
int32_t linux_faccessat2(struct kernel *k, const uint32_t *a);
int32_t linux_getcwd(struct kernel *k, const uint32_t *a);
int32_t linux_readlink(struct kernel *k, const uint32_t *a);
int32_t linux_readlinkat(struct kernel *k, const uint32_t *a);
int32_t linux_rename(struct kernel *k, const uint32_t *a);
int32_t linux_renameat(struct kernel *k, const uint32_t *a);
int32_t linux_renameat2(struct kernel *k, const uint32_t *a);
int32_t linux_link(struct kernel *k, const uint32_t *a);
int32_t linux_linkat(struct kernel *k, const uint32_t *a);
int32_t linux_symlink(struct kernel *k, const uint32_t *a);
int32_t linux_symlinkat(struct kernel *k, const uint32_t *a);
int32_t linux_unlink(struct kernel *k, const uint32_t *a);
int32_t linux_rmdir(struct kernel *k, const uint32_t *a);
int32_t linux_unlinkat(struct kernel *k, const uint32_t *a);
int32_t linux_mkdir(struct kernel *k, const uint32_t *a);
int32_t linux_mkdirat(struct kernel *k, const uint32_t *a);
int32_t linux_fchdir(struct kernel *k, const uint32_t *a);
void linux_note_exec_path(struct kernel *k, const char *path);
int32_t linux_statx(struct kernel *k, const uint32_t *a);
int32_t linux_chmod(struct kernel *k, const uint32_t *a);
int32_t linux_fchmod(struct kernel *k, const uint32_t *a);
int32_t linux_fchmodat(struct kernel *k, const uint32_t *a);
int32_t linux_chown32(struct kernel *k, const uint32_t *a);
int32_t linux_lchown32(struct kernel *k, const uint32_t *a);
int32_t linux_chown16(struct kernel *k, const uint32_t *a);
int32_t linux_lchown16(struct kernel *k, const uint32_t *a);
int32_t linux_fchownat(struct kernel *k, const uint32_t *a);
int32_t linux_fchown32(struct kernel *k, const uint32_t *a);
int32_t linux_fchown16(struct kernel *k, const uint32_t *a);
int32_t linux_utimensat(struct kernel *k, const uint32_t *a);
/* abi_linux_poll.c */
int32_t linux_poll(struct kernel *k, const uint32_t *a);
int32_t linux_ppoll(struct kernel *k, const uint32_t *a);
int32_t linux_ppoll_time64(struct kernel *k, const uint32_t *a);
int32_t linux_old_select(struct kernel *k, const uint32_t *a);
int32_t linux_newselect(struct kernel *k, const uint32_t *a);
int32_t linux_pselect6(struct kernel *k, const uint32_t *a);
int32_t linux_pselect6_time64(struct kernel *k, const uint32_t *a);
int32_t linux_nanosleep(struct kernel *k, const uint32_t *a);
int32_t linux_futex(struct kernel *k, const uint32_t *a);
int32_t linux_futex_time64(struct kernel *k, const uint32_t *a);
int32_t linux_clock_nanosleep(struct kernel *k, const uint32_t *a);
int32_t linux_clock_nanosleep_time64(struct kernel *k, const uint32_t *a);
/* abi_linux_id.c */
static inline uint32_t linux_umask_of(const struct proc *p)
{
	return p->umask_x ^ 022;
}
int32_t linux_umask(struct kernel *k, const uint32_t *a);
int32_t linux_setid(struct kernel *k, const uint32_t *a);
int32_t linux_setreid(struct kernel *k, const uint32_t *a);
int32_t linux_setresid(struct kernel *k, const uint32_t *a);
int32_t linux_getresid(struct kernel *k, const uint32_t *a);
int32_t linux_setfsid(struct kernel *k, const uint32_t *a);
int32_t linux_getgroups(struct kernel *k, const uint32_t *a);
int32_t linux_setgroups(struct kernel *k, const uint32_t *a);
int32_t linux_sysinfo(struct kernel *k, const uint32_t *a);
int32_t linux_getpgrp(struct kernel *k, const uint32_t *a);
int32_t linux_getpgid(struct kernel *k, const uint32_t *a);
int32_t linux_getsid(struct kernel *k, const uint32_t *a);
int32_t linux_setpgid(struct kernel *k, const uint32_t *a);
int32_t linux_setsid(struct kernel *k, const uint32_t *a);
int32_t linux_sched_yield(struct kernel *k, const uint32_t *a);
int32_t linux_clock_getres(struct kernel *k, const uint32_t *a);
int32_t linux_clock_getres_time64(struct kernel *k, const uint32_t *a);
int32_t linux_prlimit64(struct kernel *k, const uint32_t *a);
int32_t linux_setrlimit(struct kernel *k, const uint32_t *a);
int32_t linux_old_getrlimit(struct kernel *k, const uint32_t *a);
/* abi_linux_proc.c */
int32_t linux_waitid(struct kernel *k, const uint32_t *a);

/* abi_linux_poll.c: a sleep, poll or select a signal handler interrupts
 * (-EINTR): nanosleep's `rem` written, the kept deadline forgotten. */
void linux_sleep_interrupted(struct kernel *k, struct proc *p);

#endif
