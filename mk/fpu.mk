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

# The floating-point benchmark (bench/nbody.c) uses double in C: built
# without -mgeneral-regs-only, with -fno-builtin-sqrt off so that
# __builtin_sqrt is fsqrt (-fno-math-errno: no libm call).
FP_GUEST_CFLAGS := $(filter-out -mgeneral-regs-only,$(GUEST_CFLAGS)) -fno-math-errno

$(BENCH_DIR)/emu/nbody: bench/nbody.c bench/bench.h $(CRT0) $(ULIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(FP_GUEST_CFLAGS) -O2 -o $@ $(CRT0) $< $(ULIB_OBJ) $(GUEST_LDFLAGS)

$(BENCH_DIR)/native/nbody: bench/nbody.c bench/bench.h $(ULIB_LINUX)
	@mkdir -p $(dir $@)
	@echo "  NATIVE  $@"
	$(Q)$(CC) $(FP_GUEST_CFLAGS) -O2 -o $@ $(ULIB_LINUX) $< $(GUEST_LDFLAGS)
