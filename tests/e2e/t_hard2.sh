# Hardening, round 2 (docs/attacks.md, "Round 2"): each point found by the
# second hostile round, through the real binary.
MKELF=$BUILD/tests/mkelf

# sbrk(0) returns the break even when the last segment ends above the
# heap limit (here at the stack guard page): exit status = bits 19:12 of
# the result, 0xbe for the break 0xbffbe000, 0xff for -ENOMEM.
"$MKELF" heap-at-limit "$T/heaplim" && $EMU run "$T/heaplim" >"$T/out" 2>"$T/err"
expect_eq "sbrk(0) with the last segment at the heap limit returns the break" 190 $?

# --timer shorter than the timer interrupt's own path is refused with a
# message (it would livelock: the next tick comes before the iret).
timeout 10 $EMU run --timer 10 $P/hello >"$T/out" 2>"$T/err"
expect_eq "--timer 10 refused at once (status 2)" 2 $?
expect_grep "--timer 10: the message says why" '^ia32emu: --timer 10 is shorter than the timer interrupt.s own path .*use at least 100$' "$T/err"
timeout 10 $EMU run --bare --timer 20 $P/bare/kernel.elf >"$T/out" 2>"$T/err"
expect_eq "--bare --timer 20 refused too" 2 $?
timeout 10 $EMU run --timer 100 $P/hello >"$T/out" 2>"$T/err"
expect_eq "--timer 100 runs" 0 $?

# A refused open acts on nothing on the host: a FIFO inside the root whose
# other end a host writer holds open-blocked stays blocked (opening it,
# even O_NONBLOCK, would release the writer), the guest gets -EACCES, and
# exec of it is refused the same way.
mkdir -p "$T/fifo_root"
mkfifo "$T/fifo_root/ff"
(echo hi >"$T/fifo_root/ff" && : >"$T/fifo_released") &
fifo_writer=$!
$EMU run --root "$T/fifo_root" $P/cat ff >"$T/out" 2>"$T/err"
expect_eq "open of a FIFO: cat fails (status 1)" 1 $?
expect_grep "open of a FIFO: -EACCES" '^cat: ff: cannot open: permission denied \(-13\)$' "$T/err"
$EMU run --root "$T/fifo_root" $P/sh -c './ff' >"$T/out" 2>"$T/err" </dev/null
sleep 0.5
expect_eq "open of a FIFO: the host writer is still blocked" "no" \
	"$([ -e "$T/fifo_released" ] && echo yes || echo no)"
kill $fifo_writer 2>/dev/null
wait $fifo_writer 2>/dev/null

# The monitor bounds what it reads: `source /dev/zero` (no newline ever)
# ends with a message instead of reading for ever; the failed `source` makes
# the script's exit status 1, as gdb -batch's for a failed command.
echo 'source /dev/zero' >"$T/zero.mon"
timeout 60 $EMU monitor $P/hello <"$T/zero.mon" >"$T/out" 2>&1
expect_eq "monitor: source /dev/zero ends (status 1: the command failed)" 1 $?
expect_grep "monitor: source /dev/zero says why" '^error: input longer than 64 MiB: stopped reading it$' "$T/out"

# --timeout N ends the run by N + 1 s whatever the guest does: a guest that
# takes and frees 64 MiB of heap in a loop (each sbrk zeroes 16,384 pages)
# stops on time, because each page zeroed costs a unit of the slice's
# budget. (Bounded generously: the point is that it ends, not how fast.)
SECONDS=0
timeout 30 $EMU run --timeout 1 $P/robust/sbrkloop churn >"$T/out" 2>"$T/err"
st=$?
took=$SECONDS
expect_eq "sbrk churn under --timeout 1: status 124" 124 $st
expect_eq "sbrk churn under --timeout 1: ended within 5 s" yes "$([ $took -le 5 ] && echo yes || echo "no, $took s")"
expect_grep "sbrk churn: the time-limit message" '^ia32emu: time limit of 1 s exceeded at eip ' "$T/err"
# Zero on demand: eight rounds of sbrk(64 MiB), a scan finding every page
# zero (the frames are the last round's, one of them written), one page
# written, sbrk(-64 MiB). The host holds what the guest touched, not the
# 64 MiB each round maps (zeroing every page at sbrk left 69 MiB resident).
rss=$( { /usr/bin/time -f 'rss %M' $EMU run $P/robust/sbrkloop one >"$T/out" 2>"$T/err.one"; echo "st $?" >>"$T/err.one"; } 2>&1; grep '^rss' "$T/err.one")
expect_eq "sbrk 64 MiB x 8: recycled frames read zero" "8 rounds of 64 MiB: every page read zero" "$(cat "$T/out")"
expect_grep "sbrk 64 MiB x 8: status 0" '^st 0$' "$T/err.one"
kb=$(echo "$rss" | sed -n 's/^rss \([0-9]*\).*/\1/p' | tail -1)
lim=32768
case $BUILD in *san*) lim=262144 ;; esac
expect_eq "sbrk 64 MiB, one page touched: host RSS < $((lim / 1024)) MiB" yes \
	"$([ "${kb:-999999}" -lt $lim ] && echo yes || echo "no, ${kb} KiB")"
# fork copies only what the parent wrote: four forks of a process with a
# 32 MiB heap, one page of it written, each child checking a written and
# an unwritten page (copying every page left 36 MiB resident).
rss=$( { /usr/bin/time -f 'rss %M' $EMU run $P/robust/sbrkloop fork >"$T/out" 2>"$T/err.fk"; echo "st $?" >>"$T/err.fk"; } 2>&1; grep '^rss' "$T/err.fk")
expect_eq "fork of a 32 MiB heap x 4: every child saw it right" "4 forks of a 32 MiB heap: each child saw it right" "$(cat "$T/out")"
expect_grep "fork of a 32 MiB heap x 4: status 0" '^st 0$' "$T/err.fk"
kb=$(echo "$rss" | sed -n 's/^rss \([0-9]*\).*/\1/p' | tail -1)
expect_eq "fork of a 32 MiB heap, one page written: host RSS < $((lim / 1024)) MiB" yes \
	"$([ "${kb:-999999}" -lt $lim ] && echo yes || echo "no, ${kb} KiB")"
# The same through the Linux personality's mmap2/munmap (tests/e2e/mmap64.S).
if gcc -m32 -nostdlib -static -o "$T/mmap64" tests/e2e/mmap64.S; then
	rss=$( { /usr/bin/time -f 'rss %M' $EMU run --abi linux "$T/mmap64" >"$T/out" 2>"$T/err.mm"; echo "st $?" >>"$T/err.mm"; } 2>&1; grep '^rss' "$T/err.mm")
	expect_grep "mmap2 64 MiB x 8: every page read zero (status 0)" '^st 0$' "$T/err.mm"
	kb=$(echo "$rss" | sed -n 's/^rss \([0-9]*\).*/\1/p' | tail -1)
	expect_eq "mmap2 64 MiB, one page touched: host RSS < $((lim / 1024)) MiB" yes \
		"$([ "${kb:-999999}" -lt $lim ] && echo yes || echo "no, ${kb} KiB")"
else
	fail "mmap2 64 MiB" "cannot build tests/e2e/mmap64.S"
fi
# A program that cannot fit is refused before guest memory is touched: a
# 2 GiB bss in 1 GiB of RAM leaves the host's resident memory small (it
# zeroed all free guest RAM, about 1 GiB resident, before failing).
"$MKELF" bss-2g "$T/bss2g"
rss=$( { /usr/bin/time -f 'rss %M' $EMU run --mem 1024 "$T/bss2g" >/dev/null 2>"$T/err.bss"; } 2>&1; grep '^rss' "$T/err.bss")
expect_grep "2 GiB bss: refused with the guest-memory message" 'not enough guest memory to load the program \(try --mem\)$' "$T/err.bss"
kb=$(echo "$rss" | sed -n 's/^rss \([0-9]*\).*/\1/p' | tail -1)
# ASan's shadow memory and allocator add their own resident pages: the
# sanitizer build gets 256 MiB, still a quarter of the 1 GiB a zeroing load
# leaves resident.
lim=65536
case $BUILD in *san*) lim=262144 ;; esac
expect_eq "2 GiB bss: refused before touching guest memory (RSS < $((lim / 1024)) MiB)" yes \
	"$([ "${kb:-999999}" -lt $lim ] && echo yes || echo "no, ${kb} KiB")"

# The Multiboot loader accepts what QEMU's accepts: a kernel linked with
# `ld -Ttext 0x100000` (its first segment, holding the ELF headers, lies at
# 0xff000, below 1 MiB) runs, on ia32emu as on qemu-system-i386.
if gcc -m32 -c tests/e2e/mb_ldtext.S -o "$T/mb.o" && ld -m elf_i386 -Ttext 0x100000 "$T/mb.o" -o "$T/mb.elf"; then
	$EMU run --bare "$T/mb.elf" >"$T/out" 2>"$T/err"
	expect_eq "multiboot ld -Ttext 0x100000 kernel runs (status 7)" "7 multiboot ok" "$? $(cat "$T/out")"
	if need_qemu "multiboot ld -Ttext kernel"; then
		timeout 60 qemu-system-i386 -display none -debugcon stdio -device isa-debug-exit,iobase=0xf4 \
			-no-reboot -kernel "$T/mb.elf" >"$T/qout" 2>/dev/null
		expect_eq "multiboot ld -Ttext kernel: the same on QEMU" "7 multiboot ok" "$? $(cat "$T/qout")"
	fi
else
	fail "multiboot ld -Ttext kernel" "cannot build tests/e2e/mb_ldtext.S"
fi

# lar returns descriptor bits 19:16 (the limit's top) as the CPU does:
# natively on this host lar gives 0x00cffb00 for the flat ring-3 code
# segment; programs/lar.S adds bits 23:16 of lar(cs) and lar(ds).
$EMU run $P/lar >"$T/out" 2>"$T/err"
expect_eq "lar: bits 19:16 returned (0xcf + 0xcf, status 158)" 158 $?

# Code and data on one page: at every offset of a page and across its
# boundaries, stores beside and into freshly run code (programs/smcpage.c)
# leave every instruction exact.
$EMU run $P/smcpage >"$T/out" 2>"$T/err"
expect_eq "code and data on one page: every call exact" "0 smcpage: 24672 calls, 0 wrong" "$? $(cat "$T/out")"

# BMI1/BMI2/ABM instructions share SIMD's encodings but are not SIMD: the
# #UD message names their extension. (Assembled here: the objdump corpus
# test disassembles every built program, and ours prints a #UD row as
# (bad).)
while IFS='|' read -r n insn ext; do
	printf '.text\n.globl _start\n_start:\n%s\n' "$insn" >"$T/ud_$n.S"
	if ! gcc -m32 -nostdlib -static -o "$T/ud_$n" "$T/ud_$n.S"; then
		fail "#UD $n" "cannot assemble $insn"
		continue
	fi
	$EMU run "$T/ud_$n" >"$T/out" 2>"$T/err"
	expect_eq "#UD $n: status 132" 132 $?
	expect_grep "#UD $n: names $ext" "#UD invalid opcode \\($ext instruction, not in the subset\\) at eip" "$T/err"
done <<'TABLE'
popcnt|popcnt %eax, %ebx|POPCNT \(ABM\)
andn|andn %eax, %ebx, %ecx|BMI1
bextr|bextr %eax, %ebx, %ecx|BMI1
shlx|shlx %eax, %ebx, %ecx|BMI2
rorx|rorx $3, %eax, %ebx|BMI2
TABLE
