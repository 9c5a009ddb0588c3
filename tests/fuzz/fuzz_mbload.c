/*
 * Fuzz target: the bare (Multiboot) loader, kernel/bare.c, on whole files:
 * the header search, the a.out kludge's fields (load_addr, load_end_addr,
 * bss_end_addr, entry_addr, checked before memory is touched) and the ELF
 * path. One input is a file, loaded by machine_load() into a 2 MiB bare
 * machine from a temporary file. A refusal must say why; an accepted image
 * runs for 2,000 instructions and must not pass the budget. Half of the
 * inputs get a valid kludge header at file offset 0 over their first 12
 * bytes (input byte 0 chooses), so the mutations reach the field checks.
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

static void rm_path(void)
{
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool header = data[0] & 1;
	data++;
	size--;
	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/ia32emu-fuzz-mbload-%d", (int)getpid());
		atexit(rm_path);
	}
	uint8_t *img = malloc(size > 32 ? size : 32);
	if (!img)
		return 0;
	memcpy(img, data, size);
	if (header) {
		/* magic, flags with bit 16, checksum; the fields follow from the input. */
		static const uint8_t mb[12] = {0x02, 0xb0, 0xad, 0x1b, 0x00, 0x00,
					       0x01, 0x00, 0xfe, 0x4f, 0x51, 0xe4};
		if (size < 32) {
			memset(img + size, 0, 32 - size);
			size = 32;
		}
		memcpy(img, mb, sizeof(mb));
	}
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(img, 1, size, f) != size)
		fz_fail("cannot write the temporary image", path);
	fclose(f);
	free(img);
	struct machine_config cfg;
	machine_config_default(&cfg);
	cfg.mem_bytes = 2u << 20;
	cfg.bare = true;
	char err[256] = "";
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	if (!m)
		fz_fail("machine_create (bare)", err);
	char *argv[] = {"mb", NULL};
	if (machine_load(m, path, 1, argv, err, sizeof(err)) == 0) {
		uint64_t before = machine_cpu(m)->icount;
		machine_run(m, 2000);
		if (machine_cpu(m)->icount - before > 2000)
			fz_fail("bare run went past its budget", machine_message(m));
	} else if (!err[0]) {
		fz_fail("a refused image without a message", "");
	}
	machine_destroy(m);
	return 0;
}
