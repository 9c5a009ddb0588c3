/*
 * GDB Remote Serial Protocol framing and parsing (gdb manual, appendix E
 * "Remote Protocol": Overview, Packets, Interrupts). Pure functions.
 */
#include "gdbstub_proto.h"

#include <stdlib.h>
#include <string.h>

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

void gdb_rx_init(struct gdb_rx *rx)
{
	rx->state = 0;
	rx->len = 0;
	rx->overflow = false;
	rx->sum = 0;
	rx->got = 0;
	rx->buf[0] = 0;
}

static enum gdb_rx_event rx_outside(struct gdb_rx *rx, uint8_t b)
{
	switch (b) {
	case '$':
		rx->state = 1;
		rx->len = 0;
		rx->sum = 0;
		rx->overflow = false;
		return GDB_RX_NONE;
	case 0x03: return GDB_RX_INTERRUPT;
	case '+': return GDB_RX_ACK;
	case '-': return GDB_RX_NAK;
	default: return GDB_RX_NONE; /* line noise between packets is ignored */
	}
}

enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t b)
{
	int v;
	switch (rx->state) {
	case 0: return rx_outside(rx, b);
	case 1:
		if (b == '#') {
			rx->state = 2;
			return GDB_RX_NONE;
		}
		if (b == '$') { /* a new packet restarts framing (the old one was cut) */
			rx->len = 0;
			rx->sum = 0;
			rx->overflow = false;
			return GDB_RX_NONE;
		}
		rx->sum = (uint8_t)(rx->sum + b);
		if (rx->len < GDB_PKT_MAX)
			rx->buf[rx->len++] = (char)b;
		else
			rx->overflow = true;
		return GDB_RX_NONE;
	case 2:
		v = hexval(b);
		rx->got = (uint8_t)(v < 0 ? 0 : v << 4);
		rx->state = v < 0 ? 4 : 3;
		return GDB_RX_NONE;
	default: /* second checksum digit (state 4: the first was not hex) */
		v = hexval(b);
		rx->buf[rx->len] = 0;
		bool good = rx->state == 3 && v >= 0 && (uint8_t)(rx->got | v) == rx->sum;
		rx->state = 0;
		if (rx->overflow)
			return GDB_RX_TOOLONG;
		return good ? GDB_RX_PACKET : GDB_RX_BADSUM;
	}
}

/* Parses a hex number up to a delimiter; *pp advances past it. */
static bool num(const char **pp, const char *end, uint32_t *out)
{
	const char *p = *pp;
	uint64_t v = 0;
	if (p >= end || hexval((unsigned char)*p) < 0)
		return false;
	while (p < end && hexval((unsigned char)*p) >= 0) {
		v = (v << 4) | (uint64_t)hexval((unsigned char)*p++);
		if (v > 0xffffffffu)
			return false;
	}
	*pp = p;
	*out = (uint32_t)v;
	return true;
}

static bool expect(const char **pp, const char *end, char ch)
{
	if (*pp >= end || **pp != ch)
		return false;
	(*pp)++;
	return true;
}

/* "addr,len" then an optional ':' payload. */
static void parse_mem(const char *p, const char *end, struct gdb_cmd *c, bool payload)
{
	if (!num(&p, end, &c->addr) || !expect(&p, end, ',') || !num(&p, end, &c->len)) {
		c->kind = GC_BAD;
		return;
	}
	if (payload) {
		if (!expect(&p, end, ':')) {
			c->kind = GC_BAD;
			return;
		}
		c->data = p;
		c->dlen = (size_t)(end - p);
	} else if (p != end) {
		c->kind = GC_BAD;
	}
}

/* c/s/C/S: an optional signal (C/S, ignored) then an optional ";addr". */
static void parse_resume(const char *p, const char *end, struct gdb_cmd *c, bool sig)
{
	uint32_t dummy;
	if (sig && !num(&p, end, &dummy)) {
		c->kind = GC_BAD;
		return;
	}
	if (sig && p < end && !expect(&p, end, ';')) {
		c->kind = GC_BAD;
		return;
	}
	if (p < end) {
		if (!num(&p, end, &c->addr) || p != end) {
			c->kind = GC_BAD;
			return;
		}
		c->has_addr = true;
	}
}

/* vCont;action[:tid];... The single thread is 1; the first action whose
 * thread is ours (or all threads) decides (gdb manual, "vCont"). */
static void parse_vcont(const char *p, const char *end, struct gdb_cmd *c)
{
	while (p < end) {
		if (!expect(&p, end, ';') || p >= end) {
			c->kind = GC_BAD;
			return;
		}
		char act = *p++;
		if (act == 'C' || act == 'S') {
			uint32_t sig;
			if (!num(&p, end, &sig)) {
				c->kind = GC_BAD;
				return;
			}
		}
		bool ours = true;
		if (p < end && *p == ':') {
			p++;
			uint32_t tid = 0;
			if (p < end && *p == '-') { /* -1: all threads */
				p++;
				ours = expect(&p, end, '1');
			} else if (!num(&p, end, &tid)) {
				ours = false;
			} else {
				ours = tid == 0 || tid == 1;
			}
			if (!ours && p < end && *p != ';') {
				c->kind = GC_BAD;
				return;
			}
		}
		if (act != 'c' && act != 'C' && act != 's' && act != 'S') {
			c->kind = GC_BAD;
			return;
		}
		if (ours) {
			c->kind = (act == 's' || act == 'S') ? GC_STEP : GC_CONT;
			return;
		}
	}
	c->kind = GC_BAD;
}

static bool starts(const char *p, const char *end, const char *lit)
{
	size_t n = strlen(lit);
	return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

static void parse_xfer(const char *p, const char *end, struct gdb_cmd *c)
{
	const char *colon = memchr(p, ':', (size_t)(end - p));
	if (!colon || (size_t)(colon - p) >= sizeof(c->annex)) {
		c->kind = GC_BAD;
		return;
	}
	memcpy(c->annex, p, (size_t)(colon - p));
	c->annex[colon - p] = 0;
	p = colon + 1;
	if (!num(&p, end, &c->addr) || !expect(&p, end, ',') || !num(&p, end, &c->len) || p != end)
		c->kind = GC_BAD;
}

static void parse_query(const char *p, const char *end, struct gdb_cmd *c)
{
	if (starts(p, end, "qSupported"))
		c->kind = GC_SUPPORTED;
	else if (starts(p, end, "qXfer:features:read:")) {
		c->kind = GC_XFER_FEAT;
		parse_xfer(p + 20, end, c);
	} else if (starts(p, end, "qAttached"))
		c->kind = GC_ATTACHED;
	else if (end - p == 8 && starts(p, end, "qOffsets"))
		c->kind = GC_OFFSETS;
	else if (end - p == 2 && p[1] == 'C')
		c->kind = GC_CUR_THREAD;
	else if (starts(p, end, "qfThreadInfo"))
		c->kind = GC_THREAD_FIRST;
	else if (starts(p, end, "qsThreadInfo"))
		c->kind = GC_THREAD_NEXT;
}

/* QCatchSyscalls:0 or QCatchSyscalls:1[;nr]... (gdb manual, "General
 * Query Packets"); the list is checked by gdb_catch_list. */
static void parse_set(const char *p, const char *end, struct gdb_cmd *c)
{
	if (!starts(p, end, "QCatchSyscalls:"))
		return;
	p += 15;
	c->kind = GC_CATCH_SYSCALLS;
	if (p < end && (*p == '0' || *p == '1')) {
		c->type = (unsigned)(*p - '0');
		c->data = p + 1;
		c->dlen = (size_t)(end - c->data);
		if (c->type == 0 && c->dlen == 0)
			return;
		uint8_t probe[1];
		bool all;
		if (c->type == 1 && gdb_catch_list(c->data, c->dlen, probe, 0, &all) == 0)
			return;
	}
	c->kind = GC_BAD;
}

static void parse_v(const char *p, const char *end, struct gdb_cmd *c)
{
	if (end - p == 6 && starts(p, end, "vCont?"))
		c->kind = GC_VCONT_QUERY;
	else if (starts(p, end, "vCont;") || (end - p == 5 && starts(p, end, "vCont")))
		parse_vcont(p + 5, end, c);
	else if (starts(p, end, "vKill")) {
		c->kind = GC_KILL;
		c->type = 1; /* vKill wants an OK, 'k' no reply */
	}
}

/* Z/z type,addr,kind (conditions and commands after ';' are not
 * supported and make the packet malformed, so gdb evaluates them). */
static void parse_bp(const char *p, const char *end, struct gdb_cmd *c)
{
	uint32_t type;
	if (!num(&p, end, &type) || type > 4 || !expect(&p, end, ',') || !num(&p, end, &c->addr) ||
	    !expect(&p, end, ',') || !num(&p, end, &c->len) || p != end) {
		c->kind = GC_BAD;
		return;
	}
	c->type = type;
}

void gdb_parse(const char *p, size_t n, struct gdb_cmd *c)
{
	memset(c, 0, sizeof(*c));
	c->kind = GC_UNKNOWN;
	if (n == 0)
		return;
	const char *end = p + n;
	const char *a = p + 1; /* arguments after the command letter */
	switch (p[0]) {
	case '?': c->kind = n == 1 ? GC_STOP_REASON : GC_BAD; break;
	case 'g': c->kind = n == 1 ? GC_READ_REGS : GC_BAD; break;
	case 'G':
		c->kind = GC_WRITE_REGS;
		c->data = a;
		c->dlen = n - 1;
		break;
	case 'p':
		c->kind = GC_READ_REG;
		if (!num(&a, end, &c->type) || a != end)
			c->kind = GC_BAD;
		break;
	case 'P':
		c->kind = GC_WRITE_REG;
		if (!num(&a, end, &c->type) || !expect(&a, end, '=')) {
			c->kind = GC_BAD;
			break;
		}
		c->data = a;
		c->dlen = (size_t)(end - a);
		break;
	case 'm':
		c->kind = GC_READ_MEM;
		parse_mem(a, end, c, false);
		break;
	case 'M':
		c->kind = GC_WRITE_MEM;
		parse_mem(a, end, c, true);
		break;
	case 'X':
		c->kind = GC_WRITE_BIN;
		parse_mem(a, end, c, true);
		break;
	case 'c':
	case 'C':
		c->kind = GC_CONT;
		parse_resume(a, end, c, p[0] == 'C');
		break;
	case 's':
	case 'S':
		c->kind = GC_STEP;
		parse_resume(a, end, c, p[0] == 'S');
		break;
	case 'k': c->kind = GC_KILL; break;
	case 'D': c->kind = GC_DETACH; break; /* "D;pid" is the same for one process */
	case 'Z':
	case 'z':
		c->kind = p[0] == 'Z' ? GC_INSERT_BP : GC_REMOVE_BP;
		parse_bp(a, end, c);
		break;
	case 'q': parse_query(p, end, c); break;
	case 'v': parse_v(p, end, c); break;
	case 'H': c->kind = n >= 2 ? GC_SET_THREAD : GC_BAD; break;
	case 'T': c->kind = GC_THREAD_ALIVE; break;
	case 'Q': parse_set(p, end, c); break;
	default: break;
	}
}

int gdb_catch_list(const char *p, size_t n, uint8_t *bits, unsigned nbits, bool *all)
{
	const char *end = p + n;
	memset(bits, 0, (nbits + 7) / 8);
	*all = p == end;
	while (p < end) {
		uint32_t nr;
		if (!expect(&p, end, ';') || !num(&p, end, &nr))
			return -1;
		if (nr < nbits)
			bits[nr / 8] |= (uint8_t)(1u << (nr % 8));
	}
	return 0;
}

int gdb_hex_decode(const char *hex, size_t nhex, uint8_t *out, size_t cap)
{
	if (nhex % 2 || nhex / 2 > cap)
		return -1;
	for (size_t k = 0; k < nhex / 2; k++) {
		int hi = hexval((unsigned char)hex[2 * k]),
		    lo = hexval((unsigned char)hex[2 * k + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[k] = (uint8_t)(hi << 4 | lo);
	}
	return (int)(nhex / 2);
}

void gdb_hex_encode(const uint8_t *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t k = 0; k < n; k++) {
		out[2 * k] = digits[in[k] >> 4];
		out[2 * k + 1] = digits[in[k] & 15];
	}
	out[2 * n] = 0;
}

int gdb_bin_decode(const char *in, size_t n, uint8_t *out, size_t cap)
{
	size_t o = 0;
	for (size_t k = 0; k < n; k++) {
		uint8_t b = (uint8_t)in[k];
		if (b == '}') {
			if (++k >= n)
				return -1;
			b = (uint8_t)in[k] ^ 0x20;
		}
		if (o >= cap)
			return -1;
		out[o++] = b;
	}
	return (int)o;
}

size_t gdb_frame(const char *payload, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	uint8_t sum = 0;
	if (cap < 4)
		return 0;
	out[o++] = '$';
	for (size_t k = 0; k < n; k++) {
		uint8_t b = (uint8_t)payload[k];
		bool esc = b == '$' || b == '#' || b == '}' || b == '*';
		if (o + (esc ? 2 : 1) + 3 > cap)
			return 0;
		if (esc) {
			out[o++] = '}';
			sum = (uint8_t)(sum + '}');
			b ^= 0x20;
		}
		out[o++] = (char)b;
		sum = (uint8_t)(sum + b);
	}
	static const char digits[] = "0123456789abcdef";
	out[o++] = '#';
	out[o++] = digits[sum >> 4];
	out[o++] = digits[sum & 15];
	return o;
}
