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

#endif
