/*
 * Loading a program: check the ELF, choose its ABI (abi_select.c), build
 * its address space, let the ABI lay out its initial stack (xv6's argc/argv,
 * or System V's argc/argv/envp/auxv), and start it at CPL 3 through
 * trapret's iret.
 */
#include "abi.h"
#include "abi_linux.h"
#include "elf.h"
#include "kernel.h"
#include "sysdefs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A loaded program: its address space and where it starts. */
struct proc_image {
	uint32_t pgdir, entry, sp, heap_base;
	uint32_t interp_low; /* the interpreter's lowest page (0: none) */
};

/* A dynamically linked program's interpreter (PT_INTERP: the dynamic
 * linker), read from the guest's tree; data NULL when there is none. */
struct interp {
	uint8_t *data;
	size_t size;
	struct elf_image img;
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
/* Pages (and page tables) the segments of `img` need. */
static uint64_t image_pages(const struct elf_image *img)
{
	uint64_t need = 0;
	for (unsigned i = 0; i < img->nseg; i++) {
		const struct elf_segment *s = &img->seg[i];
		uint64_t lo = s->vaddr & ~(uint64_t)PAGE_MASK;
		uint64_t hi = ((uint64_t)s->vaddr + s->memsz + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
		need += (hi - lo) / PAGE_SIZE + (hi - lo) / (1024u * PAGE_SIZE) + 2;
	}
	return need;
}

/* The segments of `img` into `pd`; their lowest and highest address into
 * *low and *top (widened). */
static int map_image(struct kernel *k, uint32_t pd, const uint8_t *data,
		     const struct elf_image *img, uint32_t *low, uint32_t *top)
{
	for (unsigned i = 0; i < img->nseg; i++) {
		const struct elf_segment *s = &img->seg[i];
		uint32_t flags = (s->flags & 2) ? PTE_W : 0;
		if (map_user_range(k, pd, s->vaddr, s->memsz, flags) < 0 ||
		    pgdir_write(k, pd, s->vaddr, data + s->offset, s->filesz) < 0)
			return -1;
		if (s->vaddr + s->memsz > *top)
			*top = s->vaddr + s->memsz;
		if (s->vaddr < *low)
			*low = s->vaddr;
	}
	return 0;
}

static int load_image(struct kernel *k, const uint8_t *data, const struct elf_image *img,
		      const struct interp *in, const struct abi *abi, const struct exec_args *args,
		      struct proc_image *out)
{
	/* Refused before any page is touched when it cannot fit: the pages of
	 * every segment, the stack, a page table per 4 MiB spanned, the
	 * directory. A 2 GiB bss fails here at once. */
	uint64_t need =
	    USER_STACK_PAGES + 2 + image_pages(img) + (in->data ? image_pages(&in->img) : 0);
	if (need > k->free_pages)
		return -ENOMEM;
	uint32_t pd = pgdir_create(k);
	if (!pd)
		return -ENOMEM;
	uint32_t top = 0, low = 0xffffffffu, itop = 0, ilow = 0xffffffffu;
	if (map_image(k, pd, data, img, &low, &top) < 0 ||
	    (in->data && map_image(k, pd, in->data, &in->img, &ilow, &itop) < 0))
		goto nomem;
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
	struct exec_image_info ii = {img, low & ~PAGE_MASK, stack_lo + stack_len,
				     in->data ? in->img.bias : 0};
	out->sp = abi->build_stack(k, pd, args, &ii);
	if (!out->sp) {
		pgdir_destroy(k, pd);
		return -E2BIG;
	}
	out->pgdir = pd;
	out->entry = in->data ? in->img.entry : img->entry;
	out->interp_low = in->data ? ilow & ~PAGE_MASK : 0;
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
static int check_select_abi(struct kernel *k, const uint8_t *data, size_t size,
			    const struct abi *inherit, struct elf_image *img,
			    const struct abi **abi, char *err, size_t errlen)
{
	if (elf_check(data, size, PAGE_SIZE, USER_STACK_LOW - PAGE_SIZE, ELF_PIE_BASE, img, err,
		      errlen) == 0) {
		*abi = abi_select(k, data, size, img, inherit);
		if (!(*abi)->user_top)
			return 0;
	} else {
		/* In page 0: fine if that gives an xv6 address space; if not,
		 * the first message says why it cannot run. */
		char first[200];
		snprintf(first, sizeof(first), "%s", err);
		if (elf_check(data, size, 0, USER_STACK_LOW - PAGE_SIZE, ELF_PIE_BASE, img, err,
			      errlen) < 0 ||
		    !(*abi = abi_select(k, data, size, img, inherit))->user_top) {
			snprintf(err, errlen, "%s", first);
			return -1;
		}
	}
	return elf_check(data, size, 0, (*abi)->user_top - PAGE_SIZE, ELF_PIE_BASE, img, err,
			 errlen);
}

/* Checks the interpreter's file and places it: its pages end at the top of
 * the mappings' area, apart from the program's. 0, or -1 with a reason. */
static int place_interp(const struct elf_image *img, struct interp *in, char *why, size_t n)
{
	struct elf_image probe;
	const uint32_t top = LINUX_MMAP_TOP;
	if (elf_check(in->data, in->size, 0, top, 0, &probe, why, n) < 0)
		return -1;
	if (!probe.dyn || probe.interp_len) {
		snprintf(why, n, "%s",
			 probe.dyn ? "has an interpreter itself" : "not position-independent");
		return -1;
	}
	uint32_t lo = 0xffffffffu, hi = 0;
	for (unsigned i = 0; i < probe.nseg; i++) {
		lo = probe.seg[i].vaddr < lo ? probe.seg[i].vaddr : lo;
		if (probe.seg[i].vaddr + probe.seg[i].memsz > hi)
			hi = probe.seg[i].vaddr + probe.seg[i].memsz;
	}
	lo &= ~PAGE_MASK;
	hi = (hi + PAGE_MASK) & ~PAGE_MASK;
	/* Checked again where it goes: a span larger than the area wraps
	 * the bias and fails here. */
	if (elf_check(in->data, in->size, PAGE_SIZE, top, top - (hi - lo) - lo, &in->img, why, n) <
	    0)
		return -1;
	for (unsigned i = 0; i < img->nseg; i++) {
		if ((uint64_t)img->seg[i].vaddr + img->seg[i].memsz > (uint64_t)(top - (hi - lo))) {
			snprintf(why, n, "would overlap the program");
			return -1;
		}
	}
	return 0;
}

/*
 * The interpreter a program names (PT_INTERP), from the guest's tree as
 * Linux's open_exec() finds it (the cwd for a relative path), checked as a
 * program is and loaded, as Linux maps it, at the top of the mappings'
 * area: ET_DYN only, with no interpreter of its own. 0 or -errno with a
 * message (-ENOENT and the like from the file, -ELIBBAD for its contents).
 */
static int read_interp(struct kernel *k, const uint8_t *data, const struct elf_image *img,
		       struct interp *in, char *err, size_t errlen)
{
	const char *path = (const char *)data + img->interp_off;
	int32_t r = fs_read_path(k, path, &in->data, &in->size);
	if (r < 0) {
		in->data = NULL;
		snprintf(err, errlen, "cannot load its interpreter %s: %s", path, strerror(-r));
		return r;
	}
	char why[160];
	if (place_interp(img, in, why, sizeof(why)) == 0)
		return 0;
	snprintf(err, errlen, "its interpreter %s: %s", path, why);
	free(in->data);
	in->data = NULL;
	return -ELIBBAD;
}

/* The program's checks and ABI, then its interpreter when it names one:
 * only the Linux personality runs position-independent and dynamically
 * linked programs. 0 or -errno (-ENOEXEC: not a program we run) with a
 * message; *in holds the interpreter (free in->data). */
static int check_select(struct kernel *k, const uint8_t *data, size_t size,
			const struct abi *inherit, struct elf_image *img, const struct abi **abi,
			struct interp *in, char *err, size_t errlen)
{
	in->data = NULL;
	if (check_select_abi(k, data, size, inherit, img, abi, err, errlen) < 0)
		return -ENOEXEC;
	if (*abi != &abi_linux && (img->dyn || img->interp_len || img->dynamic)) {
		snprintf(err, errlen,
			 img->interp_len || img->dynamic
			     ? "a dynamically linked program: the %s ABI runs static executables "
			       "(link with -static -no-pie)"
			     : "a position-independent (PIE) program: the %s ABI runs static "
			       "executables (link with -static -no-pie)",
			 (*abi)->name);
		return -ENOEXEC;
	}
	return img->interp_len ? read_interp(k, data, img, in, err, errlen) : 0;
}

/* Mappings (Linux mmap) start below the interpreter, which lies at the
 * top of their area (read_interp). */
static void mappings_below(struct proc *p, const struct proc_image *pi)
{
	if (pi->interp_low && p->mmap_next > pi->interp_low)
		p->mmap_next = pi->interp_low;
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
	struct interp in;
	const struct abi *abi;
	if (check_select(k, data, size, NULL, &img, &abi, &in, err, errlen) < 0) {
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
	int r = p ? load_image(k, data, &img, &in, abi, &ea, &pi) : -ENOMEM;
	free(data);
	free(in.data);
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
	mappings_below(p, &pi);
	p->load_bias = img.dyn ? img.bias : 0;
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
	struct interp in;
	char err[200];
	struct proc *p = k->cur;
	const struct abi *abi;
	int r = check_select(k, data, size, p->abi, &img, &abi, &in, err, sizeof(err));
	if (r < 0)
		return r;
	r = load_image(k, data, &img, &in, abi, args, &pi);
	free(in.data);
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
	mappings_below(p, &pi);
	p->load_bias = img.dyn ? img.bias : 0;
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
