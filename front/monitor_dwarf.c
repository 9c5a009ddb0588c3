/*
 * The program's DWARF through elfutils' libdw: line tables (DWARF 5
 * §6.2), call-frame information (§6.4, read from .debug_frame or
 * .eh_frame by dwarf_cfi_addrframe), and variables: their location
 * expressions (§2.5, §2.6) and their types (§5), formatted as gdb's print
 * formats them. Guest memory is read through the caller's callback only.
 */
#include "monitor_dwarf.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct mdw {
	int fd;
	Elf *elf;
	Dwarf *dw;
	Dwarf_CFI *cfi_debug, *cfi_eh; /* either may be NULL */
};

struct mdw *mdw_open(const char *path, char *err, size_t errlen)
{
	*err = 0;
	elf_version(EV_CURRENT);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s", path);
		return NULL;
	}
	Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
	Dwarf *dw = elf ? dwarf_begin_elf(elf, DWARF_C_READ, NULL) : NULL;
	Dwarf_Off off = 0, next;
	size_t hsize;
	bool lines = false;
	while (dw && !lines && dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;
		Dwarf_Lines *l;
		size_t n;
		if (dwarf_offdie(dw, off + hsize, &cu) && dwarf_getsrclines(&cu, &l, &n) == 0 && n)
			lines = true;
		off = next;
	}
	if (!lines) {
		if (dw)
			dwarf_end(dw);
		if (elf)
			elf_end(elf);
		close(fd);
		return NULL;
	}
	struct mdw *d = calloc(1, sizeof(*d));
	if (!d) {
		dwarf_end(dw);
		elf_end(elf);
		close(fd);
		snprintf(err, errlen, "out of host memory");
		return NULL;
	}
	d->fd = fd;
	d->elf = elf;
	d->dw = dw;
	d->cfi_debug = dwarf_getcfi(dw);
	d->cfi_eh = dwarf_getcfi_elf(elf);
	return d;
}

void mdw_close(struct mdw *d)
{
	if (!d)
		return;
	if (d->cfi_eh)
		dwarf_cfi_end(d->cfi_eh);
	dwarf_end(d->dw);
	elf_end(d->elf);
	close(d->fd);
	free(d);
}

/* --- compilation units and lines ----------------------------------------- */

/* Calls fn for each CU until it returns true. */
static bool each_cu(struct mdw *d, bool (*fn)(Dwarf_Die *cu, void *arg), void *arg)
{
	Dwarf_Off off = 0, next;
	size_t hsize;
	while (dwarf_nextcu(d->dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;
		if (dwarf_offdie(d->dw, off + hsize, &cu) && fn(&cu, arg))
			return true;
		off = next;
	}
	return false;
}

struct find_pc {
	uint32_t pc;
	Dwarf_Die cu;
};

static bool cu_has_pc(Dwarf_Die *cu, void *arg)
{
	struct find_pc *f = arg;
	if (dwarf_haspc(cu, f->pc) <= 0)
		return false;
	f->cu = *cu;
	return true;
}

static bool cu_of(struct mdw *d, uint32_t pc, Dwarf_Die *cu)
{
	struct find_pc f = {.pc = pc};
	if (!each_cu(d, cu_has_pc, &f))
		return false;
	*cu = f.cu;
	return true;
}

static void row(Dwarf_Line *l, uint32_t *addr, int *line, const char **file, bool *endseq)
{
	Dwarf_Addr a = 0;
	bool e = false;
	dwarf_lineaddr(l, &a);
	dwarf_lineno(l, line);
	dwarf_lineendsequence(l, &e);
	*addr = (uint32_t)a;
	*endseq = e;
	*file = dwarf_linesrc(l, NULL, NULL);
}

static void set_path(Dwarf_Die *cu, struct mdw_line *out)
{
	Dwarf_Attribute a;
	const char *dir = dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &a));
	if (out->file[0] == '/' || !dir)
		snprintf(out->path, sizeof(out->path), "%s", out->file);
	else
		snprintf(out->path, sizeof(out->path), "%s/%s", dir, out->file);
}

bool mdw_pc_line(struct mdw *d, uint32_t pc, struct mdw_line *out)
{
	Dwarf_Die cu;
	Dwarf_Lines *lines;
	size_t n;
	if (!cu_of(d, pc, &cu) || dwarf_getsrclines(&cu, &lines, &n) != 0)
		return false;
	/* Rows are sorted by address; the one covering pc is the last row at
	 * or below pc that is not a sequence end. */
	long hit = -1;
	for (size_t k = 0; k < n; k++) {
		uint32_t a;
		int ln;
		const char *f;
		bool e;
		row(dwarf_onesrcline(lines, k), &a, &ln, &f, &e);
		if (a > pc)
			break;
		hit = e ? -1 : (long)k;
	}
	if (hit < 0)
		return false;
	uint32_t a0, a;
	int ln0, ln;
	const char *f0, *f;
	bool e;
	row(dwarf_onesrcline(lines, (size_t)hit), &a0, &ln0, &f0, &e);
	/* The statement's block: back over rows of the same line, forward to
	 * the first row of another line (gdb's step range). */
	for (long k = hit - 1; k >= 0; k--) {
		row(dwarf_onesrcline(lines, (size_t)k), &a, &ln, &f, &e);
		if (e || ln != ln0 || !f || !f0 || strcmp(f, f0) != 0)
			break;
		a0 = a;
	}
	out->file = f0 ? f0 : "??";
	out->line = ln0;
	out->addr = a0;
	out->end = pc + 1;
	for (size_t k = (size_t)hit + 1; k < n; k++) {
		row(dwarf_onesrcline(lines, k), &a, &ln, &f, &e);
		out->end = a;
		if (e || ln != ln0 || !f || !f0 || strcmp(f, f0) != 0)
			break;
	}
	if (out->end <= pc)
		out->end = pc + 1;
	set_path(&cu, out);
	return true;
}

static bool path_matches(const char *path, const char *name)
{
	if (!path)
		return false;
	size_t pl = strlen(path), nl = strlen(name);
	return (strcmp(path, name) == 0 ||
		(pl > nl && path[pl - nl - 1] == '/' && strcmp(path + pl - nl, name) == 0));
}

struct find_line {
	const char *file;
	int line;
	bool file_seen;
	int best;
	struct mdw_line out;
};

static bool cu_line(Dwarf_Die *cu, void *arg)
{
	struct find_line *fl = arg;
	Dwarf_Lines *lines;
	size_t n;
	if (dwarf_getsrclines(cu, &lines, &n) != 0)
		return false;
	for (size_t k = 0; k < n; k++) {
		uint32_t a;
		int ln;
		const char *f;
		bool e, stmt = false;
		Dwarf_Line *l = dwarf_onesrcline(lines, k);
		row(l, &a, &ln, &f, &e);
		dwarf_linebeginstatement(l, &stmt);
		if (e || !stmt || !f || !path_matches(f, fl->file))
			continue;
		fl->file_seen = true;
		if (ln < fl->line)
			continue;
		if (fl->best == 0 || ln < fl->best || (ln == fl->best && a < fl->out.addr)) {
			fl->best = ln;
			fl->out.file = f;
			fl->out.line = ln;
			fl->out.addr = a;
		}
	}
	return false;
}

int mdw_file_line(struct mdw *d, const char *file, int line, struct mdw_line *out)
{
	struct find_line fl = {.file = file, .line = line};
	each_cu(d, cu_line, &fl);
	if (!fl.file_seen)
		return -1;
	if (!fl.best)
		return 1;
	mdw_pc_line(d, fl.out.addr, out);
	return 0;
}

/* --- functions ----------------------------------------------------------- */

static bool func_die(struct mdw *d, uint32_t pc, Dwarf_Die *cu, Dwarf_Die *fn)
{
	Dwarf_Die c;
	if (!cu_of(d, pc, cu) || dwarf_child(cu, &c) != 0)
		return false;
	do {
		if (dwarf_tag(&c) == DW_TAG_subprogram && dwarf_haspc(&c, pc) > 0) {
			*fn = c;
			return true;
		}
	} while (dwarf_siblingof(&c, &c) == 0);
	return false;
}

bool mdw_func(struct mdw *d, uint32_t pc, const char **name, uint32_t *lo, uint32_t *hi)
{
	Dwarf_Die cu, fn;
	Dwarf_Addr l = 0, h = 0;
	if (!func_die(d, pc, &cu, &fn) || dwarf_lowpc(&fn, &l) != 0 || dwarf_highpc(&fn, &h) != 0)
		return false;
	*name = dwarf_diename(&fn) ? dwarf_diename(&fn) : "??";
	*lo = (uint32_t)l;
	*hi = (uint32_t)h;
	return true;
}

uint32_t mdw_after_prologue(struct mdw *d, uint32_t lo, uint32_t hi)
{
	Dwarf_Die cu;
	Dwarf_Lines *lines;
	size_t n;
	uint32_t best = lo;
	if (!cu_of(d, lo, &cu) || dwarf_getsrclines(&cu, &lines, &n) != 0)
		return lo;
	for (size_t k = 0; k < n; k++) {
		uint32_t a;
		int ln;
		const char *f;
		bool e;
		row(dwarf_onesrcline(lines, k), &a, &ln, &f, &e);
		if (!e && a > lo && a < hi && (best == lo || a < best))
			best = a;
	}
	return best;
}

struct find_name {
	const char *name;
	Dwarf_Addr lo, hi;
	bool found;
};

static bool cu_func_named(Dwarf_Die *cu, void *arg)
{
	struct find_name *fn = arg;
	Dwarf_Die c;
	if (dwarf_child(cu, &c) != 0)
		return false;
	do {
		const char *nm = dwarf_diename(&c);
		if (dwarf_tag(&c) == DW_TAG_subprogram && nm && strcmp(nm, fn->name) == 0 &&
		    dwarf_lowpc(&c, &fn->lo) == 0 && dwarf_highpc(&c, &fn->hi) == 0) {
			fn->found = true;
			return true;
		}
	} while (dwarf_siblingof(&c, &c) == 0);
	return false;
}

bool mdw_func_named(struct mdw *d, const char *name, uint32_t *lo, uint32_t *after_prologue)
{
	struct find_name fn = {.name = name};
	if (!each_cu(d, cu_func_named, &fn))
		return false;
	*lo = (uint32_t)fn.lo;
	*after_prologue = mdw_after_prologue(d, (uint32_t)fn.lo, (uint32_t)fn.hi);
	return true;
}

/* --- DWARF expressions --------------------------------------------------- */

enum loc_kind { LOC_MEM, LOC_VALUE, LOC_REG };

struct eval_ctx {
	const struct mdw_regs *regs;
	bool have_cfa, have_fb;
	uint32_t cfa, fb;
	mdw_read_fn rd;
	void *opaque;
};

/* Evaluates a DWARF expression (§2.5) on a 32-bit stack: 0 and the result
 * (an address, a value, or a register number), -1 for what is not known. */
static int eval(const struct eval_ctx *x, const Dwarf_Op *ops, size_t n, uint32_t *res,
		enum loc_kind *kind)
{
	uint32_t st[32];
	int sp = 0;
	*kind = LOC_MEM;
#define PUSH(v)                                                                                    \
	do {                                                                                       \
		if (sp == 32)                                                                      \
			return -1;                                                                 \
		st[sp++] = (uint32_t)(v);                                                          \
	} while (0)
#define NEED(k)                                                                                    \
	do {                                                                                       \
		if (sp < (k))                                                                      \
			return -1;                                                                 \
	} while (0)
	for (size_t k = 0; k < n; k++) {
		uint8_t a = ops[k].atom;
		uint32_t r;
		if (a >= DW_OP_lit0 && a <= DW_OP_lit31) {
			PUSH(a - DW_OP_lit0);
		} else if (a >= DW_OP_breg0 && a <= DW_OP_breg8) {
			r = a - DW_OP_breg0;
			if (!(x->regs->valid & (1u << r)))
				return -1;
			PUSH(x->regs->r[r] + (uint32_t)ops[k].number);
		} else if (a >= DW_OP_reg0 && a <= DW_OP_reg8) {
			if (n != 1)
				return -1; /* pieces are not supported */
			*res = a - DW_OP_reg0;
			*kind = LOC_REG;
			return 0;
		} else {
			switch (a) {
			case DW_OP_addr:
			case DW_OP_const1u:
			case DW_OP_const1s:
			case DW_OP_const2u:
			case DW_OP_const2s:
			case DW_OP_const4u:
			case DW_OP_const4s:
			case DW_OP_constu:
			case DW_OP_consts: PUSH(ops[k].number); break;
			case DW_OP_fbreg:
				if (!x->have_fb)
					return -1;
				PUSH(x->fb + (uint32_t)ops[k].number);
				break;
			case DW_OP_call_frame_cfa:
				if (!x->have_cfa)
					return -1;
				PUSH(x->cfa);
				break;
			case DW_OP_bregx:
				if (ops[k].number >= MDW_NREGS ||
				    !(x->regs->valid & (1u << ops[k].number)))
					return -1;
				PUSH(x->regs->r[ops[k].number] + (uint32_t)ops[k].number2);
				break;
			case DW_OP_dup:
				NEED(1);
				r = st[sp - 1];
				PUSH(r);
				break;
			case DW_OP_drop:
				NEED(1);
				sp--;
				break;
			case DW_OP_plus_uconst:
				NEED(1);
				st[sp - 1] += (uint32_t)ops[k].number;
				break;
			case DW_OP_plus:
			case DW_OP_minus:
			case DW_OP_and:
			case DW_OP_mul:
				NEED(2);
				sp--;
				r = st[sp];
				st[sp - 1] = a == DW_OP_plus	? st[sp - 1] + r
					     : a == DW_OP_minus ? st[sp - 1] - r
					     : a == DW_OP_and	? st[sp - 1] & r
								: st[sp - 1] * r;
				break;
			case DW_OP_deref:
				NEED(1);
				if (!x->rd(x->opaque, st[sp - 1], &r, 4))
					return -1;
				st[sp - 1] = r;
				break;
			case DW_OP_stack_value: *kind = LOC_VALUE; break;
			default: return -1;
			}
		}
	}
#undef PUSH
#undef NEED
	if (sp < 1)
		return -1;
	*res = st[sp - 1];
	return 0;
}

static Dwarf_Frame *cfi_frame(struct mdw *d, uint32_t pc)
{
	Dwarf_Frame *fr = NULL;
	if (d->cfi_debug && dwarf_cfi_addrframe(d->cfi_debug, pc, &fr) == 0)
		return fr;
	if (d->cfi_eh && dwarf_cfi_addrframe(d->cfi_eh, pc, &fr) == 0)
		return fr;
	return NULL;
}

/* The CFA of the frame whose registers are x->regs (§6.4.1). */
static bool frame_cfa(struct mdw *d, Dwarf_Frame *fr, struct eval_ctx *x)
{
	Dwarf_Op *ops;
	size_t nops;
	enum loc_kind k;
	(void)d;
	if (dwarf_frame_cfa(fr, &ops, &nops) != 0 || nops == 0 ||
	    eval(x, ops, nops, &x->cfa, &k) != 0)
		return false;
	x->have_cfa = true;
	return true;
}

int mdw_unwind(struct mdw *d, const struct mdw_regs *in, bool innermost, struct mdw_regs *out,
	       mdw_read_fn rd, void *opaque)
{
	if (!(in->valid & (1u << MDW_EIP)))
		return -1;
	Dwarf_Frame *fr = cfi_frame(d, in->r[MDW_EIP] - (innermost ? 0 : 1));
	if (!fr)
		return 0;
	struct eval_ctx x = {.regs = in, .rd = rd, .opaque = opaque};
	int ra = dwarf_frame_info(fr, NULL, NULL, NULL);
	if (ra < 0 || ra >= MDW_NREGS || !frame_cfa(d, fr, &x)) {
		free(fr);
		return -1;
	}
	struct mdw_regs o = {.valid = 0};
	for (int r = 0; r < MDW_NREGS; r++) {
		Dwarf_Op mem[3], *ops = NULL;
		size_t nops = 0;
		uint32_t v;
		enum loc_kind k;
		if (dwarf_frame_register(fr, r, mem, &ops, &nops) != 0)
			continue;
		if (nops == 0 && ops == NULL) { /* same value */
			if (in->valid & (1u << r)) {
				o.r[r] = in->r[r];
				o.valid |= 1u << r;
			}
			continue;
		}
		if (nops == 0 || eval(&x, ops, nops, &v, &k) != 0)
			continue; /* undefined, or not computable */
		if (k == LOC_REG) {
			if (!(in->valid & (1u << v)))
				continue;
			v = in->r[v];
		} else if (k == LOC_MEM && !rd(opaque, v, &v, 4)) {
			continue;
		}
		o.r[r] = v;
		o.valid |= 1u << r;
	}
	/* The caller's stack pointer is the CFA by definition (§6.4). */
	o.r[MDW_ESP] = x.cfa;
	o.valid |= 1u << MDW_ESP;
	if (ra != MDW_EIP) {
		o.r[MDW_EIP] = o.r[ra];
		o.valid = (o.valid & ~(1u << MDW_EIP)) | ((o.valid >> ra & 1u) << MDW_EIP);
	}
	free(fr);
	*out = o;
	return (o.valid & (1u << MDW_EIP)) ? 1 : -1;
}

/* --- values and types ---------------------------------------------------- */

struct sbuf {
	char *p;
	size_t n, len;
};

static void sb(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (b->len < b->n) {
		int k = vsnprintf(b->p + b->len, b->n - b->len, fmt, ap);
		b->len = k < 0 ? b->n : b->len + (size_t)k > b->n ? b->n : b->len + (size_t)k;
	}
	va_end(ap);
}

static bool type_of(Dwarf_Die *die, Dwarf_Die *t)
{
	Dwarf_Attribute a;
	return dwarf_attr_integrate(die, DW_AT_type, &a) && dwarf_formref_die(&a, t);
}

/* Strips typedefs and qualifiers; false for void. */
static bool peel(const Dwarf_Die *t, Dwarf_Die *out)
{
	*out = *t;
	for (int k = 0; k < 32; k++) {
		int tag = dwarf_tag(out);
		if (tag != DW_TAG_typedef && tag != DW_TAG_const_type &&
		    tag != DW_TAG_volatile_type && tag != DW_TAG_restrict_type)
			return true;
		if (!type_of(out, out))
			return false;
	}
	return false;
}

static Dwarf_Word udata(Dwarf_Die *die, unsigned at, Dwarf_Word dflt)
{
	Dwarf_Attribute a;
	Dwarf_Word w;
	return dwarf_attr_integrate(die, at, &a) && dwarf_formudata(&a, &w) == 0 ? w : dflt;
}

static void type_name(Dwarf_Die *t, struct sbuf *b, int depth)
{
	Dwarf_Die u;
	const char *nm = dwarf_diename(t);
	if (depth > 8) {
		sb(b, "...");
		return;
	}
	switch (dwarf_tag(t)) {
	case DW_TAG_pointer_type:
		if (type_of(t, &u))
			type_name(&u, b, depth + 1);
		else
			sb(b, "void");
		sb(b, " *");
		break;
	case DW_TAG_const_type:
		sb(b, "const ");
		if (type_of(t, &u))
			type_name(&u, b, depth + 1);
		else
			sb(b, "void");
		break;
	case DW_TAG_volatile_type:
		sb(b, "volatile ");
		if (type_of(t, &u))
			type_name(&u, b, depth + 1);
		break;
	case DW_TAG_structure_type: sb(b, "struct %s", nm ? nm : "{...}"); break;
	case DW_TAG_union_type: sb(b, "union %s", nm ? nm : "{...}"); break;
	case DW_TAG_enumeration_type: sb(b, "enum %s", nm ? nm : "{...}"); break;
	case DW_TAG_subroutine_type: sb(b, "function"); break;
	case DW_TAG_array_type: {
		if (type_of(t, &u))
			type_name(&u, b, depth + 1);
		Dwarf_Die c;
		if (dwarf_child(t, &c) == 0)
			do {
				if (dwarf_tag(&c) == DW_TAG_subrange_type) {
					Dwarf_Word cnt = udata(&c, DW_AT_count, 0);
					if (!cnt)
						cnt = udata(&c, DW_AT_upper_bound, (Dwarf_Word)-1) +
						      1;
					sb(b, " [%llu]", (unsigned long long)cnt);
				}
			} while (dwarf_siblingof(&c, &c) == 0);
		break;
	}
	default: sb(b, "%s", nm ? nm : "?");
	}
}

struct vctx {
	mdw_read_fn rd;
	void *opaque;
	struct sbuf *b;
	bool brief; /* frame lines: aggregates as "..." */
};

static void fmt_char(struct sbuf *b, int ch, char q)
{
	if (ch == q || ch == '\\')
		sb(b, "\\%c", ch);
	else if (ch >= 0x20 && ch < 0x7f)
		sb(b, "%c", ch);
	else if (ch == '\n')
		sb(b, "\\n");
	else if (ch == '\t')
		sb(b, "\\t");
	else
		sb(b, "\\%03o", ch & 0xff);
}

static bool is_char(Dwarf_Die *t)
{
	Dwarf_Die p;
	if (!peel(t, &p) || dwarf_tag(&p) != DW_TAG_base_type)
		return false;
	Dwarf_Word enc = udata(&p, DW_AT_encoding, 0);
	return udata(&p, DW_AT_byte_size, 0) == 1 &&
	       (enc == DW_ATE_signed_char || enc == DW_ATE_unsigned_char);
}

/* A C string in guest memory, as gdb prints it (at most 200 characters). */
static void fmt_cstring(const struct vctx *v, uint32_t a)
{
	sb(v->b, "\"");
	for (int k = 0; k < 200; k++) {
		uint8_t ch;
		if (!v->rd(v->opaque, a + (uint32_t)k, &ch, 1)) {
			sb(v->b, "\" <error: Cannot access memory at address 0x%x>",
			   a + (uint32_t)k);
			return;
		}
		if (!ch) {
			sb(v->b, "\"");
			return;
		}
		fmt_char(v->b, ch, '"');
	}
	sb(v->b, "\"...");
}

static void fmt_value(const struct vctx *v, Dwarf_Die *type, const uint8_t *p, size_t size,
		      int depth);

static size_t type_size(Dwarf_Die *t)
{
	Dwarf_Word w;
	return dwarf_aggregate_size(t, &w) == 0 ? (size_t)w : 0;
}

static void fmt_array(const struct vctx *v, Dwarf_Die *elt, Dwarf_Die *sub, const uint8_t *p,
		      size_t size, int depth)
{
	Dwarf_Word cnt = udata(sub, DW_AT_count, 0);
	if (!cnt)
		cnt = udata(sub, DW_AT_upper_bound, (Dwarf_Word)-1) + 1;
	Dwarf_Die next = *sub;
	bool inner = dwarf_siblingof(&next, &next) == 0 && dwarf_tag(&next) == DW_TAG_subrange_type;
	size_t es = cnt ? size / cnt : 0;
	if (!inner && is_char(elt)) {
		/* gdb: one terminating NUL is not shown; a run of more than 10
		 * equal characters (repeat_count_threshold) reads `'c' <repeats N
		 * times>` between the quoted pieces. */
		size_t len = size && p[size - 1] == 0 ? size - 1 : size;
		bool open = false, any = false;
		for (size_t k = 0; k < len;) {
			size_t run = 1;
			while (k + run < len && p[k + run] == p[k])
				run++;
			if (run > 10) {
				sb(v->b, "%s%s'", open ? "\"" : "", any ? ", " : "");
				fmt_char(v->b, p[k], '\'');
				sb(v->b, "' <repeats %zu times>", run);
				open = false;
				any = true;
				k += run;
				continue;
			}
			if (!open)
				sb(v->b, "%s\"", any ? ", " : "");
			open = any = true;
			for (size_t j = 0; j < run; j++)
				fmt_char(v->b, p[k], '"');
			k += run;
		}
		sb(v->b, "%s", open ? "\"" : any ? "" : "\"\"");
		return;
	}
	sb(v->b, "{");
	for (Dwarf_Word k = 0; k < cnt && k < 200; k++) {
		const uint8_t *e = p + k * es;
		Dwarf_Word run = 1;
		while (k + run < cnt && memcmp(e, p + (k + run) * es, es) == 0)
			run++;
		if (k)
			sb(v->b, ", ");
		if (inner)
			fmt_array(v, elt, &next, e, es, depth + 1);
		else
			fmt_value(v, elt, e, es, depth + 1);
		if (run > 10) {
			sb(v->b, " <repeats %llu times>", (unsigned long long)run);
			k += run - 1;
		}
	}
	sb(v->b, "}");
}

static void fmt_value(const struct vctx *v, Dwarf_Die *type, const uint8_t *p, size_t size,
		      int depth)
{
	Dwarf_Die t, u, c;
	if (depth > 8 || !peel(type, &t)) {
		sb(v->b, "...");
		return;
	}
	uint64_t raw = 0;
	memcpy(&raw, p, size < 8 ? size : 8);
	switch (dwarf_tag(&t)) {
	case DW_TAG_base_type: {
		Dwarf_Word enc = udata(&t, DW_AT_encoding, 0);
		unsigned bits = 8 * (unsigned)(size < 8 ? size : 8);
		int64_t s = bits < 64 ? (int64_t)(raw << (64 - bits)) >> (64 - bits) : (int64_t)raw;
		if (enc == DW_ATE_float && size == 4) {
			float f;
			memcpy(&f, p, 4);
			sb(v->b, "%.9g", (double)f);
		} else if (enc == DW_ATE_float && size == 8) {
			double f;
			memcpy(&f, p, 8);
			sb(v->b, "%.17g", f);
		} else if (enc == DW_ATE_float && size >= 10) {
			long double f = 0;
			memcpy(&f, p, 10); /* the x87's 80-bit format */
			sb(v->b, "%.18Lg", f);
		} else if (enc == DW_ATE_boolean) {
			sb(v->b, "%s", raw ? "true" : "false");
		} else if (enc == DW_ATE_signed_char || enc == DW_ATE_unsigned_char) {
			sb(v->b, "%d '",
			   enc == DW_ATE_signed_char ? (int)(int8_t)raw : (int)(uint8_t)raw);
			fmt_char(v->b, (int)(raw & 0xff), '\'');
			sb(v->b, "'");
		} else if (enc == DW_ATE_signed) {
			sb(v->b, "%lld", (long long)s);
		} else {
			sb(v->b, "%llu",
			   (unsigned long long)(bits < 64 ? raw & ((1ull << bits) - 1) : raw));
		}
		return;
	}
	case DW_TAG_pointer_type: {
		uint32_t a = (uint32_t)raw;
		bool pointee = type_of(&t, &u);
		if (pointee && is_char(&u)) {
			sb(v->b, "0x%x", a);
			if (a) {
				sb(v->b, " ");
				fmt_cstring(v, a);
			}
			return;
		}
		sb(v->b, "(");
		type_name(&t, v->b, 0);
		sb(v->b, ") 0x%x", a);
		return;
	}
	case DW_TAG_enumeration_type:
		if (dwarf_child(&t, &c) == 0)
			do {
				Dwarf_Attribute a;
				Dwarf_Sword sv;
				if (dwarf_attr(&c, DW_AT_const_value, &a) &&
				    dwarf_formsdata(&a, &sv) == 0 &&
				    (uint32_t)sv == (uint32_t)raw) {
					sb(v->b, "%s", dwarf_diename(&c));
					return;
				}
			} while (dwarf_siblingof(&c, &c) == 0);
		sb(v->b, "%u", (uint32_t)raw);
		return;
	case DW_TAG_array_type:
		if (v->brief) {
			sb(v->b, "...");
			return;
		}
		if (!type_of(&t, &u) || dwarf_child(&t, &c) != 0) {
			sb(v->b, "...");
			return;
		}
		fmt_array(v, &u, &c, p, size, depth);
		return;
	case DW_TAG_structure_type:
	case DW_TAG_union_type: {
		if (v->brief) {
			sb(v->b, "...");
			return;
		}
		sb(v->b, "{");
		if (dwarf_child(&t, &c) == 0) {
			bool first = true;
			do {
				if (dwarf_tag(&c) != DW_TAG_member || !type_of(&c, &u))
					continue;
				Dwarf_Word off = udata(&c, DW_AT_data_member_location, 0);
				size_t ms = type_size(&u);
				sb(v->b, "%s%s = ", first ? "" : ", ",
				   dwarf_diename(&c) ? dwarf_diename(&c) : "?");
				first = false;
				if (dwarf_hasattr(&c, DW_AT_bit_size) || off + ms > size || !ms)
					sb(v->b, "<unsupported>");
				else
					fmt_value(v, &u, p + off, ms, depth + 1);
			} while (dwarf_siblingof(&c, &c) == 0);
		}
		sb(v->b, "}");
		return;
	}
	default: sb(v->b, "0x%llx", (unsigned long long)raw); return;
	}
}

/* The variable's value into buf: 0 with its size, -1 unknown. */
static int var_bytes(struct mdw *d, Dwarf_Die *var, Dwarf_Die *fn, bool have_fn,
		     const struct mdw_regs *regs, bool innermost, mdw_read_fn rd, void *opaque,
		     Dwarf_Die *type, uint8_t *buf, size_t max, size_t *size)
{
	uint32_t pc = regs->r[MDW_EIP] - (innermost ? 0 : 1);
	struct eval_ctx x = {.regs = regs, .rd = rd, .opaque = opaque};
	Dwarf_Frame *fr = cfi_frame(d, pc);
	if (fr) {
		frame_cfa(d, fr, &x);
		free(fr);
	}
	Dwarf_Attribute a;
	Dwarf_Op *ops;
	size_t nops;
	enum loc_kind k;
	uint32_t res;
	if (have_fn && dwarf_attr_integrate(fn, DW_AT_frame_base, &a) &&
	    dwarf_getlocation_addr(&a, pc, &ops, &nops, 1) == 1 &&
	    eval(&x, ops, nops, &res, &k) == 0) {
		if (k == LOC_REG && res < MDW_NREGS && (regs->valid & (1u << res)))
			res = regs->r[res];
		x.fb = res;
		x.have_fb = k != LOC_REG || res < 0xffffffffu;
	}
	if (!type_of(var, type))
		return -1;
	*size = type_size(type);
	if (!*size || *size > max)
		return -1;
	if (!dwarf_attr_integrate(var, DW_AT_location, &a) ||
	    dwarf_getlocation_addr(&a, pc, &ops, &nops, 1) != 1 ||
	    eval(&x, ops, nops, &res, &k) != 0)
		return -1;
	if (k == LOC_MEM)
		return rd(opaque, res, buf, (uint32_t)*size) ? 0 : -1;
	if (k == LOC_REG) {
		if (res >= MDW_NREGS || !(regs->valid & (1u << res)) || *size > 4)
			return -1;
		res = regs->r[res];
	}
	memset(buf, 0, *size);
	memcpy(buf, &res, *size < 4 ? *size : 4);
	return 0;
}

struct find_global {
	const char *name;
	Dwarf_Die die;
	bool found;
};

static bool cu_global(Dwarf_Die *cu, void *arg)
{
	struct find_global *g = arg;
	Dwarf_Die c;
	if (dwarf_child(cu, &c) != 0)
		return false;
	do {
		const char *nm = dwarf_diename(&c);
		if (dwarf_tag(&c) == DW_TAG_variable && nm && strcmp(nm, g->name) == 0 &&
		    dwarf_hasattr(&c, DW_AT_location)) {
			g->die = c;
			g->found = true;
			return true;
		}
	} while (dwarf_siblingof(&c, &c) == 0);
	return false;
}

int mdw_print_var(struct mdw *d, const struct mdw_regs *regs, bool innermost, const char *name,
		  mdw_read_fn rd, void *opaque, char *out, size_t n, uint32_t *scalar, char *type,
		  size_t tn)
{
	uint32_t pc = regs->r[MDW_EIP] - (innermost ? 0 : 1);
	Dwarf_Die cu, *scopes = NULL, var, fn, t;
	bool have_fn = false, found = false;
	int ns = cu_of(d, pc, &cu) ? dwarf_getscopes(&cu, pc, &scopes) : 0;
	if (ns > 0 && dwarf_getscopevar(scopes, ns, name, 0, NULL, 0, 0, &var) >= 0)
		found = true;
	for (int k = 0; k < ns; k++)
		if (dwarf_tag(&scopes[k]) == DW_TAG_subprogram) {
			fn = scopes[k];
			have_fn = true;
			break;
		}
	free(scopes);
	if (!found) {
		struct find_global g = {.name = name};
		if (!each_cu(d, cu_global, &g))
			return 1;
		var = g.die;
	}
	static uint8_t buf[65536];
	size_t size;
	if (var_bytes(d, &var, &fn, have_fn, regs, innermost, rd, opaque, &t, buf, sizeof(buf),
		      &size) < 0) {
		snprintf(out, n, "<optimized out>");
		return 0;
	}
	struct sbuf b = {out, n, 0};
	struct vctx v = {rd, opaque, &b, false};
	*out = 0;
	fmt_value(&v, &t, buf, size, 0);
	uint32_t s = 0;
	memcpy(&s, buf, size < 4 ? size : 4);
	*scalar = s;
	struct sbuf tb = {type, tn, 0};
	*type = 0;
	type_name(&t, &tb, 0);
	return 0;
}

void mdw_format_args(struct mdw *d, const struct mdw_regs *regs, bool innermost, mdw_read_fn rd,
		     void *opaque, char *out, size_t n)
{
	uint32_t pc = regs->r[MDW_EIP] - (innermost ? 0 : 1);
	Dwarf_Die cu, fn, c, t;
	struct sbuf b = {out, n, 0};
	*out = 0;
	if (!func_die(d, pc, &cu, &fn) || dwarf_child(&fn, &c) != 0)
		return;
	bool first = true;
	do {
		if (dwarf_tag(&c) != DW_TAG_formal_parameter)
			continue;
		uint8_t buf[256];
		size_t size;
		sb(&b, "%s%s=", first ? "" : ", ", dwarf_diename(&c) ? dwarf_diename(&c) : "?");
		first = false;
		if (var_bytes(d, &c, &fn, true, regs, innermost, rd, opaque, &t, buf, sizeof(buf),
			      &size) < 0) {
			sb(&b, "<optimized out>");
			continue;
		}
		struct vctx v = {rd, opaque, &b, true};
		fmt_value(&v, &t, buf, size, 0);
	} while (dwarf_siblingof(&c, &c) == 0);
}

void mdw_list_vars(struct mdw *d, const struct mdw_regs *regs, bool innermost, bool args,
		   mdw_read_fn rd, void *opaque, mdw_emit_fn emit, void *arg)
{
	uint32_t pc = regs->r[MDW_EIP] - (innermost ? 0 : 1);
	Dwarf_Die cu, *scopes = NULL, fn, c, t;
	int ns = cu_of(d, pc, &cu) ? dwarf_getscopes(&cu, pc, &scopes) : 0;
	int fk = -1;
	for (int k = 0; k < ns && fk < 0; k++)
		if (dwarf_tag(&scopes[k]) == DW_TAG_subprogram)
			fk = k;
	if (fk < 0) {
		free(scopes);
		return;
	}
	fn = scopes[fk];
	/* Innermost block first, as gdb's info locals. */
	for (int k = args ? fk : 0; k <= fk; k++) {
		if (dwarf_child(&scopes[k], &c) != 0)
			continue;
		do {
			int tag = dwarf_tag(&c);
			if (tag != (args ? DW_TAG_formal_parameter : DW_TAG_variable) ||
			    !dwarf_diename(&c))
				continue;
			static uint8_t buf[65536];
			static char out[16384];
			size_t size;
			struct sbuf b = {out, sizeof(out), 0};
			struct vctx v = {rd, opaque, &b, false};
			out[0] = 0;
			if (var_bytes(d, &c, &fn, true, regs, innermost, rd, opaque, &t, buf,
				      sizeof(buf), &size) < 0)
				sb(&b, "<optimized out>");
			else
				fmt_value(&v, &t, buf, size, 0);
			emit(arg, dwarf_diename(&c), out);
		} while (dwarf_siblingof(&c, &c) == 0);
	}
	free(scopes);
}
