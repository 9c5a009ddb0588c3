/*
 * Fuzz target: system calls with random numbers and arguments from a
 * guest. The input is turned into a guest stub: for each 27-byte record
 * (number byte, 2 bytes of argument kinds, six 32-bit arguments)
 * it pushes six arguments and a fake return address, loads %eax and
 * executes `int $64` (the ABI of kernel/syscall.h), then finally calls
 * exit. Each argument is, by a 2-bit kind, the raw value, a pointer into
 * the program's data page (which holds input bytes: strings, buffers), a
 * small number, or a boundary address (NULL, page ends, kernel space).
 * Every call must return a value (a negative errno for errors, -ENOSYS
 * for unknown numbers) or stop the caller; the host must stay clean.
 */
#include "fuzz_common.h"

#include <string.h>

#define REC_SIZE 27
#define MAX_RECS 64

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t arg_value(unsigned kind, uint32_t v)
{
	static const uint32_t edge[16] = {
	    0,
	    FZ_DATA + 0xffc,	   /* straddles the end of the data page */
	    FZ_DATA + 0x1000,	   /* the unmapped page after it */
	    USER_STACK_TOP - 4,	   /* top of the stack */
	    USER_STACK_TOP,	   /* the page under the kernel, unmapped */
	    USER_STACK_LOW - 4096, /* the stack guard page */
	    USER_TOP,		   /* first kernel address */
	    USER_TOP + 0x1000,	   /* the kernel's GDT */
	    0xfffffffcu,
	    0xffffffffu,
	    FZ_BASE, /* the ELF header */
	    0x7fffffffu,
	    0x80000000u,
	    4096,
	    65536,
	    65537,
	};
	switch (kind) {
	case 0: return v;
	case 1: return FZ_DATA + (v & 0xfff);
	case 2: return (uint32_t)(int32_t)(int8_t)v;
	default: return edge[v & 15];
	}
}

static size_t emit_call(uint8_t *p, uint32_t num, const uint32_t *args)
{
	size_t n = 0;
	for (int k = 5; k >= 0; k--) {
		p[n++] = 0x68; /* push imm32 */
		memcpy(p + n, &args[k], 4);
		n += 4;
	}
	p[n++] = 0x6a; /* push $0: the stub's return address */
	p[n++] = 0x00;
	p[n++] = 0xb8; /* mov $num, %eax */
	memcpy(p + n, &num, 4);
	n += 4;
	p[n++] = 0xcd; /* int $64 */
	p[n++] = T_SYSCALL;
	p[n++] = 0x83; /* add $28, %esp */
	p[n++] = 0xc4;
	p[n++] = 28;
	return n;
}

static void on_syscall(void *opaque, struct machine *m, const struct syscall_event *ev)
{
	(void)opaque;
	(void)m;
	if (!ev->name && ev->ret != -ENOSYS)
		fz_fail("an unknown system call did not return -ENOSYS", "");
	/* K_RESTART: the call blocked and will run again; the guest never
	 * sees it. */
	if (ev->ret < -133 && ev->ret != K_RESTART)
		fz_fail("a system call returned an impossible errno", ev->name ? ev->name : "?");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t dlen = data[0];
	data++;
	size--;
	if (dlen > size)
		dlen = size;
	const uint8_t *dpage = data;
	data += dlen;
	size -= dlen;
	static uint8_t code[(MAX_RECS + 1) * 42]; /* the calls and the final exit */
	size_t n = 0;
	for (unsigned r = 0; r < MAX_RECS && size >= REC_SIZE; r++) {
		/* Three times in four a number in the table, else -64..-1. */
		uint8_t b = data[0];
		uint32_t num = b < 0xc0 ? b % (SYS_MAX + 1) : (uint32_t)(int32_t)(int8_t)b;
		unsigned kinds = data[1] | data[2] << 8;
		uint32_t args[6];
		for (int k = 0; k < 6; k++)
			args[k] = arg_value((kinds >> (2 * k)) & 3, rd32(data + 3 + 4 * k));
		n += emit_call(code + n, num, args);
		data += REC_SIZE;
		size -= REC_SIZE;
	}
	uint32_t zero[6] = {0};
	n += emit_call(code + n, SYS_exit, zero);
	int fds = fz_count_fds();
	struct machine *m = fz_machine(4, 0, code, n);
	cpu_poke(machine_cpu(m), FZ_DATA, dpage, (uint32_t)dlen, false);
	struct machine_events ev = {0};
	ev.syscall = on_syscall;
	machine_subscribe(m, &ev);
	enum run_result r = machine_run(m, 200000);
	fz_check_user_result(m, r);
	machine_destroy(m);
	if (fz_count_fds() != fds)
		fz_fail("host file descriptors leaked", "");
	return 0;
}
