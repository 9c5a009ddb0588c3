# `make bench`: the benchmark suite (bench/README.md). Each bench/*.c (and
# programs/hello.c) is built twice from the same source: for our ABI
# (crt0.S + usys.S, int $64) and for Linux/i386 (crt0_linux.S +
# usys_linux.S, int $0x80), so bench/run.py can time it in the emulator,
# natively and under qemu-i386 in the same run. Not part of `make check`
# (slow); `bench-smoke` (quick mode, one benchmark, CSV columns) is.

BENCH_DIR   := $(BUILD)/bench
BENCH_SRC   := $(wildcard bench/*.c) programs/hello.c
BENCH_NAMES := $(notdir $(basename $(BENCH_SRC))) wcount
BENCH_EMU   := $(addprefix $(BENCH_DIR)/emu/,$(BENCH_NAMES))
BENCH_NAT   := $(addprefix $(BENCH_DIR)/native/,$(BENCH_NAMES))
ULIB_LINUX  := $(PROG_DIR)/lib/crt0_linux.o $(PROG_DIR)/lib/usys_linux.o \
	$(filter-out $(PROG_DIR)/lib/usys.o,$(ULIB_OBJ))
# BENCH_QUICK=1: about 100x smaller sizes; BENCH_RUNS: best of N runs.
BENCH_QUICK ?= 0
BENCH_RUNS  ?= 3
BENCH_ONLY  ?=

.PHONY: bench bench-programs bench-deps bench-smoke

bench-programs: $(BENCH_EMU) $(BENCH_NAT) $(BENCH_DIR)/measure

# The host-side launcher that times a run and reads its peak RSS.
$(BENCH_DIR)/measure: bench/host/measure.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) -std=gnu11 -Wall -Wextra -Werror -O2 -o $@ $<

$(BENCH_DIR)/emu/%: bench/%.c bench/bench.h $(CRT0) $(ULIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -O2 -o $@ $(CRT0) $< $(ULIB_OBJ) $(GUEST_LDFLAGS)

$(BENCH_DIR)/native/%: bench/%.c bench/bench.h $(ULIB_LINUX)
	@mkdir -p $(dir $@)
	@echo "  NATIVE  $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -O2 -o $@ $(ULIB_LINUX) $< $(GUEST_LDFLAGS)

$(BENCH_DIR)/emu/hello: programs/hello.c $(CRT0) $(ULIB_OBJ)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(GUEST_CFLAGS) -O2 -o $@ $(CRT0) $< $(ULIB_OBJ) $(GUEST_LDFLAGS)

$(BENCH_DIR)/native/hello: programs/hello.c $(ULIB_LINUX)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(GUEST_CFLAGS) -O2 -o $@ $(ULIB_LINUX) $< $(GUEST_LDFLAGS)

# wcount: xv6's layout (bench/ldn/wcount.c): ld -N, no C library, so the
# loop's code and the data it stores to share pages.
$(BENCH_DIR)/emu/wcount: bench/ldn/wcount.c $(CRT0) $(PROG_DIR)/lib/usys.o
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@ (ld -N)"
	$(Q)$(CC) $(GUEST_CFLAGS) -O2 -Wl,-N -Wl,--no-warn-rwx-segments -o $@ $(CRT0) $< \
		$(PROG_DIR)/lib/usys.o $(GUEST_LDFLAGS)

$(BENCH_DIR)/native/wcount: bench/ldn/wcount.c $(PROG_DIR)/lib/crt0_linux.o \
		$(PROG_DIR)/lib/usys_linux.o
	@mkdir -p $(dir $@)
	@echo "  NATIVE  $@ (ld -N)"
	$(Q)$(CC) $(GUEST_CFLAGS) -O2 -Wl,-N -Wl,--no-warn-rwx-segments -o $@ \
		$(PROG_DIR)/lib/crt0_linux.o $(PROG_DIR)/lib/usys_linux.o $< $(GUEST_LDFLAGS)

# bcrypt: real code nobody here tuned the interpreter for, libxcrypt's
# crypt-bcrypt.c as Debian's libxcrypt-source installs it (bench-deps
# installs the package; the source is never copied into the project),
# with the small configuration bench/xcrypt/ gives it and crypt.h made
# from the package's crypt.h.in. Built by `make bench` only, so `make
# check` does not need the package. Compiled without -Werror: it is not
# our code. _LIBC_LIMITS_H_: gcc's <limits.h> alone (no C library's to
# #include_next), as ia32emu-cc does.
XCRYPT_DIR := /usr/src/libxcrypt/lib
XCRYPT_OBJ := $(BENCH_DIR)/xcrypt/crypt-bcrypt.o
XCRYPT_CFLAGS := $(filter-out -Werror,$(GUEST_CFLAGS)) -w -DHAVE_CONFIG_H -D_LIBC_LIMITS_H_ \
	-I bench/xcrypt -I $(BENCH_DIR)/xcrypt -I $(XCRYPT_DIR)
BENCH_XCRYPT := $(BENCH_DIR)/emu/bcrypt $(BENCH_DIR)/native/bcrypt

$(BENCH_DIR)/xcrypt/crypt.h: $(XCRYPT_DIR)/crypt.h.in
	@mkdir -p $(dir $@)
	$(Q)sed -e 's/@XCRYPT_VERSION_STR@/4.4/; s/@DEFAULT_PREFIX_ENABLED@/1/' \
		-e 's/@XCRYPT_VERSION_MAJOR@/4/; s/@XCRYPT_VERSION_MINOR@/4/' \
		-e 's/@[A-Z_]*@//' $< > $@

$(XCRYPT_OBJ): $(XCRYPT_DIR)/crypt-bcrypt.c $(BENCH_DIR)/xcrypt/crypt.h $(wildcard bench/xcrypt/*.h)
	@echo "  GUEST   $@ (Debian's libxcrypt-source)"
	$(Q)$(CC) $(XCRYPT_CFLAGS) -O2 -c -o $@ $<

$(BENCH_DIR)/emu/bcrypt: bench/xcrypt/bcrypt.c bench/bench.h $(XCRYPT_OBJ) $(CRT0) $(ULIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -O2 -o $@ $(CRT0) $< $(XCRYPT_OBJ) $(ULIB_OBJ) $(GUEST_LDFLAGS)

$(BENCH_DIR)/native/bcrypt: bench/xcrypt/bcrypt.c bench/bench.h $(XCRYPT_OBJ) $(ULIB_LINUX)
	@mkdir -p $(dir $@)
	@echo "  NATIVE  $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -O2 -o $@ $(ULIB_LINUX) $< $(XCRYPT_OBJ) $(GUEST_LDFLAGS)

.PHONY: bench-xcrypt
bench-xcrypt: $(BENCH_XCRYPT)

# python3 runs the harness; qemu-user provides qemu-i386, valgrind the
# callgrind counts of host instructions, libxcrypt-source bcrypt's source
# (Debian packages).
bench-deps:
	@command -v valgrind >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y valgrind; }
	@command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y python3; }
	@command -v qemu-i386 >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y qemu-user; }
	@test -f $(XCRYPT_DIR)/crypt-bcrypt.c || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y libxcrypt-source; }

bench: bench-deps $(EMU) bench-programs
	$(MAKE) --no-print-directory bench-xcrypt
	python3 bench/run.py --emu $(EMU) --dir $(BENCH_DIR) --runs $(BENCH_RUNS) --ir \
		$(if $(filter 1,$(BENCH_QUICK)),--quick) $(if $(BENCH_ONLY),--only $(BENCH_ONLY))

# The harness itself, fast: one benchmark in quick mode, its CSV checked.
bench-smoke: $(EMU) bench-programs
	@command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y python3; }
	tests/bench_smoke.sh $(EMU) $(BENCH_DIR)

CHECK_TARGETS += bench-smoke
