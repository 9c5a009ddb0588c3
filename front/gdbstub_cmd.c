/*
 * The gdb stub's packet handlers (gdb manual, appendix E "Packets",
 * "General Query Packets", "Stop Reply Packets").
 */
#include "gdbstub_int.h"

#include <stdio.h>
#include <string.h>

/* Unmapped memory answers "E14" (EFAULT, as gdbserver's errno replies). */
#define REPLY_EFAULT "E14"
#define REPLY_EINVAL "E16"

static enum gdb_action reply(struct gdbstub *g, const char *s)
{
	gdb_send_str(g, s);
	return GA_REPLIED;
}

static enum gdb_action read_mem(struct gdbstub *g, const struct gdb_cmd *c)
{
	uint8_t buf[GDB_PKT_MAX / 2];
	if (c->len == 0)
		return reply(g, "");
	uint32_t len = c->len < sizeof(buf) ? c->len : (uint32_t)sizeof(buf);
	uint32_t got = gdb_mem_read(&g->t, c->addr, buf, len);
	/* A partial read returns what was readable (gdb manual, 'm'). */
	if (got == 0)
		return reply(g, REPLY_EFAULT);
	gdb_hex_encode(buf, got, g->reply);
	return reply(g, g->reply);
}

static enum gdb_action write_mem(struct gdbstub *g, const struct gdb_cmd *c)
{
	uint8_t buf[GDB_PKT_MAX];
	int n = c->kind == GC_WRITE_BIN ? gdb_bin_decode(c->data, c->dlen, buf, sizeof(buf))
					: gdb_hex_decode(c->data, c->dlen, buf, sizeof(buf));
	if (n < 0 || (uint32_t)n != c->len)
		return reply(g, "E01");
	if (gdb_mem_write(&g->t, c->addr, buf, c->len) != c->len)
		return reply(g, REPLY_EFAULT);
	return reply(g, "OK");
}

static enum gdb_action regs(struct gdbstub *g, const struct gdb_cmd *c)
{
	uint8_t buf[GDB_REGS_BYTES];
	switch (c->kind) {
	case GC_READ_REGS:
		gdb_regs_read(&g->t, buf);
		gdb_hex_encode(buf, sizeof(buf), g->reply);
		return reply(g, g->reply);
	case GC_WRITE_REGS: {
		int n = gdb_hex_decode(c->data, c->dlen, buf, sizeof(buf));
		if (n != (int)sizeof(buf) || gdb_regs_write(&g->t, buf, (size_t)n) < 0)
			return reply(g, "E01");
		return reply(g, "OK");
	}
	case GC_READ_REG: {
		int n = gdb_reg_read(&g->t, c->type, buf);
		if (n < 0)
			return reply(g, "E01");
		gdb_hex_encode(buf, (size_t)n, g->reply);
		return reply(g, g->reply);
	}
	default: {
		int n = gdb_hex_decode(c->data, c->dlen, buf, sizeof(buf));
		if (n < 0 || gdb_reg_write(&g->t, c->type, buf, (size_t)n) < 0)
			return reply(g, "E01");
		return reply(g, "OK");
	}
	}
}

static enum gdb_action xfer(struct gdbstub *g, const struct gdb_cmd *c)
{
	if (strcmp(c->annex, "target.xml") != 0)
		return reply(g, "E00");
	const char *xml = gdb_target_xml();
	size_t total = strlen(xml);
	if (c->addr > total)
		return reply(g, REPLY_EINVAL);
	size_t n = total - c->addr;
	size_t max = c->len < GDB_PKT_MAX / 2 ? c->len : GDB_PKT_MAX / 2;
	/* 'm': more follows; 'l': this is the last part. */
	g->reply[0] = n > max ? 'm' : 'l';
	if (n > max)
		n = max;
	memcpy(g->reply + 1, xml + c->addr, n);
	gdb_send(g, g->reply, n + 1);
	return GA_REPLIED;
}

static enum gdb_action points(struct gdbstub *g, const struct gdb_cmd *c)
{
	int r = c->kind == GC_INSERT_BP ? gdb_point_insert(&g->t, c->type, c->addr, c->len)
					: gdb_point_remove(&g->t, c->type, c->addr, c->len);
	return reply(g, r < 0 ? "E01" : "OK");
}

/* Packets that need a live guest. */
static enum gdb_action live(struct gdbstub *g, const struct gdb_cmd *c)
{
	switch (c->kind) {
	case GC_READ_REGS:
	case GC_WRITE_REGS:
	case GC_READ_REG:
	case GC_WRITE_REG: return regs(g, c);
	case GC_READ_MEM: return read_mem(g, c);
	case GC_WRITE_MEM:
	case GC_WRITE_BIN: return write_mem(g, c);
	case GC_INSERT_BP:
	case GC_REMOVE_BP: return points(g, c);
	case GC_CATCH_SYSCALLS:
		return reply(g, gdb_catch_syscalls(&g->t, c->type == 1, c->data, c->dlen) < 0
				    ? "E01"
				    : "OK");
	case GC_OFFSETS: {
		/* Where exec put a position-independent program: gdb moves
		 * the symbols it read from the file by this much (gdb manual,
		 * "General Query Packets"). */
		char buf[64];
		const struct proc *p = machine_kernel(g->t.m)->cur;
		uint32_t b = p ? p->load_bias : 0;
		snprintf(buf, sizeof(buf), "Text=%x;Data=%x;Bss=%x", b, b, b);
		return reply(g, buf);
	}
	case GC_CONT:
	case GC_STEP:
		if (c->has_addr)
			machine_cpu(g->t.m)->eip = c->addr;
		return c->kind == GC_STEP ? GA_STEP : GA_CONT;
	default: return reply(g, "");
	}
}

enum gdb_action gdb_dispatch(struct gdbstub *g, const struct gdb_cmd *c)
{
	char buf[64];
	switch (c->kind) {
	case GC_BAD: return reply(g, "E01");
	case GC_STOP_REASON: return reply(g, g->gone ? g->gone_reply : "T05thread:01;");
	case GC_SUPPORTED:
		snprintf(buf, sizeof(buf), "PacketSize=%x;qXfer:features:read+;QCatchSyscalls+",
			 GDB_PKT_MAX);
		return reply(g, buf);
	case GC_XFER_FEAT: return xfer(g, c);
	case GC_VCONT_QUERY: return reply(g, "vCont;c;C;s;S");
	case GC_ATTACHED: return reply(g, "1"); /* killing on quit is ours to do */
	case GC_CUR_THREAD: return reply(g, "QC1");
	case GC_THREAD_FIRST: return reply(g, "m1");
	case GC_THREAD_NEXT: return reply(g, "l");
	case GC_SET_THREAD: return reply(g, "OK");
	case GC_THREAD_ALIVE: return reply(g, g->gone ? "E01" : "OK");
	case GC_KILL:
		/* 'k' has no reply; vKill answers OK (gdb manual). */
		return GA_KILL;
	case GC_DETACH: gdb_send_str(g, "OK"); return GA_DETACH;
	case GC_UNKNOWN: return reply(g, "");
	default: break;
	}
	if (g->gone) {
		/* Resuming a finished guest reports its end again. */
		if (c->kind == GC_CONT || c->kind == GC_STEP)
			return reply(g, g->gone_reply);
		return reply(g, "E01");
	}
	return live(g, c);
}
