# `ia32emu test` for a newcomer's suite (issue 23): a warning for each
# program without expected output, --expect-suffix for other naming
# schemes, and rerun hints that are bounded and write no fixed /tmp path.
NT=$T/nt
mkdir -p "$NT/plain" "$NT/suf"
cp "$P/hello" "$NT/plain/hello"
cp "$P/hello" "$NT/plain/checked"
printf 'hello, world\n' >"$NT/plain/checked.out"
cp "$P/hello" "$NT/plain/status_only"
echo 0 >"$NT/plain/status_only.status"
$EMU test "$NT/plain" >"$NT/report" 2>"$NT/err"
expect_eq "test: a suite without expected output still passes" "0" "$?"
expect_eq "test: one warning, for the program with neither NAME.out nor NAME.status" \
	"$NT/plain/hello" "$(sed -n 's/^ia32emu: test: warning: \([^ ]*\) has no .*/\1/p' "$NT/err")"
expect_grep "test: the warning names the file it looked for and --expect-suffix" \
	"has no $NT/plain/hello\\.out and no $NT/plain/hello\\.status: only its exit status \\(0\\) is checked \\(--expect-suffix" "$NT/err"

# NAME.c.expected beside NAME.c: with --expect-suffix the output is compared.
printf '#include <stdio.h>\nint main(void) { puts("two"); return 0; }\n' >"$NT/suf/two.c"
printf 'two\n' >"$NT/suf/two.c.expected"
printf '#include <stdio.h>\nint main(void) { puts("three"); return 0; }\n' >"$NT/suf/three.c"
printf 'not three\n' >"$NT/suf/three.c.expected"
$EMU test "$NT/suf" >"$NT/report" 2>"$NT/err"
expect_eq "test: NAME.c.expected unseen without --expect-suffix: both pass, both warned" \
	"0 2 2 passed, 0 failed" "$? $(grep -c warning "$NT/err") $(tail -1 "$NT/report")"
expect_grep "test: the warning names the file that looks like the expected output" \
	"^ia32emu: test: warning: $NT/suf/two has no .*; for $NT/suf/two\\.c\\.expected, use --expect-suffix \\.c\\.expected\$" "$NT/err"
$EMU test --expect-suffix .c.expected "$NT/suf" >"$NT/report" 2>"$NT/err"
expect_eq "test: --expect-suffix .c.expected: the wrong output fails" "1" "$?"
expect_grep "test: --expect-suffix: three's difference reported" \
	"^FAIL $NT/suf/three: line 1: expected \"not three\", got \"three\"" "$NT/report"
expect_grep "test: --expect-suffix: two passes" "^ok $NT/suf/two$" "$NT/report"
expect_eq "test: --expect-suffix: no warnings" "" "$(cat "$NT/err")"
$EMU test --expect-suffix=.c.expected "$NT/suf/two.c" >"$NT/report" 2>&1
expect_eq "test: --expect-suffix=SUF form" "0" "$?"
$EMU test --expect-suffix a/b "$NT/suf" >/dev/null 2>"$NT/err"
expect_eq "test: --expect-suffix with a '/' is refused (status 2)" "2" "$?"
expect_grep "test: ... with a message" "expect-suffix.*no '/'" "$NT/err"

# Rerun hints: the failing run's instruction count as the budget, the trace
# in a file of a mktemp directory, never a fixed /tmp path.
hint_of() { sed -n "s|^FAIL $1: .* -- rerun: ||p" "$NT/report"; }
$EMU test --expect-suffix .c.expected "$NT/suf" >"$NT/report" 2>"$NT/err"
H=$(hint_of "$NT/suf/three")
expect_grep "test: hint: budget and trace file" \
	'trace --root "\$d/root" --max-insns [0-9]+ --trace-file "\$d/trace" "\$d"/three; echo "trace: \$d/trace" >&2$' \
	<(echo "$H")
N=$(echo "$H" | sed -n 's/.*--max-insns \([0-9]*\).*/\1/p')
if [ -n "$N" ] && [ "$N" -lt 100000 ]; then
	ok "test: hint: --max-insns near what the run retired ($N)"
else
	fail "test: hint: --max-insns near what the run retired" "[$N] in [$H]"
fi
case ${H//$NT/SUITE} in *"/tmp/"*) fail "test: hint: no fixed /tmp path" "$H" ;; *) ok "test: hint: no fixed /tmp path" ;; esac
bash -c "$H" >"$NT/rr.out" 2>"$NT/rr.err"
TF=$(sed -n 's/^trace: //p' "$NT/rr.err")
expect_grep "test: hint run: the trace file holds the write of \"three\"" \
	'^syscall write\(1, "three", 5\) = 5$' "${TF:-/nonexistent}"
expect_eq "test: hint run: the program's output on stdout" "three" "$(cat "$NT/rr.out")"
expect_eq "test: hint run: nothing but the trace's name on stderr" "trace: $TF" "$(cat "$NT/rr.err")"
[ -n "$TF" ] && rm -rf "$(dirname "$TF")"

# A program that times out with no budget: the hint is still bounded, by
# the default budget, the crossings only and the run's --timeout.
mkdir -p "$NT/spin"
cp "$P/attacks/spin" "$NT/spin/spin"
$EMU test --max-insns 0 --timeout 1 "$NT/spin" >"$NT/report" 2>"$NT/err"
H=$(hint_of "$NT/spin/spin")
expect_grep "test: timeout hint: default budget, crossings only, the timeout, a trace file" \
	'--max-insns 1000000000 --trace int,cpl,syscall,sched --timeout 1 --trace-file "\$d/trace" ' <(echo "$H")
# An instruction budget: that budget, exactly.
$EMU test --max-insns 20000 "$NT/spin" >"$NT/report" 2>"$NT/err"
H=$(hint_of "$NT/spin/spin")
expect_grep "test: budget hint: the run's --max-insns" ' --max-insns 20000 --trace-file ' <(echo "$H")
bash -c "$H" >"$NT/rr.out" 2>"$NT/rr.err"
TF=$(sed -n 's/^trace: //p' "$NT/rr.err")
NL=$(grep -c '^\[[03]\] ' "${TF:-/nonexistent}")
expect_eq "test: budget hint run: 20000 instruction lines in the trace" "20000" "$NL"
[ -n "$TF" ] && rm -rf "$(dirname "$TF")"
