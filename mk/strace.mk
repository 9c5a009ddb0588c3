# ia32emu strace (issue 18): its test program; tests/e2e/t_strace.sh runs
# with `make e2e`; `make strace-check` runs it alone.

STRACE_PROG := $(PROG_DIR)/strace/stracetest

$(STRACE_PROG): programs/strace/stracetest.c $(CRT0) $(ULIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) $(GUEST_OPT) -o $@ $(CRT0) $< $(ULIB_OBJ) $(GUEST_LDFLAGS)

programs: $(STRACE_PROG)

strace-check: $(EMU) programs
	BUILD=$(BUILD) tests/e2e/run.sh tests/e2e/t_strace.sh
