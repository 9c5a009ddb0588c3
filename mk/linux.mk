# The Linux personality (docs/linux.md): freestanding int $0x80 programs in
# programs/linux/*.S (the e2e tests in tests/e2e/t_linux.sh run them).

LINUX_PROG_DIR := $(PROG_DIR)/linux
LINUX_ASM      := $(patsubst programs/linux/%.S,$(LINUX_PROG_DIR)/%,$(wildcard programs/linux/*.S))

programs: $(LINUX_ASM)

$(LINUX_PROG_DIR)/%: programs/linux/%.S
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -o $@ $< $(GUEST_LDFLAGS)

# Hosted C programs with glibc and musl, natively and in ia32emu; then
# Debian's own i386 programs against the host's builds of them.
check-linux: $(EMU) $(LINUX_PROG_DIR)/sig_forge $(LINUX_PROG_DIR)/sig_handler
	@BUILD=$(BUILD) tests/linux/deps.sh
	BUILD=$(BUILD) tests/linux/run.sh
	BUILD=$(BUILD) tests/linux/debian.sh

CHECK_TARGETS += check-linux
.PHONY: check-linux
