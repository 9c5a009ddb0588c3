/*
 * Fuzz target: random code at CPL 3 in a sandboxed machine. The bytes are
 * poked into the text page of a tiny fixed program and run for a small
 * instruction budget. Whatever they do (privileged instructions, wild
 * jumps, int $n, system calls with garbage, self-modifying code), the run
 * must end in exit, a kill with a message, or the budget, and the host
 * must see no memory error (ASan/UBSan).
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	/* First byte: the timer (off or a short period), so external
	 * interrupts land in the middle of everything. */
	uint64_t timer = (data[0] & 0x80) ? 1 + (data[0] & 0x7f) : 0;
	int fds = fz_count_fds();
	struct machine *m = fz_machine(2, timer, data + 1, size - 1);
	enum run_result r = machine_run(m, 4000);
	fz_check_user_result(m, r);
	/* A second run after a stop must not resume a dead program. */
	if (r != RUN_BUDGET && machine_run(m, 100) != r)
		fz_fail("a stopped machine ran again", machine_message(m));
	machine_destroy(m);
	if (fz_count_fds() != fds)
		fz_fail("host file descriptors leaked", "");
	return 0;
}
