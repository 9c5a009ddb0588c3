/*
 * Fuzz target: the decoder and the disassembler. decode() is a pure
 * function of the bytes, so everything it promises is checked here:
 * a length of at most 15 (SDM vol. 2 §2.3.11) and never past the bytes
 * given; the same result from exactly those bytes; "need more" only when
 * fewer than 15 bytes were given; and every decoded instruction
 * disassembles to text that fits the buffer, NUL-terminated, as a prefix
 * of the untruncated text when the buffer is small.
 */
#include "../../cpu/decode/disasm.h"
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>

static void check_disasm(const struct insn *i, uint32_t eip, size_t small)
{
	char full[256];
	size_t len = disasm(i, eip, full, sizeof(full));
	if (len != strlen(full) || len + 1 >= sizeof(full))
		fz_fail("disasm length", full);
	if (len == 0)
		fz_fail("empty disassembly", "");
	/* Rows spelled "(bad)" on purpose are the undocumented x87 aliases the
	 * CPU runs (fstp1, fcom2, ...: x87rows.def) and objdump prints so. */
	if (i->row > ROW_UNSUPPORTED && strcmp(full, "(bad)") == 0 &&
	    strcmp(op_rows[i->row].mnem, "(bad)") != 0)
		fz_fail("a decodable instruction printed as (bad)", "");
	/* An exact-size heap buffer, so ASan sees any write past it. */
	char *buf = malloc(small);
	if (!buf)
		return;
	size_t l2 = disasm(i, eip, buf, small);
	if (small) {
		if (l2 >= small || strlen(buf) != l2)
			fz_fail("truncated disassembly overflows", full);
		if (strncmp(buf, full, l2) != 0)
			fz_fail("truncated disassembly is not a prefix", full);
	} else if (l2 != 0) {
		fz_fail("disasm into an empty buffer wrote", full);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 5)
		return 0;
	uint32_t eip = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
		       (uint32_t)data[3] << 24;
	size_t small = data[4] % 48;
	data += 5;
	size -= 5;
	/* A copy of exactly `size` bytes: a read past them is an ASan report. */
	uint8_t *bytes = malloc(size ? size : 1);
	if (!bytes)
		return 0;
	memcpy(bytes, data, size);
	for (size_t off = 0; off < size || off == 0; off++) {
		struct insn a, b;
		size_t avail = size - off;
		int r = decode(bytes + off, avail, &a);
		if (r > 0) {
			if (r > MAX_INSN_LEN || (size_t)r > avail || a.len != r)
				fz_fail("decoded length out of range", "");
			if (decode(bytes + off, (size_t)r, &b) != r || a.row != b.row ||
			    a.fn != b.fn || a.imm != b.imm || a.disp != b.disp)
				fz_fail("decoding exactly len bytes differs", "");
			if (r > 1 && decode(bytes + off, (size_t)r - 1, &b) != DEC_NEED_MORE)
				fz_fail("a shorter prefix did not need more bytes", "");
			check_disasm(&a, eip + (uint32_t)off, small);
		} else if (r == DEC_NEED_MORE) {
			if (avail >= MAX_INSN_LEN)
				fz_fail("need more bytes with 15 available", "");
		} else if (r != DEC_TOO_LONG) {
			fz_fail("unknown decode result", "");
		}
		if (off >= 64 || size == 0)
			break;
	}
	free(bytes);
	return 0;
}
