/* The gdb stub's packet framing and parsing (front/gdbstub_proto.c) on
 * byte strings, and its register/breakpoint layer on a real machine. */
#include "unit.h"

#include "../../front/gdbstub_proto.h"
#include "../../front/gdbstub_target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct gdb_rx rx;

/* Feeds a string; returns the last event that was not GDB_RX_NONE. */
static enum gdb_rx_event feed(const char *s, size_t n)
{
	enum gdb_rx_event last = GDB_RX_NONE;
	for (size_t k = 0; k < n; k++) {
		enum gdb_rx_event e = gdb_rx_feed(&rx, (uint8_t)s[k]);
		if (e != GDB_RX_NONE)
			last = e;
	}
	return last;
}
#define FEED(s) feed(s, sizeof(s) - 1)

START_TEST(rx_good_and_bad_checksum)
{
	gdb_rx_init(&rx);
	ck_assert_int_eq(FEED("$g#67"), GDB_RX_PACKET);
	ck_assert_int_eq(rx.len, 1);
	ck_assert_str_eq(rx.buf, "g");
	ck_assert_int_eq(FEED("$g#68"), GDB_RX_BADSUM);
	ck_assert_int_eq(FEED("$g#6z"), GDB_RX_BADSUM);
	ck_assert_int_eq(FEED("$g#zz"), GDB_RX_BADSUM);
	/* Upper-case checksum digits are accepted. */
	ck_assert_int_eq(FEED("$qC#B4"), GDB_RX_PACKET);
	ck_assert_str_eq(rx.buf, "qC");
}
END_TEST

START_TEST(rx_acks_interrupt_noise)
{
	gdb_rx_init(&rx);
	ck_assert_int_eq(FEED("+"), GDB_RX_ACK);
	ck_assert_int_eq(FEED("-"), GDB_RX_NAK);
	ck_assert_int_eq(FEED("\x03"), GDB_RX_INTERRUPT);
	/* Noise between packets is ignored; a '$' inside a packet restarts. */
	ck_assert_int_eq(FEED("garbage\r\n"), GDB_RX_NONE);
	ck_assert_int_eq(FEED("$m0,4$?#3f"), GDB_RX_PACKET);
	ck_assert_str_eq(rx.buf, "?");
	/* 0x03 inside a packet is data, not an interrupt. */
	ck_assert_int_eq(feed("$\x03#03", 5), GDB_RX_PACKET);
}
END_TEST

START_TEST(rx_too_long)
{
	gdb_rx_init(&rx);
	char *big = malloc(GDB_PKT_MAX + 16);
	big[0] = '$';
	memset(big + 1, 'a', GDB_PKT_MAX + 5);
	memcpy(big + GDB_PKT_MAX + 6, "#00", 3);
	ck_assert_int_eq(feed(big, GDB_PKT_MAX + 9), GDB_RX_TOOLONG);
	free(big);
	/* The receiver recovers for the next packet. */
	ck_assert_int_eq(FEED("$g#67"), GDB_RX_PACKET);
}
END_TEST

static struct gdb_cmd cmd;
#define PARSE(s) gdb_parse(s, sizeof(s) - 1, &cmd)

START_TEST(parse_memory)
{
	PARSE("m8049000,10");
	ck_assert_int_eq(cmd.kind, GC_READ_MEM);
	ck_assert_uint_eq(cmd.addr, 0x8049000);
	ck_assert_uint_eq(cmd.len, 0x10);
	PARSE("M1000,2:abcd");
	ck_assert_int_eq(cmd.kind, GC_WRITE_MEM);
	ck_assert_uint_eq(cmd.dlen, 4);
	ck_assert_int_eq(memcmp(cmd.data, "abcd", 4), 0);
	PARSE("m10");
	ck_assert_int_eq(cmd.kind, GC_BAD);
	PARSE("mzz,4");
	ck_assert_int_eq(cmd.kind, GC_BAD);
	PARSE("m100000000,4"); /* beyond 32 bits */
	ck_assert_int_eq(cmd.kind, GC_BAD);
	PARSE("M10,2");
	ck_assert_int_eq(cmd.kind, GC_BAD);
	PARSE("m10,4junk");
	ck_assert_int_eq(cmd.kind, GC_BAD);
}
END_TEST

START_TEST(parse_resume_and_vcont)
{
	PARSE("c");
	ck_assert_int_eq(cmd.kind, GC_CONT);
	ck_assert(!cmd.has_addr);
	PARSE("s8049000");
	ck_assert_int_eq(cmd.kind, GC_STEP);
	ck_assert(cmd.has_addr);
	ck_assert_uint_eq(cmd.addr, 0x8049000);
	PARSE("C0b");
	ck_assert_int_eq(cmd.kind, GC_CONT);
	PARSE("vCont?");
	ck_assert_int_eq(cmd.kind, GC_VCONT_QUERY);
	PARSE("vCont;s:1;c");
	ck_assert_int_eq(cmd.kind, GC_STEP);
	PARSE("vCont;c");
	ck_assert_int_eq(cmd.kind, GC_CONT);
	PARSE("vCont;c:-1");
	ck_assert_int_eq(cmd.kind, GC_CONT);
	PARSE("vCont;S05:1");
	ck_assert_int_eq(cmd.kind, GC_STEP);
	PARSE("vCont;s:2;c:1"); /* thread 2 does not exist: thread 1 continues */
	ck_assert_int_eq(cmd.kind, GC_CONT);
	PARSE("vCont;x");
	ck_assert_int_eq(cmd.kind, GC_BAD);
	PARSE("vCont;");
	ck_assert_int_eq(cmd.kind, GC_BAD);
}
END_TEST

START_TEST(parse_points_queries)
{
	PARSE("Z0,8049021,1");
	ck_assert_int_eq(cmd.kind, GC_INSERT_BP);
	ck_assert_uint_eq(cmd.type, 0);
	ck_assert_uint_eq(cmd.addr, 0x8049021);
	PARSE("z2,804d0d8,4");
	ck_assert_int_eq(cmd.kind, GC_REMOVE_BP);
	ck_assert_uint_eq(cmd.type, 2);
	ck_assert_uint_eq(cmd.len, 4);
	PARSE("Z5,0,1");
	ck_assert_int_eq(cmd.kind, GC_BAD);
	PARSE("Z0,10,1;X2,ab"); /* conditions are not supported */
	ck_assert_int_eq(cmd.kind, GC_BAD);
	PARSE("qSupported:multiprocess+;swbreak+");
	ck_assert_int_eq(cmd.kind, GC_SUPPORTED);
	PARSE("qXfer:features:read:target.xml:0,ffb");
	ck_assert_int_eq(cmd.kind, GC_XFER_FEAT);
	ck_assert_str_eq(cmd.annex, "target.xml");
	ck_assert_uint_eq(cmd.len, 0xffb);
	PARSE("qXfer:features:read:target.xml");
	ck_assert_int_eq(cmd.kind, GC_BAD);
	PARSE("qC");
	ck_assert_int_eq(cmd.kind, GC_CUR_THREAD);
	PARSE("qTStatus");
	ck_assert_int_eq(cmd.kind, GC_UNKNOWN);
	PARSE("P8=00900408");
	ck_assert_int_eq(cmd.kind, GC_WRITE_REG);
	ck_assert_uint_eq(cmd.type, 8);
	ck_assert_uint_eq(cmd.dlen, 8);
	PARSE("P8");
	ck_assert_int_eq(cmd.kind, GC_BAD);
	gdb_parse("", 0, &cmd);
	ck_assert_int_eq(cmd.kind, GC_UNKNOWN);
}
END_TEST

/* QCatchSyscalls (gdb manual, "General Query Packets"). */
START_TEST(parse_catch_syscalls)
{
	uint8_t bits[8];
	bool all = false;
	PARSE("QCatchSyscalls:0");
	ck_assert_int_eq(cmd.kind, GC_CATCH_SYSCALLS);
	ck_assert_uint_eq(cmd.type, 0);
	PARSE("QCatchSyscalls:1");
	ck_assert_int_eq(cmd.kind, GC_CATCH_SYSCALLS);
	ck_assert_uint_eq(cmd.type, 1);
	ck_assert_int_eq(gdb_catch_list(cmd.data, cmd.dlen, bits, 64, &all), 0);
	ck_assert(all);
	PARSE("QCatchSyscalls:1;5;3f;fff");
	ck_assert_int_eq(cmd.kind, GC_CATCH_SYSCALLS);
	ck_assert_int_eq(gdb_catch_list(cmd.data, cmd.dlen, bits, 64, &all), 0);
	ck_assert(!all);
	ck_assert_uint_eq(bits[0], 1u << 5);
	ck_assert_uint_eq(bits[7], 0x80); /* 0x3f; 0xfff is beyond the 64 bits */
	PARSE("QCatchSyscalls:1;");
	ck_assert_int_eq(cmd.kind, GC_BAD);
	PARSE("QCatchSyscalls:1;zz");
	ck_assert_int_eq(cmd.kind, GC_BAD);
	PARSE("QCatchSyscalls:0;5");
	ck_assert_int_eq(cmd.kind, GC_BAD);
	PARSE("QCatchSyscalls:2");
	ck_assert_int_eq(cmd.kind, GC_BAD);
	PARSE("QCatchSyscalls:");
	ck_assert_int_eq(cmd.kind, GC_BAD);
	PARSE("QNonStop:1");
	ck_assert_int_eq(cmd.kind, GC_UNKNOWN);
}
END_TEST

START_TEST(encode_decode)
{
	uint8_t b[8];
	char hex[17];
	ck_assert_int_eq(gdb_hex_decode("00ff7A", 6, b, sizeof(b)), 3);
	ck_assert_uint_eq(b[1], 0xff);
	ck_assert_uint_eq(b[2], 0x7a);
	ck_assert_int_eq(gdb_hex_decode("0", 1, b, sizeof(b)), -1);
	ck_assert_int_eq(gdb_hex_decode("0g", 2, b, sizeof(b)), -1);
	ck_assert_int_eq(gdb_hex_decode("000000000000000000", 18, b, sizeof(b)), -1);
	gdb_hex_encode(b, 3, hex);
	ck_assert_str_eq(hex, "00ff7a");
	/* X binary: '}' escapes the next byte XOR 0x20. */
	ck_assert_int_eq(gdb_bin_decode("a}]b", 4, b, sizeof(b)), 3);
	ck_assert_uint_eq(b[1], '}');
	ck_assert_int_eq(gdb_bin_decode("a}", 2, b, sizeof(b)), -1);
	char f[32];
	size_t n = gdb_frame("OK", 2, f, sizeof(f));
	f[n] = 0;
	ck_assert_str_eq(f, "$OK#9a");
	n = gdb_frame("a#b", 3, f, sizeof(f));
	f[n] = 0;
	ck_assert_str_eq(f, "$a}\x03"
			    "b#43"); /* 0x61+0x7d+0x03+0x62 */
	ck_assert_uint_eq(gdb_frame("OK", 2, f, 4), 0);
}
END_TEST

/* The register and breakpoint layer on a loaded program. */
START_TEST(target_regs_points)
{
	char err[256], path[512];
	const char *dir = getenv("IA32EMU_PROGRAMS");
	snprintf(path, sizeof(path), "%s/hello", dir ? dir : "build/programs");
	struct machine_config cfg;
	machine_config_default(&cfg);
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	ck_assert_ptr_nonnull(m);
	char *argv[] = {path};
	ck_assert_int_eq(machine_load(m, path, 1, argv, err, sizeof(err)), 0);
	static struct gdb_target t;
	gdb_target_init(&t, m, NULL);
	struct cpu *c = machine_cpu(m);
	uint8_t r[GDB_REGS_BYTES];
	c->reg[EBX] = 0x11223344;
	gdb_regs_read(&t, r);
	ck_assert_uint_eq(r[12], 0x44); /* ebx is register 3 */
	ck_assert_uint_eq(r[15], 0x11);
	ck_assert_uint_eq(r[40] | r[41] << 8, c->seg[SEG_CS].sel); /* cs is 10 */
	ck_assert_int_eq(gdb_regs_write(&t, r, sizeof(r)), 0);
	r[44] ^= 3; /* ss: changing it is refused, and nothing changes */
	r[0] = 0x99;
	ck_assert_int_eq(gdb_regs_write(&t, r, sizeof(r)), -1);
	ck_assert_uint_ne(c->reg[EAX] & 0xff, 0x99);
	ck_assert_int_eq(gdb_reg_read(&t, 16, r), 10);
	/* orig_eax (org.gnu.gdb.i386.linux): -1 away from a catch stop. */
	ck_assert_int_eq(gdb_reg_read(&t, GDB_REG_ORIG_EAX, r), 4);
	ck_assert_uint_eq(r[0] & r[1] & r[2] & r[3], 0xff);
	ck_assert_int_eq(gdb_reg_read(&t, 33, r), -1);
	/* Run to the entry point through a breakpoint there. */
	uint32_t entry = 0x08049000;
	ck_assert_int_eq(gdb_point_insert(&t, GDB_BP_SW, entry, 1), 0);
	gdb_resume(&t, false);
	ck_assert_int_eq(gdb_run_slice(&t, 100000), RUN_STOPPED);
	ck_assert_int_eq(t.stop, GDB_STOP_BP);
	ck_assert_uint_eq(c->eip, entry);
	ck_assert_uint_eq(c->cpl, 3);
	/* One step retires exactly one instruction. */
	uint64_t before = c->icount;
	gdb_resume(&t, true);
	ck_assert_int_eq(gdb_run_slice(&t, 100000), RUN_STOPPED);
	ck_assert_int_eq(t.stop, GDB_STOP_STEP);
	ck_assert_uint_eq(c->icount, before + 1);
	ck_assert_int_eq(gdb_point_remove(&t, GDB_BP_SW, entry, 1), 0);
	ck_assert_int_eq(gdb_point_remove(&t, GDB_BP_SW, entry, 1), -1);
	ck_assert_int_eq(gdb_point_insert(&t, GDB_WP_WRITE, 0x1000, 0), -1);
	/* Memory: unmapped reads copy nothing. */
	uint8_t b[4];
	ck_assert_uint_eq(gdb_mem_read(&t, 0x1000, b, 4), 0);
	ck_assert_uint_eq(gdb_mem_read(&t, entry, b, 4), 4);
	gdb_resume(&t, false);
	ck_assert_int_eq(gdb_run_slice(&t, 10000000), RUN_EXITED);
	gdb_target_release(&t);
	machine_destroy(m);
}
END_TEST

struct counts {
	unsigned insns, syscalls;
};

static void count_insn(void *opaque, struct machine *m, const struct insn *i)
{
	(void)m;
	(void)i;
	((struct counts *)opaque)->insns++;
}

static void count_syscall(void *opaque, struct machine *m, const struct syscall_event *ev)
{
	(void)m;
	(void)ev;
	((struct counts *)opaque)->syscalls++;
}

/* A subscriber attached before the stub (the monitor's tracer) keeps
 * receiving events during the session and is attached again after it. */
START_TEST(target_chains_subscriber)
{
	char err[256], path[512];
	const char *dir = getenv("IA32EMU_PROGRAMS");
	snprintf(path, sizeof(path), "%s/hello", dir ? dir : "build/programs");
	struct machine_config cfg;
	machine_config_default(&cfg);
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	ck_assert_ptr_nonnull(m);
	char *argv[] = {path};
	ck_assert_int_eq(machine_load(m, path, 1, argv, err, sizeof(err)), 0);
	struct counts n = {0, 0};
	struct machine_events ev = {.opaque = &n, .insn = count_insn, .syscall = count_syscall};
	machine_subscribe(m, &ev);
	static struct gdb_target t;
	gdb_target_init(&t, m, &ev);
	gdb_resume(&t, true);
	ck_assert_int_eq(gdb_run_slice(&t, 1000), RUN_STOPPED);
	/* The stepped instruction only: the next one ended the step. */
	ck_assert_uint_eq(n.insns, 1);
	gdb_target_release(&t);
	unsigned before = n.insns;
	ck_assert_int_eq(machine_run(m, 10000000), RUN_EXITED);
	ck_assert_uint_gt(n.insns, before + 100);
	ck_assert_uint_gt(n.syscalls, 0);
	machine_destroy(m);
}
END_TEST

Suite *gdbproto_suite(void)
{
	Suite *s = suite_create("gdbproto");
	TCase *tc = tcase_create("gdbproto");
	tcase_add_test(tc, rx_good_and_bad_checksum);
	tcase_add_test(tc, rx_acks_interrupt_noise);
	tcase_add_test(tc, rx_too_long);
	tcase_add_test(tc, parse_memory);
	tcase_add_test(tc, parse_resume_and_vcont);
	tcase_add_test(tc, parse_points_queries);
	tcase_add_test(tc, parse_catch_syscalls);
	tcase_add_test(tc, encode_decode);
	tcase_add_test(tc, target_regs_points);
	tcase_add_test(tc, target_chains_subscriber);
	suite_add_tcase(s, tc);
	return s;
}
