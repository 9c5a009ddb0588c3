/*
 * The emulated kernel's memory layout and descriptor conventions
 * (DESIGN.md §3). Physical memory below 1 MiB holds the boot structures;
 * all of RAM (up to 1 GiB) is mapped supervisor-only at KERNBASE.
 */
#ifndef KERNEL_LAYOUT_H
#define KERNEL_LAYOUT_H

#include "syscall.h"

#define KERNBASE 0xC0000000u
#define KMAP_MAX 0x40000000u /* at most 1 GiB of RAM is direct-mapped */

/* Physical addresses of the boot structures. */
#define PA_GDT	       0x1000u
#define PA_IDT	       0x2000u /* 256 gates * 8 bytes */
#define PA_TSS	       0x3000u
#define PA_STUBS       0x4000u /* trap stubs: one page of real x86 code */
#define PA_KSTACK      0x8000u /* kernel stack, 32 KiB */
#define KSTACK_SIZE    0x8000u
#define PA_ALLOC_START 0x100000u /* page allocator starts at 1 MiB */

/* Selectors (GDT indexes 1-5, DESIGN.md §3). */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UCODE 0x1b
#define SEL_UDATA 0x23
#define SEL_TSS	  0x28
/* GDT 6-8: the running process's TLS descriptors (set_thread_area). */
#define GDT_TLS_FIRST 6
#define GDT_TLS_COUNT 3
#define GDT_ENTRIES   9

/* The Linux personality's system-call gate (T_SYSCALL, 64, is in
 * syscall.h): a trap gate with DPL 3, like Linux's own (entry_32.S). */
#define T_LINUX_SYSCALL 0x80

/* The port the trap stub writes to hand a trap frame to the kernel's C
 * code. It is reachable only at CPL 0: at CPL 3 with IOPL 0 and no I/O
 * bitmap the `out` raises #GP(0) (SDM vol. 1 §19.5). */
#define KERNEL_BRIDGE_PORT 0xe0

/* User stack: USER_STACK_PAGES below USER_STACK_TOP, and one unmapped guard
 * page below them. */
#define USER_STACK_PAGES 64u
#define USER_STACK_SIZE	 (USER_STACK_PAGES * 4096u)
#define USER_STACK_LOW	 (USER_STACK_TOP - USER_STACK_SIZE)

/* The trap frame the stub builds on the kernel stack, lowest address
 * first: pushal, then gs fs es ds, then the vector and error code, then what
 * the CPU pushed (SDM vol. 3 figure 6-4). esp and ss exist only when the
 * trap came from CPL 3. */
struct trapframe {
	uint32_t edi, esi, ebp, oesp, ebx, edx, ecx, eax; /* pushal */
	uint32_t gs, fs, es, ds;
	uint32_t trapno;
	uint32_t err;
	uint32_t eip, cs, eflags; /* pushed by the CPU */
	uint32_t esp, ss;	  /* pushed by the CPU on a privilege change */
};

#endif
