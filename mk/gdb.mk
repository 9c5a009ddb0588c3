# The gdb remote stub (front/gdbstub*.c): the guest the tests debug and the
# test target that drives the real gdb and raw sockets against the stub.

GDB_TARGET := $(PROG_DIR)/gdbtarget

$(GDB_TARGET): tests/gdb/gdbtarget.c $(CRT0) $(ULIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -O0 -o $@ $(CRT0) $< $(ULIB_OBJ) $(GUEST_LDFLAGS)

.PHONY: gdb-check
gdb-check: $(EMU) programs $(GDB_TARGET)
	@command -v gdb >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq gdb >/dev/null; }
	@command -v python3 >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq python3 >/dev/null; }
	@BUILD=$(BUILD) tests/linux/deps.sh # gcc -m32 for the PIE test
	BUILD=$(BUILD) timeout 300 tests/gdb/run.sh

CHECK_TARGETS += gdb-check
