#ifndef IA32EMU_FCNTL_H
#define IA32EMU_FCNTL_H

/* O_RDONLY, O_CREATE, ... are the ABI's, defined once for kernel and guest. */
#include "syscall.h"

/* syscall.h spells them so only for freestanding builds; guest programs are
 * compiled hosted (-fhosted, for main's implicit return 0), so here too. */
#ifndef O_CREATE
#define O_RDONLY XV6_O_RDONLY
#define O_WRONLY XV6_O_WRONLY
#define O_RDWR	 XV6_O_RDWR
#define O_CREATE XV6_O_CREATE
#define O_TRUNC	 XV6_O_TRUNC
#define O_APPEND XV6_O_APPEND
#endif

/* The usual spelling for programs written against POSIX. */
#define O_CREAT O_CREATE

int open(const char *path, int flags);

#endif
