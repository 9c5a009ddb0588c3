# Robustness (issue 9): resource-exhaustion guest programs, the malformed-ELF
# generator for tests/e2e/t_elf.sh, and (in mk/fuzz.mk) the fuzz targets.
ROBUST_PROGS := $(patsubst programs/%.c,$(PROG_DIR)/%,$(wildcard programs/robust/*.c))
MKELF        := $(BUILD)/tests/mkelf

programs: $(ROBUST_PROGS)

$(MKELF): tests/elf/mkelf.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(LDFLAGS_SAN)

e2e: $(MKELF)
