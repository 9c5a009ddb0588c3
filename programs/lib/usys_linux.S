/*
 * The ia32emu system calls implemented on Linux/i386 (int $0x80, number in
 * %eax, arguments in %ebx, %ecx, %edx, %esi), so that the same guest program
 * can run natively and its output serve as the expected output. Results are
 * Linux's, which already use negative errno values. Calls that have no
 * faithful Linux equivalent return -ENOSYS.
 */
#include "syscall.h"

#define LINUX_exit_group 252
#define LINUX_fork 2
#define LINUX_read 3
#define LINUX_write 4
#define LINUX_open 5
#define LINUX_close 6
#define LINUX_link 9
#define LINUX_unlink 10
#define LINUX_execve 11
#define LINUX_chdir 12
#define LINUX_getpid 20
#define LINUX_kill 37
#define LINUX_mkdir 39
#define LINUX_dup 41
#define LINUX_pipe 42
#define LINUX_brk 45
#define LINUX_wait4 114

/* Linux's open() flag bits for the ABI's O_CREATE, O_TRUNC, O_APPEND. */
#define LINUX_O_CREAT 0x40
#define LINUX_O_TRUNC 0x200
#define LINUX_O_APPEND 0x400

#define SIGKILL 9

#define FUNC(name)			\
	.globl name;			\
	.type name, @function;		\
name:

/* %ebx is callee-saved in the C ABI, so it is kept around the trap. */
#define SYS1(name, nr)			\
FUNC(name)				\
	pushl %ebx;			\
	movl 8(%esp), %ebx;		\
	movl $nr, %eax;			\
	int $0x80;			\
	popl %ebx;			\
	ret

#define SYS2(name, nr)			\
FUNC(name)				\
	pushl %ebx;			\
	movl 8(%esp), %ebx;		\
	movl 12(%esp), %ecx;		\
	movl $nr, %eax;			\
	int $0x80;			\
	popl %ebx;			\
	ret

#define SYS3(name, nr)			\
FUNC(name)				\
	pushl %ebx;			\
	movl 8(%esp), %ebx;		\
	movl 12(%esp), %ecx;		\
	movl 16(%esp), %edx;		\
	movl $nr, %eax;			\
	int $0x80;			\
	popl %ebx;			\
	ret

#define NOSYS(name)			\
FUNC(name)				\
	movl $-ENOSYS, %eax;		\
	ret

	.text
SYS1(exit, LINUX_exit_group)
SYS1(pipe, LINUX_pipe)
SYS3(write, LINUX_write)
SYS3(read, LINUX_read)
SYS1(close, LINUX_close)
SYS1(unlink, LINUX_unlink)
SYS2(link, LINUX_link)
SYS1(chdir, LINUX_chdir)
SYS1(dup, LINUX_dup)
NOSYS(mknod)
NOSYS(fstat)	/* Linux's struct stat is not xv6's */
NOSYS(sleep)	/* ticks are virtual time in the emulator */
NOSYS(uptime)
NOSYS(wait2)
NOSYS(readdir)

FUNC(fork)
	movl $LINUX_fork, %eax
	int $0x80
	ret

FUNC(getpid)
	movl $LINUX_getpid, %eax
	int $0x80
	ret

/* wait(void): wait4(-1, NULL, 0, NULL), the pid of any child. */
FUNC(wait)
	pushl %ebx
	pushl %esi
	movl $-1, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	movl $LINUX_wait4, %eax
	int $0x80
	popl %esi
	popl %ebx
	ret

/* kill(pid): xv6 has no signals, so it is SIGKILL. */
FUNC(kill)
	pushl %ebx
	movl 8(%esp), %ebx
	movl $SIGKILL, %ecx
	movl $LINUX_kill, %eax
	int $0x80
	popl %ebx
	ret

/* exec(path, argv): execve with an empty environment. */
FUNC(exec)
	pushl %ebx
	movl 8(%esp), %ebx
	movl 12(%esp), %ecx
	xorl %edx, %edx
	movl $LINUX_execve, %eax
	int $0x80
	popl %ebx
	ret

/* mkdir(path): xv6 has no modes; 0755 is the usual default. */
FUNC(mkdir)
	pushl %ebx
	movl 8(%esp), %ebx
	movl $0755, %ecx
	movl $LINUX_mkdir, %eax
	int $0x80
	popl %ebx
	ret

/* open(path, flags): the access mode bits agree; the others are renumbered. */
FUNC(open)
	pushl %ebx
	movl 12(%esp), %eax
	movl %eax, %ecx
	andl $3, %ecx
	testl $XV6_O_CREATE, %eax
	jz 1f
	orl $LINUX_O_CREAT, %ecx
1:	testl $XV6_O_TRUNC, %eax
	jz 2f
	orl $LINUX_O_TRUNC, %ecx
2:	testl $XV6_O_APPEND, %eax
	jz 3f
	orl $LINUX_O_APPEND, %ecx
3:	movl 8(%esp), %ebx
	movl $0644, %edx		/* mode of a created file */
	movl $LINUX_open, %eax
	int $0x80
	popl %ebx
	ret

/*
 * sbrk(n) on top of brk(2), which takes and returns absolute break
 * addresses (and returns the old break when it refuses). Returns the old
 * break, or -ENOMEM.
 */
FUNC(sbrk)
	pushl %ebx
	movl cur_brk, %eax
	testl %eax, %eax
	jnz 1f
	xorl %ebx, %ebx			/* brk(0) reports the initial break */
	movl $LINUX_brk, %eax
	int $0x80
	movl %eax, cur_brk
1:	movl 8(%esp), %ebx
	addl %eax, %ebx			/* wanted break */
	movl $LINUX_brk, %eax
	int $0x80
	cmpl %eax, %ebx
	jne 2f
	movl cur_brk, %eax		/* old break, returned */
	movl %ebx, cur_brk
	popl %ebx
	ret
2:	movl $-ENOMEM, %eax
	popl %ebx
	ret

	.data
	.align 4
cur_brk:
	.long 0

	.section .note.GNU-stack, "", @progbits
