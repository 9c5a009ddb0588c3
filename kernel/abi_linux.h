/* Internal declarations of the Linux personality (abi_linux*.c). */
#ifndef KERNEL_ABI_LINUX_H
#define KERNEL_ABI_LINUX_H

#include "abi.h"
#include "sysdefs.h"

/* What the program is told about itself (docs/linux.md). */
#define LINUX_HZ  100 /* AT_CLKTCK, times() */
#define LINUX_UID 1000
#define LINUX_GID 1000

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

#endif

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
