# Floating point in users' programs (issue 16): printf, strtod and <math.h>
# of the user library against glibc, and ia32emu-cc's promises (main
# without return, -lm, named errors). tests/flt/run.sh.

.PHONY: check-flt
check-flt: $(EMU) $(USERKIT)
	BUILD=$(BUILD) tests/flt/run.sh

CHECK_TARGETS += check-flt
