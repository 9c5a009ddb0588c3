#ifndef IA32EMU_FCNTL_H
#define IA32EMU_FCNTL_H

/* O_RDONLY, O_CREATE, ... are the ABI's, defined once for kernel and guest. */
#include "syscall.h"

/* The usual spelling for programs written against POSIX. */
#define O_CREAT O_CREATE

int open(const char *path, int flags);

#endif
