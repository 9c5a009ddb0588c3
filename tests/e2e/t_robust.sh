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

# Many open files: dup and pipe fail with -EMFILE (24) when the process's
# table is full; after closing, the same number fits again (no leak).
$EMU run $R/openfiles >"$T/out" 2>"$T/err"
expect_eq "open files: exit 0" 0 $?
expect_grep "dup fails with -EMFILE" '^dup = -24 after [0-9]+$' "$T/out"
expect_grep "pipe fails with -EMFILE" '^pipe = -24 when full$' "$T/out"
expect_grep "descriptors come back after close" '^same count twice$' "$T/out"

# Fork bombs: fork fails cleanly (-EAGAIN, 11) once the process table is
# full, everything can be killed and reaped, and fork works again; the
# classic `for (;;) fork();` is stopped by --timeout with its message.
$EMU run --timeout 60 $R/forkbomb >"$T/out" 2>"$T/err"
expect_eq "fork until failure: exit 0" 0 $?
expect_grep "fork fails with -EAGAIN" '^fork = -11 after [0-9]+ children$' "$T/out"
n=$(sed -n 's/^fork = -11 after \([0-9]*\) children$/\1/p' "$T/out")
expect_grep "every child reaped" "^reaped ${n:-x}\$" "$T/out"
expect_grep "fork works again" '^fork again: ok$' "$T/out"
$EMU run --timeout 0.5 $R/forkbomb bomb >"$T/out" 2>"$T/err"
expect_eq "classic fork bomb: stopped by --timeout" 124 $?
expect_grep "fork bomb: time limit message" '^ia32emu: time limit of 0\.5 s exceeded' "$T/err"
$EMU run --max-insns 2000000 $R/forkbomb bomb >"$T/out" 2>"$T/err"
expect_eq "classic fork bomb: stopped by --max-insns" 124 $?

# A guest blocked for good (reading its own empty pipe) is a deadlock, not
# a hang: the kernel stops the machine (status 125) with a message.
$EMU run --timeout 60 $R/block pipe >"$T/out" 2>"$T/err"
expect_eq "blocked forever: deadlock status" 125 $?
expect_grep "deadlock message" '^ia32emu: deadlock: every process is blocked forever \(pids 1\)$' "$T/err"
# A very long sleep passes in virtual time (the idle CPU jumps to the next
# wake-up), so it cannot hang the host; the instruction budget counts it.
t0=$(date +%s%N)
$EMU run --timeout 60 $R/block sleep >"$T/out" 2>"$T/err"
expect_eq "sleep(2^31) ends" "0 sleep = 0" "$? $(cat "$T/out")"
ms=$((($(date +%s%N) - t0) / 1000000))
expect_eq "sleep(2^31) takes no host time" yes "$([ $ms -lt 5000 ] && echo yes || echo "$ms ms")"
$EMU run --max-insns 100000000 $R/block sleep >"$T/out" 2>"$T/err"
expect_eq "sleep(2^31) is over the instruction budget" 124 $?

# Arguments beyond the limits of the initial stack are refused, not
# truncated or written past the stack.
$EMU run $P/hello $(seq 1 70) >"$T/out" 2>"$T/err"
expect_eq "70 arguments refused" "126 ia32emu: $P/hello: arguments too long (at most 64, 65536 bytes)" "$? $(cat "$T/err")"
$EMU run $P/hello "$(head -c 70000 /dev/zero | tr '\0' a)" >"$T/out" 2>"$T/err"
expect_eq "a 70000-byte argument refused" "126 ia32emu: $P/hello: arguments too long (at most 64, 65536 bytes)" "$? $(cat "$T/err")"

# Kernel addresses and NULL as system-call buffers: -EFAULT (-14) every
# time, nothing of kernel memory written out.
$EMU run $R/kleak </dev/null >"$T/out" 2>"$T/err"
expect_eq "kleak: exit 0" 0 $?
for c in "write(kernel)" "write(top)" "read(kernel)" "pipe(kernel)" "pipe(null)" "fstat(kernel)" \
	"open(kernel)" "exec(kernel)" "exec(argv kernel)" "wait2(kernel)"; do
	expect_eq "$c is -EFAULT" "$c = -14" "$(grep -F "$c =" "$T/out")"
done
expect_eq "kleak: nothing but the report on stdout" 10 "$(wc -l <"$T/out")"

# A fault storm in --bare mode: the #UD handler is itself a ud2, so no
# instruction ever retires. Deliveries are charged to the budget, so
# --max-insns and --timeout still end it (it used to hang the emulator).
# timeout(1) only guards the test run itself.
"$BUILD/tests/mkelf" bare-fault-storm "$T/storm"
timeout 20 $EMU run --bare --max-insns 100000 "$T/storm" >"$T/out" 2>"$T/err"
expect_eq "fault storm: --max-insns ends it" \
	"124 ia32emu: instruction budget exhausted at eip 0x00100207" "$? $(cat "$T/err")"
timeout 20 $EMU run --bare --timeout 0.5 "$T/storm" >"$T/out" 2>"$T/err"
expect_eq "fault storm: --timeout ends it" 124 $?
expect_grep "fault storm: time limit message" \
	'^ia32emu: time limit of 0\.5 s exceeded at eip 0x00100207 after 1 instructions$' "$T/err"

# Under gdb the debugger runs the program: a wall-clock limit is refused.
$EMU run --gdb 0 --timeout 1 $P/hello >"$T/out" 2>"$T/err"
expect_eq "--gdb with --timeout refused" "2 ia32emu: --gdb and --timeout cannot be used together" "$? $(cat "$T/err")"
