/* ELF32 checking: every field is validated before it is used. */
#include "elf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define EI_NIDENT   16
#define ELFCLASS32  1
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1
#define ET_EXEC	    2
#define ET_DYN	    3
#define EM_386	    3
#define PT_LOAD	    1
#define PT_DYNAMIC  2
#define PT_INTERP   3
#define PT_NOTE	    4
#define EI_OSABI    7

static int fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
	return -1;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static int check(const uint8_t *d, size_t size, uint32_t lo, uint32_t hi, const char *space,
		 bool dyn_ok, uint32_t bias, struct elf_image *img, char *err, size_t n);

int elf_check(const uint8_t *d, size_t size, uint32_t lo, uint32_t hi, uint32_t bias,
	      struct elf_image *img, char *err, size_t n)
{
	return check(d, size, lo, hi, "user space", true, bias, img, err, n);
}

int elf_check_in(const uint8_t *d, size_t size, uint32_t lo, uint32_t hi, const char *space,
		 struct elf_image *img, char *err, size_t n)
{
	return check(d, size, lo, hi, space, false, 0, img, err, n);
}

/* PT_INTERP: the path of the interpreter, NUL-terminated inside the
 * segment and with no NUL before the end (binfmt_elf.c checks the last
 * byte; an embedded NUL would name another file than the bytes show). */
static int interp_path(const uint8_t *d, size_t size, const uint8_t *ph, struct elf_image *img,
		       char *err, size_t n)
{
	uint32_t off = rd32(ph + 4), len = rd32(ph + 16);
	if (img->interp_len)
		return fail(err, n, "more than one interpreter (PT_INTERP)");
	if (off > size || len > size - off || len < 2 || len > ELF_INTERP_MAX)
		return fail(err, n, "bad interpreter path (PT_INTERP at 0x%x, %u bytes)", off, len);
	if (d[off + len - 1] != 0 || memchr(d + off, 0, len - 1))
		return fail(err, n, "the interpreter path (PT_INTERP) is not one string");
	img->interp_off = off;
	img->interp_len = len - 1;
	return 0;
}

static int check(const uint8_t *d, size_t size, uint32_t lo, uint32_t hi, const char *space,
		 bool dyn_ok, uint32_t bias, struct elf_image *img, char *err, size_t n)
{
	memset(img, 0, sizeof(*img));
	if (size < 52)
		return fail(err, n, "not an ELF file (only %zu bytes)", size);
	if (memcmp(d, "\177ELF", 4) != 0)
		return fail(err, n, "not an ELF file (bad magic)");
	if (d[4] == ELFCLASS64)
		return fail(err, n,
			    "a 64-bit (x86-64) program: ia32emu runs 32-bit i386 programs "
			    "(build with ia32emu-cc, or gcc -m32 -static)");
	if (d[4] != ELFCLASS32)
		return fail(err, n, "not a 32-bit ELF file (class %u)", d[4]);
	if (d[5] != ELFDATA2LSB)
		return fail(err, n, "not a little-endian ELF file");
	if (d[6] != EV_CURRENT || rd32(d + 20) != EV_CURRENT)
		return fail(err, n, "unknown ELF version");
	uint16_t type = rd16(d + 16), machine = rd16(d + 18);
	if (machine != EM_386)
		return fail(err, n, "not an i386 executable (machine %u)", machine);
	if (type == ET_DYN && !dyn_ok)
		return fail(err, n,
			    "a position-independent (PIE) or shared object: ia32emu runs "
			    "static executables (link with -static -no-pie)");
	if (type != ET_EXEC && type != ET_DYN)
		return fail(err, n, "not an executable (ELF type %u; link with -static -no-pie)",
			    type);
	/* A position-independent image's addresses are offsets from where
	 * it is loaded (System V gABI "Base Address"): `bias` is added to
	 * every one of them, and the sums are what is checked and kept. */
	img->dyn = type == ET_DYN;
	uint64_t b = img->dyn ? bias : 0;
	img->bias = (uint32_t)b;
	uint64_t entry = b + rd32(d + 24);
	uint32_t phoff = rd32(d + 28);
	uint16_t phentsize = rd16(d + 42), phnum = rd16(d + 44);
	if (phentsize != 32)
		return fail(err, n, "bad program header size %u", phentsize);
	if (phnum == 0 || phnum > 64)
		return fail(err, n, "bad number of program headers (%u)", phnum);
	if (phoff > size || (uint64_t)phnum * 32 > size - phoff)
		return fail(err, n, "program headers lie outside the file");
	for (unsigned k = 0; k < phnum; k++) {
		const uint8_t *ph = d + phoff + 32 * k;
		uint32_t ptype = rd32(ph);
		if ((ptype == PT_INTERP || ptype == PT_DYNAMIC) && !dyn_ok)
			return fail(err, n,
				    "a dynamically linked program: ia32emu runs static "
				    "executables (link with -static -no-pie)");
		if (ptype == PT_INTERP && interp_path(d, size, ph, img, err, n) < 0)
			return -1;
		if (ptype == PT_DYNAMIC)
			img->dynamic = true;
		if (ptype == PT_NOTE && img->nnote < ELF_MAX_NOTES) {
			uint32_t off = rd32(ph + 4), len = rd32(ph + 16);
			if (off <= size && len <= size - off) {
				img->note[img->nnote].offset = off;
				img->note[img->nnote++].size = len;
			}
		}
		if (ptype != PT_LOAD)
			continue;
		uint64_t vaddr = b + rd32(ph + 8);
		struct elf_segment s = {(uint32_t)vaddr, rd32(ph + 20), rd32(ph + 4), rd32(ph + 16),
					rd32(ph + 24)};
		if (s.memsz == 0)
			continue;
		if (img->nseg == ELF_MAX_SEGMENTS)
			return fail(err, n, "too many loadable segments");
		if (s.filesz > s.memsz)
			return fail(err, n, "segment %u: file size 0x%x exceeds memory size 0x%x",
				    k, s.filesz, s.memsz);
		if (s.offset > size || s.filesz > size - s.offset)
			return fail(err, n, "segment %u: data lies outside the file", k);
		uint64_t end = vaddr + s.memsz;
		if (vaddr < lo || end > hi)
			return fail(err, n,
				    "segment %u at 0x%08llx-0x%08llx lies outside %s "
				    "(0x%08x-0x%08x)",
				    k, (unsigned long long)vaddr, (unsigned long long)end, space,
				    lo, hi);
		for (unsigned j = 0; j < img->nseg; j++) {
			const struct elf_segment *o = &img->seg[j];
			if (s.vaddr < (uint64_t)o->vaddr + o->memsz && o->vaddr < end)
				return fail(err, n, "segments overlap at 0x%08x", s.vaddr);
		}
		img->seg[img->nseg++] = s;
	}
	if (img->nseg == 0)
		return fail(err, n, "no loadable segments");
	img->osabi = d[EI_OSABI];
	img->phoff = phoff;
	img->phnum = phnum;
	/* Where the headers are once loaded: in the segment whose file bytes
	 * hold them (AT_PHDR; binfmt_elf.c does the same without PT_PHDR). */
	for (unsigned j = 0; j < img->nseg; j++) {
		const struct elf_segment *s = &img->seg[j];
		if (phoff >= s->offset &&
		    (uint64_t)phoff + 32u * phnum <= (uint64_t)s->offset + s->filesz)
			img->phdr_vaddr = s->vaddr + (phoff - s->offset);
	}
	for (unsigned j = 0; j < img->nseg; j++) {
		const struct elf_segment *s = &img->seg[j];
		if (entry >= s->vaddr && entry - s->vaddr < s->memsz) {
			img->entry = (uint32_t)entry;
			return 0;
		}
	}
	return fail(err, n, "entry point 0x%08llx is outside the loadable segments",
		    (unsigned long long)entry);
}
