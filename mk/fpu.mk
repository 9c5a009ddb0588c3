# The x87 FPU (cpu/fpu/): its sources in the library, its differential
# test (programs/fputest, tests/fpu) in `make check`.
FPU_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard cpu/fpu/*.c))
$(LIBEMU): $(FPU_OBJ)
