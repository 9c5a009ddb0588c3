/*
 * Loading the first program: check the ELF, build its address space, lay
 * out argc/argv on the user stack as xv6's exec does (docs/architecture.md), and
 * start it at CPL 3 through trapret's iret.
 */
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

static uint8_t *read_file(const char *path, size_t *size, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return NULL;
	}
	/* Host memory in proportion to the file, not ELF_MAX_FILE per load
	 * (fstat may be wrong for special files: reading stops at cap). */
	struct stat st;
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

/* Builds the initial stack in `pgdir`: strings at the top, then argv[],
 * argc and the fake return address 0xffffffff at esp. Returns esp or 0. */
static uint32_t build_stack(struct kernel *k, uint32_t pgdir, int argc, char **argv)
{
	uint32_t sp = USER_STACK_TOP;
	uint32_t uargv[MAX_ARGS + 1];
	if (argc > MAX_ARGS)
		return 0;
	uint32_t total = 0;
	for (int i = argc - 1; i >= 0; i--) {
		uint32_t len = (uint32_t)strlen(argv[i]) + 1;
		total += len;
		if (total > MAX_ARG_BYTES)
			return 0;
		sp -= len;
		if (pgdir_write(k, pgdir, sp, argv[i], len) < 0)
			return 0;
		uargv[i] = sp;
	}
	uargv[argc] = 0;
	sp &= ~3u;
	sp -= 4 * (uint32_t)(argc + 1);
	if (pgdir_write(k, pgdir, sp, uargv, 4 * (uint32_t)(argc + 1)) < 0)
		return 0;
	uint32_t head[3] = {0xffffffffu, (uint32_t)argc, sp};
	sp -= sizeof(head);
	if (pgdir_write(k, pgdir, sp, head, sizeof(head)) < 0)
		return 0;
	return sp;
}

/* A new address space holding the checked image, a user stack and the
 * arguments. The kernel writes the image through the page tables it
 * builds; read-only pages are read-only only for the program. 0 or
 * -ENOMEM (-E2BIG when the arguments do not fit). */
static int load_image(struct kernel *k, const uint8_t *data, const struct elf_image *img, int argc,
		      char **argv, struct proc_image *out)
{
	uint32_t pd = pgdir_create(k);
	if (!pd)
		return -ENOMEM;
	uint32_t top = 0;
	for (unsigned i = 0; i < img->nseg; i++) {
		const struct elf_segment *s = &img->seg[i];
		uint32_t flags = (s->flags & 2) ? PTE_W : 0;
		if (map_user_range(k, pd, s->vaddr, s->memsz, flags) < 0 ||
		    pgdir_write(k, pd, s->vaddr, data + s->offset, s->filesz) < 0)
			goto nomem;
		if (s->vaddr + s->memsz > top)
			top = s->vaddr + s->memsz;
	}
	if (map_user_range(k, pd, USER_STACK_LOW, USER_STACK_SIZE, PTE_W) < 0)
		goto nomem;
	out->sp = build_stack(k, pd, argc, argv);
	if (!out->sp) {
		pgdir_destroy(k, pd);
		return -E2BIG;
	}
	out->pgdir = pd;
	out->entry = img->entry;
	out->heap_base = (top + PAGE_MASK) & ~PAGE_MASK;
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

static void set_name(struct proc *p, const char *path)
{
	const char *base = strrchr(path, '/');
	snprintf(p->name, sizeof(p->name), "%s", base ? base + 1 : path);
}

int kernel_exec_first(struct kernel *k, const char *path, int argc, char **argv, char *err,
		      size_t errlen)
{
	size_t size;
	uint8_t *data = read_file(path, &size, err, errlen);
	if (!data)
		return -1;
	struct elf_image img;
	struct proc_image pi;
	/* Page 0 stays unmapped (NULL faults); the stack and its guard page
	 * sit at the top of user space. */
	if (elf_check(data, size, PAGE_SIZE, USER_STACK_LOW - PAGE_SIZE, &img, err, errlen) < 0) {
		free(data);
		return -1;
	}
	struct proc *p = proc_alloc(k);
	int r = p ? load_image(k, data, &img, argc, argv, &pi) : -ENOMEM;
	free(data);
	if (r == -E2BIG) {
		snprintf(err, errlen, "arguments too long (at most %d, %d bytes)", MAX_ARGS,
			 MAX_ARG_BYTES);
		return -1;
	}
	if (r < 0 || open_stdio(k, p) < 0) {
		snprintf(err, errlen, "not enough guest memory to load the program (try --mem)");
		return -1;
	}
	set_name(p, path);
	p->pgdir = pi.pgdir;
	p->heap_base = p->brk = pi.heap_base;
	p->state = P_RUNNING;
	k->initproc = p;
	kernel_enter_user(k, p, pi.entry, pi.sp);
	return 0;
}

/* The exec system call's second half: the file is read and the arguments
 * are in kernel memory. The old address space goes only once the new one
 * is complete, so a failed exec returns to the old program. */
int32_t exec_image(struct kernel *k, const uint8_t *data, size_t size, int argc, char **argv)
{
	struct elf_image img;
	struct proc_image pi;
	char err[160];
	if (elf_check(data, size, PAGE_SIZE, USER_STACK_LOW - PAGE_SIZE, &img, err, sizeof(err)) <
	    0)
		return -ENOEXEC;
	int r = load_image(k, data, &img, argc, argv, &pi);
	if (r < 0)
		return r;
	struct proc *p = k->cur;
	uint32_t old = p->pgdir;
	p->pgdir = pi.pgdir;
	cpu_set_cr(k->cpu, 3, pi.pgdir);
	pgdir_destroy(k, old);
	p->heap_base = p->brk = pi.heap_base;
	set_name(p, argc > 0 ? argv[0] : "?");
	struct trapframe *tf = k->tf;
	memset(tf, 0, sizeof(*tf));
	tf->ds = tf->es = tf->fs = tf->gs = tf->ss = SEL_UDATA;
	tf->cs = SEL_UCODE;
	tf->eflags = FL_1 | FL_IF; /* a fresh program: only IF, as at the first start */
	tf->eip = pi.entry;
	tf->esp = pi.sp;
	tf->trapno = T_SYSCALL;
	return 0;
}
