/* ELF32 executable parsing and checking (System V ABI, i386 supplement). */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 16
#define ELF_MAX_FILE	 (64u << 20)

struct elf_segment {
	uint32_t vaddr, memsz;
	uint32_t offset, filesz;
	uint32_t flags; /* PF_X 1, PF_W 2, PF_R 4 */
};

#define ELF_MAX_NOTES  4
#define ELF_INTERP_MAX 256 /* bytes of a PT_INTERP path, its NUL included */
/* Where exec loads a position-independent (ET_DYN) program: the address
 * Linux gave an i386 PIE before 4.13, which gdb users know. */
#define ELF_PIE_BASE 0x56555000u

struct elf_image {
	uint32_t entry;
	unsigned nseg;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
	uint8_t osabi;	     /* e_ident[EI_OSABI]: 0 System V, 3 GNU/Linux */
	uint32_t phoff;	     /* program headers: file offset, */
	unsigned phnum;	     /* count (32 bytes each), */
	uint32_t phdr_vaddr; /* and address once loaded (0: not in a segment) */
	unsigned nnote;	     /* PT_NOTE segments, inside the file */
	struct {
		uint32_t offset, size;
	} note[ELF_MAX_NOTES];
	bool dyn;	     /* ET_DYN: every address above is bias + the file's */
	uint32_t bias;	     /* what was added (0 for ET_EXEC) */
	uint32_t interp_off; /* PT_INTERP: the interpreter's path in the file, */
	uint32_t interp_len; /* its length without the NUL (0: no interpreter) */
	bool dynamic;	     /* a PT_DYNAMIC segment */
};

/*
 * Checks every header field the loader uses and fills *img. Refuses, with a
 * message in err, anything that is not a 32-bit little-endian i386 ET_EXEC
 * or ET_DYN whose loadable segments lie inside [lo, hi), inside the file,
 * and apart; an ET_DYN image's addresses are taken `bias` higher. A
 * PT_INTERP path must be one string. Returns 0 or -1. A pure function of
 * the bytes: fuzzed directly.
 */
int elf_check(const uint8_t *data, size_t size, uint32_t lo, uint32_t hi, uint32_t bias,
	      struct elf_image *img, char *err, size_t errlen);
/* The same for a static ET_EXEC only (ET_DYN, PT_INTERP and PT_DYNAMIC
 * refused), naming the allowed range `space` in messages ("guest memory"
 * for a bare-mode image). */
int elf_check_in(const uint8_t *data, size_t size, uint32_t lo, uint32_t hi, const char *space,
		 struct elf_image *img, char *err, size_t errlen);

/* The host file `path` in a malloc'd buffer sized from the file (at most
 * ELF_MAX_FILE bytes), for exec and the bare loader; NULL with a message. */
uint8_t *elf_read_file(const char *path, size_t *size, char *err, size_t errlen);

#endif
