/* errno for the few library functions that set it (strtod, the math
 * functions): the system calls themselves return -errno instead. */
#ifndef IA32EMU_ERRNO_H
#define IA32EMU_ERRNO_H

#include "syscall.h" /* the E* numbers (Linux's) */

#ifndef EDOM
#define EDOM 33
#endif
#ifndef ERANGE
#define ERANGE 34
#endif

extern int errno;

#endif
