/*
 * The GDB Remote Serial Protocol, as pure functions: packet framing
 * ($data#cs, acks, the 0x03 interrupt byte), command parsing and reply
 * encoding. No sockets and no machine here, so all of it is unit-tested on
 * byte strings (tests/unit/test_gdbproto.c).
 */
#ifndef FRONT_GDBSTUB_PROTO_H
#define FRONT_GDBSTUB_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet we accept (advertised as PacketSize in qSupported). */
#define GDB_PKT_MAX 16384

enum gdb_rx_event {
	GDB_RX_NONE,	  /* byte consumed, nothing complete yet */
	GDB_RX_PACKET,	  /* a packet with a good checksum: rx->buf, rx->len */
	GDB_RX_BADSUM,	  /* a complete packet with a wrong checksum: NAK it */
	GDB_RX_TOOLONG,	  /* a complete packet longer than GDB_PKT_MAX: NAK it */
	GDB_RX_INTERRUPT, /* 0x03 outside a packet: Ctrl-C */
	GDB_RX_ACK,	  /* '+' */
	GDB_RX_NAK,	  /* '-': resend the last packet */
};

struct gdb_rx {
	int state; /* 0 outside a packet, 1 data, 2 and 3 checksum digits */
	size_t len;
	bool overflow;
	uint8_t sum, got;
	char buf[GDB_PKT_MAX + 1]; /* NUL-terminated; binary data may hold NULs */
};

void gdb_rx_init(struct gdb_rx *rx);
enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t byte);

enum gdb_cmd_kind {
	GC_UNKNOWN,	   /* not supported: the empty reply */
	GC_BAD,		   /* a known command with malformed arguments: E01 */
	GC_STOP_REASON,	   /* ? */
	GC_READ_REGS,	   /* g */
	GC_WRITE_REGS,	   /* G hex */
	GC_READ_REG,	   /* p n */
	GC_WRITE_REG,	   /* P n=hex */
	GC_READ_MEM,	   /* m addr,len */
	GC_WRITE_MEM,	   /* M addr,len:hex */
	GC_WRITE_BIN,	   /* X addr,len:binary */
	GC_CONT,	   /* c [addr], vCont;c, C sig */
	GC_STEP,	   /* s [addr], vCont;s, S sig */
	GC_VCONT_QUERY,	   /* vCont? */
	GC_KILL,	   /* k, vKill */
	GC_DETACH,	   /* D */
	GC_INSERT_BP,	   /* Z type,addr,kind */
	GC_REMOVE_BP,	   /* z type,addr,kind */
	GC_SUPPORTED,	   /* qSupported */
	GC_XFER_FEAT,	   /* qXfer:features:read:annex:offset,length */
	GC_ATTACHED,	   /* qAttached */
	GC_CUR_THREAD,	   /* qC */
	GC_THREAD_FIRST,   /* qfThreadInfo */
	GC_THREAD_NEXT,	   /* qsThreadInfo */
	GC_SET_THREAD,	   /* H op tid */
	GC_THREAD_ALIVE,   /* T tid */
	GC_CATCH_SYSCALLS, /* QCatchSyscalls:0, QCatchSyscalls:1[;nr...]: type 0/1, data the list */
	GC_OFFSETS,	   /* qOffsets */
};

struct gdb_cmd {
	enum gdb_cmd_kind kind;
	uint32_t addr;	  /* m, M, X, Z, c/s with an address; qXfer offset */
	uint32_t len;	  /* m, M, X length; Z kind; qXfer length */
	unsigned type;	  /* Z/z type; p/P register number */
	bool has_addr;	  /* c/s given a resume address */
	const char *data; /* payload inside the packet: G, M, P hex; X binary */
	size_t dlen;
	char annex[32]; /* qXfer annex */
};

/* Parses one packet's contents (between '$' and '#'). Never fails: bad
 * input gives GC_BAD or GC_UNKNOWN. `cmd->data` points into `p`. */
void gdb_parse(const char *p, size_t n, struct gdb_cmd *cmd);

/* The call numbers of a QCatchSyscalls:1 list (";nr;nr...", hex, as
 * c->data holds it) as bits in `bits` (nbits of them; larger numbers are
 * left out: no call has them). An empty list catches every call: *all.
 * Returns 0, or -1 when the list is malformed. */
int gdb_catch_list(const char *p, size_t n, uint8_t *bits, unsigned nbits, bool *all);

/* Hex helpers. gdb_hex_decode returns bytes decoded, or -1 on a non-hex
 * digit or an odd count. */
int gdb_hex_decode(const char *hex, size_t nhex, uint8_t *out, size_t cap);
void gdb_hex_encode(const uint8_t *in, size_t n, char *out);
/* Decodes X-packet binary (} escapes). Returns bytes, -1 when malformed. */
int gdb_bin_decode(const char *in, size_t n, uint8_t *out, size_t cap);

/* Frames a reply: "$" payload "#" two-digit checksum, escaping $ # } *
 * (binary-safe). Returns the frame length, or 0 if it does not fit. */
size_t gdb_frame(const char *payload, size_t n, char *out, size_t cap);

#endif
