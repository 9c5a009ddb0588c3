# Robustness: wall-clock and instruction limits, and resource exhaustion
# bounded with a clear error (programs/robust/).
R=$P/robust

# --timeout: an endless loop stops after the time given, status 124 (as
# timeout(1)), with a message; in run and in trace mode.
t0=$(date +%s%N)
$EMU run --timeout 0.5 $P/attacks/spin >"$T/out" 2>"$T/err"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
expect_eq "timeout status" 124 $rc
expect_grep "timeout message" \
	'^ia32emu: time limit of 0\.5 s exceeded at eip 0x[0-9a-f]{8} after [0-9]+ instructions$' "$T/err"
if [ $ms -ge 450 ] && [ $ms -lt 3000 ]; then ok "timeout took about 0.5 s"; else
	fail "timeout took about 0.5 s" "took $ms ms"; fi
t0=$(date +%s%N)
$EMU trace --timeout 0.3 --trace-file "$T/trace" $P/attacks/spin >"$T/out" 2>"$T/err"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
expect_eq "timeout in trace mode" "124 yes" "$rc $([ $ms -lt 3000 ] && echo yes || echo "no: $ms ms")"
expect_grep "timeout message in trace mode" '^ia32emu: time limit of 0\.3 s exceeded' "$T/err"
# The instruction budget still wins when it comes first, with its own message.
$EMU run --timeout 100 --max-insns 1000 $P/attacks/spin >"$T/out" 2>"$T/err"
expect_eq "budget before timeout" 124 $?
expect_grep "budget message with a timeout" '^ia32emu: instruction budget exhausted at eip' "$T/err"
# A program that finishes in time is not disturbed.
$EMU run --timeout 20 $P/hello a >"$T/out" 2>"$T/err"
expect_eq "timeout: hello runs normally" "0 hello, world|argv[1] = a|" "$? $(tr '\n' '|' <"$T/out")"
for bad in 0 -1 abc nan inf 1e7 ""; do
	$EMU run --timeout "$bad" $P/hello >"$T/out" 2>"$T/err"
	expect_eq "--timeout '$bad' is a usage error" \
		"2 ia32emu: --timeout takes a number of seconds greater than 0 (at most 1000000)" \
		"$? $(cat "$T/err")"
done

# Deep recursion runs into the guard page under the user stack: a user
# #PF (SIGSEGV, 139) whose cr2 lies in the guard page 0xbffbe000-0xbffbefff.
$EMU run $R/recurse >"$T/out" 2>"$T/err"
expect_eq "recursion into the stack guard: status 139" 139 $?
expect_grep "recursion: #PF message in the guard page" \
	'^ia32emu: recurse: #PF page fault \(error 0x6: user write, not present\) at eip 0x[0-9a-f]{8}, cpl 3, cr2 0xbffbe[0-9a-f]{3}$' "$T/err"

# sbrk beyond the address space: -ENOMEM (-12), both ways.
$EMU run $R/sbrkloop huge >"$T/out" 2>"$T/err"
expect_eq "sbrk(huge) fails cleanly" "0 sbrk(0x7fffffff) = -12|sbrk(-0x7fffffff) = -12|" \
	"$? $(tr '\n' '|' <"$T/out")"
# Guest physical memory exhaustion: with 4 MiB of RAM the heap stops at
# -ENOMEM below 4 MiB, every page it got is usable, and after giving it all
# back it grows to the same size again (no page lost).
$EMU run --mem 4 $R/sbrkloop grow 4096 >"$T/out" 2>"$T/err"
expect_eq "sbrk until guest memory runs out: exit 0" 0 $?
expect_grep "sbrk: -ENOMEM when guest memory is gone" '^sbrk\(4096\) = -12 after [0-9]{3,4} KiB$' "$T/out"
kib=$(sed -n 's/.* after \([0-9]*\) KiB/\1/p' "$T/out" | head -1)
expect_eq "sbrk: less than the 4 MiB of RAM" yes "$([ "${kib:-9999}" -lt 4096 ] && echo yes)"
expect_grep "sbrk: same size after freeing" '^same size twice$' "$T/out"

# Output floods: when the reader goes away the guest gets -EPIPE (32), the
# emulator is not killed by SIGPIPE; a 1 GiB write from a 64 KiB buffer
# copies only mapped memory and returns a short count.
$EMU run $R/flood 2>"$T/err" | head -c 100 >/dev/null
expect_eq "flood into a closed pipe: exit 0" 0 "${PIPESTATUS[0]}"
expect_grep "flood: write returns -EPIPE" '^write returned -32 after [0-9]+ bytes$' "$T/err"
$EMU run $R/flood huge >/dev/null 2>"$T/err"
expect_eq "huge writes: exit 0" 0 $?
expect_grep "write(1 GiB) is bounded by the mapped buffer" '^write\(1 GiB\) = (65536|[1-9][0-9]{4,6})$' "$T/err"
expect_grep "write past the stack top: short or -EFAULT" \
	'^write\(stack top, 2 GiB\) = (-14|[1-9][0-9]{0,3}|40(0[0-9]|[1-8][0-9]|9[0-6]))$' "$T/err"
