# Tests: Check unit tests (tests/unit) and end-to-end scripts (tests/e2e).
UNIT_SRC  := $(wildcard tests/unit/*.c)
UNIT_BIN  := $(BUILD)/tests/unit_tests
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)

deps:
	@tests/deps.sh

$(UNIT_BIN): $(UNIT_SRC) $(LIBEMU) tests/unit/unit.h tests/unit/suites.def
	@tests/deps.sh
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $(UNIT_SRC) $(LIBEMU) $(CHECK_LIBS) $(LDFLAGS_SAN)

unit: deps $(UNIT_BIN) programs
	IA32EMU_PROGRAMS=$(PROG_DIR) $(UNIT_BIN)

# gcc -m32 for t_hard3.sh's comparison with the host CPU (tests/bare/wr_native.c);
# qemu-system-i386 for t_hard2.sh's and t_hard3.sh's comparisons with QEMU.
e2e: deps $(EMU) programs userkit
	@BUILD=$(BUILD) tests/linux/deps.sh
	@tests/qemu_deps.sh
	BUILD=$(BUILD) tests/e2e/run.sh

# Feature test suites add their targets to CHECK_TARGETS in mk/*.mk.
# tests/check.sh runs them in order and closes with "check: N passed, N failed".
check: deps
	@mkdir -p $(BUILD)
	@tests/check.sh $(BUILD)/check.log "$(MAKE)" lint unit e2e $(CHECK_TARGETS)
