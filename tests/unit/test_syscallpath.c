/*
 * The kernel's side of a system call (kernel/trap.c, kernel/syscall.c):
 * the frame is served in place in emulated kernel memory, both pages a
 * frame touches are noted as written, the bridge refuses a frame that is
 * not where the stub puts it, and the syscall event is built, with every
 * argument, exactly when a subscriber asks for it.
 */
#include "unit.h"

#include "../../kernel/machine.h"
#include "../../kernel/syscall.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct machine *load_hello(void)
{
	struct machine_config cfg;
	char err[256], path[512];
	machine_config_default(&cfg);
	cfg.mem_bytes = 16u << 20;
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	const char *dir = getenv("IA32EMU_PROGRAMS");
	snprintf(path, sizeof(path), "%s/hello", dir ? dir : "build/programs");
	char *argv[] = {path, NULL};
	ck_assert_msg(machine_load(m, path, 1, argv, err, sizeof(err)) == 0, "%s: %s", path, err);
	return m;
}

struct seen {
	unsigned n;
	struct syscall_event ev[16];
};

static void record(void *opaque, struct machine *m, const struct syscall_event *ev)
{
	struct seen *s = opaque;
	(void)m;
	if (s->n < 16)
		s->ev[s->n] = *ev;
	s->n++;
}

static const struct syscall_event *find(const struct seen *s, unsigned num)
{
	for (unsigned k = 0; k < s->n && k < 16; k++)
		if (s->ev[k].num == num)
			return &s->ev[k];
	return NULL;
}

/* Runs `m` with the host's stdout on /dev/null: hello's "hello, world" is
 * the guest's, not the test runner's output. */
static enum run_result run_quiet(struct machine *m, uint64_t n)
{
	fflush(stdout);
	int saved = dup(1), nul = open("/dev/null", O_WRONLY);
	if (saved >= 0 && nul >= 0)
		dup2(nul, 1);
	enum run_result r = machine_run(m, n);
	if (saved >= 0) {
		dup2(saved, 1);
		close(saved);
	}
	if (nul >= 0)
		close(nul);
	return r;
}

START_TEST(events_carry_every_argument)
{
	/* hello: printf("hello, world\n") is write(1, buf, 13), then exit(0). */
	struct machine *m = load_hello();
	static struct seen s;
	memset(&s, 0, sizeof(s));
	struct machine_events ev = {.opaque = &s, .syscall = record};
	machine_subscribe(m, &ev);
	ck_assert_int_eq(run_quiet(m, 10000000), RUN_EXITED);
	const struct syscall_event *w = find(&s, SYS_write), *x = find(&s, SYS_exit);
	ck_assert_ptr_nonnull(w);
	ck_assert_str_eq(w->name, "write");
	ck_assert_str_eq(w->argfmt, "dpd");
	ck_assert_uint_eq(w->args[0], 1);
	ck_assert_uint_ge(w->args[1], USER_BASE);
	ck_assert_uint_eq(w->args[2], 13);
	ck_assert_uint_eq(w->args[3], 0); /* beyond the format: zero */
	ck_assert_int_eq(w->ret, 13);
	ck_assert(w->returns && !w->blocked);
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->name, "exit");
	ck_assert_uint_eq(x->args[0], 0);
	ck_assert(!x->returns);
	machine_destroy(m);
}
END_TEST

START_TEST(no_events_after_unsubscribe)
{
	struct machine *m = load_hello();
	static struct seen s;
	memset(&s, 0, sizeof(s));
	struct machine_events ev = {.opaque = &s, .syscall = record};
	struct kernel *k = machine_kernel(m);
	ck_assert_ptr_null(k->hooks.on_syscall); /* nobody asked: no event built */
	machine_subscribe(m, &ev);
	ck_assert_ptr_nonnull(k->hooks.on_syscall);
	machine_subscribe(m, NULL);
	ck_assert_ptr_null(k->hooks.on_syscall);
	ck_assert_int_eq(run_quiet(m, 10000000), RUN_EXITED);
	ck_assert_int_eq(machine_exit_status(m), 0);
	ck_assert_uint_eq(s.n, 0);
	machine_destroy(m);
}
END_TEST

/* Puts a frame at kernel address `esp` and the CPU where the stub's `out`
 * would leave it, at CPL 0 in the stub page. */
static struct trapframe *stage(struct machine *m, uint32_t esp, const struct trapframe *tf)
{
	struct cpu *c = machine_cpu(m);
	struct kernel *k = machine_kernel(m);
	c->cpl = 0;
	c->eip = KERNBASE + PA_STUBS + k->stubs.trapret - 2;
	c->reg[ESP] = esp;
	struct trapframe *p =
	    (struct trapframe *)(void *)phys_ptr(k->pm, esp - KERNBASE, sizeof(*tf));
	ck_assert_ptr_nonnull(p);
	memcpy(p, tf, sizeof(*tf));
	return p;
}

START_TEST(syscall_result_lands_in_guest_frame)
{
	struct machine *m = load_hello();
	struct kernel *k = machine_kernel(m);
	struct trapframe tf;
	memset(&tf, 0, sizeof(tf));
	tf.trapno = T_SYSCALL;
	tf.cs = SEL_UCODE;
	tf.eax = SYS_getpid;
	tf.eip = USER_BASE + 0x100;
	uint32_t esp = KERNBASE + PA_KSTACK + KSTACK_SIZE - sizeof(tf);
	struct trapframe *p = stage(m, esp, &tf);
	kernel_trap(k);
	ck_assert_int_eq(k->state, K_RUNNING);
	ck_assert_uint_eq(p->eax, (uint32_t)k->cur->pid);
	ck_assert_uint_eq(p->eip, USER_BASE + 0x100);
	ck_assert_ptr_null(k->tf);
	machine_destroy(m);
}
END_TEST

START_TEST(both_pages_of_a_frame_noted)
{
	/* A frame across the boundary between two kernel-stack pages: a tick
	 * that interrupted the kernel (CS RPL 0) just returns, but both pages
	 * were written, so decoded code on either is dropped. */
	struct machine *m = load_hello();
	struct kernel *k = machine_kernel(m);
	struct phys_mem *pm = k->pm;
	uint32_t pa = PA_KSTACK + 0x1000 - 8, p0 = pa >> PAGE_SHIFT, p1 = p0 + 1;
	struct trapframe tf;
	memset(&tf, 0, sizeof(tf));
	tf.trapno = 32;
	tf.cs = SEL_KCODE;
	stage(m, KERNBASE + pa, &tf);
	pm->code_page[p0] = pm->code_page[p1] = 1;
	uint32_t g0 = pm->code_gen[p0], g1 = pm->code_gen[p1];
	kernel_trap(k);
	ck_assert_int_eq(k->state, K_RUNNING);
	ck_assert_uint_eq(pm->code_gen[p0], g0 + 1);
	ck_assert_uint_eq(pm->code_gen[p1], g1 + 1);
	ck_assert(!pm->code_page[p0] && !pm->code_page[p1]);
	machine_destroy(m);
}
END_TEST

START_TEST(bridge_refuses_a_misplaced_frame)
{
	static const uint32_t bad[] = {
	    KERNBASE + PA_KSTACK + 0x800 - 2, /* not word-aligned */
	    KERNBASE + PA_KSTACK - 4,	      /* below the stack */
	    KERNBASE + PA_KSTACK + KSTACK_SIZE - sizeof(struct trapframe) + 4, /* past its top */
	};
	for (unsigned n = 0; n < sizeof(bad) / sizeof(bad[0]); n++) {
		struct machine *m = load_hello();
		struct kernel *k = machine_kernel(m);
		struct cpu *c = machine_cpu(m);
		c->cpl = 0;
		c->eip = KERNBASE + PA_STUBS + k->stubs.trapret - 2;
		c->reg[ESP] = bad[n];
		kernel_trap(k);
		ck_assert_int_eq(k->state, K_PANIC);
		ck_assert_ptr_nonnull(strstr(k->message, "outside the trap stub"));
		machine_destroy(m);
	}
}
END_TEST

Suite *syscallpath_suite(void)
{
	Suite *s = suite_create("syscallpath");
	TCase *tc = tcase_create("syscallpath");
	tcase_add_test(tc, events_carry_every_argument);
	tcase_add_test(tc, no_events_after_unsubscribe);
	tcase_add_test(tc, syscall_result_lands_in_guest_frame);
	tcase_add_test(tc, both_pages_of_a_frame_noted);
	tcase_add_test(tc, bridge_refuses_a_misplaced_frame);
	suite_add_tcase(s, tc);
	return s;
}
