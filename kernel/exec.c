/*
 * Loading a program: check the ELF, choose its ABI (abi_select.c), build
 * its address space, let the ABI lay out its initial stack (xv6's argc/argv,
 * or System V's argc/argv/envp/auxv), and start it at CPL 3 through
 * trapret's iret.
 */
#include "abi.h"
#include "elf.h"
#include "kernel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A loaded program: its address space and where it starts. */
struct proc_image {
	uint32_t pgdir, entry, sp, heap_base;
};

uint8_t *elf_read_file(const char *path, size_t *size, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return NULL;
	}
	/* Host memory in proportion to the file, not ELF_MAX_FILE per load
	 * (fstat may be wrong for special files: reading stops at cap). */
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		/* fopen accepts a directory, whose read then fails (EISDIR);
		 * a pipe (`run /dev/stdin`) is read as a file. */
		snprintf(err, errlen, "is a directory");
		fclose(f);
		return NULL;
	}
	size_t cap = fstat(fileno(f), &st) == 0 && st.st_size >= 0 && st.st_size <= ELF_MAX_FILE
			 ? (size_t)st.st_size + 1
			 : ELF_MAX_FILE + 1;
	uint8_t *buf = malloc(cap);
	size_t n = buf ? fread(buf, 1, cap, f) : 0;
	if (buf && n == cap && cap <= ELF_MAX_FILE) {
		/* The file grew while we read it, or fstat lied: read it all. */
		uint8_t *big = realloc(buf, ELF_MAX_FILE + 1);
		if (!big) {
			free(buf);
			buf = NULL;
		} else {
			buf = big;
			n += fread(buf + n, 1, ELF_MAX_FILE + 1 - n, f);
		}
	}
	int bad = !buf || ferror(f);
	fclose(f);
	if (bad || n > ELF_MAX_FILE) {
		snprintf(err, errlen, bad ? "cannot read the file" : "file larger than %u MiB",
			 ELF_MAX_FILE >> 20);
		free(buf);
		return NULL;
	}
	*size = n;
	return buf;
}

/* A new address space holding the checked image, a user stack and the
 * arguments. The kernel writes the image through the page tables it
 * builds; read-only pages are read-only only for the program. 0 or
 * -ENOMEM (-E2BIG when the arguments do not fit). */
static int load_image(struct kernel *k, const uint8_t *data, const struct elf_image *img,
		      const struct abi *abi, const struct exec_args *args, struct proc_image *out)
{
	/* Refused before any page is touched when it cannot fit: the pages of
	 * every segment, the stack, a page table per 4 MiB spanned, the
	 * directory. A 2 GiB bss fails here at once. */
	uint64_t need = USER_STACK_PAGES + 2;
	for (unsigned i = 0; i < img->nseg; i++) {
		const struct elf_segment *s = &img->seg[i];
		uint64_t lo = s->vaddr & ~(uint64_t)PAGE_MASK;
		uint64_t hi = ((uint64_t)s->vaddr + s->memsz + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
		need += (hi - lo) / PAGE_SIZE + (hi - lo) / (1024u * PAGE_SIZE) + 2;
	}
	if (need > k->free_pages)
		return -ENOMEM;
	uint32_t pd = pgdir_create(k);
	if (!pd)
		return -ENOMEM;
	uint32_t top = 0, low = 0xffffffffu;
	for (unsigned i = 0; i < img->nseg; i++) {
		const struct elf_segment *s = &img->seg[i];
		uint32_t flags = (s->flags & 2) ? PTE_W : 0;
		if (map_user_range(k, pd, s->vaddr, s->memsz, flags) < 0 ||
		    pgdir_write(k, pd, s->vaddr, data + s->offset, s->filesz) < 0)
			goto nomem;
		if (s->vaddr + s->memsz > top)
			top = s->vaddr + s->memsz;
		if (s->vaddr < low)
			low = s->vaddr;
	}
	/* ia32emu: a stack below USER_STACK_TOP with guard pages, the heap
	 * after the image. xv6 (exec.c): one page of stack at the next page
	 * boundary after the image, the heap right after it. */
	uint32_t stack_lo = USER_STACK_LOW, stack_len = USER_STACK_SIZE;
	top = (top + PAGE_MASK) & ~PAGE_MASK;
	if (abi->user_top) {
		stack_lo = top;
		stack_len = PAGE_SIZE;
	}
	if (map_user_range(k, pd, stack_lo, stack_len, PTE_W) < 0)
		goto nomem;
	struct exec_image_info ii = {img, low & ~PAGE_MASK, stack_lo + stack_len};
	out->sp = abi->build_stack(k, pd, args, &ii);
	if (!out->sp) {
		pgdir_destroy(k, pd);
		return -E2BIG;
	}
	out->pgdir = pd;
	out->entry = img->entry;
	out->heap_base = abi->user_top ? stack_lo + stack_len : top;
	return 0;
nomem:
	pgdir_destroy(k, pd);
	return -ENOMEM;
}

/* The host's stdin, stdout and stderr as the first process's fds 0-2. */
static int open_stdio(struct kernel *k, struct proc *p)
{
	for (int fd = 0; fd < 3; fd++) {
		struct file *f = file_alloc(k);
		if (!f)
			return -1;
		f->type = FD_HOST;
		f->host_fd = fd;
		f->own_fd = false;
		f->readable = fd == 0;
		f->writable = fd != 0;
		p->ofile[fd] = f;
	}
	return 0;
}

/* Checks the ELF and picks its ABI (abi_select.c). An image may start in
 * page 0 and must end a page below user_top under an ABI with xv6's
 * address space; under the others page 0 stays unmapped (NULL faults) and
 * the stack and its guard page sit at the top of user space. 0 or -1 with
 * a message. */
static int check_select(struct kernel *k, const uint8_t *data, size_t size,
			const struct abi *inherit, struct elf_image *img, const struct abi **abi,
			char *err, size_t errlen)
{
	if (elf_check(data, size, PAGE_SIZE, USER_STACK_LOW - PAGE_SIZE, img, err, errlen) == 0) {
		*abi = abi_select(k, data, size, img, inherit);
		if (!(*abi)->user_top)
			return 0;
	} else {
		/* In page 0: fine if that gives an xv6 address space; if not,
		 * the first message says why it cannot run. */
		char first[200];
		snprintf(first, sizeof(first), "%s", err);
		if (elf_check(data, size, 0, USER_STACK_LOW - PAGE_SIZE, img, err, errlen) < 0 ||
		    !(*abi = abi_select(k, data, size, img, inherit))->user_top) {
			snprintf(err, errlen, "%s", first);
			return -1;
		}
	}
	return elf_check(data, size, 0, (*abi)->user_top - PAGE_SIZE, img, err, errlen);
}

static void set_name(struct proc *p, const char *path)
{
	const char *base = strrchr(path, '/');
	snprintf(p->name, sizeof(p->name), "%s", base ? base + 1 : path);
}

int kernel_exec_first(struct kernel *k, const char *path, int argc, char **argv, char *err,
		      size_t errlen)
{
	size_t size;
	uint8_t *data = elf_read_file(path, &size, err, errlen);
	if (!data)
		return -1;
	struct elf_image img;
	struct proc_image pi;
	const struct abi *abi;
	if (check_select(k, data, size, NULL, &img, &abi, err, errlen) < 0) {
		free(data);
		return -1;
	}
	struct proc *p = proc_alloc(k);
	/* The default environment: short and fixed, so runs repeat
	 * (docs/linux.md); --env and --env-inherit replace it. */
	static char *def_env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/", "TERM=vt100",
				  "LANG=C"};
	struct exec_args ea = {argc, argv, 4, def_env, path};
	if (k->env) {
		ea.envc = k->envc;
		ea.envp = k->env;
	}
	int r = p ? load_image(k, data, &img, abi, &ea, &pi) : -ENOMEM;
	free(data);
	if (r == -E2BIG) {
		if (abi->user_top) /* xv6's exec (abi_xv6.c) */
			snprintf(err, errlen, "arguments too long (xv6: at most 31, in one page)");
		else
			snprintf(err, errlen, "arguments too long (at most %d, %d bytes)", MAX_ARGS,
				 MAX_ARG_BYTES);
		return -1;
	}
	if (r < 0 || open_stdio(k, p) < 0) {
		snprintf(err, errlen, "not enough guest memory to load the program (try --mem)");
		return -1;
	}
	set_name(p, path);
	p->abi = abi;
	/* The xv6-style stack carries no environment. */
	k->first_envc = abi->build_stack == abi_xv6_build_stack ? 0 : ea.envc;
	memset(p->tls, 0, sizeof(p->tls));
	tls_load(k, p);
	if (abi->on_exec)
		abi->on_exec(k, p);
	p->pgdir = pi.pgdir;
	p->heap_base = p->brk = pi.heap_base;
	p->state = P_RUNNING;
	k->initproc = p;
	p->pgid = p->sid = p->pid; /* as if started by `setsid`: a leader of both */
	kernel_enter_user(k, p, pi.entry, pi.sp);
	return 0;
}

/* The exec system call's second half: the file is read and the arguments
 * are in kernel memory. The old address space goes only once the new one
 * is complete, so a failed exec returns to the old program. */
int32_t exec_image(struct kernel *k, const uint8_t *data, size_t size, const struct exec_args *args)
{
	struct elf_image img;
	struct proc_image pi;
	char err[160];
	struct proc *p = k->cur;
	const struct abi *abi;
	if (check_select(k, data, size, p->abi, &img, &abi, err, sizeof(err)) < 0)
		return -ENOEXEC;
	int r = load_image(k, data, &img, abi, args, &pi);
	if (r < 0)
		return r;
	uint32_t old = p->pgdir;
	p->pgdir = pi.pgdir;
	cpu_set_cr(k->cpu, 3, pi.pgdir);
	if (!proc_vfork_leave(k, p))
		pgdir_destroy(k, old);
	p->heap_base = p->brk = pi.heap_base;
	set_name(p, args->argc > 0 ? args->argv[0] : "?");
	p->abi = abi;
	memset(p->tls, 0, sizeof(p->tls));
	tls_load(k, p);
	if (abi->on_exec)
		abi->on_exec(k, p);
	kfpu_exec(k, p);
	struct trapframe *tf = k->tf;
	memset(tf, 0, sizeof(*tf));
	tf->ds = tf->es = tf->fs = tf->gs = tf->ss = SEL_UDATA;
	tf->cs = SEL_UCODE;
	tf->eflags = FL_1 | FL_IF; /* a fresh program: only IF, as at the first start */
	tf->eip = pi.entry;
	tf->esp = pi.sp;
	tf->trapno = abi->vector;
	return 0;
}
