/*
 * Loading the first program: check the ELF, build its address space, lay
 * out argc/argv on the user stack as xv6's exec does (DESIGN.md §3), and
 * start it at CPL 3 through trapret's iret.
 */
#include "elf.h"
#include "kernel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS      64
#define MAX_ARG_BYTES 65536u

static uint8_t *read_file(const char *path, size_t *size, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return NULL;
	}
	uint8_t *buf = malloc(ELF_MAX_FILE + 1);
	size_t n = buf ? fread(buf, 1, ELF_MAX_FILE + 1, f) : 0;
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

/* Builds the initial stack: strings at the top, then argv[], argc and the
 * fake return address 0xffffffff at esp. Returns esp or 0. */
static uint32_t build_stack(struct kernel *k, int argc, char **argv)
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
		if (copyout(k, sp, argv[i], len) < 0)
			return 0;
		uargv[i] = sp;
	}
	uargv[argc] = 0;
	sp &= ~3u;
	sp -= 4 * (uint32_t)(argc + 1);
	if (copyout(k, sp, uargv, 4 * (uint32_t)(argc + 1)) < 0)
		return 0;
	uint32_t head[3] = {0xffffffffu, (uint32_t)argc, sp};
	sp -= sizeof(head);
	if (copyout(k, sp, head, sizeof(head)) < 0)
		return 0;
	return sp;
}

int kernel_exec_first(struct kernel *k, const char *path, int argc, char **argv, char *err,
		      size_t errlen)
{
	size_t size;
	uint8_t *data = read_file(path, &size, err, errlen);
	if (!data)
		return -1;
	struct elf_image img;
	/* Page 0 stays unmapped (NULL faults); the stack and its guard page
	 * sit at the top of user space. */
	if (elf_check(data, size, PAGE_SIZE, USER_STACK_LOW - PAGE_SIZE, &img, err, errlen) < 0) {
		free(data);
		return -1;
	}
	struct proc *p = &k->proc0;
	memset(p, 0, sizeof(*p));
	p->pid = k->next_pid++;
	const char *base = strrchr(path, '/');
	snprintf(p->name, sizeof(p->name), "%s", base ? base + 1 : path);
	p->pgdir = pgdir_create(k);
	if (!p->pgdir)
		goto nomem;
	/* Switch to the new address space, as exec does, so the loader's
	 * copies go through its page tables. */
	cpu_set_cr(k->cpu, 3, p->pgdir);
	cpu_set_cr(k->cpu, 0, CR0_PE | CR0_ET | CR0_WP | CR0_PG);
	uint32_t top = 0;
	for (unsigned i = 0; i < img.nseg; i++) {
		const struct elf_segment *s = &img.seg[i];
		uint32_t flags = (s->flags & 2) ? PTE_W : 0;
		if (map_user_range(k, p->pgdir, s->vaddr, s->memsz, flags) < 0)
			goto nomem;
		/* The kernel writes the image through its own view of the new
		 * pages; read-only pages are read-only only for the program. */
		if (cpu_poke(k->cpu, s->vaddr, data + s->offset, s->filesz, false) != s->filesz)
			goto nomem;
		if (s->vaddr + s->memsz > top)
			top = s->vaddr + s->memsz;
	}
	free(data);
	data = NULL;
	p->heap_base = p->brk = (top + PAGE_MASK) & ~PAGE_MASK;
	if (map_user_range(k, p->pgdir, USER_STACK_LOW, USER_STACK_SIZE, PTE_W) < 0)
		goto nomem;
	for (int fd = 0; fd < 3; fd++) {
		p->files[fd].host_fd = fd;
		p->files[fd].readable = fd == 0;
		p->files[fd].writable = fd != 0;
		p->ofile[fd] = &p->files[fd];
	}
	k->cur = p;
	tlb_flush_all(&k->cpu->mmu);
	uint32_t sp = build_stack(k, argc, argv);
	if (!sp) {
		snprintf(err, errlen, "arguments too long (at most %d, %u bytes)", MAX_ARGS,
			 MAX_ARG_BYTES);
		return -1;
	}
	kernel_enter_user(k, p, img.entry, sp);
	return 0;
nomem:
	free(data);
	snprintf(err, errlen, "not enough guest memory to load the program (try --mem)");
	return -1;
}
