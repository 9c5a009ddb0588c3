/*
 * Fuzz target: the ELF loader. elf_check() runs on every input and its
 * promises are checked: on success every segment lies in the file and in
 * [lo, hi), the segments are apart and the entry point is inside one; on
 * failure there is a message. Inputs it accepts, and one in 16 of the
 * rest, also go through machine_load() from a temporary file and run for
 * a few instructions, so the real loader sees the same bytes.
 */
#include "../../kernel/elf.h"
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LO PAGE_SIZE
#define HI (USER_STACK_LOW - PAGE_SIZE)

static void check_image(const struct elf_image *img, size_t size)
{
	if (img->nseg == 0 || img->nseg > ELF_MAX_SEGMENTS)
		fz_fail("accepted image has a bad segment count", "");
	bool entry_in = false;
	for (unsigned j = 0; j < img->nseg; j++) {
		const struct elf_segment *s = &img->seg[j];
		uint64_t end = (uint64_t)s->vaddr + s->memsz;
		if (s->vaddr < LO || end > HI || s->filesz > s->memsz ||
		    (uint64_t)s->offset + s->filesz > size)
			fz_fail("accepted segment out of bounds", "");
		if (img->entry >= s->vaddr && img->entry < end)
			entry_in = true;
		for (unsigned i = 0; i < j; i++) {
			const struct elf_segment *o = &img->seg[i];
			if (s->vaddr < (uint64_t)o->vaddr + o->memsz && o->vaddr < end)
				fz_fail("accepted overlapping segments", "");
		}
	}
	if (!entry_in)
		fz_fail("accepted entry outside the segments", "");
}

static char path[64];

static void rm_path(void)
{
	unlink(path);
}

static void load_and_run(const uint8_t *data, size_t size, bool accepted)
{
	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/ia32emu-fuzz-elf-%d", (int)getpid());
		atexit(rm_path);
	}
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size)
		fz_fail("cannot write the temporary ELF", path);
	fclose(f);
	struct machine_config cfg;
	fz_machine_config(&cfg, 4);
	char err[256] = "";
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	if (!m)
		fz_fail("machine_create", err);
	char *argv[] = {"fuzzed", "arg", NULL};
	if (machine_load(m, path, 2, argv, err, sizeof(err)) == 0) {
		if (!accepted)
			fz_fail("machine_load accepted what elf_check refused", "");
		struct kernel *k = machine_kernel(m);
		for (int fd = 0; fd < 3; fd++)
			if (k->cur->ofile[fd])
				k->cur->ofile[fd]->host_fd = -1;
		fz_check_user_result(m, machine_run(m, 2000));
	} else if (!err[0]) {
		fz_fail("machine_load failed without a message", "");
	}
	machine_destroy(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, so reading past the end is an ASan report. */
	uint8_t *d = malloc(size ? size : 1);
	if (!d)
		return 0;
	memcpy(d, data, size);
	struct elf_image img;
	char err[128] = "";
	bool ok = elf_check(d, size, LO, HI, ELF_PIE_BASE, &img, err, sizeof(err)) == 0;
	if (ok)
		check_image(&img, size);
	else if (!err[0])
		fz_fail("elf_check refused without a message", "");
	uint32_t h = 2166136261u;
	for (size_t k = 0; k < size; k++)
		h = (h ^ d[k]) * 16777619u;
	if (ok || (h & 15) == 0)
		load_and_run(d, size, ok);
	free(d);
	return 0;
}
