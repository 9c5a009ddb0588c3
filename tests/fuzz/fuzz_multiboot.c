/*
 * Fuzz target: random code at CPL 0 in `run --bare` mode, through the
 * machine API. A tiny Multiboot-style ELF at 1 MiB is loaded by the bare
 * loader (kernel/bare.c), the input's code is poked at its entry and run
 * for 4,000 instructions with the loader's GDT, no IDT and paging off, as
 * `ia32emu run --bare` would. The code owns the machine: it may print to
 * the debug console, exit through port 0xF4, load tables, turn on paging,
 * halt or triple-fault; every end is allowed except a host crash, a
 * sanitizer report or running past the budget.
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define MB_BASE 0x100000u

static char path[64];

static void rm_image(void)
{
	unlink(path);
}

static const char *image_path(void)
{
	if (path[0])
		return path;
	snprintf(path, sizeof(path), "/tmp/ia32emu-fuzz-mb-%d", (int)getpid());
	atexit(rm_image);
	uint8_t img[0x1000];
	fz_tiny_elf_at(img, sizeof(img), MB_BASE);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(img, 1, sizeof(img), f) != sizeof(img))
		fz_fail("cannot write the bare image", path);
	fclose(f);
	return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct machine_config cfg;
	machine_config_default(&cfg);
	cfg.mem_bytes = 2u << 20;
	cfg.bare = true;
	cfg.timer_period = (data[0] & 0x80) ? 1 + (data[0] & 0x7f) : 0;
	char err[256] = "";
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	if (!m)
		fz_fail("machine_create (bare)", err);
	char *argv[] = {"mb", NULL};
	if (machine_load(m, image_path(), 1, argv, err, sizeof(err)) < 0)
		fz_fail("bare load of the tiny image", err);
	size_t n = size - 1 < 3 * 4096u ? size - 1 : 3 * 4096u;
	if (cpu_poke(machine_cpu(m), MB_BASE + 0x100, data + 1, (uint32_t)n, false) != n)
		fz_fail("cannot poke the code", "");
	uint64_t before = machine_cpu(m)->icount;
	machine_run(m, 4000);
	if (machine_cpu(m)->icount - before > 4000)
		fz_fail("bare run went past its budget", machine_message(m));
	machine_destroy(m);
	return 0;
}
