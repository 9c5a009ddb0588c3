/*
 * The i386 signal frames, as Linux lays them out (arch/x86/include/asm/
 * sigframe.h, uapi/asm/sigcontext.h, arch/x86/kernel/signal_32.c), built
 * on the user stack with copyout and read back by sigreturn with copyin.
 *
 *   struct sigcontext_32 (88 bytes): gs fs es ds edi esi ebp esp ebx edx
 *     ecx eax trapno err eip cs eflags esp_at_signal ss fpstate oldmask cr2
 *   struct sigframe_ia32 (732): pretcode, sig, sc, fpstate_unused (624),
 *     extramask[1], retcode[8] "popl %eax; movl $119,%eax; int $0x80"
 *   struct rt_sigframe_ia32 (268): pretcode, sig, pinfo, puc, siginfo
 *     (128), ucontext (uc_flags, uc_link, uc_stack, uc_mcontext = a
 *     sigcontext, uc_sigmask), retcode[8] "movl $173,%eax; int $0x80"
 *
 * The x87 state is saved above the frame in the FNSAVE layout of struct
 * _fpstate_32 (magic 0xffff: no FXSR part) and the handler starts with an
 * initialised FPU. pretcode is sa_restorer with SA_RESTORER (what glibc
 * and musl pass), else the retcode on the frame.
 *
 * sigreturn restores only what a user may set (Linux's restore_sigcontext):
 * the flags of FIX_EFLAGS (IOPL, IF, VM, NT stay the kernel's), CS and SS
 * must be the user selectors once RPL 3 is forced, and the data selectors
 * null, the user data segment or a present TLS entry; anything else would
 * make the stub's pop or iret fault at CPL 0 (where Linux's iret fixup
 * sends SIGSEGV), so the frame is refused and the process dies of SIGSEGV.
 */
#include "abi_linux.h"

#include <string.h>

#define SC_WORDS      22
#define RT_FRAME      268u
#define RT_INFO	      16u
#define RT_UC	      144u
#define RT_SC	      (RT_UC + 20u)
#define RT_MASK	      (RT_SC + 88u)
#define RT_RETCODE    (RT_MASK + 8u)
#define OLD_FRAME     732u
#define OLD_SC	      8u
#define OLD_EXTRAMASK (OLD_SC + 88u + 624u)
#define OLD_RETCODE   (OLD_EXTRAMASK + 4u)
#define FPSTATE_SIZE  112u
#define NR_SIGRETURN  119u
#define NR_RT_SIGRET  173u
/* The flags sigreturn takes from the frame (Linux's FIX_EFLAGS). */
#define FIX_EFLAGS (FL_AC | FL_OF | FL_DF | FL_TF | FL_SF | FL_ZF | FL_AF | FL_PF | FL_CF | FL_RF)

static void put32(uint8_t *b, uint32_t off, uint32_t v)
{
	memcpy(b + off, &v, 4);
}

static uint32_t get32(const uint8_t *b, uint32_t off)
{
	uint32_t v;
	memcpy(&v, b + off, 4);
	return v;
}

/* The process's x87 state, wherever the lazy switch left it (fpu.c). */
static struct fpu *fpu_of(struct kernel *k, struct proc *p)
{
	return k->fpu_owner == p ? &k->cpu->fpu : &p->fpu;
}

static bool on_altstack(const struct sigstate *s, uint32_t sp)
{
	return s->ss_size && sp > s->ss_sp && sp - s->ss_sp <= s->ss_size;
}

static void fill_sigcontext(struct kernel *k, const struct trapframe *tf, uint32_t fpstate,
			    uint32_t oldmask, uint8_t *sc)
{
	const uint32_t w[SC_WORDS] = {
	    tf->gs & 0xffff, tf->fs & 0xffff, tf->es & 0xffff, tf->ds & 0xffff, tf->edi,    tf->esi,
	    tf->ebp,	     tf->esp,	      tf->ebx,	       tf->edx,		tf->ecx,    tf->eax,
	    tf->trapno,	     tf->err,	      tf->eip,	       tf->cs & 0xffff, tf->eflags, tf->esp,
	    tf->ss & 0xffff, fpstate,	      oldmask,	       k->cpu->cr2};
	memcpy(sc, w, sizeof(w));
}

/* Linux's struct siginfo for signal `sig`. */
void signal_fill_siginfo(int sig, const struct ksiginfo *in, uint8_t *si)
{
	memset(si, 0, 128);
	put32(si, 0, (uint32_t)sig);
	put32(si, 8, (uint32_t)in->code);
	if (sig == LSIGCHLD && in->code > 0) {
		put32(si, 12, (uint32_t)in->pid);
		put32(si, 16, LINUX_UID);
		put32(si, 20, (uint32_t)in->status);
	} else if (in->code == LSI_USER || in->code < 0) {
		/* kill, tkill, sigqueue: the sender, and sigqueue's si_value */
		put32(si, 12, (uint32_t)in->pid);
		put32(si, 16, LINUX_UID);
		put32(si, 20, in->value);
	} else {
		put32(si, 12, in->addr); /* faults: si_addr; SI_KERNEL: 0 */
	}
}

int signal_setup_frame(struct kernel *k, struct trapframe *tf, int sig,
		       const struct ksigaction *act, const struct ksiginfo *info, uint64_t old_mask,
		       struct signal_event *ev)
{
	struct proc *p = k->cur;
	const struct sigstate *s = &p->sig;
	bool rt = (act->flags & LSA_SIGINFO) != 0;
	uint32_t sp = tf->esp;
	bool alt = false;
	if ((act->flags & LSA_ONSTACK) && s->ss_size && !(s->ss_flags & LSS_DISABLE) &&
	    !on_altstack(s, sp)) {
		sp = s->ss_sp + s->ss_size;
		alt = true;
	} else if (on_altstack(s, sp)) {
		alt = true;
	}
	uint32_t fpaddr = ((sp - FPSTATE_SIZE) & ~63u);
	uint32_t size = rt ? RT_FRAME : OLD_FRAME;
	uint32_t frame = ((fpaddr - size + 4) & ~15u) - 4; /* as if just called */
	ev->rt = rt;
	ev->frame = frame;
	if (sp < 2 * OLD_FRAME || (alt && !on_altstack(s, frame)))
		return -EFAULT;

	struct fpu *f = fpu_of(k, p);
	uint8_t fp[FPSTATE_SIZE];
	fpu_store_save(f, fp, false);
	fp[108] = fp[4];
	fp[109] = fp[5];	  /* status: the status word */
	fp[110] = fp[111] = 0xff; /* magic: FNSAVE state only */
	if (copyout(k, fpaddr, fp, sizeof(fp)) < 0)
		return -EFAULT;

	uint8_t b[OLD_FRAME];
	memset(b, 0, sizeof(b));
	uint32_t restorer;
	put32(b, 4, (uint32_t)sig);
	if (rt) {
		put32(b, 8, frame + RT_INFO);
		put32(b, 12, frame + RT_UC);
		signal_fill_siginfo(sig, info, b + RT_INFO);
		put32(b, RT_UC + 8, s->ss_sp);
		put32(b, RT_UC + 12,
		      !s->ss_size		? LSS_DISABLE
		      : on_altstack(s, tf->esp) ? LSS_ONSTACK
						: 0);
		put32(b, RT_UC + 16, s->ss_size);
		fill_sigcontext(k, tf, fpaddr, (uint32_t)old_mask, b + RT_SC);
		memcpy(b + RT_MASK, &old_mask, 8);
		static const uint8_t code[8] = {0xb8, NR_RT_SIGRET, 0, 0, 0, 0xcd, 0x80, 0};
		memcpy(b + RT_RETCODE, code, 8);
		restorer = frame + RT_RETCODE;
	} else {
		fill_sigcontext(k, tf, fpaddr, (uint32_t)old_mask, b + OLD_SC);
		put32(b, OLD_EXTRAMASK, (uint32_t)(old_mask >> 32));
		static const uint8_t code[8] = {0x58, 0xb8, NR_SIGRETURN, 0, 0, 0, 0xcd, 0x80};
		memcpy(b + OLD_RETCODE, code, 8);
		restorer = frame + OLD_RETCODE;
	}
	if (act->flags & LSA_RESTORER)
		restorer = act->restorer;
	put32(b, 0, restorer);
	if (copyout(k, frame, b, size) < 0)
		return -EFAULT;

	fpu_reset(f);
	tf->eip = act->handler;
	tf->esp = frame;
	tf->eax = (uint32_t)sig;
	tf->edx = rt ? frame + RT_INFO : 0;
	tf->ecx = rt ? frame + RT_UC : 0;
	tf->ds = tf->es = tf->ss = SEL_UDATA;
	tf->cs = SEL_UCODE;
	tf->eflags &= ~(FL_DF | FL_TF | FL_RF);
	ev->eip = tf->eip;
	ev->esp = tf->esp;
	return 0;
}

/* A data selector sigreturn may load (see the top): 0 when allowed, the
 * selector with RPL 3 in *out. */
static int data_selector_ok(const struct proc *p, uint32_t sel, uint32_t *out)
{
	sel &= 0xffff;
	if ((sel & ~3u) == 0) {
		*out = sel;
		return 0;
	}
	unsigned idx = sel >> 3;
	if (sel & 4)
		return -EPERM; /* no LDT */
	if ((sel | 3) == SEL_UDATA ||
	    (idx >= GDT_TLS_FIRST && idx < GDT_TLS_FIRST + GDT_TLS_COUNT &&
	     (p->tls[idx - GDT_TLS_FIRST][1] & (1u << 15)))) {
		*out = sel | 3;
		return 0;
	}
	return -EPERM;
}

int signal_restore_frame(struct kernel *k, struct trapframe *tf, bool rt)
{
	struct proc *p = k->cur;
	struct sigstate *s = &p->sig;
	/* The handler's `ret` popped pretcode (and the old retcode's popl
	 * took sig): esp is 4 (rt) or 8 bytes into the frame. */
	uint32_t frame = tf->esp - (rt ? 4u : 8u);
	uint8_t b[OLD_FRAME];
	uint32_t size = rt ? RT_FRAME : OLD_FRAME;
	if (copyin(k, b, frame, size) < 0)
		return -EFAULT;
	const uint8_t *sc = b + (rt ? RT_SC : OLD_SC);
	uint32_t w[SC_WORDS];
	memcpy(w, sc, sizeof(w));
	uint32_t seg[4];
	for (int i = 0; i < 4; i++)
		if (data_selector_ok(p, w[i], &seg[i]) < 0)
			return -EPERM;
	if (((w[15] | 3) & 0xffff) != SEL_UCODE || ((w[18] | 3) & 0xffff) != SEL_UDATA)
		return -EPERM;
	uint8_t fp[FPU_SAVE32];
	if (w[19] && copyin(k, fp, w[19], sizeof(fp)) < 0)
		return -EFAULT;
	uint64_t mask;
	if (rt) {
		memcpy(&mask, b + RT_MASK, 8);
		/* uc_stack back (Linux's restore_altstack: errors but EFAULT
		 * ignored). */
		(void)signal_altstack(p, tf->esp, get32(b, RT_UC + 8), get32(b, RT_UC + 12),
				      get32(b, RT_UC + 16));
	} else {
		mask = w[20] | ((uint64_t)get32(b, OLD_EXTRAMASK) << 32);
	}
	tf->gs = seg[0];
	tf->fs = seg[1];
	tf->es = seg[2];
	tf->ds = seg[3];
	tf->edi = w[4];
	tf->esi = w[5];
	tf->ebp = w[6];
	tf->esp = w[7];
	tf->ebx = w[8];
	tf->edx = w[9];
	tf->ecx = w[10];
	tf->eax = w[11];
	tf->eip = w[14];
	tf->cs = SEL_UCODE;
	tf->eflags = (tf->eflags & ~FIX_EFLAGS) | (w[16] & FIX_EFLAGS);
	tf->ss = SEL_UDATA;
	struct fpu *f = fpu_of(k, p);
	if (w[19])
		fpu_load_save(f, fp, false);
	else
		fpu_reset(f);
	s->blocked = mask & ~LSIG_UNBLOCKABLE;
	s->in_restart = false;
	return 0;
}
