# The protection model's proofs: the bare-metal guest kernel (run on
# ia32emu --bare and on qemu-system-i386) and the attack suite.

BARE_DIR    := $(PROG_DIR)/bare
BARE_KERNEL := $(BARE_DIR)/kernel.elf
BARE_SRC    := programs/bare/entry.S programs/bare/kernel.c programs/bare/user.c
BARE_OBJ    := $(BARE_DIR)/entry.o $(BARE_DIR)/kernel.o $(BARE_DIR)/user.o

programs: $(BARE_KERNEL)

$(BARE_DIR)/%.o: programs/bare/%.c programs/bare/bare.h
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_KERN_CFLAGS) -O2 -fno-builtin -c $< -o $@

$(BARE_DIR)/%.o: programs/bare/%.S
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_KERN_CFLAGS) -c $< -o $@

$(BARE_KERNEL): $(BARE_OBJ) programs/bare/bare.ld
	@echo "  GUEST   $@"
	$(Q)$(CC) -m32 -static -nostdlib -no-pie -Wl,--build-id=none -Wl,-n -Wl,--no-warn-rwx-segments \
		-T programs/bare/bare.ld -o $@ $(BARE_OBJ)

# The bare kernel on ia32emu and on QEMU (installed here when missing).
check-bare: $(EMU) $(BARE_KERNEL)
	BUILD=$(BUILD) tests/e2e/bare_qemu.sh

CHECK_TARGETS += check-bare
.PHONY: check-bare

BARE_TRIPLE := $(BARE_DIR)/triple.elf
programs: $(BARE_TRIPLE)
$(BARE_TRIPLE): $(BARE_DIR)/triple.o programs/bare/bare.ld
	@echo "  GUEST   $@"
	$(Q)$(CC) -m32 -static -nostdlib -no-pie -Wl,--build-id=none -Wl,-n -Wl,--no-warn-rwx-segments \
		-T programs/bare/bare.ld -o $@ $<
