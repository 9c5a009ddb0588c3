/*
 * The trap stubs are real x86 code that the emulated CPU runs at CPL 0,
 * in the spirit of xv6's vectors.S and trapasm.S:
 *
 *   vectorN:  [pushl $0]  pushl $N  jmp alltraps
 *   alltraps: push %ds; push %es; push %fs; push %gs; pushal
 *             mov $SEL_KDATA,%ax; mov %ax,%ds; mov %ax,%es
 *             out %al,$KERNEL_BRIDGE_PORT    <- the kernel's C code runs here
 *   trapret:  popal; pop %gs; pop %fs; pop %es; pop %ds
 *             add $8,%esp; iret
 *
 * They are emitted by a tiny assembler below rather than shipped as bytes, so
 * each instruction is named where it is produced.
 */
#include "trapstub.h"

#include "layout.h"

#include <string.h>

struct emit {
	uint8_t *p;
	uint32_t len, cap;
	int err;
};

static void byte(struct emit *e, uint8_t b)
{
	if (e->len >= e->cap) {
		e->err = 1;
		return;
	}
	e->p[e->len++] = b;
}

static void dword(struct emit *e, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		byte(e, (uint8_t)(v >> (8 * k)));
}

static void push_imm8(struct emit *e, uint8_t v) /* 6a ib: push $imm8 (sign-extended) */
{
	byte(e, 0x6a);
	byte(e, v);
}

static void push_imm32(struct emit *e, uint32_t v) /* 68 id */
{
	byte(e, 0x68);
	dword(e, v);
}

static void jmp_rel32(struct emit *e, uint32_t target) /* e9 cd */
{
	byte(e, 0xe9);
	dword(e, target - (e->len + 4));
}

/* Vectors whose exception pushes an error code (SDM vol. 3 table 6-1). */
static int pushes_error(unsigned v)
{
	return v == 8 || v == 10 || v == 11 || v == 12 || v == 13 || v == 14 || v == 17;
}

int trapstub_build(uint8_t *code, uint32_t cap, struct stub_layout *out)
{
	struct emit e = {code, 0, cap, 0};
	memset(out, 0, sizeof(*out));
	memset(code, 0xcc, cap); /* int3 filler: stray jumps trap */

	/* The common path first, so vector entries can jump back to it. */
	out->alltraps = e.len;
	byte(&e, 0x1e); /* push %ds */
	byte(&e, 0x06); /* push %es */
	byte(&e, 0x0f);
	byte(&e, 0xa0); /* push %fs */
	byte(&e, 0x0f);
	byte(&e, 0xa8); /* push %gs */
	byte(&e, 0x60); /* pushal */
	byte(&e, 0x66);
	byte(&e, 0xb8);
	byte(&e, SEL_KDATA);
	byte(&e, 0x00); /* mov $SEL_KDATA,%ax */
	byte(&e, 0x8e);
	byte(&e, 0xd8); /* mov %ax,%ds */
	byte(&e, 0x8e);
	byte(&e, 0xc0); /* mov %ax,%es */
	byte(&e, 0xe6);
	byte(&e, KERNEL_BRIDGE_PORT); /* out %al,$port: enter the kernel's C code */
	out->trapret = e.len;
	byte(&e, 0x61); /* popal */
	byte(&e, 0x0f);
	byte(&e, 0xa9); /* pop %gs */
	byte(&e, 0x0f);
	byte(&e, 0xa1); /* pop %fs */
	byte(&e, 0x07); /* pop %es */
	byte(&e, 0x1f); /* pop %ds */
	byte(&e, 0x83);
	byte(&e, 0xc4);
	byte(&e, 0x08); /* add $8,%esp: drop trapno and error code */
	byte(&e, 0xcf); /* iret */

	for (unsigned v = 0; v < 256; v++) {
		if (!(v < 32 || v == 32 || v == T_SYSCALL || v == T_LINUX_SYSCALL))
			continue;
		while (e.len & 7)
			byte(&e, 0x90); /* nop: align each entry */
		out->vector_entry[v] = e.len;
		if (!pushes_error(v))
			push_imm8(&e, 0);
		if (v < 128)
			push_imm8(&e, (uint8_t)v);
		else
			push_imm32(&e, v);
		jmp_rel32(&e, out->alltraps);
	}
	out->size = e.len;
	return e.err ? -1 : 0;
}
