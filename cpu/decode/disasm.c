/*
 * The disassembler reads the same table rows as the interpreter, so every
 * row is printable by construction. Spelling follows GNU objdump (AT&T
 * syntax): operands in source, destination order; a size suffix only where
 * no register operand fixes the size; %eiz for a SIB byte without index.
 */
#include "disasm.h"

#include "../cpu.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct out {
	char *buf;
	size_t n, len;
};

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (o->len < o->n) {
		int w = vsnprintf(o->buf + o->len, o->n - o->len, fmt, ap);
		if (w > 0)
			o->len += (size_t)w < o->n - o->len ? (size_t)w : o->n - o->len - 1;
	}
	va_end(ap);
}

static const char *const reg32[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
static const char *const reg16[8] = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
static const char *const reg8[8] = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
static const char *const sreg[8] = {"es", "cs", "ss", "ds", "fs", "gs", "?6", "?7"};

static const char *reg_name(unsigned r, unsigned size)
{
	return size == 4 ? reg32[r & 7] : size == 2 ? reg16[r & 7] : reg8[r & 7];
}

static void put_hex_signed(struct out *o, uint32_t v)
{
	if ((int32_t)v < 0)
		put(o, "-0x%x", (unsigned)-(int64_t)(int32_t)v);
	else
		put(o, "0x%x", v);
}

static void put_seg_prefix(struct out *o, const struct insn *i)
{
	if (i->seg_override != SEG_NONE)
		put(o, "%%%s:", sreg[i->seg_override]);
}

/* A ModRM memory operand: seg:disp(base,index,scale). */
static void put_mem(struct out *o, const struct insn *i)
{
	put_seg_prefix(o, i);
	const char *const *rn = i->adsize == 2 ? reg16 : reg32;
	bool base = i->base != REG_NONE, index = i->index != REG_NONE;
	bool eiz = i->has_sib && !index && (i->base != ESP || i->scale != 0);
	if (!base && !index && !eiz) {
		/* objdump prints a 16-bit absolute displacement signed. */
		if (i->adsize == 2)
			put_hex_signed(o, (uint32_t)(int32_t)(int16_t)i->disp);
		else
			put(o, "0x%x", i->disp);
		return;
	}
	if (i->mod != 0 || !base) {
		if (i->adsize == 2)
			put_hex_signed(o, (uint32_t)(int32_t)(int16_t)i->disp);
		else
			put_hex_signed(o, i->disp);
	}
	put(o, "(");
	if (base)
		put(o, "%%%s", rn[i->base]);
	if (index && i->adsize == 2)
		put(o, ",%%%s", rn[i->index]); /* 16-bit forms have no scale */
	else if (index)
		put(o, ",%%%s,%u", rn[i->index], 1u << i->scale);
	else if (eiz)
		put(o, ",%%eiz,%u", 1u << i->scale);
	put(o, ")");
}

static unsigned opnd_size(const struct insn *i, uint8_t k)
{
	switch (k) {
	case O_Eb:
	case O_Gb:
	case O_AL:
	case O_Zb:
	case O_Xb:
	case O_Yb:
	case O_Ob:
	case O_Ib: return 1;
	case O_Ew:
	case O_Gw:
	case O_Sw:
	case O_Iw: return 2;
	default: return i->opsize;
	}
}

static bool is_size_reg(const struct insn *i, uint8_t k)
{
	switch (k) {
	case O_Gb:
	case O_Gv:
	case O_Gw:
	case O_AL:
	case O_eAX:
	case O_Zb:
	case O_Zv:
	case O_Rd:
	case O_Sw:
	case O_Cd:
	case O_Dd: return true;
	case O_Eb:
	case O_Ev:
	case O_Ew: return i->mod == 3;
	default: return false;
	}
}

static bool is_sized_mem(const struct insn *i, uint8_t k)
{
	switch (k) {
	case O_Eb:
	case O_Ev: return i->mod != 3;
	case O_Ob:
	case O_Ov:
	case O_Xb:
	case O_Xv:
	case O_Yb:
	case O_Yv: return true;
	default: return false;
	}
}

static void put_str_opnd(struct out *o, const struct insn *i, bool src)
{
	const char *const *rn = i->adsize == 2 ? reg16 : reg32;
	if (src)
		put(o, "%%%s:(%%%s)", sreg[i->seg_override != SEG_NONE ? i->seg_override : SEG_DS],
		    rn[ESI]);
	else
		put(o, "%%es:(%%%s)", rn[EDI]);
}

static void put_opnd(struct out *o, const struct insn *i, const struct op_row *r, uint8_t k,
		     uint32_t eip, int which)
{
	uint32_t imm = which == 1 && r->opnd[0] == O_Iw ? i->imm2 : i->imm;
	switch (k) {
	case O_Eb:
	case O_Ev:
	case O_Ew:
		if (i->mod == 3) {
			unsigned sz = opnd_size(i, k);
			if (k == O_Ew && (r->attr & A_EWV))
				sz = i->opsize;
			put(o, "%%%s", reg_name(i->rm, sz));
		} else {
			put_mem(o, i);
		}
		break;
	case O_M:
	case O_Mp:
	case O_Mq:
		if (i->mod == 3)
			put(o, "(bad)"); /* a register where only memory is legal: #UD */
		else
			put_mem(o, i);
		break;
	case O_Gb:
	case O_Gv:
	case O_Gw: put(o, "%%%s", reg_name(i->regf, opnd_size(i, k))); break;
	case O_Rd: put(o, "%%%s", reg32[i->rm]); break;
	case O_Cd: put(o, "%%cr%u", i->regf); break;
	case O_Dd: put(o, "%%db%u", i->regf); break;
	case O_Sw: put(o, "%%%s", sreg[i->regf]); break;
	case O_Ib: put(o, "$0x%x", imm & 0xff); break;
	case O_Iw: put(o, "$0x%x", imm & 0xffff); break;
	case O_Ibs:
	case O_Iv: put(o, "$0x%x", imm & (i->opsize == 2 ? 0xffff : 0xffffffff)); break;
	case O_Jb:
	case O_Jv: {
		uint32_t t = eip + i->len + i->imm;
		if (i->opsize == 2)
			t &= 0xffff;
		put(o, "0x%x", t);
		break;
	}
	case O_Ob:
	case O_Ov:
		put_seg_prefix(o, i);
		put(o, "0x%x", i->disp);
		break;
	case O_Ap: put(o, "$0x%x,$0x%x", i->imm2 & 0xffff, i->imm); break;
	case O_AL: put(o, "%%al"); break;
	case O_eAX: put(o, "%%%s", i->opsize == 2 ? "ax" : "eax"); break;
	case O_CL: put(o, "%%cl"); break;
	case O_DX: put(o, "(%%dx)"); break;
	case O_Zb: put(o, "%%%s", reg8[i->opcode & 7]); break;
	case O_Zv: put(o, "%%%s", reg_name(i->opcode & 7, i->opsize)); break;
	case O_Xb:
	case O_Xv: put_str_opnd(o, i, true); break;
	case O_Yb:
	case O_Yv: put_str_opnd(o, i, false); break;
	case O_XLAT:
		put(o, "%%%s:(%%%s)", sreg[i->seg_override != SEG_NONE ? i->seg_override : SEG_DS],
		    i->adsize == 2 ? "bx" : "ebx");
		break;
	case O_ES:
	case O_CS:
	case O_SS:
	case O_DS:
	case O_FS:
	case O_GS: put(o, "%%%s", sreg[k - O_ES]); break;
	case O_ST: put(o, "%%st"); break;
	case O_STi: put(o, "%%st(%u)", i->rm); break;
	case O_AXw: put(o, "%%ax"); break;
	default: break;
	}
}

static char size_suffix(unsigned size)
{
	return size == 1 ? 'b' : size == 2 ? 'w' : 'l';
}

/* Expands the mnemonic template of the row (see optable.def). */
/* objdump pads prefixes and mnemonic together to six columns: after
 * `rep ` or `lock ` (already `used` of them) the mnemonic gets fewer. */
static void put_mnemonic(struct out *o, const struct insn *i, const struct op_row *r, size_t used,
			 const char *hint)
{
	char m[24];
	size_t len = 0;
	for (const char *p = r->mnem; *p && len + 3 < sizeof(m); p++) {
		if (*p != '%') {
			m[len++] = *p;
			continue;
		}
		p++;
		switch (*p) {
		case 'W':
			if (i->opsize == 2)
				m[len++] = 'w';
			break;
		case 'X':
			m[len++] = size_suffix(opnd_size(i, r->opnd[1]));
			m[len++] = size_suffix(i->opsize);
			break;
		case 'C':
			len += (size_t)snprintf(m + len, 5, "%s", i->opsize == 2 ? "cbtw" : "cwtl");
			break;
		case 'D':
			len += (size_t)snprintf(m + len, 5, "%s", i->opsize == 2 ? "cwtd" : "cltd");
			break;
		case 'N': /* x87 no-wait forms: fnstsw, and fstsw after 9B */
			if (!i->fwait)
				m[len++] = 'n';
			break;
		case 'E': /* the 16-bit environment formats: fnstenvs */
			if (i->opsize == 2)
				m[len++] = 's';
			break;
		case 'J':
			len +=
			    (size_t)snprintf(m + len, 6, "%s", i->adsize == 2 ? "jcxz" : "jecxz");
			break;
		default: break;
		}
	}
	m[len] = 0;
	/* Suffix: only where no register operand fixes the size. */
	bool reg = false, mem = false;
	unsigned msize = i->opsize;
	for (int k = 0; k < 3; k++) {
		reg |= is_size_reg(i, r->opnd[k]);
		if (is_sized_mem(i, r->opnd[k])) {
			mem = true;
			msize = opnd_size(i, r->opnd[k]);
		}
	}
	bool sfx16 = (r->attr & A_SFX16) != 0;
	if (sfx16) {
		/* 16-bit stack and branch forms: "w", unless a register operand
		 * already says so (push %dx, jmp *%sp). */
		bool ereg = (r->opnd[0] == O_Ev && i->mod == 3);
		if (i->opsize == 2 && !ereg)
			m[len++] = 'w';
	} else if (mem && !reg && r->opnd[0] != O_NO && !(r->attr & A_NOSFX)) {
		m[len++] = size_suffix(msize);
	}
	if (i->row == ROW_loop || i->row == ROW_loope || i->row == ROW_loopne) {
		if (i->adsize == 2)
			m[len++] = 'w';
	}
	m[len] = 0;
	if (hint && len + strlen(hint) < sizeof(m))
		memcpy(m + len, hint, strlen(hint) + 1);
	put(o, "%-*s", used < 6 ? (int)(6 - used) : 0, m);
}

static bool is_branch(unsigned row)
{
	const struct op_row *r = &op_rows[row];
	return row == ROW_jmp_Ev || row == ROW_call_Ev || row == ROW_ret || row == ROW_ret_Iw ||
	       row == ROW_jmp_Jb || row == ROW_jmp_Jv || row == ROW_call_Jv ||
	       (r->opnd[0] == O_Jb && r->opcode >= 0x70 && r->opcode <= 0x7f && !r->map) ||
	       (r->opnd[0] == O_Jv && r->map == 1);
}

/* What objdump calls an f2/f3 prefix on this instruction. */
static const char *rep_name(const struct insn *i, const struct op_row *r, uint8_t p)
{
	bool mem = i->has_modrm && i->mod != 3;
	if (r->attr & A_STR)
		return p == PFX_REPNE ? "repnz" : (r->attr & A_REPE) ? "repz" : "rep";
	if (p == PFX_REPNE && is_branch(i->row))
		return "bnd"; /* MPX */
	/* HLE hints: on locked forms and xchg with memory, and xrelease on a
	 * store by mov (SDM vol. 1 §16.3.3). */
	if (mem && (i->lock || i->row == ROW_xchg_EbGb || i->row == ROW_xchg_EvGv))
		return p == PFX_REPNE ? "xacquire" : "xrelease";
	if (mem && p == PFX_REP &&
	    (i->row == ROW_mov_EbGb || i->row == ROW_mov_EvGv || i->row == ROW_mov_EbIb ||
	     i->row == ROW_mov_EvIv))
		return "xrelease";
	return p == PFX_REPNE ? "repnz" : "repz";
}

static bool is_x87(const struct op_row *r)
{
	return r->map >= X87_MAP(0xd8) || (r->map == 0 && r->opcode >= 0xd8 && r->opcode <= 0xdf);
}

/* Prefixes objdump prints before the mnemonic, in encoding order: lock,
 * rep and its aliases, and the ones it names although they have an effect
 * (0x67 on a moffs form, 0x3e on an indirect branch). */
static const uint8_t seg_pfx[6] = {0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65}; /* SEG_ES.. */

static int seg_of_pfx(uint8_t p)
{
	for (int s = 0; s < 6; s++)
		if (seg_pfx[s] == p)
			return s;
	return -1;
}

/* Whether a segment override can apply to one of the instruction's
 * operands: a ModRM memory operand, moffs, a string source DS:ESI, xlat's
 * DS:EBX. Elsewhere (registers, the stack, ES:EDI) objdump prints the
 * prefix by name, as an unused one (`ss aaa`, `es stos`). */
static bool seg_consumed(const struct insn *i, const struct op_row *r)
{
	if (i->has_modrm && i->mod != 3)
		return true;
	for (int k = 0; k < 3; k++)
		if (r->opnd[k] == O_Ob || r->opnd[k] == O_Ov || r->opnd[k] == O_Xb ||
		    r->opnd[k] == O_Xv || r->opnd[k] == O_XLAT)
			return true;
	return false;
}

/* A conditional branch, jecxz or loop: 2e and 3e on one are the branch
 * hints objdump writes ",pn" (not taken) and ",pt" (taken). */
static bool hint_branch(const struct insn *i, const struct op_row *r)
{
	return (r->opnd[0] == O_Jb && !r->map && r->opcode >= 0x70 && r->opcode <= 0x7f) ||
	       (r->opnd[0] == O_Jv && r->map == 1) || i->row == ROW_loop || i->row == ROW_loope ||
	       i->row == ROW_loopne || i->row == ROW_jecxz;
}

/* The branch hint suffix, when the only segment prefix is one. */
static const char *branch_hint(const struct insn *i, const struct op_row *r)
{
	int nseg = 0, last = -1;
	for (unsigned k = 0; k < i->npfx; k++)
		if (seg_of_pfx(i->pfx[k]) >= 0) {
			nseg++;
			last = i->pfx[k];
		}
	if (nseg != 1 || !hint_branch(i, r))
		return NULL;
	return last == 0x2e ? ",pn" : last == 0x3e ? ",pt" : NULL;
}

/* Whether 0x67 changes anything: a ModRM memory operand, a string
 * instruction's SI/DI, xlat's BX, jcxz's and loop's CX (moffs: see
 * put_prefixes). */
static bool addr_used(const struct insn *i, const struct op_row *r)
{
	if ((i->has_modrm && i->mod != 3) || (r->attr & A_STR) || i->row == ROW_loop ||
	    i->row == ROW_loope || i->row == ROW_loopne || i->row == ROW_jecxz)
		return true;
	for (int k = 0; k < 3; k++)
		if (r->opnd[k] == O_Xb || r->opnd[k] == O_Xv || r->opnd[k] == O_Yb ||
		    r->opnd[k] == O_Yv || r->opnd[k] == O_XLAT || r->opnd[k] == O_Ob ||
		    r->opnd[k] == O_Ov)
			return true;
	return false;
}

/* An instruction whose operands are all bytes (or the DX port): 0x66
 * changes nothing, and objdump names it `data16`. */
static bool opsize_unused(const struct op_row *r)
{
	if (r->attr & A_STR)
		return false;
	bool any = false;
	for (int k = 0; k < 3; k++) {
		switch (r->opnd[k]) {
		case O_NO:
		case O_ONE: break;
		case O_Eb:
		case O_Gb:
		case O_Ib:
		case O_AL:
		case O_CL:
		case O_Zb:
		case O_DX: any = true; break;
		default: return false;
		}
	}
	return any;
}

static void put_prefixes(struct out *o, const struct insn *i, const struct op_row *r)
{
	bool moffs =
	    r->opnd[0] == O_Ob || r->opnd[0] == O_Ov || r->opnd[1] == O_Ob || r->opnd[1] == O_Ov;
	bool rep_done = false;
	bool consumed = seg_consumed(i, r), hinted = branch_hint(i, r) != NULL;
	int last_seg = -1;
	for (unsigned k = 0; k < i->npfx; k++)
		if (seg_of_pfx(i->pfx[k]) >= 0)
			last_seg = (int)k;
	for (unsigned k = 0; k < i->npfx; k++) {
		uint8_t p = i->pfx[k];
		int seg = seg_of_pfx(p);
		bool indirect = i->row == ROW_jmp_Ev || i->row == ROW_call_Ev;
		if (seg >= 0 && !(p == 0x3e && indirect) && !hinted &&
		    !(consumed && (int)k == last_seg))
			put(o, "%s ", sreg[seg]); /* an override nothing uses */
		else if (p == 0xf0)
			put(o, "lock ");
		else if (p == 0x67 && (moffs || !addr_used(i, r)))
			put(o, "addr16 "); /* moffs16, or no address to size */
		else if (p == 0x66 && ((is_x87(r) && !strstr(r->mnem, "%E")) || opsize_unused(r)))
			put(o, "data16 "); /* no operand size to change */
		else if (p == 0x3e && (i->row == ROW_jmp_Ev || i->row == ROW_call_Ev))
			put(o, "notrack ");
		else if ((p == PFX_REP || p == PFX_REPNE) && p == i->rep && !rep_done) {
			/* Only the last of several rep prefixes counts. */
			put(o, "%s ", rep_name(i, r, p));
			rep_done = true;
		}
	}
}

size_t disasm(const struct insn *i, uint32_t eip, char *buf, size_t n)
{
	struct out o = {buf, n, 0};
	if (n == 0)
		return 0;
	buf[0] = 0;
	const struct op_row *r = &op_rows[i->row];
	if (i->row <= ROW_UNSUPPORTED) {
		put(&o, "(bad)");
		return o.len;
	}
	if (i->row == ROW_nop && i->rep == PFX_REP) {
		put(&o, i->opsize == 2 ? "data16 pause" : "pause");
		return o.len;
	}
	/* CET's ENDBR32 and ENDBR64 (f3 0f 1e fb, fa) are hint NOPs to a CPU
	 * without CET (SDM vol. 2 "ENDBR32"); objdump names them, and gcc's
	 * -fcf-protection puts one at every function's start. */
	if (i->row == ROW_nop_Ev_1e && i->rep == PFX_REP && i->npfx == 1 && i->mod == 3 &&
	    i->regf == 7 && (i->rm == 3 || i->rm == 2)) {
		put(&o, i->rm == 3 ? "endbr32" : "endbr64");
		return o.len;
	}
	if (i->row == ROW_nop && i->opsize == 2) {
		put_prefixes(&o, i, r);
		put(&o, "xchg   %%ax,%%ax");
		return o.len;
	}
	struct insn copy;
	if ((i->row == ROW_jmp_Ev || i->row == ROW_call_Ev) && i->seg_override == SEG_DS) {
		/* objdump reads 0x3e on an indirect branch as CET's "notrack"
		 * and prints no segment. */
		copy = *i;
		copy.seg_override = SEG_NONE;
		i = &copy;
	}
	put_prefixes(&o, i, r);
	put_mnemonic(&o, i, r, o.len, branch_hint(i, r));
	/* Operands in AT&T order: the reverse of the table's Intel order. The
	 * implicit count 1 of shifts is not printed. */
	int first = 1;
	/* objdump keeps enter's and bound's operands in Intel order. */
	bool intel = i->row == ROW_enter || i->row == ROW_bound;
	for (int j = 0; j < 3; j++) {
		int k = intel ? j : 2 - j;
		uint8_t op = r->opnd[k];
		if (op == O_NO || op == O_ONE)
			continue;
		put(&o, first ? " " : ",");
		if (first && (r->attr & A_INDIR))
			put(&o, "*");
		first = 0;
		put_opnd(&o, i, r, op, eip, k);
	}
	/* Trim the padding of an operand-less mnemonic. */
	while (o.len > 0 && buf[o.len - 1] == ' ')
		buf[--o.len] = 0;
	return o.len;
}

bool disasm_branch_target(const struct insn *i, uint32_t eip, uint32_t *target)
{
	const struct op_row *r = &op_rows[i->row];
	if (r->opnd[0] != O_Jb && r->opnd[0] != O_Jv)
		return false;
	*target = eip + i->len + i->imm;
	if (i->opsize == 2)
		*target &= 0xffff;
	return true;
}
