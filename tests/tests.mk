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

e2e: deps $(EMU) programs
	BUILD=$(BUILD) tests/e2e/run.sh

# Feature test suites add their targets to CHECK_TARGETS in mk/*.mk.
check: deps
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory unit
	$(MAKE) --no-print-directory e2e
	@for t in $(CHECK_TARGETS); do $(MAKE) --no-print-directory $$t || exit 1; done
