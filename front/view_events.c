/* The pictures' tracer events (view_events.h, docs/trace-format.md). */
#include "view_events.h"

#include "../cpu/decode/disasm.h"
#include "strace_abi.h"
#include "trace_out.h"
#include "view_map.h"

#include <string.h>

static void where(struct tracer *t, struct machine *m, int pid)
{
	fprintf(t->out, ",\"pid\":%d,\"icount\":%llu", pid,
		(unsigned long long)machine_cpu(m)->icount);
}

static void walk_text(FILE *f, const struct uaccess_walk *w)
{
	fprintf(f, " page 0x%08x PDE 0x%08x", w->va, w->pde);
	if (w->pde & PTE_P)
		fprintf(f, " PTE 0x%08x", w->pte);
	fprintf(f, " (U/S=%u R/W=%u%s)", (w->pde & w->pte & PTE_U) ? 1u : 0u,
		(w->pde & w->pte & PTE_W) ? 1u : 0u,
		!(w->pde & PTE_P)   ? ", PDE not present"
		: !(w->pte & PTE_P) ? ", not present"
				    : "");
	if (!w->ok)
		fprintf(f, " refused, #PF error 0x%x", w->pf_err);
}

void view_trace_uaccess(struct tracer *t, struct machine *m, const struct uaccess_event *ev)
{
	if (!(t->what & TR_UACCESS))
		return;
	t->lines++;
	unsigned nw = ev->npages;
	if (nw > UACCESS_WALKS)
		nw = UACCESS_WALKS;
	if (t->fmt == TF_TEXT) {
		fprintf(t->out, "    %s 0x%08x %u bytes = %d%s:", ev->fn, ev->uva, ev->len,
			ev->result, ev->result == -EFAULT ? " (EFAULT)" : "");
		for (unsigned i = 0; i < nw; i++) {
			if (i == UACCESS_WALKS - 1 && ev->npages > UACCESS_WALKS)
				fprintf(t->out, " ... %u pages ...", ev->npages - UACCESS_WALKS);
			walk_text(t->out, &ev->walk[i]);
			fputc(i + 1 < nw ? ';' : '\n', t->out);
		}
		if (!nw)
			fputc('\n', t->out);
		return;
	}
	fprintf(t->out,
		"{\"ev\":\"uaccess\",\"fn\":\"%s\",\"uva\":%u,\"len\":%u,\"write\":%s,"
		"\"result\":%d",
		ev->fn, ev->uva, ev->len, ev->write ? "true" : "false", ev->result);
	if (ev->result < 0 && strace_errno_name(-ev->result))
		fprintf(t->out, ",\"errno\":\"%s\"", strace_errno_name(-ev->result));
	fprintf(t->out, ",\"npages\":%u,\"walks\":[", ev->npages);
	for (unsigned i = 0; i < nw; i++) {
		const struct uaccess_walk *w = &ev->walk[i];
		fprintf(t->out, "%s{\"va\":%u,\"pde\":%u,\"pte\":%u,\"ok\":%s", i ? "," : "", w->va,
			w->pde, w->pte, w->ok ? "true" : "false");
		if (!w->ok)
			fprintf(t->out, ",\"pf_err\":%u", w->pf_err);
		fputc('}', t->out);
	}
	fputc(']', t->out);
	where(t, m, ev->pid);
	fputs("}\n", t->out);
}

void view_trace_frame(struct tracer *t, struct machine *m)
{
	struct kernel *k = machine_kernel(m);
	if (!(t->what & TR_FRAME) || t->fmt != TF_JSONL || !k->tf)
		return;
	const uint8_t *ram = phys_ptr(k->pm, 0, 1);
	uint32_t addr = KERNBASE + (uint32_t)((const uint8_t *)k->tf - ram);
	unsigned n = (k->tf->cs & 3) ? 19 : 17; /* esp and ss only from CPL 3 */
	uint32_t w[19];
	memcpy(w, k->tf, sizeof(w));
	t->lines++;
	fprintf(t->out, "{\"ev\":\"trapframe\",\"addr\":%u,\"words\":[", addr);
	for (unsigned i = 0; i < n; i++)
		fprintf(t->out, "%s%u", i ? "," : "", w[i]);
	fputc(']', t->out);
	where(t, m, k->cur ? k->cur->pid : 0);
	fputs("}\n", t->out);
}

void view_trace_map(struct tracer *t, struct machine *m, const struct proc *p, const char *why)
{
	struct kernel *k = machine_kernel(m);
	if (!(t->what & TR_MAP) || !p)
		return;
	struct amap map;
	amap_build(machine_cpu(m), k->pm, k, p, &map);
	t->lines++;
	char a[4];
	if (t->fmt == TF_TEXT) {
		fprintf(t->out, "--- map of pid %d (%s):\n", p->pid, why);
		for (int i = 0; i < map.n; i++) {
			const struct amap_range *r = &map.r[i];
			uint64_t end = (uint64_t)r->start + (uint64_t)r->npages * PAGE_SIZE;
			fprintf(t->out, "    %08x-%08llx %08llx %s %s\n", r->start,
				(unsigned long long)end, (unsigned long long)(end - r->start),
				amap_attrs(r->flags, a), r->what);
		}
		return;
	}
	fputs("{\"ev\":\"map\",\"why\":", t->out);
	json_str(t->out, why);
	fputs(",\"ranges\":[", t->out);
	for (int i = 0; i < map.n; i++) {
		const struct amap_range *r = &map.r[i];
		fprintf(t->out, "%s[%u,%u,\"%s\",", i ? "," : "", r->start, r->npages,
			amap_attrs(r->flags, a));
		json_str(t->out, r->what);
		fputc(']', t->out);
	}
	fputc(']', t->out);
	if (map.cut)
		fputs(",\"cut\":true", t->out);
	where(t, m, p->pid);
	fputs("}\n", t->out);
}

static bool is_one_of(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

void view_trace_after_syscall(struct tracer *t, struct machine *m, const struct syscall_event *ev)
{
	static const char *const forks[] = {"fork", "vfork", "clone", "clone3", NULL};
	static const char *const changes[] = {"exec",  "execve", "sbrk",     "brk", "mmap",
					      "mmap2", "munmap", "mprotect", NULL};
	if (!(t->what & TR_MAP) || !ev->name || ev->blocked || !ev->returns || ev->ret < 0)
		return;
	struct kernel *k = machine_kernel(m);
	if (is_one_of(ev->name, forks)) {
		for (int i = 0; i < NPROC; i++)
			if (k->procs[i].state != P_UNUSED && k->procs[i].pid == ev->ret)
				view_trace_map(t, m, &k->procs[i], "fork");
	} else if (is_one_of(ev->name, changes)) {
		for (int i = 0; i < NPROC; i++)
			if (k->procs[i].state != P_UNUSED && k->procs[i].pid == ev->pid)
				view_trace_map(t, m, &k->procs[i], ev->name);
	}
}

static void ring_line(struct tracer *t, struct machine *m, const struct insn *i, uint32_t lin,
		      unsigned cpl, unsigned long long icount)
{
	char text[128], s[96];
	disasm(i, lin, text, sizeof(text));
	symtab_format(trace_syms_for(t->syms, t->syms_cr3, machine_cpu(m), lin), lin, s, sizeof(s));
	fprintf(t->out, "{\"ev\":\"insn\",\"icount\":%llu,\"cpl\":%u,\"eip\":%u,", icount, cpl,
		lin);
	if (*s) {
		fputs("\"sym\":", t->out);
		json_str(t->out, s);
		fputc(',', t->out);
	}
	fputs("\"text\":", t->out);
	json_str(t->out, text);
	fputs("}\n", t->out);
	t->lines++;
}

void view_ring_insn(struct tracer *t, struct machine *m, const struct insn *i)
{
	struct cpu *c = machine_cpu(m);
	struct view_ring *r = &t->ring;
	uint32_t lin = c->seg[SEG_CS].base + c->eip;
	if (r->after) { /* the first instruction after an iret */
		r->after = false;
		ring_line(t, m, i, lin, c->cpl, (unsigned long long)c->icount);
		return;
	}
	int k = (r->first + r->n) % VIEW_RING;
	if (r->n == VIEW_RING)
		r->first = (r->first + 1) % VIEW_RING;
	else
		r->n++;
	r->e[k].i = *i;
	r->e[k].lin = lin;
	r->e[k].cpl = c->cpl;
	r->e[k].icount = (unsigned long long)c->icount;
}

void view_ring_flush(struct tracer *t, struct machine *m)
{
	struct view_ring *r = &t->ring;
	for (int n = 0; n < r->n; n++) {
		int k = (r->first + n) % VIEW_RING;
		ring_line(t, m, &r->e[k].i, r->e[k].lin, r->e[k].cpl, r->e[k].icount);
	}
	r->n = 0;
	r->first = 0;
}
