# The ISA issue: the differential instruction test (isatest natively and
# under ia32emu), the CPL-3 fault cases (rowfault), row coverage, and the
# objdump corpus. `make isa-check` runs them; it is part of `make check`.

ISA_DIR     := $(BUILD)/isa
ISATEST_SRC := $(wildcard programs/isatest/*.c programs/isatest/*.h) programs/isatest/build.sh
ISA_LIBS    := programs/lib/crt0.S programs/lib/usys.S programs/lib/crt0_linux.S \
	programs/lib/usys_linux.S kernel/syscall.h

$(ISA_DIR)/isatest: $(ISATEST_SRC) $(ISA_LIBS)
	@echo "  GUEST   $@ (+ .native)"
	$(Q)programs/isatest/build.sh $(ISA_DIR)

# seqtest: random chains of instructions (tests/isa/genseq.c writes seq.S),
# built for both ABIs like isatest.
GENSEQ := $(BUILD)/tests/genseq
SEQ_SRC := programs/isatest/seqmain.c programs/isatest/isatest.h

$(GENSEQ): tests/isa/genseq.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(LDFLAGS_SAN)

$(ISA_DIR)/seq.S: $(GENSEQ)
	@mkdir -p $(dir $@)
	$(Q)$(GENSEQ) $@ 3000

$(ISA_DIR)/seqtest: $(ISA_DIR)/seq.S $(SEQ_SRC) $(ISA_LIBS)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -O1 -o $@ programs/isatest/seqmain.c $< programs/lib/crt0.S \
		programs/lib/usys.S $(GUEST_LDFLAGS)

$(ISA_DIR)/seqtest.native: $(ISA_DIR)/seq.S $(SEQ_SRC) $(ISA_LIBS)
	@echo "  NATIVE  $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -O1 -o $@ programs/isatest/seqmain.c $< \
		programs/lib/crt0_linux.S programs/lib/usys_linux.S $(GUEST_LDFLAGS)

# rowfault: built for our ABI (in build/programs/isa, for the e2e tests too)
# and for Linux.
ISA_PROGS := $(PROG_DIR)/isa/rowfault $(PROG_DIR)/isa/rowfault.native

$(PROG_DIR)/isa/rowfault: programs/isa/rowfault.c programs/isatest/isatest.h $(ISA_LIBS)
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -O1 -o $@ $< programs/lib/crt0.S programs/lib/usys.S \
		$(GUEST_LDFLAGS)

$(PROG_DIR)/isa/rowfault.native: programs/isa/rowfault.c programs/isatest/isatest.h $(ISA_LIBS)
	@mkdir -p $(dir $@)
	@echo "  NATIVE  $@"
	$(Q)$(CC) $(GUEST_CFLAGS) -O1 -o $@ $< programs/lib/crt0_linux.S \
		programs/lib/usys_linux.S $(GUEST_LDFLAGS)

programs: $(ISA_PROGS)

.PHONY: isa-check
isa-check: $(EMU) $(ISA_DIR)/isatest $(ISA_PROGS) $(ISA_DIR)/seqtest $(ISA_DIR)/seqtest.native
	@tests/isa/isa_check.sh $(EMU) $(ISA_DIR) $(PROG_DIR)/isa

CHECK_TARGETS += isa-check

# The objdump differential corpus (tests/isa/gencorpus.c).
GENCORPUS := $(BUILD)/tests/gencorpus

$(GENCORPUS): tests/isa/gencorpus.c $(LIBEMU)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(LIBEMU) $(LDFLAGS_SAN)

.PHONY: isa-objdump
isa-objdump: $(EMU) $(GENCORPUS)
	@tests/isa/objdump_cmp.sh $(EMU) $(GENCORPUS) $(ISA_DIR)/objdump 300

CHECK_TARGETS += isa-objdump
