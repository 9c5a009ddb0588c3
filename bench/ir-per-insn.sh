#!/bin/sh
# Host instructions per retired guest instruction, from callgrind: a
# load-independent measure of the interpreter's cost (wall time on a shared
# machine is noisy). Usage: bench/ir-per-insn.sh [EMU [DIR]] after
# `make bench-programs`. Each CPU benchmark runs at size 1 (1-20e6 guest
# insns, start-up included), wcount 120 rounds, mixed 53;
# getpid 20000 calls, reported per call (start-up included: make bench's
# Ir/call column subtracts it).
EMU=${1:-build/ia32emu}
DIR=${2:-build/bench}
command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 2; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for bs in sieve:1 crc32:1 quicksort:1 matmul:1 sha256:1 bytecode:1 wcount:120 mixed:53 \
	getpid:20000; do
	b=${bs%%:*}
	size=${bs#*:}
	valgrind --tool=callgrind --callgrind-out-file="$T/cg" "$EMU" run --stats "$DIR/emu/$b" $size \
		>/dev/null 2>"$T/err"
	ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$T/err")
	[ -n "$ir" ] || ir=$(sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' "$T/err" | tr -d ,)
	n=$(sed -n 's/^ia32emu: stats: \([0-9]*\) instructions.*/\1/p' "$T/err")
	awk -v b="$b" -v ir="$ir" -v n="$n" -v s=$size 'BEGIN {
		if (b == "getpid") printf "%-10s %12d calls       %8.0f host insns per call\n", b, s, ir / s
		else printf "%-10s %12d guest insns %8.1f host insns each\n", b, n, ir / n }'
done
