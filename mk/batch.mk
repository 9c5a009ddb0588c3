# Users' own programs (issue 11): the ia32emu-cc compiler driver, the user
# library as an archive with its headers, `make install`, and the tests of
# `ia32emu test`.
#
# Layout in the build tree (ia32emu-cc finds the rest relative to itself):
#   $(BUILD)/ia32emu-cc, $(BUILD)/lib/libia32.a, $(BUILD)/lib/crt0.o,
#   $(BUILD)/include/*.h
# Installed under $(PREFIX):
#   bin/ia32emu, bin/ia32emu-cc, lib/ia32emu/{libia32.a,crt0.o},
#   include/ia32emu/*.h, share/man/man1/ia32emu.1

PREFIX  ?= /usr/local
DESTDIR ?=

UARCH_DIR := $(BUILD)/lib
UARCH     := $(UARCH_DIR)/libia32.a
UARCH_OBJ := $(patsubst programs/lib/%.c,$(UARCH_DIR)/obj/%.o,$(ULIB_C)) \
	$(UARCH_DIR)/obj/usys.o $(UARCH_DIR)/obj/crt0.o
UCRT0     := $(UARCH_DIR)/crt0.o
UHDR_SRC  := $(wildcard programs/include/*.h) kernel/syscall.h
UHDR      := $(patsubst %,$(BUILD)/include/%,$(notdir $(UHDR_SRC)))
CC_SCRIPT := $(BUILD)/ia32emu-cc
USERKIT   := $(CC_SCRIPT) $(UARCH) $(UCRT0) $(UHDR)

.PHONY: userkit install check-batch
all: userkit
userkit: $(USERKIT)

# The library is compiled exactly as programs/programs.mk compiles it for
# the bundled programs; crt0.o is in the archive too, so that ia32emu-cc
# pulls it in only when the program does not define its own _start.
$(UARCH_DIR)/obj/%.o: programs/lib/%.c
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) $(GUEST_OPT) -c $< -o $@

$(UARCH_DIR)/obj/%.o: programs/lib/%.S kernel/syscall.h
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(UARCH): $(UARCH_OBJ)
	@echo "  AR      $@"
	@rm -f $@
	$(Q)ar rcs $@ $^

$(UCRT0): $(UARCH_DIR)/obj/crt0.o
	$(Q)cp $< $@

$(BUILD)/include/%.h: programs/include/%.h
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

$(BUILD)/include/syscall.h: kernel/syscall.h
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

# The driver: relative paths from its own directory to the library and the
# headers are filled in, one pair for the build tree, one for an install.
$(CC_SCRIPT): tools/ia32emu-cc.in
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)sed -e 's|@LIBDIR@|lib|' -e 's|@INCDIR@|include|' $< >$@
	$(Q)chmod 755 $@

$(BUILD)/install/ia32emu-cc: tools/ia32emu-cc.in
	@mkdir -p $(dir $@)
	$(Q)sed -e 's|@LIBDIR@|../lib/ia32emu|' -e 's|@INCDIR@|../include/ia32emu|' $< >$@
	$(Q)chmod 755 $@

install: $(EMU) $(USERKIT) $(BUILD)/install/ia32emu-cc tools/ia32emu.1
	@echo "  INSTALL $(DESTDIR)$(PREFIX)"
	$(Q)install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/ia32emu \
		$(DESTDIR)$(PREFIX)/include/ia32emu $(DESTDIR)$(PREFIX)/share/man/man1
	$(Q)install -m 755 $(EMU) $(BUILD)/install/ia32emu-cc $(DESTDIR)$(PREFIX)/bin/
	$(Q)install -m 644 $(UARCH) $(UCRT0) $(DESTDIR)$(PREFIX)/lib/ia32emu/
	$(Q)install -m 644 $(UHDR) $(DESTDIR)$(PREFIX)/include/ia32emu/
	$(Q)install -m 644 tools/ia32emu.1 $(DESTDIR)$(PREFIX)/share/man/man1/

# The tests: the runner on a suite of passing and failing programs, the
# driver from outside the repository, and an install into a temporary prefix.
check-batch: $(EMU) $(USERKIT) programs
	@tests/batch/deps.sh
	BUILD=$(BUILD) SANITIZE=$(SANITIZE) tests/batch/run.sh

CHECK_TARGETS += check-batch
