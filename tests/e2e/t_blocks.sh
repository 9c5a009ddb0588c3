# Decoded blocks (cpu/accel/block.c): self-modifying code, exact budgets, and the
# same results with the per-instruction (traced) path.

$EMU run $P/smc >"$T/out" 2>&1
expect_eq "blocks: self-modifying code (4 cases)" "0:" "$?:$(cat "$T/out")"
$EMU trace --trace-file "$T/trace" $P/smc >"$T/out" 2>&1
expect_eq "blocks: self-modifying code, traced" "0:" "$?:$(cat "$T/out")"

# A budget stops at exactly N retired instructions, inside a block or not.
for n in 1 7 33 12345; do
	$EMU run --stats --max-insns $n $P/c/hash-O2 >/dev/null 2>"$T/err"
	expect_grep "blocks: budget of $n is exact" "^ia32emu: stats: $n instructions, " "$T/err"
done

# The traced path and the block path retire the same instructions.
$EMU run --stats $P/c/sort-O0 >/dev/null 2>"$T/err"
RUN_N=$(sed -n 's/^ia32emu: stats: \([0-9]*\) instructions.*/\1/p' "$T/err")
$EMU trace --stats --trace-file "$T/trace" $P/c/sort-O0 >/dev/null 2>"$T/err"
TRACE_N=$(sed -n 's/^ia32emu: stats: \([0-9]*\) instructions.*/\1/p' "$T/err")
expect_eq "blocks: same count with and without tracing" "$RUN_N" "$TRACE_N"
expect_eq "blocks: trace has one line per user and kernel instruction" "$RUN_N" \
	"$(grep -cE '^\[[03]\] ' "$T/trace")"

# A timer interrupt every 1000 instructions lands mid-block; results hold.
$EMU run --timer 1000 $P/c/sort-O2 >"$T/out" 2>&1
expect_eq "blocks: timer mid-block" "0" "$?"
expect_eq "blocks: timer output" "" "$(cmp "$T/out" programs/c/sort.expected 2>&1)"

# A rep longer than one chunk in the middle of a run resumes until done.
$EMU run $P/repchunk >"$T/out" 2>&1
expect_eq "blocks: rep across chunks mid-block" "0:" "$?:$(cat "$T/out")"
$EMU run --timer 1000 $P/repchunk >"$T/out" 2>&1
expect_eq "blocks: rep across chunks with a timer" "0:" "$?:$(cat "$T/out")"
