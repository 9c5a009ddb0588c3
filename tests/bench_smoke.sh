#!/bin/bash
# Smoke test of the benchmark harness (bench/run.py), fast enough for
# `make check`: one benchmark in quick mode, no qemu; the CSV must have the
# documented columns and a plausible row. Then a fake emulator whose output
# differs from native must make the harness fail.
set -u
EMU=$1
DIR=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$(dirname "$0")/.."
. tests/e2e/lib.sh

# The harness writes DIR/results.csv; work on a copy of DIR's programs.
mkdir -p "$T/b"
cp -r "$DIR/emu" "$DIR/native" "$DIR/measure" "$T/b/"
python3 bench/run.py --emu "$EMU" --dir "$T/b" --quick --runs 1 --no-qemu --only crc32 \
	>"$T/log" 2>&1
expect_eq "bench: harness status" 0 $?
expect_grep "bench: summary line" '^1 passed, 0 failed$' "$T/log"
CSV=$T/b/results.csv
expect_eq "bench: CSV columns" \
	"benchmark,kind,size,guest_insns,emu_s,guest_mips,cpu_mips,ns_per_syscall,emu_rss_kib,native_s,native_rss_kib,qemu_s,qemu_rss_kib,emu_vs_native,emu_vs_qemu,ir_per_insn,ir_per_call" \
	"$(head -1 "$CSV" | tr -d '\r')"
expect_eq "bench: one row" 2 "$(wc -l <"$CSV")"
ROW=$(sed -n 2p "$CSV" | tr -d '\r')
IFS=, read -r name kind size insns emu_s mips cmips nspc rss nat_s nat_rss q_s q_rss xn xq irpi irpc <<<"$ROW"
expect_eq "bench: row names crc32" "crc32,cpu,20" "$name,$kind,$size"
# crc32 at size 20 is 20 passes over 64 KiB: at least 8 instructions a byte.
if [ "${insns:-0}" -gt 10000000 ] 2>/dev/null; then ok "bench: instruction count"; else
	fail "bench: instruction count" "got [$insns]"; fi
if awk -v m="$mips" -v x="$xn" -v r="$rss" 'BEGIN { exit !(m > 0 && x > 0 && r > 0) }'; then
	ok "bench: MIPS, ratio and RSS are positive"
else
	fail "bench: MIPS, ratio and RSS" "[$mips] [$xn] [$rss]"
fi
expect_eq "bench: no qemu columns with --no-qemu" "-,-,-" "$q_s,$q_rss,$xq"
expect_eq "bench: no callgrind columns without --ir" "-,-" "$irpi,$irpc"

# The CoreMark-class mix (bench/mixed.c): lists, 16-bit matrices, a state
# machine; the emulator's CRC-16 over every result must match the native one.
python3 bench/run.py --emu "$EMU" --dir "$T/b" --quick --runs 1 --no-qemu --only mixed \
	>"$T/log" 2>&1
expect_eq "bench: mixed agrees with native" 0 $?
expect_grep "bench: mixed ran" '^mixed +53 ' "$T/log"

# --ir: callgrind's host instructions per guest instruction (and per call
# for a system-call benchmark), on the two smallest programs.
# Not on a sanitizer build: ASan's shadow memory and valgrind exclude each
# other (make check SANITIZE=1 runs this smoke test on build-san).
if nm "$EMU" 2>/dev/null | grep -q '__asan_init'; then
	echo "bench: a sanitizer build: --ir (valgrind) not tested on it"
elif command -v valgrind >/dev/null; then
	python3 bench/run.py --emu "$EMU" --dir "$T/b" --quick --runs 1 --no-qemu --ir \
		--only hello,getpid >"$T/log" 2>&1
	expect_eq "bench: --ir status" 0 $?
	IRH=$(awk -F, '$1 == "hello" { print $16 }' "$T/b/results.csv")
	IRG=$(awk -F, '$1 == "getpid" { print $16 "," $17 }' "$T/b/results.csv")
	# Any interpreter spends several host instructions on each guest one;
	# a getpid round trip (gate, stack switch, iret) takes hundreds.
	if awk -v h="$IRH" -v g="$IRG" 'BEGIN { split(g, a, ","); exit !(h > 2 && h < 100000 && a[1] > 2 && a[2] > 100) }'; then
		ok "bench: --ir columns"
	else
		fail "bench: --ir columns" "hello [$IRH] getpid [$IRG]"
	fi
else
	echo "bench: valgrind not installed, --ir not tested (make bench-deps)"
fi

# A wrong answer must not be timed as a success.
cat >"$T/fake-emu" <<'FAKE'
#!/bin/sh
echo "crc32: 00000000"
echo "ia32emu: stats: 1000 instructions, 0.001000 s, 1.0 MIPS" >&2
FAKE
chmod +x "$T/fake-emu"
python3 bench/run.py --emu "$T/fake-emu" --dir "$T/b" --quick --runs 1 --no-qemu --only crc32 \
	>"$T/log" 2>&1
expect_eq "bench: wrong output fails" 1 $?
expect_grep "bench: wrong output reported" '^crc32 +FAILED: emulator output differs' "$T/log"
summary
