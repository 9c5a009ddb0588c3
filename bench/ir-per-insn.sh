#!/bin/sh
# Host instructions per retired guest instruction, from callgrind: a
# load-independent measure of the interpreter's cost (wall time on a shared
# machine is noisy). Usage: bench/ir-per-insn.sh [EMU [DIR]] after
# `make bench-programs`. Each benchmark runs at make bench's quick size and
# at twice it, and the figure is the difference per guest instruction (per
# call for getpid), so start-up and exit are not counted.
EMU=${1:-build/ia32emu}
DIR=${2:-build/bench}
command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 2; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# ir SIZE: "host-instructions guest-instructions" of one run of $b.
ir() {
	valgrind --tool=callgrind --callgrind-out-file="$T/cg" "$EMU" run --stats "$DIR/emu/$b" "$1" \
		>/dev/null 2>"$T/err"
	i=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$T/err")
	[ -n "$i" ] || i=$(sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' "$T/err" | tr -d ,)
	echo "$i $(sed -n 's/^ia32emu: stats: \([0-9]*\) instructions.*/\1/p' "$T/err")"
}
for bs in sieve:1 crc32:20 quicksort:1 matmul:6 sha256:8 bytecode:4 wcount:120 mixed:53 \
	bcrypt:2 getpid:20000; do
	b=${bs%%:*}
	size=${bs#*:}
	# bcrypt is built by make bench (Debian's libxcrypt-source).
	[ -x "$DIR/emu/$b" ] || { echo "$b: not built, skipped (make bench builds it)"; continue; }
	one=$(ir "$size")
	two=$(ir $((2 * size)))
	echo "$one $two" | awk -v b="$b" -v s="$size" '{
		if (b == "getpid") printf "%-10s %12d calls       %8.0f host insns per call\n", b, s, ($3 - $1) / s
		else printf "%-10s %12d guest insns %8.1f host insns each\n", b, $4 - $2, ($3 - $1) / ($4 - $2) }'
done
