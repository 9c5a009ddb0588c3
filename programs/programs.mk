# Guest programs: ELF32 executables for the emulator's ABI, built with the
# host's gcc -m32 against the user library only (no host libc).
#
# User programs are compiled hosted (-fhosted: main without `return` returns
# 0, C99 5.1.2.2.3) but with -fno-builtin and -nostdinc, so gcc neither sees
# the host's headers nor assumes glibc's prototypes for our functions. Their
# floating point is i686 x87 code (-march=i686 -mfpmath=387, no SSE/MMX),
# which the emulated FPU runs. gcc's libgcc.a supplies the few helpers x87
# code may call (__popcountsi2, __muldc3, ...) after the user library.
# GUEST_KERN_CFLAGS is for guest *kernels* (programs/bare): freestanding and
# integer-only (-mgeneral-regs-only), so they never touch the FPU.

PROG_DIR     := $(BUILD)/programs
GUEST_INC    := $(shell $(CC) -m32 -print-file-name=include)
GUEST_LIBGCC := $(shell $(CC) -m32 -print-libgcc-file-name)
GUEST_COMMON := -m32 -fno-pic -fno-pie -fno-stack-protector \
	-fcf-protection=none -fno-asynchronous-unwind-tables \
	-nostdinc -I programs/include -isystem $(GUEST_INC) -I kernel \
	-Wall -Wextra -Werror -g
GUEST_FPU    := -fhosted -fno-builtin -march=i686 -mfpmath=387 -mno-sse -mno-mmx
GUEST_CFLAGS := $(GUEST_COMMON) $(GUEST_FPU)
GUEST_KERN_CFLAGS := $(GUEST_COMMON) -ffreestanding -mgeneral-regs-only
GUEST_OPT    ?= -O2
GUEST_LDFLAGS := -m32 -static -nostdlib -no-pie -Wl,--build-id=none \
	-Wl,-Ttext-segment=0x08048000 -Wl,-e,_start $(GUEST_LIBGCC)

ULIB_C   := $(wildcard programs/lib/*.c)
ULIB_OBJ := $(patsubst programs/lib/%.c,$(PROG_DIR)/lib/%.o,$(ULIB_C)) \
	$(PROG_DIR)/lib/usys.o
CRT0     := $(PROG_DIR)/lib/crt0.o

# Single-file programs: programs/*.c (with crt0 and the user library) and
# programs/*.S, programs/attacks/*.S (their own _start).
PROG_C   := $(wildcard programs/*.c)
PROG_S   := $(wildcard programs/*.S) $(wildcard programs/attacks/*.S)
PROGRAMS := $(patsubst programs/%.c,$(PROG_DIR)/%,$(PROG_C)) \
	$(patsubst programs/%.S,$(PROG_DIR)/%,$(PROG_S))

# The C test programs, each at -O0 and -O2.
CTEST_SRC := $(wildcard programs/c/*.c)
CTESTS    := $(foreach s,$(CTEST_SRC),$(patsubst programs/c/%.c,$(PROG_DIR)/c/%-O0,$(s)) \
	$(patsubst programs/c/%.c,$(PROG_DIR)/c/%-O2,$(s)))

programs: $(PROGRAMS) $(CTESTS)

$(PROG_DIR)/lib/%.o: programs/lib/%.c
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) $(GUEST_OPT) -c $< -o $@

$(PROG_DIR)/lib/%.o: programs/lib/%.S kernel/syscall.h
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(PROG_DIR)/%: programs/%.c $(CRT0) $(ULIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) $(GUEST_OPT) -o $@ $(CRT0) $< $(ULIB_OBJ) $(GUEST_LDFLAGS)

$(PROG_DIR)/%: programs/%.S kernel/syscall.h
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -o $@ $< $(GUEST_LDFLAGS)

$(PROG_DIR)/c/%-O0: programs/c/%.c $(CRT0) $(ULIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -O0 -o $@ $(CRT0) $< $(ULIB_OBJ) $(GUEST_LDFLAGS)

$(PROG_DIR)/c/%-O2: programs/c/%.c $(CRT0) $(ULIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -O2 -o $@ $(CRT0) $< $(ULIB_OBJ) $(GUEST_LDFLAGS)

# The user library objects are real products, not intermediates to delete.
.SECONDARY: $(ULIB_OBJ) $(CRT0)
