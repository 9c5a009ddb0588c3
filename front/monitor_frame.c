/*
 * Frames across the boundary: the trap frame the CPU and the kernel's stub
 * built on the kernel stack (`info trapframe`), the unwinder `backtrace`
 * walks through it into the interrupted user code, and the return target
 * `finish` uses inside a handler.
 *
 * The trap frame is found from the TSS, not from guesses about ESP: on an
 * interrupt from CPL 3 the CPU switches to SS0:ESP0 of the current TSS and
 * pushes SS, ESP, EFLAGS, CS, EIP there (SDM vol. 3 §6.12.1, figure 6-4),
 * so those five words always lie just below ESP0, and the stub's pushes
 * (error code or 0, vector, segment registers, pushal) below them in the
 * order of struct trapframe. Which slots are pushed at this instant is
 * told by ESP: a slot below ESP is not pushed yet (or already popped).
 */
#include "monitor_frame.h"

#include "../kernel/kernel.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define TF_WORDS ((uint32_t)(sizeof(struct trapframe) / 4))

static const struct symbol *stub_sym(struct monitor *mon, uint32_t lin, uint32_t *off)
{
	const struct symbol *s = symtab_lookup(mon_symtab(mon, lin), lin, off);
	if (!s || lin < KERNBASE + PA_STUBS || lin >= KERNBASE + PA_STUBS + PAGE_SIZE)
		return NULL;
	return s;
}

bool mon_trapframe(struct monitor *mon, struct mon_tframe *t)
{
	memset(t, 0, sizeof(*t));
	if (!mon->m || !machine_kernel(mon->m))
		return false;
	struct cpu *c = machine_cpu(mon->m);
	if (c->cpl != 0)
		return false;
	uint32_t esp0;
	if (cpu_peek(c, c->tr.base + 4, &esp0, 4, false) != 4)
		return false;
	t->esp0 = esp0;
	t->base = esp0 - TF_WORDS * 4;
	uint32_t hw[5]; /* eip, cs, eflags, esp, ss */
	if (c->reg[ESP] > esp0 - 20 || c->reg[ESP] < esp0 - KSTACK_SIZE ||
	    cpu_peek(c, esp0 - 20, hw, sizeof(hw), false) != sizeof(hw) || (hw[1] & 3) != 3)
		return false;
	t->eip = hw[0];
	t->cs = hw[1];
	t->eflags = hw[2];
	t->esp = hw[3];
	t->ss = hw[4];
	/* The vector: the stub's push when it has happened, else the name of
	 * the entry EIP is in (vectorN: before its `push $N`). */
	uint32_t slot = t->base + (uint32_t)offsetof(struct trapframe, trapno), v, off;
	const struct symbol *s = stub_sym(mon, c->seg[SEG_CS].base + c->eip, &off);
	t->vector = -1;
	if (c->reg[ESP] <= slot && cpu_peek(c, slot, &v, 4, false) == 4 && v < 256)
		t->vector = (int)v;
	else if (s && strncmp(s->name, "vector", 6) == 0)
		t->vector = (int)strtoul(s->name + 6, NULL, 10);
	return true;
}

/* "int $0x40", "timer interrupt", "#PF": how the CPU got from the saved
 * EIP into the handler. int n and int3 leave the next instruction as the
 * saved EIP (a trap); a fault leaves the faulting one (SDM vol. 3 §6.5). */
void mon_trap_cause(struct monitor *mon, const struct mon_tframe *t, char *buf, size_t n)
{
	struct cpu *c = machine_cpu(mon->m);
	uint8_t b[2] = {0, 0};
	if (t->vector < 0) {
		snprintf(buf, n, "unknown vector");
		return;
	}
	cpu_peek(c, t->eip - 2, b, 2, false);
	uint8_t here[2] = {0, 0};
	cpu_peek(c, t->eip, here, 2, false);
	if (b[0] == 0xcd && b[1] == (uint8_t)t->vector)
		snprintf(buf, n, "vector %d (int $0x%x)", t->vector, t->vector);
	else if (t->vector >= 32 && here[0] == 0xcd && here[1] == (uint8_t)t->vector)
		/* A blocked call rewinds the saved EIP onto its int, to run it
		 * again (kernel/syscall.c). */
		snprintf(buf, n, "vector %d (int $0x%x, rewound to restart)", t->vector, t->vector);
	else if (t->vector == 3 && b[1] == 0xcc)
		snprintf(buf, n, "vector 3 (int3)");
	else if (t->vector < 32)
		snprintf(buf, n, "vector %d (%s)", t->vector,
			 exception_mnemonic((unsigned)t->vector));
	else if (t->vector == 32)
		snprintf(buf, n, "vector 32 (timer)");
	else
		snprintf(buf, n, "vector %d (external interrupt)", t->vector);
}

/* --- info trapframe ------------------------------------------------------ */

struct slot_desc {
	const char *name;
	const char *meaning;
};

/* In struct trapframe order, lowest address first. */
static const struct slot_desc slot_descs[] = {
    {"edi", "alltraps: pushal, the user's EDI"},
    {"esi", "alltraps: pushal, the user's ESI"},
    {"ebp", "alltraps: pushal, the user's EBP (frame pointer)"},
    {"oesp", "alltraps: pushal, ESP before pushal (kernel stack; popal ignores it)"},
    {"ebx", "alltraps: pushal, the user's EBX"},
    {"edx", "alltraps: pushal, the user's EDX"},
    {"ecx", "alltraps: pushal, the user's ECX"},
    {"eax", "alltraps: pushal, the user's EAX (system-call number in, result out)"},
    {"gs", "alltraps: push %gs"},
    {"fs", "alltraps: push %fs"},
    {"es", "alltraps: push %es"},
    {"ds", "alltraps: push %ds"},
    {"trapno", "vectorN: push $N, the vector"},
    {"err", NULL}, /* depends on the vector */
    {"eip", "CPU: the return EIP"},
    {"cs", "CPU: the interrupted code segment"},
    {"eflags", "CPU: the interrupted EFLAGS"},
    {"esp", "CPU: the user stack pointer (stack switch through the TSS)"},
    {"ss", "CPU: the user stack segment"},
};

/* Vectors whose exception pushes an error code (SDM vol. 3 table 6-1). */
static bool cpu_pushes_error(int v)
{
	return v == 8 || v == 10 || v == 11 || v == 12 || v == 13 || v == 14 || v == 17;
}

static void slot_meaning(const struct mon_tframe *t, unsigned k, uint32_t val, char *buf, size_t n)
{
	const struct slot_desc *d = &slot_descs[k];
	if (k == 13 && t->vector == 14)
		/* SDM vol. 3 §4.7, figure 4-12: P, W/R, U/S in bits 0-2. */
		snprintf(buf, n, "CPU: the #PF error code: %s, %s, %s mode",
			 val & 1 ? "protection violation" : "page not present",
			 val & 2 ? "write" : "read", val & 4 ? "user" : "supervisor");
	else if (k == 13)
		snprintf(
		    buf, n, "%s",
		    cpu_pushes_error(t->vector)
			? "CPU: the error code (SDM vol. 3 §6.13)"
			: "vectorN: push $0, no error code for this vector (keeps one layout)");
	else if (k == 14)
		snprintf(buf, n, "%s",
			 t->vector >= 32 || t->vector == 3 || t->vector == 4
			     ? "CPU: return EIP, the instruction after the int"
			     : "CPU: return EIP, the faulting instruction (restartable)");
	else if (k == 15)
		snprintf(buf, n, "CPU: the interrupted CS, RPL %u = CPL %u before the trap",
			 val & 3, val & 3);
	else if (k == 16)
		snprintf(buf, n, "CPU: the interrupted EFLAGS (IF=%u, IOPL=%u)", (val >> 9) & 1,
			 (val >> 12) & 3);
	else if (k == 18)
		snprintf(buf, n, "CPU: the user SS, RPL %u (from TSS switch: ESP0 0x%08x)", val & 3,
			 t->esp0);
	else
		snprintf(buf, n, "%s", d->meaning);
}

int mon_info_trapframe(struct monitor *mon, const char *args)
{
	(void)args;
	if (!mon_need_live(mon))
		return -1;
	struct mon_tframe t;
	if (!mon_trapframe(mon, &t))
		return mon_err(mon,
			       "no trap frame: the CPU is not in a handler entered from CPL 3");
	struct cpu *c = machine_cpu(mon->m);
	char cause[64], sym[96];
	mon_trap_cause(mon, &t, cause, sizeof(cause));
	printf("trap frame at 0x%08x (kernel stack, top ESP0 0x%08x): %s from CPL %u\n", t.base,
	       t.esp0, cause, t.cs & 3);
	mon_sym(mon, t.eip, sym, sizeof(sym));
	printf("interrupted at 0x%08x%s%s%s, user stack 0x%08x\n", t.eip, *sym ? " <" : "", sym,
	       *sym ? ">" : "", t.esp);
	uint32_t lin = c->seg[SEG_CS].base + c->eip, off;
	const struct symbol *s = stub_sym(mon, lin, &off);
	bool popping = s && strcmp(s->name, "trapret") == 0;
	for (unsigned k = 0; k < TF_WORDS; k++) {
		uint32_t a = t.base + 4 * k, v = 0;
		char m[128];
		bool live = a >= c->reg[ESP] && cpu_peek(c, a, &v, 4, false) == 4;
		if (live)
			slot_meaning(&t, k, v, m, sizeof(m));
		else
			snprintf(m, sizeof(m), "%s",
				 popping ? "(popped already)" : "(not pushed yet)");
		if (live)
			printf("0x%08x  %-6s 0x%08x  %s%s\n", a, slot_descs[k].name, v, m,
			       a == c->reg[ESP] ? "  <- esp" : "");
		else
			printf("0x%08x  %-6s ----------  %s\n", a, slot_descs[k].name, m);
	}
	return 0;
}

/* --- the unwinder -------------------------------------------------------- */

/* Is `ret` a return address: just after a call instruction (e8 rel32, or
 * ff /2 with any of its ModRM forms)? Used by the stack scan. */
static bool after_call(struct monitor *mon, uint32_t ret)
{
	struct cpu *c = machine_cpu(mon->m);
	uint8_t b[7];
	uint32_t off;
	if (ret < 8 || ret >= KERNBASE || !symtab_lookup(mon_symtab(mon, ret), ret, &off) ||
	    cpu_peek(c, ret - 7, b, 7, false) != 7)
		return false;
	if (b[2] == 0xe8)
		return true;
	/* ff /2: [len back] = ff, then ModRM with reg 2 and the matching mod. */
	static const struct {
		unsigned back, mod;
	} forms[] = {{2, 3}, {2, 0}, {3, 1}, {6, 2}, {3, 0}, {4, 1}, {7, 2}};
	for (unsigned k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
		unsigned at = 7 - forms[k].back;
		uint8_t modrm = b[at + 1];
		if (b[at] == 0xff && ((modrm >> 3) & 7) == 2 && (modrm >> 6) == forms[k].mod)
			return true;
	}
	return false;
}

/* One step outwards: the caller's EIP, ESP and EBP. A function with the
 * i386 SysV prologue (`push %ebp; mov %esp,%ebp`) is unwound through EBP
 * once the prologue has run, through ESP before it and at its `ret`; any
 * other function (a system-call stub, frameless code) by scanning the stack
 * for the first word that is a return address. */
bool mon_unwind_step(struct monitor *mon, struct mon_uframe *f)
{
	struct cpu *c = machine_cpu(mon->m);
	uint32_t off, at, ret, nebp = f->ebp;
	uint8_t code = 0, pro[24];
	const struct symbol *s = symtab_lookup(mon_symtab(mon, f->eip), f->eip, &off);
	cpu_peek(c, f->eip, &code, 1, false);
	/* The prologue may follow a stack realignment (gcc's main: lea, and,
	 * push -4(%ecx)), so look for it in the first bytes. */
	uint32_t p = 0, got = s ? cpu_peek(c, s->addr, pro, sizeof(pro), false) : 0;
	while (p + 3 <= got && !(pro[p] == 0x55 && pro[p + 1] == 0x89 && pro[p + 2] == 0xe5))
		p++;
	bool prologue = p + 3 <= got && off > p;
	if (f->outermost)
		return false;
	if (s && (off == 0 || code == 0xc3)) {
		at = f->esp;
	} else if (prologue && off == p + 1) {
		at = f->esp + 4;
		if (cpu_peek(c, f->esp, &nebp, 4, false) != 4)
			return false;
	} else if (prologue && off >= p + 3) {
		uint32_t fr[2];
		if (cpu_peek(c, f->ebp, fr, 8, false) != 8 || f->ebp < f->esp)
			return false;
		nebp = fr[0];
		at = f->ebp + 4;
	} else {
		at = 0;
		for (uint32_t a = f->esp; a - f->esp < 4096; a += 4) {
			uint32_t w;
			if (cpu_peek(c, a, &w, 4, false) != 4)
				return false;
			if (after_call(mon, w)) {
				at = a;
				break;
			}
		}
		if (!at)
			return false;
	}
	if (cpu_peek(c, at, &ret, 4, false) != 4 || ret == 0 || ret == 0xffffffffu)
		return false; /* crt0's fake return address ends the chain */
	if (at + 4 <= f->esp)
		return false; /* no progress: a corrupt stack */
	f->eip = ret;
	f->esp = at + 4;
	/* crt0 zeroes EBP before calling main: a caller reached through an
	 * EBP of 0 is the outermost frame (gdb stops at the entry too). */
	f->outermost = prologue && nebp == 0 && at == f->ebp + 4;
	f->ebp = nebp;
	return true;
}

static void cpu_regs(struct cpu *c, uint32_t pc, struct mdw_regs *r)
{
	for (int k = 0; k < 8; k++)
		r->r[k] =
		    c->reg
			[k]; /* cpu/ numbers them as DWARF does: eax ecx edx ebx esp ebp esi edi */
	r->r[MDW_EIP] = pc;
	r->valid = (1u << MDW_NREGS) - 1;
}

int mon_frames(struct monitor *mon, struct mon_frame *v, int max)
{
	struct cpu *c = machine_cpu(mon->m);
	int k = 0;
	if (max < 3)
		return 0;
	memset(v, 0, sizeof(*v) * (size_t)max);
	v[0].pc = c->seg[SEG_CS].base + c->eip;
	v[0].exact = true;
	cpu_regs(c, v[0].pc, &v[0].regs);
	k = 1;
	struct mon_tframe t;
	if (mon_trapframe(mon, &t)) {
		/* The handler's frame ends at the trap frame; the stub never
		 * changes EBP, so the register is still the user's. */
		v[1].trap = true;
		mon_trap_cause(mon, &t, v[1].cause, sizeof(v[1].cause));
		v[1].from_cpl = t.cs & 3;
		v[2].pc = t.eip;
		v[2].exact = true;
		v[2].regs.r[MDW_EIP] = t.eip;
		v[2].regs.r[MDW_ESP] = t.esp;
		v[2].regs.r[MDW_EBP] = c->reg[EBP];
		v[2].regs.valid = 1u << MDW_EIP | 1u << MDW_ESP | 1u << MDW_EBP;
		k = 3;
	}
	while (k < max) {
		struct mon_frame *f = &v[k - 1], *n = &v[k];
		struct mdw *d = mon_dwarf_at(mon, f->pc);
		int r = d && !f->outermost
			    ? mdw_unwind(d, &f->regs, f->exact, &n->regs, mon_dwarf_read, mon)
			    : 0;
		if (r < 0)
			break;
		if (r == 1) {
			/* gcc's frames end where crt0 zeroed EBP; a frame that does
			 * not move the stack outwards is a corrupt one. */
			if (n->regs.r[MDW_ESP] <= f->regs.r[MDW_ESP] || n->regs.r[MDW_EIP] == 0 ||
			    n->regs.r[MDW_EIP] == 0xffffffffu)
				break;
			f->dwarf = true;
			n->pc = n->regs.r[MDW_EIP];
			n->outermost = (n->regs.valid & (1u << MDW_EBP)) &&
				       n->regs.r[MDW_EBP] == 0 && !mon_dwarf_at(mon, n->pc);
			k++;
			continue;
		}
		struct mon_uframe u = {f->pc, f->regs.r[MDW_ESP], f->regs.r[MDW_EBP], f->outermost};
		if (!(f->regs.valid & (1u << MDW_EBP)) || !mon_unwind_step(mon, &u))
			break;
		n->pc = u.eip;
		n->outermost = u.outermost;
		n->regs.r[MDW_EIP] = u.eip;
		n->regs.r[MDW_ESP] = u.esp;
		n->regs.r[MDW_EBP] = u.ebp;
		n->regs.valid = 1u << MDW_EIP | 1u << MDW_ESP | 1u << MDW_EBP;
		k++;
	}
	return k;
}

void mon_print_frame(struct monitor *mon, int k, const struct mon_frame *f)
{
	char s[96], where[600] = "";
	if (f->trap) {
		printf("#%-2d <interrupt: %s from CPL %u>\n", k, f->cause, f->from_cpl);
		return;
	}
	struct mdw *d = mon_dwarf_at(mon, f->pc);
	struct mdw_line ln;
	const char *fn;
	uint32_t lo, hi;
	if (d && mdw_func(d, f->pc - (f->exact ? 0 : 1), &fn, &lo, &hi)) {
		char args[512];
		mdw_format_args(d, &f->regs, f->exact, mon_dwarf_read, mon, args, sizeof(args));
		if (mdw_pc_line(d, f->pc - (f->exact ? 0 : 1), &ln))
			snprintf(where, sizeof(where), " at %s:%d", ln.file, ln.line);
		/* gdb shows the pc unless it is the start of a line in frame 0. */
		if (f->exact && *where && ln.addr == f->pc)
			printf("#%-2d %s (%s)%s\n", k, fn, args, where);
		else
			printf("#%-2d 0x%08x in %s (%s)%s\n", k, f->pc, fn, args, where);
		return;
	}
	printf("#%-2d 0x%08x in %s\n", k, f->pc, *mon_sym(mon, f->pc, s, sizeof(s)) ? s : "??");
}

int mon_cmd_backtrace(struct monitor *mon, const char *args)
{
	if (!mon_need_live(mon))
		return -1;
	static struct mon_frame v[MON_MAX_FRAMES];
	int limit = MON_MAX_FRAMES;
	if (*args) {
		char *end;
		long l = strtol(args, &end, 10);
		if (end == args || *end || l <= 0)
			return mon_err(mon, "backtrace: N must be a positive number");
		if (l < limit)
			limit = (int)l;
	}
	int n = mon_frames(mon, v, MON_MAX_FRAMES);
	for (int k = 0; k < n && k < limit; k++) {
		mon_print_frame(mon, k, &v[k]);
		/* gdb's `backtrace past-main off`: with DWARF, main is the
		 * outermost frame shown (crt0 beyond it is no user frame). */
		struct mdw *d = mon_dwarf_at(mon, v[k].pc);
		const char *fn;
		uint32_t lo, hi;
		if (d && !v[k].trap && mdw_func(d, v[k].pc - (v[k].exact ? 0 : 1), &fn, &lo, &hi) &&
		    strcmp(fn, "main") == 0)
			return 0;
	}
	if (n > limit)
		printf("(More stack frames follow...)\n");
	return 0;
}

bool mon_finish_target(struct monitor *mon, uint32_t *eip, uint32_t *esp, unsigned *cpl)
{
	struct cpu *c = machine_cpu(mon->m);
	struct mon_tframe t;
	if (mon_trapframe(mon, &t)) {
		/* Out of a handler: iret returns to CPL 3 on the user stack. */
		*eip = t.eip;
		*esp = t.esp;
		*cpl = t.cs & 3;
		return true;
	}
	struct mon_uframe f = {c->seg[SEG_CS].base + c->eip, c->reg[ESP], c->reg[EBP], false};
	if (!mon_unwind_step(mon, &f))
		return false;
	*eip = f.eip;
	*esp = f.esp;
	*cpl = c->cpl;
	return true;
}

int mon_info_frame(struct monitor *mon, const char *args)
{
	struct mon_tframe t;
	if (!mon_need_live(mon))
		return -1;
	if (mon->frame_sel == 0 && mon_trapframe(mon, &t))
		return mon_info_trapframe(mon, args);
	if (mon_src_info_frame(mon) == 0)
		return 0;
	struct cpu *c = machine_cpu(mon->m);
	struct mon_uframe f = {c->seg[SEG_CS].base + c->eip, c->reg[ESP], c->reg[EBP], false};
	char s[96];
	printf("Stack level 0, eip = 0x%08x in %s; esp 0x%08x, ebp 0x%08x, CPL %u\n", f.eip,
	       *mon_sym(mon, f.eip, s, sizeof(s)) ? s : "??", f.esp, f.ebp, c->cpl);
	if (mon_unwind_step(mon, &f))
		printf(" saved eip = 0x%08x in %s; caller's esp 0x%08x\n", f.eip,
		       *mon_sym(mon, f.eip, s, sizeof(s)) ? s : "??", f.esp);
	else
		printf(" outermost frame\n");
	return 0;
}
