# The monitor and tracer (issue 7): its test program and its tests.
#  - tests/e2e/t_monitor.sh, t_tracer.sh: scripted sessions (run by `make e2e`);
#  - monitor-pty: the monitor under a real pseudo-terminal (readline
#    completion and history), driven by tests/monitor/ptydrive.c.

MON_PROG := $(PROG_DIR)/mon/montest
PTYDRIVE := $(BUILD)/tests/ptydrive

$(MON_PROG): programs/mon/montest.c $(CRT0) $(ULIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -O0 -fno-omit-frame-pointer -o $@ $(CRT0) $< $(ULIB_OBJ) \
		$(GUEST_LDFLAGS)

programs: $(MON_PROG)

$(PTYDRIVE): tests/monitor/ptydrive.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< -lutil $(LDFLAGS_SAN)

monitor-pty: $(EMU) programs $(PTYDRIVE)
	BUILD=$(BUILD) tests/monitor/pty.sh

CHECK_TARGETS += monitor-pty
