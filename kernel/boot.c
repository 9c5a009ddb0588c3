/*
 * Kernel boot: the GDT, IDT, TSS, kernel page tables and trap stubs are
 * built as real IA-32 structures in emulated physical memory, and the CPU's
 * GDTR/IDTR/TR/CR0/CR3 point at them, as a boot loader would leave them.
 */
#define _GNU_SOURCE /* O_PATH, openat2 */
#include "kernel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A segment descriptor (SDM vol. 3 §3.4.5, figure 3-8). */
static void put_desc(struct phys_mem *pm, uint32_t pa, uint32_t base, uint32_t limit,
		     unsigned access, unsigned flags)
{
	uint32_t lo = (limit & 0xffff) | (base << 16);
	uint32_t hi = ((base >> 16) & 0xff) | (access << 8) | (limit & 0xf0000u) | (flags << 20) |
		      (base & 0xff000000u);
	phys_write32(pm, pa, lo);
	phys_write32(pm, pa + 4, hi);
}

/* An interrupt (0xE) or trap (0xF) gate (SDM vol. 3 §6.11, figure 6-2). */
static void put_gate(struct phys_mem *pm, unsigned vec, uint32_t off, unsigned type, unsigned dpl)
{
	uint32_t lo = (off & 0xffff) | ((uint32_t)SEL_KCODE << 16);
	uint32_t hi = (off & 0xffff0000u) | 0x8000u | (dpl << 13) | (type << 8);
	phys_write32(pm, PA_IDT + 8 * vec, lo);
	phys_write32(pm, PA_IDT + 8 * vec + 4, hi);
}

#define ACC_P	    0x80
#define ACC_S	    0x10
#define ACC_CODE_RX 0x0a
#define ACC_DATA_RW 0x02
#define FLAG_G	    0x8
#define FLAG_D	    0x4

static void build_gdt(struct phys_mem *pm)
{
	memset(phys_ptr(pm, PA_GDT, 8), 0, 8);
	put_desc(pm, PA_GDT + 0x08, 0, 0xfffff, ACC_P | ACC_S | ACC_CODE_RX, FLAG_G | FLAG_D);
	put_desc(pm, PA_GDT + 0x10, 0, 0xfffff, ACC_P | ACC_S | ACC_DATA_RW, FLAG_G | FLAG_D);
	put_desc(pm, PA_GDT + 0x18, 0, 0xfffff, ACC_P | ACC_S | (3 << 5) | ACC_CODE_RX,
		 FLAG_G | FLAG_D);
	put_desc(pm, PA_GDT + 0x20, 0, 0xfffff, ACC_P | ACC_S | (3 << 5) | ACC_DATA_RW,
		 FLAG_G | FLAG_D);
	/* An available 32-bit TSS, limit 103: no I/O bitmap (SDM §7.2.2). */
	put_desc(pm, PA_GDT + 0x28, KERNBASE + PA_TSS, 103, ACC_P | 0x09, 0);
}

static void build_tss(struct phys_mem *pm)
{
	memset(phys_ptr(pm, PA_TSS, 104), 0, 104);
	phys_write32(pm, PA_TSS + 4, KERNBASE + PA_KSTACK + KSTACK_SIZE); /* ESP0 */
	phys_write32(pm, PA_TSS + 8, SEL_KDATA);			  /* SS0 */
	/* The I/O map base points past the limit: every port is denied at
	 * CPL > IOPL (SDM vol. 1 §19.5.2). */
	phys_write32(pm, PA_TSS + 100, 104u << 16);
}

static void build_idt(struct kernel *k)
{
	memset(phys_ptr(k->pm, PA_IDT, 256 * 8), 0, 256 * 8);
	uint32_t base = KERNBASE + PA_STUBS;
	/* #BP (3) and #OF (4) get DPL 3, as every OS sets them, so int3 and
	 * into at CPL 3 reach their handler (SDM vol. 3 §6.12.1.1: the gate
	 * DPL check applies to INT n, INT3 and INTO). */
	for (unsigned v = 0; v <= 32; v++)
		put_gate(k->pm, v, base + k->stubs.vector_entry[v], 0x0e,
			 v == EXC_BP || v == EXC_OF ? 3 : 0);
	/* The system-call gate: a trap gate (IF stays set) that CPL 3 may use. */
	put_gate(k->pm, T_SYSCALL, base + k->stubs.vector_entry[T_SYSCALL], 0x0f, 3);
	/* The Linux personality's gate, the same kind (abi_linux.c). Each
	 * ABI serves one of the two; syscall_dispatch turns a call through
	 * the other into the #GP an absent gate would raise. */
	put_gate(k->pm, T_LINUX_SYSCALL, base + k->stubs.vector_entry[T_LINUX_SYSCALL], 0x0f, 3);
}

/* Maps all RAM (up to KMAP_MAX) at KERNBASE, supervisor-only; the stub
 * page is read-only (CR0.WP makes that hold at CPL 0 too). */
static int build_kernel_map(struct kernel *k, uint32_t ram_size)
{
	uint32_t ram = ram_size < KMAP_MAX ? ram_size : KMAP_MAX;
	/* cppcheck follows a calloc'd machine here and wrongly sees size 0. */
	// cppcheck-suppress knownConditionTrueFalse
	for (uint32_t pa = 0; pa < ram; pa += 4u << 20) {
		uint32_t pt = page_alloc(k);
		if (!pt)
			return -1;
		/* A page table the kernel just took, filled through its host
		 * address (phys_write32 per entry was most of the start-up);
		 * the page never held decoded code, and is noted written all
		 * the same. */
		uint8_t *h = phys_ptr(k->pm, pt, PAGE_SIZE);
		for (uint32_t j = 0; j < 1024 && pa + j * PAGE_SIZE < ram; j++) {
			uint32_t page = pa + j * PAGE_SIZE;
			uint32_t pte = page | PTE_P | (page == PA_STUBS ? 0 : PTE_W);
			memcpy(h + 4 * j, &pte, 4);
		}
		phys_note_write(k->pm, pt);
		k->kernel_pdes[pa >> 22] = pt | PTE_P | PTE_W;
	}
	return 0;
}

int kernel_boot(struct kernel *k, struct cpu *c, struct phys_mem *pm, char *err, size_t errlen)
{
	/* k is zeroed already (machine_create callocs the machine): a
	 * memset of its 790 KB would only make its pages resident. */
	k->cpu = c;
	k->pm = pm;
	k->next_pid = 1;
	k->root_fd = -1;
	k->page_used = calloc(pm->npages, 1);
	k->free_stack = calloc(pm->npages, sizeof(uint32_t));
	k->page_warm = calloc(pm->npages, 1);
	if (!k->page_used || !k->free_stack || !k->page_warm) {
		snprintf(err, errlen, "out of host memory");
		return -1;
	}
	k->alloc_hint = PA_ALLOC_START >> PAGE_SHIFT;
	k->free_pages = pm->npages - k->alloc_hint;
	if (trapstub_build(phys_ptr(pm, PA_STUBS, PAGE_SIZE), PAGE_SIZE, &k->stubs) < 0) {
		snprintf(err, errlen, "trap stubs do not fit in a page");
		return -1;
	}
	build_gdt(pm);
	build_tss(pm);
	build_idt(k);
	if (build_kernel_map(k, pm->size) < 0) {
		snprintf(err, errlen, "not enough guest memory for the kernel page tables");
		return -1;
	}
	c->gdtr.base = KERNBASE + PA_GDT;
	c->gdtr.limit = GDT_ENTRIES * 8 - 1;
	c->idtr.base = KERNBASE + PA_IDT;
	c->idtr.limit = 256 * 8 - 1;
	cpu_tables_changed(c);
	return 0;
}

/* The guest's "/" is the host directory `dir`, held open as a descriptor
 * that every path is resolved beneath (fs.c). */
int kernel_set_root(struct kernel *k, const char *dir, bool read_only, char *err, size_t errlen)
{
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "--root %s: %s", dir, strerror(errno));
		return -1;
	}
	if (k->root_fd >= 0)
		close(k->root_fd);
	k->root_fd = fd;
	k->read_only = read_only;
	return 0;
}

/* Every host descriptor the guest still holds is closed here. */
void kernel_free(struct kernel *k)
{
	file_free_all(k);
	if (k->root_fd >= 0)
		close(k->root_fd);
	k->root_fd = -1;
	free(k->page_used);
	k->page_used = NULL;
	free(k->free_stack);
	k->free_stack = NULL;
	free(k->page_warm);
	k->page_warm = NULL;
	free(k->exec_file);
	k->exec_file = NULL;
	free(k->xv6_inums);
	k->xv6_inums = NULL;
}

/* Like xv6's first return to user space: a trap frame is laid on the
 * kernel stack and the CPU starts at CPL 0 in `trapret`, whose iret drops
 * to CPL 3 (SDM vol. 2 "IRET", return to outer privilege level). */
void kernel_enter_user(struct kernel *k, struct proc *p, uint32_t entry, uint32_t esp)
{
	struct cpu *c = k->cpu;
	struct trapframe tf;
	memset(&tf, 0, sizeof(tf));
	tf.ds = tf.es = tf.fs = tf.gs = SEL_UDATA;
	tf.eip = entry;
	tf.cs = SEL_UCODE;
	tf.eflags = FL_1 | FL_IF;
	tf.esp = esp;
	tf.ss = SEL_UDATA;
	uint32_t frame = KERNBASE + PA_KSTACK + KSTACK_SIZE - sizeof(tf);
	memcpy(kmem(k, frame, sizeof(tf)), &tf, sizeof(tf));
	phys_note_write(k->pm, frame - KERNBASE);

	cpu_set_cr(c, 3, p->pgdir);
	cpu_set_cr(c, 4, 0);
	/* MP, NE: fwait honours TS, and x87 errors are #MF (SDM vol. 3 §2.5,
	 * table 2-2); TS: nobody's x87 state is in the FPU yet (fpu.c). */
	cpu_set_cr(c, 0, CR0_PE | CR0_MP | CR0_TS | CR0_ET | CR0_NE | CR0_WP | CR0_PG);
	cpu_load_seg_unchecked(c, SEG_CS, SEL_KCODE);
	cpu_load_seg_unchecked(c, SEG_SS, SEL_KDATA);
	cpu_load_seg_unchecked(c, SEG_DS, SEL_KDATA);
	cpu_load_seg_unchecked(c, SEG_ES, SEL_KDATA);
	cpu_load_seg_unchecked(c, SEG_FS, SEL_KDATA);
	cpu_load_seg_unchecked(c, SEG_GS, SEL_KDATA);
	cpu_load_tr_unchecked(c, SEL_TSS);
	cpu_set_eflags_raw(c, FL_1);
	c->reg[ESP] = frame;
	c->eip = KERNBASE + PA_STUBS + k->stubs.trapret;
	k->cur = p;
}
