# xv6-style test programs (issue 17, docs/xv6.md): built exactly as
# classic x86 xv6 builds its user programs (its flags, `ld -N -e main`, no
# C library, our own usys.S with `int $64`). x*.c are linked at 0x1000 and
# test the default ABI's path and orphan rules; s*.c are linked at 0, as
# xv6 links, and test the xv6 ABI. tests/e2e/t_xv6.sh runs them.
XV6_DIR    := $(PROG_DIR)/xv6
XV6_CFLAGS := -m32 -fno-pic -static -fno-builtin -ffreestanding -nostdlib -fno-strict-aliasing \
	      -fno-stack-protector -fno-omit-frame-pointer -O2 -Wall -Werror
XV6_TEXT   := 0x1000
XV6_PROGS  := $(patsubst programs/xv6/%.c,$(XV6_DIR)/%,$(wildcard programs/xv6/x*.c))
# Linking at 0 (-Ttext 0) is also what selects the xv6 ABI.
XV6_STRICT := $(patsubst programs/xv6/%.c,$(XV6_DIR)/%,$(wildcard programs/xv6/s*.c))

programs: $(XV6_PROGS) $(XV6_STRICT)

$(XV6_DIR)/usys.o: programs/xv6/usys.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(XV6_CFLAGS) -c -o $@ $<

$(XV6_DIR)/%.o: programs/xv6/%.c programs/xv6/xv6t.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(XV6_CFLAGS) -c -o $@ $<

$(XV6_PROGS): $(XV6_DIR)/%: $(XV6_DIR)/%.o $(XV6_DIR)/usys.o
	@echo "  XV6     $@"
	$(Q)ld -m elf_i386 --no-warn-rwx-segments -N -e main -Ttext $(XV6_TEXT) -o $@ $^

$(XV6_STRICT): $(XV6_DIR)/%: $(XV6_DIR)/%.o $(XV6_DIR)/usys.o
	@echo "  XV6     $@"
	$(Q)ld -m elf_i386 --no-warn-rwx-segments -N -e main -Ttext 0 -o $@ $^

# serr linked at 0x1000 as well: --abi xv6 gives it the same rules.
programs: $(XV6_DIR)/serr-1000
$(XV6_DIR)/serr-1000: $(XV6_DIR)/serr.o $(XV6_DIR)/usys.o
	@echo "  XV6     $@"
	$(Q)ld -m elf_i386 --no-warn-rwx-segments -N -e main -Ttext $(XV6_TEXT) -o $@ $^

# The xv6 tests alone (they run in `make check` with the e2e suite).
xv6-check: $(EMU) programs
	BUILD=$(BUILD) tests/e2e/run.sh tests/e2e/t_xv6.sh
