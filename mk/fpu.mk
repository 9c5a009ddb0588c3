# The x87 FPU (cpu/fpu/, built with the rest of cpu/): its differential
# test (programs/fputest, tests/fpu) in `make check`.

FPU_DIR := $(BUILD)/fpu
FPUTEST_SRC := programs/fputest/fputest.c programs/fputest/build.sh programs/lib/crt0.S \
	programs/lib/usys.S programs/lib/crt0_linux.S programs/lib/usys_linux.S kernel/syscall.h

$(FPU_DIR)/fputest: $(FPUTEST_SRC)
	@echo "  GUEST   $@ (+ .native)"
	$(Q)programs/fputest/build.sh $(FPU_DIR)

.PHONY: fpu-check
fpu-check: $(EMU) $(FPU_DIR)/fputest
	@tests/fpu/fpu_check.sh $(EMU) $(FPU_DIR)

CHECK_TARGETS += fpu-check
isa-check: $(FPU_DIR)/fputest
