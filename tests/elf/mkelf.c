/*
 * mkelf CLASS OUT: writes a small ELF file, valid or broken in exactly one
 * way named by CLASS, for tests/e2e/t_elf.sh. The valid one exits with
 * status 7, so each malformed file is one change away from a program that
 * runs. (Field offsets: System V ABI, ELF32 header and program header.)
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define BASE  0x08048000u
#define ENTRY (BASE + 0x200u)
#define SIZE  0x1000u

static uint8_t img[SIZE];

static void w16(uint32_t off, uint16_t v)
{
	img[off] = (uint8_t)v;
	img[off + 1] = (uint8_t)(v >> 8);
}

static void w32(uint32_t off, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		img[off + k] = (uint8_t)(v >> (8 * k));
}

/* Program header `n` (at 52 + 32n): type, offset, vaddr, filesz, memsz, flags. */
static void phdr(unsigned n, uint32_t type, uint32_t off, uint32_t va, uint32_t filesz,
		 uint32_t memsz, uint32_t flags)
{
	uint32_t p = 52 + 32 * n;
	w32(p, type);
	w32(p + 4, off);
	w32(p + 8, va);
	w32(p + 12, va);
	w32(p + 16, filesz);
	w32(p + 20, memsz);
	w32(p + 24, flags);
	w32(p + 28, 0x1000);
}

static void valid(void)
{
	memcpy(img, "\177ELF\1\1\1", 7);
	w16(16, 2); /* ET_EXEC */
	w16(18, 3); /* EM_386 */
	w32(20, 1); /* EV_CURRENT */
	w32(24, ENTRY);
	w32(28, 52); /* e_phoff */
	w16(40, 52); /* e_ehsize */
	w16(42, 32); /* e_phentsize */
	w16(44, 1);  /* e_phnum */
	phdr(0, 1, 0, BASE, SIZE, SIZE, 5);
	/* push $7; push $0; mov $SYS_exit,%eax; int $64; jmp . */
	static const uint8_t code[] = {0x6a, 7, 0x6a, 0, 0xb8, 2, 0, 0, 0, 0xcd, 64, 0xeb, 0xfe};
	memcpy(img + 0x200, code, sizeof(code));
}

/* Not malformed: a `run --bare` image at 1 MiB whose #UD handler is a
 * ud2, entered by a ud2. Every delivery faults again and no instruction
 * ever retires (as on hardware): only the budget or --timeout ends it. */
static void fault_storm(void)
{
	const uint32_t base = 0x100000u;
	w32(24, base + 0x200);
	phdr(0, 1, 0, base, SIZE, SIZE, 7);
	/* lidt 0x100300; ud2 (at base + 0x207) */
	static const uint8_t code[] = {0x0f, 0x01, 0x1d, 0x00, 0x03, 0x10, 0x00, 0x0f, 0x0b};
	memcpy(img + 0x200, code, sizeof(code));
	w16(0x300, 0x7ff); /* IDTR: limit, base */
	w32(0x302, base + 0x400);
	/* IDT[6]: interrupt gate, CS 0x08, offset base + 0x207, DPL 0, present. */
	w32(0x400 + 8 * 6, 0x00080000u | 0x0207u);
	w32(0x404 + 8 * 6, (base & 0xffff0000u) | 0x8e00u);
}

/* Valid: one segment ending at the stack guard page, above the heap
 * limit. It exits with bits 19:12 of sbrk(0): 0xbe for the break
 * 0xbffbe000, 0xff for -ENOMEM. */
static void heap_at_limit(void)
{
	const uint32_t va = 0xbffbd000u;
	w32(24, va + 0x200);
	phdr(0, 1, 0, va, SIZE, SIZE, 7);
	/* push $0; push $0; mov $SYS_sbrk,%eax; int $64; mov %eax,%ebx;
	 * shr $12,%ebx; and $0xff,%ebx; push %ebx; push $0; mov $SYS_exit,%eax;
	 * int $64 */
	static const uint8_t code[] = {0x6a, 0,	 0x6a, 0,    0xb8, 19,	 0,    0,    0,
				       0xcd, 64, 0x89, 0xc3, 0xc1, 0xeb, 0x0c, 0x81, 0xe3,
				       0xff, 0,	 0,    0,    0x53, 0x6a, 0,    0xb8, 2,
				       0,    0,	 0,    0xcd, 64,   0xeb, 0xfe};
	memset(img + 0x200, 0, 16);
	memcpy(img + 0x200, code, sizeof(code));
}

/* Applies CLASS; returns the file size to write, or 0 for an unknown class. */
static uint32_t breakit(const char *c)
{
	valid();
	if (!strcmp(c, "valid"))
		return SIZE;
	if (!strcmp(c, "truncated-header"))
		return 30;
	if (!strcmp(c, "truncated-phdrs"))
		return 60; /* the header, and 8 of the program header's 32 bytes */
	if (!strcmp(c, "truncated-data"))
		return 0x180; /* phdrs intact, the segment's bytes cut */
	if (!strcmp(c, "bad-magic"))
		img[1] = 'X';
	else if (!strcmp(c, "class64"))
		img[4] = 2;
	else if (!strcmp(c, "big-endian"))
		img[5] = 2;
	else if (!strcmp(c, "bad-version"))
		w32(20, 0);
	else if (!strcmp(c, "machine-x86-64"))
		w16(18, 62);
	else if (!strcmp(c, "type-dyn"))
		w16(16, 3);
	else if (!strcmp(c, "type-rel"))
		w16(16, 1);
	else if (!strcmp(c, "phentsize"))
		w16(42, 40);
	else if (!strcmp(c, "phnum-zero"))
		w16(44, 0);
	else if (!strcmp(c, "phnum-absurd"))
		w16(44, 0xffff);
	else if (!strcmp(c, "phoff-huge"))
		w32(28, 0xfffffff0u);
	else if (!strcmp(c, "interp") || !strcmp(c, "interp-nonul")) {
		/* A valid program that names an interpreter. */
		w16(44, 2);
		phdr(1, 3, 0x300, 0, 19, 19, 4);
		memcpy(img + 0x300, "/lib/ld-linux.so.2", 19);
		if (c[6])
			img[0x312] = '!';
	} else if (!strcmp(c, "interp-long"))
		phdr(0, 3, 0, BASE, SIZE, SIZE, 4);
	else if (!strcmp(c, "filesz-over-memsz"))
		phdr(0, 1, 0, BASE, SIZE, 0x800, 5);
	else if (!strcmp(c, "offset-huge"))
		phdr(0, 1, 0xfffff000u, BASE, SIZE, SIZE, 5);
	else if (!strcmp(c, "filesz-huge"))
		phdr(0, 1, 0, BASE, 0xffffffffu, 0xffffffffu, 5);
	else if (!strcmp(c, "memsz-negative"))
		phdr(0, 1, 0, BASE, SIZE, 0xfffff000u, 5); /* -4096 as an int */
	else if (!strcmp(c, "vaddr-wraps"))
		phdr(0, 1, 0, 0xfffff000u, SIZE, 0x2000, 5);
	else if (!strcmp(c, "kernel-space"))
		phdr(0, 1, 0, 0xc0000000u, SIZE, SIZE, 5);
	else if (!strcmp(c, "null-page"))
		phdr(0, 1, 0, 0, SIZE, SIZE, 5);
	else if (!strcmp(c, "stack-guard")) /* the guard page under the user stack */
		phdr(0, 1, 0, 0xbffbe000u, SIZE, SIZE, 5);
	else if (!strcmp(c, "overlap")) {
		w16(44, 2);
		phdr(1, 1, 0, BASE + 0x800, 0x100, 0x1000, 6);
	} else if (!strcmp(c, "too-many-segments")) {
		w16(44, 17);
		for (unsigned n = 0; n < 17; n++)
			phdr(n, 1, 0, BASE + 0x1000 * n, SIZE, SIZE, 5);
	} else if (!strcmp(c, "no-load"))
		phdr(0, 4, 0, BASE, SIZE, SIZE, 4); /* PT_NOTE only */
	else if (!strcmp(c, "entry-outside"))
		w32(24, BASE + 0x10000);
	else if (!strcmp(c, "bare-fault-storm"))
		fault_storm();
	else if (!strcmp(c, "memsz-beyond-ram")) /* 256 MiB of bss: a guest-memory problem */
		phdr(0, 1, 0, BASE, SIZE, 0x10000000u, 7);
	else if (!strcmp(c, "bss-2g")) /* 2 GiB of bss: refused before any page is touched */
		phdr(0, 1, 0, 0x10000000u, SIZE, 0x80000000u, 7), w32(24, 0x10000200u);
	else if (!strcmp(c, "heap-at-limit"))
		heap_at_limit();
	else
		return 0;
	return SIZE;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: mkelf CLASS OUT\n");
		return 2;
	}
	uint32_t n = breakit(argv[1]);
	if (!n) {
		fprintf(stderr, "mkelf: unknown class %s\n", argv[1]);
		return 2;
	}
	FILE *f = fopen(argv[2], "wb");
	if (!f || fwrite(img, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "mkelf: cannot write %s\n", argv[2]);
		return 1;
	}
	return 0;
}
