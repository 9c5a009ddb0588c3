/*
 * The system-call ABI shared by the emulated kernel and the guest programs.
 *
 * Convention (classic x86 xv6, docs/architecture.md): the number goes in %eax, the
 * arguments are on the user stack at esp+4, esp+8, ... (a stub
 * "movl $N,%eax; int $64; ret" is called like a C function), the result comes
 * back in %eax, and errors are negative errno values with Linux's numbers.
 *
 * This header is included by host code and by freestanding guest code, so it
 * must not include anything.
 */
#ifndef IA32EMU_SYSCALL_H
#define IA32EMU_SYSCALL_H

/* The trap vector of a system call: IDT[64] is a trap gate with DPL 3. */
#define T_SYSCALL 64

/* Numbers 1-21: classic x86 xv6 numbering and argument conventions. */
#define SYS_fork   1
#define SYS_exit   2 /* exit(int status) */
#define SYS_wait   3 /* wait(void) -> pid of the child */
#define SYS_pipe   4
#define SYS_write  5
#define SYS_read   6
#define SYS_close  7
#define SYS_kill   8
#define SYS_exec   9
#define SYS_open   10
#define SYS_mknod  11
#define SYS_unlink 12
#define SYS_fstat  13
#define SYS_link   14
#define SYS_mkdir  15
#define SYS_chdir  16
#define SYS_dup	   17
#define SYS_getpid 18
#define SYS_sbrk   19
#define SYS_sleep  20
#define SYS_uptime 21
/* New calls take numbers from 22 on (README "System calls"). */
#define SYS_wait2   22 /* wait2(int *status) -> pid; status stored unless NULL */
#define SYS_readdir 23 /* readdir(int fd, struct dirent *d) -> 1 entry, 0 end */
#define SYS_MAX	    23

/* readdir's entry: uint ino @0, ushort type @4, ushort namelen @6,
 * char name[DIRENT_NAME] @8, NUL-terminated. */
#define DIRENT_NAME 256
#define DIRENT_SIZE (8 + DIRENT_NAME)

/* Limits (fork: -EAGAIN, open/dup/pipe: -EMFILE, exec: -E2BIG). */
#define NPROC	      64    /* processes */
#define NOFILE	      256   /* descriptor table size: the most any ABI allows */
#define NOFILE_XV6    16    /* xv6's (and the ia32emu ABI's) open files per process */
#define MAX_ARGS      64    /* exec: arguments */
#define MAX_ARG_BYTES 65536 /* exec: bytes of argument strings, NULs included */

/* open() flags (xv6's values). The host's <fcntl.h> has its own O_*
 * with other values, so the kernel uses the XV6_ names; guest programs
 * (freestanding) get the usual spelling. */
#define XV6_O_RDONLY 0x000
#define XV6_O_WRONLY 0x001
#define XV6_O_RDWR   0x002
#define XV6_O_CREATE 0x200
#define XV6_O_TRUNC  0x400
#define XV6_O_APPEND 0x800
#if !__STDC_HOSTED__
#define O_RDONLY XV6_O_RDONLY
#define O_WRONLY XV6_O_WRONLY
#define O_RDWR	 XV6_O_RDWR
#define O_CREATE XV6_O_CREATE
#define O_TRUNC	 XV6_O_TRUNC
#define O_APPEND XV6_O_APPEND
#endif

/* struct stat types (xv6). */
#define T_DIR  1
#define T_FILE 2
#define T_DEV  3

/* Error numbers: Linux's values, returned negated. */
#define EPERM	     1
#define ENOENT	     2
#define ESRCH	     3
#define EINTR	     4
#define EIO	     5
#define E2BIG	     7
#define ENOEXEC	     8
#define EBADF	     9
#define ECHILD	     10
#define EAGAIN	     11
#define ENOMEM	     12
#define EACCES	     13
#define EFAULT	     14
#define EBUSY	     16
#define EEXIST	     17
#define EXDEV	     18
#define ENOTDIR	     20
#define EISDIR	     21
#define EINVAL	     22
#define ENFILE	     23
#define EMFILE	     24
#define EFBIG	     27
#define ENOSPC	     28
#define ESPIPE	     29
#define EROFS	     30
#define EMLINK	     31
#define EPIPE	     32
#define ERANGE	     34
#define ENAMETOOLONG 36
#define ENOSYS	     38
#define ENOTEMPTY    39
#define ELOOP	     40

/* Memory layout seen by a user program. */
#define USER_BASE      0x08048000u /* link address of programs */
#define USER_TOP       0xC0000000u /* first kernel address */
#define USER_STACK_TOP 0xBFFFF000u /* one unmapped page below the kernel */

#endif
