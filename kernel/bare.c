/*
 * Bare-metal mode: load an ELF32 kernel image as a Multiboot v1 loader does
 * and give it the machine, with no emulated kernel (see bare.h).
 *
 * The machine state at entry follows the Multiboot specification 0.6.96
 * §3.2 "Machine state": EAX = 0x2BADB002, EBX = physical address of the
 * Multiboot information structure, CS a 32-bit read/execute code segment
 * and DS/ES/FS/GS/SS 32-bit read/write data segments, all with offset 0 and
 * limit 0xFFFFFFFF, CR0.PG = 0, CR0.PE = 1, EFLAGS.VM = 0 and IF = 0. The
 * specification leaves GDTR and IDTR undefined; we point GDTR at a real flat
 * GDT of our own (null, 0x08 code, 0x10 data) so the selectors in the
 * segment registers name real descriptors, and IDTR at an empty table, so a
 * fault before the guest loads its own IDT is a triple fault.
 */
#include "bare.h"
#include "elf.h"

#include <stdlib.h>
#include <string.h>

/* The loader's GDT and Multiboot information (bare.h), which an image
 * may not overlay. */
#define BARE_LOADER_LO BARE_GDT_ADDR
#define BARE_LOADER_HI (BARE_MBI_ADDR + 88u)

static void put32(struct phys_mem *pm, uint32_t pa, uint32_t v)
{
	phys_write32(pm, pa, v);
}

/* The loader's GDT: null, flat ring-0 code (0x08) and data (0x10). */
static void write_gdt(struct phys_mem *pm)
{
	put32(pm, BARE_GDT_ADDR, 0);
	put32(pm, BARE_GDT_ADDR + 4, 0);
	put32(pm, BARE_GDT_ADDR + 8, 0x0000ffffu);
	put32(pm, BARE_GDT_ADDR + 12, 0x00cf9a00u);
	put32(pm, BARE_GDT_ADDR + 16, 0x0000ffffu);
	put32(pm, BARE_GDT_ADDR + 20, 0x00cf9200u);
}

/* A minimal Multiboot information structure (spec §3.3): flags bit 0,
 * mem_lower and mem_upper in KiB (conventional memory below 640 KiB, and
 * memory from 1 MiB up). Every other field is absent. */
static void write_mbi(struct phys_mem *pm)
{
	for (uint32_t off = 0; off < 88; off += 4)
		put32(pm, BARE_MBI_ADDR + off, 0);
	put32(pm, BARE_MBI_ADDR, 1u);
	put32(pm, BARE_MBI_ADDR + 4, 640);
	put32(pm, BARE_MBI_ADDR + 8, (pm->size - 0x100000u) >> 10);
}

static int place(struct phys_mem *pm, const uint8_t *data, const struct elf_image *img)
{
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];
		uint8_t *dst = phys_ptr(pm, s->vaddr, s->memsz);
		if (!dst)
			return -1;
		memcpy(dst, data + s->offset, s->filesz);
		memset(dst + s->filesz, 0, s->memsz - s->filesz);
	}
	return 0;
}

static bool overlaps_loader(const struct elf_image *img, char *err, size_t errlen)
{
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];
		if (s->vaddr < BARE_LOADER_HI && (uint64_t)s->vaddr + s->memsz > BARE_LOADER_LO) {
			snprintf(err, errlen,
				 "segment %u at 0x%08x-0x%08llx overlaps the loader's GDT and "
				 "Multiboot information (0x%08x-0x%08x)",
				 k, s->vaddr, (unsigned long long)s->vaddr + s->memsz,
				 BARE_LOADER_LO, BARE_LOADER_HI);
			return true;
		}
	}
	return false;
}

/* The Multiboot header (spec 0.6.96 §3.1.1): magic, flags, checksum
 * (the three sum to 0), 4-aligned and wholly inside the first 8192 bytes;
 * with flags bit 16 it carries the a.out kludge's address fields. */
#define MB_HEADER_MAGIC 0x1badb002u
#define MB_SEARCH	8192u
#define MB_AOUT_KLUDGE	(1u << 16)

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* File offset of the header, or -1 when there is none. */
static long find_header(const uint8_t *d, size_t size)
{
	for (size_t off = 0; off + 12 <= size && off + 12 <= MB_SEARCH; off += 4) {
		uint32_t m = get32(d + off), f = get32(d + off + 4), sum = get32(d + off + 8);
		if (m == MB_HEADER_MAGIC && f + sum == 0u - MB_HEADER_MAGIC)
			return (long)off;
	}
	return -1;
}

/* The a.out kludge (spec §3.1.3): the header's own fields say where the
 * image goes, whatever the file's format. header_addr is where the header
 * itself lands, so the file is loaded from offset off - (header_addr -
 * load_addr); load_end_addr 0 means "to the end of the file", bss_end_addr
 * 0 "no bss". Every field is checked, as QEMU's loader checks them, before
 * a byte of guest memory is touched. */
static int aout_kludge(const uint8_t *d, size_t size, uint32_t off, uint32_t ram,
		       struct elf_image *img, char *err, size_t errlen)
{
	if (off + 32 > size || off + 32 > MB_SEARCH) {
		snprintf(err, errlen,
			 "Multiboot header at file offset 0x%x: flags bit 16 (a.out kludge) set, "
			 "but its address fields are cut off",
			 off);
		return -1;
	}
	uint32_t header = get32(d + off + 12), load = get32(d + off + 16);
	uint32_t load_end = get32(d + off + 20), bss_end = get32(d + off + 24);
	uint32_t entry = get32(d + off + 28);
	if (load > header) {
		snprintf(err, errlen, "a.out kludge: load_addr 0x%08x is above header_addr 0x%08x",
			 load, header);
		return -1;
	}
	if (header - load > off) {
		snprintf(err, errlen,
			 "a.out kludge: load_addr 0x%08x would start 0x%x bytes before the file "
			 "(header_addr 0x%08x, header at file offset 0x%x)",
			 load, header - load - off, header, off);
		return -1;
	}
	uint32_t text = off - (header - load);
	uint64_t filesz = size - text;
	if (load_end) {
		if (load_end < load) {
			snprintf(err, errlen,
				 "a.out kludge: load_end_addr 0x%08x is below load_addr 0x%08x",
				 load_end, load);
			return -1;
		}
		if (load_end - load > filesz) {
			snprintf(err, errlen,
				 "a.out kludge: load_end_addr 0x%08x is past the end of the file "
				 "(0x%x bytes to load, 0x%llx in the file)",
				 load_end, load_end - load, (unsigned long long)filesz);
			return -1;
		}
		filesz = load_end - load;
	}
	uint64_t memsz = filesz;
	if (bss_end) {
		if (bss_end < load + filesz) {
			snprintf(err, errlen,
				 "a.out kludge: bss_end_addr 0x%08x is below the end of the loaded "
				 "image (0x%08llx)",
				 bss_end, (unsigned long long)(load + filesz));
			return -1;
		}
		memsz = bss_end - load;
	}
	if (load + memsz > ram) {
		snprintf(err, errlen,
			 "a.out kludge: image 0x%08x-0x%08llx lies outside guest memory "
			 "(0x00000000-0x%08x; try --mem)",
			 load, (unsigned long long)(load + memsz), ram);
		return -1;
	}
	if (entry >= ram) {
		snprintf(err, errlen,
			 "a.out kludge: entry_addr 0x%08x lies outside guest memory "
			 "(0x00000000-0x%08x)",
			 entry, ram);
		return -1;
	}
	memset(img, 0, sizeof(*img));
	img->entry = entry;
	img->nseg = 1;
	img->seg[0] = (struct elf_segment){.vaddr = load,
					   .memsz = (uint32_t)memsz,
					   .offset = text,
					   .filesz = (uint32_t)filesz,
					   .flags = 7};
	return 0;
}

int bare_load(struct cpu *c, struct phys_mem *pm, const char *path, char *err, size_t errlen)
{
	size_t size;
	/* Host memory in proportion to the file (elf_read_file, as exec). */
	uint8_t *data = elf_read_file(path, &size, err, errlen);
	if (!data)
		return -1;
	struct elf_image img;
	/* The image is loaded at its (virtual = physical) addresses, anywhere
	 * in guest RAM, as QEMU's Multiboot loader accepts it: `ld -Ttext
	 * 0x100000` puts a segment holding the ELF headers at 0xff000. Only
	 * the loader's own GDT and information structure are in the way.
	 * With the a.out kludge (header flags bit 16) the header's fields
	 * say where the image goes instead, ELF or not (spec §3.1.3, as
	 * QEMU's loader does). */
	long mb = find_header(data, size);
	int bad = mb >= 0 && (get32(data + mb + 4) & MB_AOUT_KLUDGE)
		      ? aout_kludge(data, size, (uint32_t)mb, pm->size, &img, err, errlen)
		      : elf_check_in(data, size, 0, pm->size, "guest memory", &img, err, errlen);
	if (bad < 0 || overlaps_loader(&img, err, errlen) || place(pm, data, &img) < 0) {
		if (!err[0])
			snprintf(err, errlen, "image does not fit in guest memory (try --mem)");
		free(data);
		return -1;
	}
	free(data);
	write_gdt(pm);
	write_mbi(pm);
	c->gdtr.base = BARE_GDT_ADDR;
	c->gdtr.limit = 3 * 8 - 1;
	c->idtr.base = 0;
	c->idtr.limit = 0;
	cpu_tables_changed(c);
	for (int s = 0; s < SEG_COUNT; s++) {
		if (cpu_load_seg_unchecked(c, s, s == SEG_CS ? 0x08 : 0x10) < 0) {
			snprintf(err, errlen, "cannot load the loader's segments");
			return -1;
		}
	}
	cpu_set_cr(c, 0, CR0_PE | CR0_ET);
	cpu_set_eflags_raw(c, FL_1);
	memset(c->reg, 0, sizeof(c->reg));
	c->reg[EAX] = MULTIBOOT_MAGIC;
	c->reg[EBX] = BARE_MBI_ADDR;
	c->eip = c->next_eip = img.entry;
	return 0;
}

void bare_out(struct bare_mode *b, struct cpu *c, uint16_t port, unsigned size, uint32_t val)
{
	if (port == BARE_CONSOLE_PORT) {
		/* The debug console prints the byte written (a wider write
		 * sends its low byte, as QEMU's debugcon does). */
		fputc((int)(val & 0xff), b->console ? b->console : stdout);
	} else if (port == BARE_EXIT_PORT && !b->exited) {
		/* isa-debug-exit: the emulator exits with (V << 1) | 1. */
		if (size < 4)
			val &= (1u << (8 * size)) - 1;
		b->exited = true;
		b->status = (int)(((val << 1) | 1) & 0xff);
		cpu_request_stop(c);
	}
	/* Every other port (the PIC, the PIT, ...) decodes to nothing: the
	 * virtual timer needs no programming. */
}

uint32_t bare_in(struct bare_mode *b, uint16_t port, unsigned size)
{
	(void)b;
	/* QEMU's debugcon reads back 0xE9 (the Bochs "port E9 hack" probe). */
	if (port == BARE_CONSOLE_PORT)
		return 0xe9;
	return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}
