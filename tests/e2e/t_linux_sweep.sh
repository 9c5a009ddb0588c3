# Every number of the Linux table (and the unused ones between) with
# hostile arguments (programs/linux/sweep.S: kernel addresses, the
# program's read-only text, unmapped addresses, wrapping lengths,
# plausible lengths into read-only text). Whatever each call answers: the
# read-only text stays as it was, the emulator neither panics, hangs nor
# trips a sanitizer, and a process that ends does so as a guest ends.
SW=$P/linux/sweep
SWD="$T/sweep"
mkdir -p "$SWD"
printf 'some bytes for read() to write\n' >"$SWD/in"
sw_bad=0
sw_runs=0
sw_first=""
for n in $(seq 0 460); do
	for pat in 0 1 2 3 4; do
		timeout -s KILL 30 "$EMU" run --abi linux --root "$SWD" --max-insns 2000000 "$SW" "$n" "$pat" \
			<"$SWD/in" >/dev/null 2>"$SWD/err"
		s=$?
		sw_runs=$((sw_runs + 1))
		why=""
		if grep -qE 'AddressSanitizer|runtime error:|LeakSanitizer|panic' "$SWD/err"; then
			why="host-side error"
		elif [ "$s" = 99 ]; then
			why="the read-only text changed"
		elif [ "$s" = 137 ]; then
			why="hung (killed after 30 s)"
		elif [ "$s" = 125 ] && ! grep -q 'deadlock: every process is blocked forever' "$SWD/err"; then
			why="status 125"
		elif [ "$s" -gt 128 ] && ! grep -qE 'killed by SIG|#[A-Z]+ .* at eip 0x[0-9a-f]+, cpl 3' "$SWD/err"; then
			why="status $s without a guest fault or signal"
		fi
		if [ -n "$why" ]; then
			sw_bad=$((sw_bad + 1))
			[ -n "$sw_first" ] || sw_first="call $n pattern $pat: $why ($(head -c 200 "$SWD/err" | tr '\n' ' '))"
		fi
	done
done
expect_eq "linux sweep: $sw_runs hostile calls, none escapes or breaks the host" 0 "$sw_bad"
[ -z "$sw_first" ] || echo "     first: $sw_first"
# The detector itself: mremap with an unknown flag must not unmap the text
# (it did: the program then faulted on its own code).
"$EMU" run --abi linux "$SW" 163 4 <"$SWD/in" >/dev/null 2>&1
expect_eq "linux sweep: mremap with an unknown flag is refused" 0 "$?"
