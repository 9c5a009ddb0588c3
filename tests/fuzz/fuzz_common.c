/* Shared pieces of the fuzz targets (fuzz_common.h). */
#define _GNU_SOURCE /* nftw flags */
#include "fuzz_common.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		p[k] = (uint8_t)(v >> (8 * k));
}

void fz_tiny_elf(uint8_t *b, size_t filesz)
{
	fz_tiny_elf_at(b, filesz, FZ_BASE);
}

void fz_tiny_elf_at(uint8_t *b, size_t filesz, uint32_t base)
{
	memset(b, 0xf4, filesz); /* hlt: #GP at CPL 3 if ever reached */
	memset(b, 0, 0x54);
	memcpy(b, "\177ELF", 4);
	b[4] = 1;	  /* ELFCLASS32 */
	b[5] = 1;	  /* ELFDATA2LSB */
	b[6] = 1;	  /* EV_CURRENT */
	put16(b + 16, 2); /* ET_EXEC */
	put16(b + 18, 3); /* EM_386 */
	put32(b + 20, 1);
	put32(b + 24, base + 0x100);
	put32(b + 28, 52); /* phoff */
	put16(b + 40, 52); /* ehsize */
	put16(b + 42, 32); /* phentsize */
	put16(b + 44, 1);  /* phnum */
	uint8_t *ph = b + 52;
	put32(ph, 1); /* PT_LOAD */
	put32(ph + 4, 0);
	put32(ph + 8, base);
	put32(ph + 12, base);
	put32(ph + 16, (uint32_t)filesz);
	put32(ph + 20, FZ_PAGES * 4096u);
	put32(ph + 24, 7); /* RWX: self-modifying code is fuzzed too */
	put32(ph + 28, 4096);
}

static const char *tiny_path(void)
{
	static char path[64];
	if (path[0])
		return path;
	snprintf(path, sizeof(path), "/tmp/ia32emu-fuzz-tiny-%d", (int)getpid());
	uint8_t img[0x1000];
	fz_tiny_elf(img, sizeof(img));
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(img, 1, sizeof(img), f) != sizeof(img))
		fz_fail("cannot write the tiny program", path);
	fclose(f);
	return path;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	if (ftw->level > 0)
		remove(path);
	return 0;
}

static char root[64];

static void rm_root(void)
{
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	rmdir(root);
	unlink(tiny_path());
}

static void put_file(const char *name, const void *data, size_t n)
{
	char p[128];
	snprintf(p, sizeof(p), "%s/%s", root, name);
	FILE *f = fopen(p, "wb");
	if (!f || fwrite(data, 1, n, f) != n)
		fz_fail("cannot populate the sandbox", p);
	fclose(f);
}

const char *fz_root(void)
{
	if (!root[0]) {
		snprintf(root, sizeof(root), "/tmp/ia32emu-fuzz-root-XXXXXX");
		if (!mkdtemp(root))
			fz_fail("mkdtemp", root);
		atexit(rm_root);
	}
	/* Everything under the root goes (depth first, never following
	 * links), then the fixed contents come back. */
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	put_file("f", "hello\n", 6);
	uint8_t img[0x1000];
	fz_tiny_elf(img, sizeof(img));
	put_file("t", img, sizeof(img));
	char d[96];
	snprintf(d, sizeof(d), "%s/d", root);
	mkdir(d, 0755);
	return root;
}

void fz_machine_config(struct machine_config *cfg, uint32_t mem_mib)
{
	machine_config_default(cfg);
	cfg->mem_bytes = mem_mib << 20;
	cfg->root = fz_root();
	cfg->read_only = false;
}

static int devnull(void)
{
	static int fd = -1;
	if (fd < 0)
		fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		fz_fail("cannot open /dev/null", "");
	return fd;
}

struct machine *fz_machine(uint32_t mem_mib, uint64_t timer, const uint8_t *code, size_t n)
{
	struct machine_config cfg;
	fz_machine_config(&cfg, mem_mib);
	cfg.timer_period = timer;
	char err[256];
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	if (!m)
		fz_fail("machine_create", err);
	char *argv[] = {"tiny", NULL};
	if (machine_load(m, tiny_path(), 1, argv, err, sizeof(err)) < 0)
		fz_fail("machine_load of the tiny program", err);
	struct kernel *k = machine_kernel(m);
	for (int fd = 0; fd < 3; fd++)
		if (k->cur->ofile[fd])
			k->cur->ofile[fd]->host_fd = devnull();
	if (n > FZ_CODE_MAX)
		n = FZ_CODE_MAX;
	if (cpu_poke(machine_cpu(m), FZ_ENTRY, code, (uint32_t)n, false) != n)
		fz_fail("cannot poke the code", "");
	return m;
}

int fz_count_fds(void)
{
	devnull(); /* opened once and kept: not a leak */
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

void fz_fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz invariant broken: %s: %s\n", what, detail);
	abort();
}

void fz_check_user_result(struct machine *m, enum run_result r)
{
	switch (r) {
	case RUN_EXITED:
	case RUN_BUDGET: return;
	case RUN_KILLED:
		if (machine_exit_status(m) <= 128 || !machine_message(m)[0])
			fz_fail("a killed program needs status 128+n and a message",
				machine_message(m));
		return;
	case RUN_PANIC:
		/* Every process blocked for good is the guest's own doing. */
		if (strncmp(machine_message(m), "deadlock: ", 10) == 0)
			return;
		fz_fail("CPL 3 code panicked the kernel", machine_message(m));
	default: fz_fail("CPL 3 code ended the machine", machine_message(m));
	}
}
