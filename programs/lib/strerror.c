/* strerror: a message for the (positive) errno values of kernel/syscall.h. */
#include "syscall.h"

#include <string.h>

const char *strerror(int e)
{
	if (e < 0)
		e = -e; /* the system calls return -errno; accept either */
	switch (e) {
	case EPERM: return "operation not permitted";
	case ENOENT: return "no such file or directory";
	case ESRCH: return "no such process";
	case EIO: return "input/output error";
	case E2BIG: return "argument list too long";
	case ENOEXEC: return "not an executable";
	case EBADF: return "bad file descriptor";
	case ECHILD: return "no child processes";
	case EAGAIN: return "too many processes";
	case ENOMEM: return "out of memory";
	case EACCES: return "permission denied";
	case EFAULT: return "bad address";
	case EBUSY: return "busy";
	case EEXIST: return "file exists";
	case EXDEV: return "cross-device link";
	case ENOTDIR: return "not a directory";
	case EISDIR: return "is a directory";
	case EINVAL: return "invalid argument";
	case ENFILE: return "too many open files in the system";
	case EMFILE: return "too many open files";
	case ENOSPC: return "no space left";
	case EROFS: return "read-only file system";
	case EMLINK: return "too many links";
	case EPIPE: return "broken pipe";
	case ENAMETOOLONG: return "file name too long";
	case ENOSYS: return "function not implemented";
	case ENOTEMPTY: return "directory not empty";
	case ELOOP: return "too many symbolic links";
	default: return "unknown error";
	}
}
