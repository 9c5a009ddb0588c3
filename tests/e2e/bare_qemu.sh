#!/bin/bash
# The bare-metal guest kernel on build/ia32emu --bare and on QEMU must print
# the same lines and exit with the same status. Lines starting "timer:"
# depend on the timer (virtual on ia32emu, wall-clock on QEMU) and are
# compared only for presence. Lines starting "limits:" are segment-limit
# and null-selector checks, which QEMU's TCG does not implement; they are
# checked on ia32emu alone (t_bare.sh). Lines starting "rmw:" are the #PF
# error codes of read-modify-writes to a not-present page: Intel and AMD
# CPUs report W/R = 1 (0x2), QEMU's TCG loads first and reports 0x0; they
# are checked on ia32emu alone against the hardware's value. The "wr:"
# lines (every store, and every access to a read-only page) are compared.
# Installs qemu-system-x86 when missing (tests/qemu_deps.sh).
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
EMU=$BUILD/ia32emu
P=$BUILD/programs
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/e2e/lib.sh

tests/qemu_deps.sh || exit 1
QEMU="qemu-system-i386 -display none -debugcon stdio -device isa-debug-exit,iobase=0xf4 -no-reboot"

for img in kernel triple; do
	$EMU run --bare --timer 5000 $P/bare/$img.elf >"$T/emu.$img" 2>/dev/null
	echo "status $?" >>"$T/emu.$img"
	timeout 60 $QEMU -kernel $P/bare/$img.elf >"$T/qemu.$img" 2>"$T/qemu.err"
	echo "status $?" >>"$T/qemu.$img"
done
grep -Ev '^(timer|limits|rmw):' "$T/emu.kernel" >"$T/emu.cmp"
grep -Ev '^(timer|limits|rmw):' "$T/qemu.kernel" >"$T/qemu.cmp"
if diff -u "$T/qemu.cmp" "$T/emu.cmp" >"$T/diff"; then
	ok "bare kernel: ia32emu and QEMU print the same ($(wc -l <"$T/emu.cmp") lines)"
else
	fail "bare kernel: ia32emu and QEMU differ" "$(cat "$T/diff")"
fi
expect_eq "W/R probes compared with QEMU (stores, read-only pages)" 44 "$(grep -c '^wr: .*: #PF error 0x0000000[23]$' "$T/qemu.cmp")"
expect_eq "RMW to a not-present page: W/R = 1 as on hardware (ia32emu)" 10 \
	"$(grep -c '^rmw: .* not-present: #PF error 0x00000002$' "$T/emu.kernel")"
expect_grep "bare kernel ran to the end on QEMU" '^kernel: all tasks done$' "$T/qemu.kernel"
expect_grep "bare kernel exit status on QEMU" '^status 33$' "$T/qemu.kernel"
for f in emu qemu; do
	expect_grep "timer reaches ring 3 ($f)" '^timer: user saw 3 ticks$' "$T/$f.kernel"
	expect_grep "hlt wakes on the timer ($f)" '^timer: kernel hlt woke on a tick$' "$T/$f.kernel"
done
# A triple fault: QEMU (-no-reboot) powers off with status 0, ia32emu stops
# with a report and status 125; both printed the same before it.
expect_eq "triple fault output before the shutdown" "$(head -1 "$T/qemu.triple")" "$(head -1 "$T/emu.triple")"
expect_grep "triple fault status (ia32emu)" '^status 125$' "$T/emu.triple"
summary
