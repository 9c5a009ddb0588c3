# ia32emu — build, test and benchmark. `make help` lists the targets.

CC      ?= gcc
BUILD   := build
CFLAGS_BASE := -std=gnu11 -Wall -Wextra -Werror -g -O2 -fno-strict-aliasing
ifeq ($(SANITIZE),1)
CFLAGS_BASE += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS_SAN := -fsanitize=address,undefined
BUILD   := build-san
endif
CFLAGS  := $(CFLAGS_BASE) $(EXTRA_CFLAGS)
# The interpreter's handlers store a lazy-flag record field by field: GCC's
# vectoriser packs those stores into SSE moves, which cost more host
# instructions than the plain stores (bench/ir-per-insn.sh: 1-2% each).
CPU_CFLAGS := -fno-tree-vectorize
LDLIBS  := -lreadline -ldw -lelf

CORE_SRC  := $(wildcard mmu/*.c cpu/*.c cpu/*/*.c kernel/*.c)
FRONT_SRC := $(filter-out front/main.c,$(wildcard front/*.c))
LIB_OBJ   := $(patsubst %.c,$(BUILD)/obj/%.o,$(CORE_SRC) $(FRONT_SRC))
MAIN_OBJ  := $(BUILD)/obj/front/main.o
EMU       := $(BUILD)/ia32emu
LIBEMU    := $(BUILD)/libia32emu.a

.PHONY: all run check unit e2e programs clean help deps bench lint

all: $(EMU) programs

help:
	@echo "make            build build/ia32emu and the guest programs"
	@echo "make run        build and run the read() demo with a trace"
	@echo "make check      install test dependencies, build, run every test"
	@echo "make check SANITIZE=1   the same with ASan/UBSan (in build-san/)"
	@echo "make clean      remove build directories"

V ?= 0
ifeq ($(V),0)
Q := @
else
Q :=
endif

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/cpu/%.o: CFLAGS += $(CPU_CFLAGS)

$(LIBEMU): $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(EMU): $(MAIN_OBJ) $(LIBEMU)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS_SAN) -o $@ $^ $(LDLIBS)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---- guest programs (ELF32, freestanding, our syscall ABI) ----
include programs/programs.mk

# ---- tests ----
CHECK_TARGETS :=
include tests/tests.mk
# Feature fragments (one per feature: its programs, tools and test targets).
include $(sort $(wildcard mk/*.mk))

# The demo builds only the emulator and readdemo, in parallel (one job a core).
NPROC := $(shell nproc 2>/dev/null || echo 2)
run:
	@$(MAKE) -s --no-print-directory -j$(NPROC) $(EMU) $(PROG_DIR)/readdemo
	@echo "Legend: [CPL] EIP <symbol> instruction: one executed instruction at CPL 3 (user) or 0 (kernel);"
	@echo "  ==> an interrupt or exception delivery (int \$$64 into the kernel); <== an iret back to CPL 3;"
	@echo "  syscall NAME(ARGS) = RESULT: the kernel served a system call (docs/trace-format.md)."
	@printf 'hello from the demo\n' | $(EMU) trace $(PROG_DIR)/readdemo; \
		echo "make run: readdemo exited with status $$?"

# Style and static analysis: clang-format (the repo's .clang-format) and
# cppcheck must both be quiet.
LINT_SRC := $(wildcard cpu/*.[ch] cpu/*/*.[ch] mmu/*.[ch] kernel/*.[ch] front/*.[ch] tests/unit/*.[ch])
lint:
	@if command -v clang-format >/dev/null; then \
		clang-format --dry-run -Werror $(LINT_SRC) && echo "clang-format: clean"; \
	else echo "clang-format not installed: skipped"; fi
	@if command -v cppcheck >/dev/null; then \
		cppcheck --quiet --error-exitcode=1 --enable=warning,style,performance,portability \
			--std=c11 --inline-suppr --suppress=missingIncludeSystem \
			cpu mmu kernel front && echo "cppcheck: clean"; \
	else echo "cppcheck not installed: skipped"; fi

clean:
	rm -rf build build-san
