#!/bin/sh
# What the subscriber check costs when nothing is attached (issue 8: tracing
# compiled in but off must cost < 2%). Builds the emulator a second time with
# -DIA32EMU_NO_HOOK_CHECK (cpu/exec.c: the check left out) and compares host
# instructions (callgrind, load-independent) on the CPU benchmarks at size 1.
# Usage: bench/hook-cost.sh after `make bench-programs`.
set -e
command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 2; }
make -s BUILD=build-nohook EXTRA_CFLAGS=-DIA32EMU_NO_HOOK_CHECK build-nohook/ia32emu >/dev/null
make -s build/ia32emu >/dev/null
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ir() {
	valgrind --tool=callgrind --callgrind-out-file="$T/cg" "$1" run "build/bench/emu/$2" 1 \
		>/dev/null 2>"$T/err"
	sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$T/err"
}
for b in sieve crc32 quicksort matmul sha256 bytecode; do
	with=$(ir build/ia32emu $b)
	without=$(ir build-nohook/ia32emu $b)
	awk -v b="$b" -v w="$with" -v wo="$without" 'BEGIN {
		printf "%-10s %12d host insns with the check, %12d without: %+.4f%%\n",
			b, w, wo, 100 * (w - wo) / wo }'
done
