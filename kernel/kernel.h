/*
 * The emulated kernel: boot structures, processes, traps and system calls.
 * Its service code is host C, entered only from the trap stub at CPL 0
 * through the bridge port; it reaches user memory only through uaccess.c.
 */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include "../cpu/cpu.h"
#include "layout.h"
#include "signal.h"
#include "trapstub.h"

#include <stdbool.h>
#include <stdint.h>

#define NFILE		128 /* open files in the whole system */
#define NPIPE		32
#define PIPESIZE	4096u
#define KERNEL_IO_CHUNK 65536u /* largest single read/write transfer */
#define PROC_NAME_MAX	64
#define GUEST_PATH_MAX	1024 /* longest path, as the guest spells it or as resolved */
/* The timer period fork switches on when --timer gave none: preemption
 * needs a tick as soon as a second process exists. */
#define DEFAULT_TIMER_PERIOD 10000u

struct kernel;
struct abi; /* abi.h: a system-call personality */
struct xv6_inums;

struct pipe {
	uint8_t buf[PIPESIZE];
	uint32_t nread, nwrite; /* free-running counters, xv6 style */
	int readers, writers;	/* open read/write ends; 0 and 0: free */
};

enum file_type { FD_NONE, FD_HOST, FD_PIPE };

/* An open file, shared by dup and fork (one offset, as in Unix). */
struct file {
	enum file_type type;
	int ref;
	bool readable, writable;
	bool own_fd; /* close host_fd on the last close (false for the host's 0-2) */
	/* The kernel's own /dev/null or /dev/zero (fs.c): host_fd is the
	 * host's device, outside the root, so nothing may change its inode
	 * (mode, times, locks); only reads and writes reach it. */
	bool kernel_dev;
	bool is_dir;
	int host_fd;
	void *dir; /* host DIR* for readdir, opened on first use */
	struct pipe *pipe;
	uint32_t xv6_off;	  /* xv6 read() of a directory: bytes of records read */
	void *xv6_list;		  /* abi_xv6.c: its entries in xv6's order (first read) */
	uint32_t lflags;	  /* Linux: O_APPEND, O_NONBLOCK, O_LARGEFILE of the open */
	uint32_t dir_pos;	  /* Linux getdents: entries read, the d_off cookie */
	char rel[GUEST_PATH_MAX]; /* open(): its root-relative path ("." the root), for *at */
};

enum proc_state { P_UNUSED, P_RUNNABLE, P_RUNNING, P_SLEEPING, P_ZOMBIE };

struct proc {
	enum proc_state state;
	int pid;
	struct proc *parent;
	char name[PROC_NAME_MAX];
	uint32_t pgdir; /* physical address of the page directory */
	uint32_t brk;	/* end of the heap (program break) */
	uint32_t heap_base;
	struct file *ofile[NOFILE];
	char cwd[GUEST_PATH_MAX];	/* relative to the root; "" is the root */
	struct trapframe tf;		/* saved user registers while not running */
	const void *chan;		/* what a sleeping process waits for */
	uint64_t wake_tick;		/* sleep(): runnable again at this tick; 0: none */
	uint32_t wdone;			/* bytes of a blocked pipe write already done */
	int xstatus;			/* exit status, for wait */
	const struct abi *abi;		/* its system-call personality, set at exec */
	uint32_t tls[GDT_TLS_COUNT][2]; /* GDT 6-8 while it runs (0: not present) */
	uint32_t mmap_next;		/* Linux mmap: next free address, downwards */
	uint32_t clear_tid;		/* set_tid_address */
	struct fpu fpu;			/* x87 state while another process owns the FPU (fpu.c) */
	int termsig;			/* the signal that ended it (0: exit), for wait4 */
	struct sigstate sig;		/* Linux signals (signal.h) */
	uint32_t cloexec[NOFILE / 32];	/* Linux: FD_CLOEXEC, one bit per fd */
	uint32_t umask_x;		/* Linux: umask ^ 022, so a new slot's 0 is 022 */
	uint64_t poll_deadline;		/* Linux poll/select restarted: the timeout's tick */
	uint32_t sleep_rem;		/* Linux nanosleep: its `rem` (0: none), for -EINTR */
	bool sleep_rem64;		/* ... with 64-bit fields */
	char exe[GUEST_PATH_MAX + 1];	/* Linux: /proc/self/exe, the exec'd path */
	int pgid, sid;			/* process group and session (the first: its own) */
	/* vfork (Linux CLONE_VM|CLONE_VFORK, proc.c): a child borrows the
	 * address space of its lender, which sleeps until it is given back
	 * (exec or exit of vfork_child). */
	struct proc *vfork_lender; /* whose pgdir this one runs in (NULL: its own) */
	struct proc *vfork_child;  /* the borrower this one waits for */
	uint32_t load_bias;	   /* a position-independent program's load address (0: none) */
};

/* What a subscriber learns about a system call. */
struct syscall_event {
	const struct abi *abi; /* whose table: abi->name, abi_call_name() */
	unsigned num;
	const char *name;
	const char *argfmt; /* one letter per argument: d int, u unsigned, p pointer, s string */
	uint32_t args[6];
	int32_t ret;	 /* the kernel's result: -errno on failure */
	uint32_t eax;	 /* what the program sees (xv6: -1 for every error) */
	bool returns;	 /* false for exit */
	bool blocked;	 /* the process sleeps; the call restarts when woken */
	int pid;	 /* the calling process */
	unsigned vector; /* the gate the call came through (64; 0x80 for Linux's) */
};

/* A process ends: exit (signal 0), kill (signal 9) or a fault (signal of
 * the exception, with its vector, error code, EIP and CR2). */
struct proc_end_event {
	int pid;
	const char *name;
	int status; /* what wait2 reports */
	int signal; /* 0: exited */
	bool fault;
	unsigned vector;
	bool has_error;
	uint32_t error, eip, cr2;
};

/* A context switch: the CPU leaves one process for another. */
struct switch_event {
	int from_pid, to_pid;
	const char *from_name, *to_name;
	uint32_t cr3;	 /* the new page directory */
	const char *why; /* "timer", "sleep" or "exit" */
};

/* One checked access of user memory (uaccess.c): the range, and the page
 * walk of each page it went through; a refused one ends with the walk that
 * refused it. Built only while a subscriber listens (on_uaccess). */
#define UACCESS_WALKS 8
struct uaccess_walk {
	uint32_t va;	 /* the page's linear address */
	uint32_t pde;	 /* the directory entry as read */
	uint32_t pte;	 /* the table entry (== pde for a 4 MiB page; 0 if the PDE is absent) */
	bool ok;	 /* the walk allowed the access with user permissions */
	uint32_t pf_err; /* refused: the #PF error code a user access would get */
};
struct uaccess_event {
	const char *fn;	  /* "copyin", "copyout", "copyinstr" */
	uint32_t uva;	  /* user address */
	uint32_t len;	  /* bytes asked (copyinstr: the most it may read) */
	bool write;	  /* copyout */
	int result;	  /* 0, the string's length (copyinstr), or -errno */
	bool beyond_user; /* refused before any walk: the range reaches USER_TOP */
	unsigned npages;  /* pages walked; the first UACCESS_WALKS are in walk[] */
	struct uaccess_walk walk[UACCESS_WALKS];
	int pid;
};

struct kernel_hooks {
	void *opaque;
	/* A copyin, copyout or copyinstr ended (uaccess.c). */
	void (*on_uaccess)(void *opaque, const struct uaccess_event *ev);
	void (*on_syscall)(void *opaque, const struct syscall_event *ev);
	void (*on_switch)(void *opaque, const struct switch_event *ev);
	/* Before the call runs (arguments fetched), so a tracer can read
	 * what exec replaces; on_syscall follows when it returns. */
	void (*on_syscall_entry)(void *opaque, const struct syscall_event *ev);
	void (*on_proc_end)(void *opaque, const struct proc_end_event *ev);
	/* A signal leaves the pending set (handled, ignored or fatal). */
	void (*on_signal)(void *opaque, const struct signal_event *ev);
};

enum kernel_state { K_RUNNING, K_EXITED, K_KILLED, K_PANIC };

struct kernel {
	struct cpu *cpu;
	struct phys_mem *pm;
	struct stub_layout stubs;
	uint32_t kernel_pdes[256]; /* PDEs of the kernel half, shared by all */
	uint8_t *page_used;	   /* one byte per physical page */
	uint32_t alloc_hint;	   /* first never-allocated frame */
	uint32_t *free_stack;	   /* freed frames, most recent last */
	uint32_t nfree_stack;
	uint32_t free_pages;
	/* Freed frames not yet given back to the host (vm.c): one run of
	 * consecutive frames, discarded in one call before any allocation. */
	uint32_t discard_pn, discard_n;
	/* Free frames zeroed in place, which the host still holds (vm.c
	 * discard_flush): one byte per physical page, and how many. */
	uint8_t *page_warm;
	uint32_t warm;
	struct proc *cur;
	struct proc *initproc;	/* the user's first program, not init: the run ends with it */
	struct proc *fpu_owner; /* whose x87 state the CPU holds (fpu.c); NULL: nobody's */
	struct proc procs[NPROC];
	struct file files[NFILE];
	struct pipe pipes[NPIPE];
	struct trapframe *tf;	       /* the frame of the trap being served */
	int root_fd;		       /* host directory the guest sees as "/" */
	bool read_only;		       /* --read-only: no writes to the file tree */
	bool no_openat2;	       /* resolve paths without openat2 (tests, old hosts) */
	const struct abi *forced_abi;  /* --abi: every program's ABI; NULL: the rule */
	uint32_t unknown_reported[16]; /* unknown call numbers already reported */
	uint64_t seed;		       /* --seed: AT_RANDOM, getrandom */
	uint64_t epoch;		       /* --epoch: CLOCK_REALTIME at the start, seconds */
	uint64_t exec_count;	       /* programs started, for AT_RANDOM */
	uint64_t random_count;	       /* getrandom's counter */
	char **env; /* the first program's environment; NULL: the default (exec.c) */
	int envc;
	int first_envc;	      /* strings the first program got as its environment (0: its
			   ABI passes none), for strace's execve line */
	bool eintr_stops;     /* a host read cut by a signal (the monitor's Ctrl-C)
				 restarts the call and stops the CPU */
	bool keep_exec_image; /* keep the last exec'd file for a debugger's symbols */
	uint8_t *exec_file;   /* with keep_exec_image: the last exec'd ELF file */
	size_t exec_size;
	int exec_pid;			    /* the process that exec'd it */
	struct xv6_inums *xv6_inums;	    /* abi_xv6.c: host inodes -> xv6 inode numbers */
	char exec_path[GUEST_PATH_MAX + 1]; /* Linux: the path being exec'd, resolved */
	int next_pid;
	uint64_t next_alarm; /* earliest ITIMER_REAL expiry of any process (icount); 0: none */
	enum kernel_state state;
	int exit_status;
	char message[256]; /* why the program stopped, for stderr */
	struct kernel_hooks hooks;
	const struct proc *end_noted;	/* its proc_end event was already sent */
	uint8_t iobuf[KERNEL_IO_CHUNK]; /* bounce buffer for file I/O */
	char argbuf[MAX_ARG_BYTES];	/* exec: argument strings */
};

/* boot.c. k must be zeroed (as machine_create's calloc leaves it). */
int kernel_boot(struct kernel *k, struct cpu *c, struct phys_mem *pm, char *err, size_t errlen);
void kernel_free(struct kernel *k);
/* Starts `p` at CPL 3: builds an iret frame and points the CPU at trapret. */
void kernel_enter_user(struct kernel *k, struct proc *p, uint32_t entry, uint32_t esp);

/* vm.c: physical pages and page tables */
/* At most WARM_MAX free frames are kept zeroed in place, from runs of
 * at most WARM_RUN_MAX (vm.c). */
#define WARM_MAX     2048u
#define WARM_RUN_MAX 256u
uint32_t page_alloc(struct kernel *k); /* zeroed page, 0 when out of memory */
void page_free(struct kernel *k, uint32_t pa);
uint32_t pgdir_create(struct kernel *k);
void pgdir_destroy(struct kernel *k, uint32_t pgdir);
/* Maps [va, va+len) with fresh zeroed pages (PTE_U | flags). 0 or -ENOMEM. */
int map_user_range(struct kernel *k, uint32_t pgdir, uint32_t va, uint32_t len, uint32_t pte_flags);
/* Unmaps and frees the user pages of [va, va+len). */
void unmap_user_range(struct kernel *k, uint32_t pgdir, uint32_t va, uint32_t len);
/* Whether user page `va` is mapped (present, user) in `pgdir`. */
bool user_page_present(struct kernel *k, uint32_t pgdir, uint32_t va);
/* PTE_W set or cleared on the mapped pages of a range: 0 or -ENOMEM. */
int protect_user_range(struct kernel *k, uint32_t pgdir, uint32_t va, uint32_t len, bool writable);
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

/* boot.c: the file tree the guest sees. 0, or -1 with a message. */
int kernel_set_root(struct kernel *k, const char *dir, bool read_only, char *err, size_t errlen);

/* exec.c */
int kernel_exec_first(struct kernel *k, const char *path, int argc, char **argv, char *err,
		      size_t errlen);
/* Replaces the current process's image (the exec system call). */
struct exec_args;
int32_t exec_image(struct kernel *k, const uint8_t *data, size_t size,
		   const struct exec_args *args);

/* vm.c */
/* A copy of the user half of `pgdir` (fork); 0 when out of memory. */
uint32_t pgdir_copy(struct kernel *k, uint32_t pgdir);
/* Writes into mapped user pages of any address space. 0 or -EFAULT. */
int pgdir_write(struct kernel *k, uint32_t pgdir, uint32_t va, const void *src, uint32_t len);

/* fpu.c: the lazy FPU switch */
void kfpu_init_proc(struct proc *p);
void kfpu_switch(struct kernel *k, const struct proc *next);
void kfpu_nm(struct kernel *k);
void kfpu_fork(struct kernel *k, const struct proc *parent, struct proc *child);
void kfpu_exec(struct kernel *k, struct proc *p);
void kfpu_exit(struct kernel *k, const struct proc *p);
/* The x87 state of `p`: in the FPU if it owns it, else saved (debuggers). */
const struct fpu *kfpu_state(const struct kernel *k, const struct proc *p);
/* abi_linux_tls.c: the process's TLS descriptors into GDT 6-8. */
void tls_load(struct kernel *k, const struct proc *p);

/* proc.c: processes and the scheduler */
struct proc *proc_alloc(struct kernel *k);
void proc_exit(struct kernel *k, struct proc *p, int status);
/* Tells the subscriber that `p` ends (proc_exit does it for a plain
 * exit; kill and faults call it first with the signal and the fault). */
void proc_note_end(struct kernel *k, struct proc *p, int status, int sig,
		   const struct trapframe *fault);
void proc_sleep(struct kernel *k, const void *chan);
/* sysproc.c: a child that borrows the current process's address space
 * (its pid, or -errno); the caller then sleeps in proc_vfork_wait(). */
int32_t proc_vfork(struct kernel *k);
void proc_vfork_wait(struct kernel *k, struct proc *child);
/* `p` leaves its address space (exec, exit): true when p must not free
 * it, as it was borrowed or a borrower of p's keeps it. */
bool proc_vfork_leave(struct kernel *k, struct proc *p);
void proc_wakeup(struct kernel *k, const void *chan);
/* Saves the current frame and loads the next runnable process's. */
void sched(struct kernel *k, struct trapframe *tf);
/* Timer tick from user mode: round-robin preemption. */
void proc_tick(struct kernel *k, struct trapframe *tf);

/* file.c */
struct file *file_alloc(struct kernel *k);
struct file *file_dup(struct file *f);
void file_close(struct kernel *k, struct file *f);
int fd_alloc(struct kernel *k, struct file *f); /* lowest free fd or -EMFILE */
int fd_nofile(const struct kernel *k);		/* the current process's ABI's limit */
void file_free_all(struct kernel *k);

/* trap.c: called from the bridge port with the CPU at CPL 0. */
void kernel_trap(struct kernel *k);
/* An exception from user mode in frame `tf`: the process is stopped. */
void kernel_user_fault(struct kernel *k, struct trapframe *tf);

/* syscall.c */
void syscall_dispatch(struct kernel *k, struct trapframe *tf);
const char *syscall_name(unsigned num);
/* Returned by a system call that put the process to sleep: the call is
 * executed again (its `int $64` re-run) when the process is woken. */
#define K_RESTART (-512)

#endif
