/*
 * The emulated kernel: boot structures, processes, traps and system calls.
 * Its service code is host C, entered only from the trap stub at CPL 0
 * through the bridge port; it reaches user memory only through uaccess.c.
 */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include "../cpu/cpu.h"
#include "layout.h"
#include "trapstub.h"

#include <stdbool.h>
#include <stdint.h>

#define NOFILE		16
#define KERNEL_IO_CHUNK 65536u /* largest single read/write transfer */
#define PROC_NAME_MAX	64

struct kernel;

/* An open file: for now the host's descriptors 0, 1, 2. */
struct file {
	int host_fd; /* -1: closed */
	bool readable, writable;
};

struct proc {
	int pid;
	char name[PROC_NAME_MAX];
	uint32_t pgdir; /* physical address of the page directory */
	uint32_t brk;	/* end of the heap (program break) */
	uint32_t heap_base;
	struct file *ofile[NOFILE];
	struct file files[NOFILE];
};

/* What a subscriber learns about a system call. */
struct syscall_event {
	unsigned num;
	const char *name;
	const char *argfmt; /* one letter per argument: d int, u unsigned, p pointer, s string */
	uint32_t args[6];
	int32_t ret;
	bool returns; /* false for exit */
};

struct kernel_hooks {
	void *opaque;
	void (*on_syscall)(void *opaque, const struct syscall_event *ev);
};

enum kernel_state { K_RUNNING, K_EXITED, K_KILLED, K_PANIC };

struct kernel {
	struct cpu *cpu;
	struct phys_mem *pm;
	struct stub_layout stubs;
	uint32_t kernel_pdes[256]; /* PDEs of the kernel half, shared by all */
	uint8_t *page_used;	   /* one byte per physical page */
	uint32_t alloc_hint;
	uint32_t free_pages;
	struct proc *cur;
	struct proc proc0;
	int next_pid;
	enum kernel_state state;
	int exit_status;
	char message[256]; /* why the program stopped, for stderr */
	struct kernel_hooks hooks;
	uint8_t iobuf[KERNEL_IO_CHUNK]; /* bounce buffer for file I/O */
};

/* boot.c */
int kernel_boot(struct kernel *k, struct cpu *c, struct phys_mem *pm, char *err, size_t errlen);
void kernel_free(struct kernel *k);
/* Starts `p` at CPL 3: builds an iret frame and points the CPU at trapret. */
void kernel_enter_user(struct kernel *k, struct proc *p, uint32_t entry, uint32_t esp);

/* vm.c: physical pages and page tables */
uint32_t page_alloc(struct kernel *k); /* zeroed page, 0 when out of memory */
void page_free(struct kernel *k, uint32_t pa);
uint32_t pgdir_create(struct kernel *k);
void pgdir_destroy(struct kernel *k, uint32_t pgdir);
/* Maps [va, va+len) with fresh zeroed pages (PTE_U | flags). 0 or -ENOMEM. */
int map_user_range(struct kernel *k, uint32_t pgdir, uint32_t va, uint32_t len, uint32_t pte_flags);
/* Unmaps and frees the user pages of [va, va+len). */
void unmap_user_range(struct kernel *k, uint32_t pgdir, uint32_t va, uint32_t len);
/* Host pointer to kernel memory at kernel virtual address `kva`. */
uint8_t *kmem(struct kernel *k, uint32_t kva, uint32_t len);

/* uaccess.c: the only way the kernel touches user memory. They walk the
 * current page tables with user permissions: 0 or -EFAULT. */
int copyin(struct kernel *k, void *dst, uint32_t uva, uint32_t len);
int copyout(struct kernel *k, uint32_t uva, const void *src, uint32_t len);
/* 0 when every page of [uva, uva+len) is user-accessible (writable too
 * when `write`), else -EFAULT. Changes nothing. */
int user_range_ok(struct kernel *k, uint32_t uva, uint32_t len, bool write);
/* Copies a NUL-terminated string of at most max-1 bytes: length or -errno. */
int copyinstr(struct kernel *k, char *dst, uint32_t uva, uint32_t max);

/* elf.c + exec */
int kernel_exec_first(struct kernel *k, const char *path, int argc, char **argv, char *err,
		      size_t errlen);

/* trap.c: called from the bridge port with the CPU at CPL 0. */
void kernel_trap(struct kernel *k);

/* syscall.c */
void syscall_dispatch(struct kernel *k, struct trapframe *tf);
const char *syscall_name(unsigned num);
void kernel_exit(struct kernel *k, int status);

#endif
