/*
 * Which ABI a program gets (docs/linux.md "Which ABI a program gets"). In
 * order, the first that applies:
 *   1. --abi NAME (k->forced_abi): that ABI, for every program of the run;
 *   2. a PT_NOTE note named "ia32emu" (the one ia32emu's crt0 carries):
 *      ia32emu;
 *   3. a Linux marker: e_ident[EI_OSABI] = ELFOSABI_GNU/Linux (3), a "GNU"
 *      NT_GNU_ABI_TAG note (glibc's crt1), or a PT_GNU_RELRO segment (what
 *      GNU ld gives every program linked with a C library's start-up code,
 *      musl's included; musl static programs carry no note): linux;
 *   4. a loadable segment in page 0 (below 0x1000): xv6, whose Makefile
 *      links every user program with `-Ttext 0`; no other ABI maps page 0,
 *      so such a program could run under no other (docs/xv6.md);
 *   5. otherwise the ABI of the process calling exec, and for the first
 *      program ia32emu, so assembly programs with their own _start keep
 *      working unmarked.
 * ABIs with rules of their own add them here, before rule 5.
 */
#include "abi.h"

#include <string.h>

#define ELFOSABI_LINUX 3
#define NT_GNU_ABI_TAG 1
#define PT_GNU_RELRO   0x6474e552u

static const struct abi *const abi_list[] = {&abi_ia32emu, &abi_linux, &abi_xv6};

const struct abi *abi_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(abi_list) / sizeof(abi_list[0]); i++)
		if (strcmp(abi_list[i]->name, name) == 0)
			return abi_list[i];
	return NULL;
}

const char *abi_names(void)
{
	return "ia32emu, linux, xv6";
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Whether a note named `name` (of type `type`, or any when type is ~0)
 * lies in one of the image's PT_NOTE segments (System V gABI "Note
 * Section": namesz, descsz, type, name and desc each padded to 4). */
static bool has_note(const uint8_t *data, const struct elf_image *img, const char *name,
		     uint32_t type)
{
	uint32_t want = (uint32_t)strlen(name) + 1;
	for (unsigned i = 0; i < img->nnote; i++) {
		const uint8_t *p = data + img->note[i].offset;
		uint32_t left = img->note[i].size;
		while (left >= 12) {
			uint32_t namesz = rd32(p), descsz = rd32(p + 4), ntype = rd32(p + 8);
			uint64_t len = 12 + (((uint64_t)namesz + 3) & ~3ull) +
				       (((uint64_t)descsz + 3) & ~3ull);
			if (len > left)
				break;
			if (namesz == want && memcmp(p + 12, name, want) == 0 &&
			    (type == ~0u || ntype == type))
				return true;
			p += len;
			left -= (uint32_t)len;
		}
	}
	return false;
}

static bool has_segment(const uint8_t *data, size_t size, const struct elf_image *img,
			uint32_t type)
{
	for (unsigned i = 0; i < img->phnum; i++) {
		uint64_t off = (uint64_t)img->phoff + 32u * i;
		if (off + 32 <= size && rd32(data + off) == type)
			return true;
	}
	return false;
}

const struct abi *abi_select(const struct kernel *k, const uint8_t *data, size_t size,
			     const struct elf_image *img, const struct abi *inherit)
{
	if (k->forced_abi)
		return k->forced_abi;
	if (has_note(data, img, "ia32emu", ~0u))
		return &abi_ia32emu;
	if (img->osabi == ELFOSABI_LINUX || has_note(data, img, "GNU", NT_GNU_ABI_TAG) ||
	    has_segment(data, size, img, PT_GNU_RELRO))
		return &abi_linux;
	for (unsigned i = 0; i < img->nseg; i++)
		if (img->seg[i].vaddr < 0x1000u)
			return &abi_xv6;
	return inherit ? inherit : &abi_ia32emu;
}
