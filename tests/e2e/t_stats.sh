# run --stats: retired instructions, seconds and MIPS on stderr (issue 8).

$EMU run --stats $P/hello >"$T/out" 2>"$T/err"
expect_eq "stats: hello status" 0 $?
expect_eq "stats: stdout untouched" "hello, world" "$(cat "$T/out")"
expect_grep "stats: line format" \
	'^ia32emu: stats: [1-9][0-9]* instructions, [0-9]+\.[0-9]{6} s, [0-9]+\.[0-9] MIPS, peak RSS [0-9]+ KiB$' "$T/err"

# The count is the retired-instruction clock: a budget of N stops at exactly N.
$EMU run --stats --max-insns 1000 $P/c/sort-O2 >/dev/null 2>"$T/err"
expect_eq "stats: budget status" 124 $?
expect_grep "stats: budget count" '^ia32emu: stats: 1000 instructions, ' "$T/err"

# Without --stats nothing is added to stderr.
$EMU run $P/hello >/dev/null 2>"$T/err"
expect_eq "stats: off by default" "" "$(cat "$T/err")"
