# `ia32emu test` on tests/batch/suite: every line of the report, the
# summary, the exit status, the rerun commands, TAP and JUnit.
R=$T/r
mkdir -p "$R"
cp -r tests/batch/suite "$R/suite"
# An ELF executable with its expectations, an ELF beside its own source
# (the source is what is tested: this status3 would print "hello, world"),
# and files that are not guest programs (ignored in a directory).
cp "$REPO/$BUILD/programs/hello" "$R/suite/prebuilt"
printf '%s\n' '"x y"' >"$R/suite/prebuilt.args"
printf 'hello, world\nargv[1] = x y\n' >"$R/suite/prebuilt.out"
cp "$REPO/$BUILD/programs/hello" "$R/suite/status3"
cp "$REPO/$BUILD/lib/obj/string.o" "$R/suite/object.o"
cp "$(type -P true)" "$R/suite/host-true"
echo "not a program" >"$R/suite/README"

# The report with the binaries' directory written as BIN/.
# Returns the runner's exit status.
runner() {
	(cd "$R" && "$EMU" test "$@") >"$T/raw" 2>"$T/runner.err"
	local st=$?
	sed "s|$REPO/$BUILD/|BIN/|g" "$T/raw"
	return $st
}
# check_lines NAME FILE PATTERN...: line i of FILE matches ERE i, and there
# are as many lines as patterns.
check_lines() {
	local name=$1 file=$2 i=0 bad=""
	shift 2
	local n
	n=$(wc -l <"$file")
	[ "$n" -eq $# ] || bad="$n lines, expected $#"
	for re in "$@"; do
		i=$((i + 1))
		[ -z "$bad" ] || break
		sed -n "${i}p" "$file" | grep -Eq -- "^$re\$" ||
			bad="line $i [$(sed -n "${i}p" "$file")] does not match /$re/"
	done
	if [ -z "$bad" ]; then ok "$name"; else fail "$name" "$bad"; fi
}
RERUN=' -- rerun: d=\$\(mktemp -d\) && BIN/ia32emu-cc suite/'
# hint NAME [TAIL]: the end of suite/NAME's report line, a rerun under trace
# in a mktemp directory, bounded by --max-insns, the trace in a file.
hint() {
	printf '%s' "${RERUN}$1\\.c -o \"\\\$d\"/$1 && mkdir \"\\\$d/root\" && BIN/ia32emu trace --root \"\\\$d/root\" --max-insns [0-9]+( --trace int,cpl,syscall,sched)? --trace-file \"\\\$d/trace\" \"\\\$d\"/$1${2:-}; echo \"trace: \\\$d/trace\" >&2"
}
REPORT=(
	'ok suite/asm_start'
	"FAIL suite/bad_status: suite/bad_status\\.status: want an exit status from 0 to 255$(hint bad_status)"
	'ok suite/echo_args'
	"FAIL suite/endless: instruction budget exhausted at eip 0x[0-9a-f]{8} \\(--max-insns 5000000\\)$(hint endless)"
	'ok suite/expected_fault'
	"FAIL suite/extra_output: line 3: expected end of output, got \"three\"$(hint extra_output)"
	"FAIL suite/fault: fault: #PF page fault \\(error 0x6: user write, not present\\) at eip 0x[0-9a-f]{8}, cpl 3, cr2 0x00000000 \\(status 139\\)$(hint fault)"
	'ok suite/files'
	"FAIL suite/no_compile: does not compile: suite/no_compile\\.c:6:[0-9]+: error: expected ';' before 'return'${RERUN}no_compile\\.c -o \"\\\$d\"/no_compile"
	'ok suite/no_files'
	'ok suite/prebuilt'
	"FAIL suite/short_output: line 2: expected \"second\" with a newline at the end of output$(hint short_output)"
	'ok suite/status3'
	'ok suite/sub/nested'
	"FAIL suite/wrong_output: line 2: expected \"BETA\", got \"beta\"$(hint wrong_output " 'it'\\\\''s' here < suite/wrong_output\\.in")"
	"FAIL suite/wrong_status: exit status 42, expected 0$(hint wrong_status)"
	'8 passed, 8 failed'
)
runner -j 2 --max-insns 5000000 --junit "$R/junit.xml" suite >"$T/report"
expect_eq "test: exit status 1 when a program failed" "1" "$?"
check_lines "test: every line of the report and the summary" "$T/report" "${REPORT[@]}"
expect_eq "test: on stderr only a warning for each program without expected output" \
	"endless no_compile" "$(sed -n 's|^ia32emu: test: warning: suite/\([a-z_]*\) has no .*|\1|p' "$T/runner.err" | paste -sd' ')"
expect_eq "test: ... and nothing else" "2" "$(wc -l <"$T/runner.err")"
runner -j 1 --max-insns 5000000 suite >"$T/report1"
expect_eq "test: the same report with -j 1 as with -j 2" "" "$(diff "$T/report" "$T/report1")"
expect_eq "test: a program changes only its copy of NAME.root" "original" \
	"$(cat "$R/suite/files.root/data.txt")"
expect_eq "test: ... and makes no files in it" "data.txt sub" "$(ls "$R/suite/files.root" | paste -sd' ')"

# The rerun commands work: compile into a mktemp directory and trace into
# a file there, whose name the command prints last.
rerun_of() { grep "^FAIL suite/$1:" "$T/report" | sed -e 's/.* -- rerun: //' -e "s|BIN/|$REPO/$BUILD/|g"; }
trace_of() { sed -n 's/^trace: //p' "$T/rr.err"; }
(cd "$R" && bash -c "$(rerun_of wrong_output)") >"$T/rr.out" 2>"$T/rr.err"
expect_grep "test: rerun wrong_output: its output" "^beta$" "$T/rr.out"
expect_grep "test: rerun wrong_output: under trace" "^syscall write\\(1, \".*\", 17\\) = 17$" "$(trace_of)"
rm -rf "$(dirname "$(trace_of)")"
(cd "$R" && bash -c "$(rerun_of fault)") >"$T/rr.out" 2>"$T/rr.err"
expect_grep "test: rerun fault: the #PF delivery in the trace" "^==> vector 14 " "$(trace_of)"
rm -rf "$(dirname "$(trace_of)")"
# A failing program with a NAME.root: the rerun works on a copy of it too.
mkdir -p "$R/rootfail"
cp "$R/suite/files.c" "$R/rootfail/p.c"
cp -R "$R/suite/files.root" "$R/rootfail/p.root"
echo wrong >"$R/rootfail/p.out"
runner rootfail >"$T/report"
(cd "$R" && bash -c "$(sed -e 's/.* -- rerun: //' -e "s|BIN/|$REPO/$BUILD/|g" "$T/report" | head -1)") \
	>"$T/rr.out" 2>"$T/rr.err"
expect_eq "test: rerun with NAME.root: the program sees a copy" "$(cat "$R/suite/files.out")" \
	"$(cat "$T/rr.out")"
expect_eq "test: ... and the original is unchanged" "original" "$(cat "$R/rootfail/p.root/data.txt")"
rm -rf "$(dirname "$(trace_of)")"

# The wall-clock timeout stops an endless loop that has no budget.
start=$(date +%s)
runner --max-insns 0 --timeout 1 suite/endless.c >"$T/report"
expect_eq "test: --timeout: status 1" "1" "$?"
end=$(date +%s)
check_lines "test: --timeout stops an endless loop" "$T/report" \
	"FAIL suite/endless: timed out after 1 s \\(--timeout\\)$(hint endless | sed 's/ --trace-file/ --timeout 1&/')" \
	'0 passed, 1 failed'
expect_eq "test: ... within a few seconds" "yes" "$([ $((end - start)) -le 5 ] && echo yes)"

# ... and a compiler that waits forever (#include of a FIFO nobody writes).
mkdir -p "$R/hang"
mkfifo "$R/hang/fifo"
printf '#include "fifo"\nint main(void) { return 0; }\n' >"$R/hang/hang.c"
start=$(date +%s)
runner --timeout 1 hang >"$T/report"
end=$(date +%s)
check_lines "test: --timeout stops a compiler that hangs" "$T/report" \
	"FAIL hang/hang: does not compile: timed out after 1 s \\(--timeout\\)${RERUN%suite/}hang/hang\\.c -o \"\\\$d\"/hang" \
	'0 passed, 1 failed'
expect_eq "test: ... within a few seconds" "yes" "$([ $((end - start)) -le 5 ] && echo yes)"

# A FIFO as NAME.in, or named as a program, would block: refused.
mkdir -p "$R/fifo"
cp "$R/suite/wrong_status.c" "$R/fifo/p.c"
mkfifo "$R/fifo/p.in"
runner --timeout 5 fifo >"$T/report"
check_lines "test: a FIFO as NAME.in is refused" "$T/report" \
	"FAIL fifo/p: fifo/p\\.in: not a regular file -- rerun: .*" '0 passed, 1 failed'
runner fifo/p.in >"$T/report"
expect_eq "test: a FIFO named as a program: status 2" "2" "$?"
expect_grep "test: ... and a message" "fifo/p.in: not a directory or a regular file" "$T/runner.err"

# All passed: status 0; files named explicitly.
runner suite/status3.c suite/sub suite/prebuilt >"$T/report"
expect_eq "test: exit status 0 when all passed" "0" "$?"
check_lines "test: report of explicit files" "$T/report" \
	'ok suite/status3' 'ok suite/sub/nested' 'ok suite/prebuilt' '3 passed, 0 failed'

# -v: the compiler's messages under the line.
runner -v suite/no_compile.c >"$T/report"
expect_grep "test: -v shows the compiler's messages" "^    \\| .*error: expected ';' before 'return'" "$T/report"

# TAP.
runner --tap -j 2 --max-insns 5000000 suite >"$T/tap"
expect_eq "test: --tap: exit status 1" "1" "$?"
expect_eq "test: TAP header and plan" "TAP version 13
1..16" "$(head -2 "$T/tap")"
expect_eq "test: TAP: one result per program, numbered in order" \
	"$(seq 1 16 | paste -sd' ')" \
	"$(grep -E '^(not )?ok [0-9]+ - suite/' "$T/tap" | awk '{print ($1 == "not" ? $3 : $2)}' | paste -sd' ')"
expect_eq "test: TAP: the failures" \
	"2 4 6 7 9 12 15 16" \
	"$(grep -E '^not ok ' "$T/tap" | awk '{print $3}' | paste -sd' ')"
expect_eq "test: TAP: a failure's YAML block" "not ok 16 - suite/wrong_status
  ---
  message: 'exit status 42, expected 0'
  rerun: 'd=\$(mktemp -d) && BIN/ia32emu-cc suite/wrong_status.c -o \"\$d\"/wrong_status && mkdir \"\$d/root\" && BIN/ia32emu trace --root \"\$d/root\" --max-insns N --trace-file \"\$d/trace\" \"\$d\"/wrong_status; echo \"trace: \$d/trace\" >&2'
  ..." "$(grep -A4 '^not ok 16 ' "$T/tap" | sed 's/--max-insns [0-9]*/--max-insns N/')"
expect_eq "test: TAP: the summary as the last line" "# 8 passed, 8 failed" "$(tail -1 "$T/tap")"

# JUnit: well-formed XML with one testcase per program.
X=$R/junit.xml
xmllint --noout "$X" 2>"$T/xml.err"
expect_eq "test: the JUnit file is well-formed XML" "0:" "$?:$(cat "$T/xml.err")"
xp() { xmllint --xpath "$1" "$X" 2>/dev/null; }
expect_eq "test: JUnit counts" "16 8 16 8" \
	"$(xp 'string(/testsuites/testsuite/@tests)') $(xp 'string(/testsuites/testsuite/@failures)') $(xp 'count(//testcase)') $(xp 'count(//testcase/failure)')"
expect_eq "test: JUnit: a passing program" "0" \
	"$(xp 'count(//testcase[@name="suite/echo_args"]/*)')"
expect_eq "test: JUnit: the failure's type and message" "status|exit status 42, expected 0" \
	"$(xp 'string(//testcase[@name="suite/wrong_status"]/failure/@type)')|$(xp 'string(//testcase[@name="suite/wrong_status"]/failure/@message)')"
expect_eq "test: JUnit: the fault" "exception" \
	"$(xp 'string(//testcase[@name="suite/fault"]/failure/@type)')"
expect_eq "test: JUnit: a failing program's stdout as system-out" "alpha
beta
gamma" "$(xp 'string(//testcase[@name="suite/wrong_output"]/system-out)')"
expect_eq "test: JUnit: the compiler's messages as system-err" "1" \
	"$(xp 'count(//testcase[@name="suite/no_compile"]/system-err[contains(., "expected")])')"

# Output that is not text (control characters, bytes that are not UTF-8,
# markup) still makes well-formed XML, and a printable report line.
mkdir -p "$R/binary"
printf '#include <stdio.h>\nint main(void) { printf("\\001\\377<&>]]>\\n"); fprintf(stderr, "\\033[1m\\n"); return 1; }\n' \
	>"$R/binary/b.c"
echo text >"$R/binary/b.out"
runner --junit "$R/binary.xml" binary >"$T/report"
check_lines "test: a binary line in the report is escaped" "$T/report" \
	'FAIL binary/b: line 1: expected "text", got "\\x01\\xff<&>]]>"; exit status 1, expected 0 -- rerun: .*' \
	'0 passed, 1 failed'
xmllint --noout "$R/binary.xml" 2>"$T/xml.err"
expect_eq "test: JUnit of binary output is well-formed XML" "0:" "$?:$(cat "$T/xml.err")"

# A link error is shown as the linker's own message.
mkdir -p "$R/nomain"
printf 'int not_main(void) { return 0; }\n' >"$R/nomain/n.c"
runner nomain >"$T/report"
check_lines "test: a program without main: the linker's message" "$T/report" \
	"FAIL nomain/n: does not compile: .*undefined reference to \`main' -- rerun: .*" \
	'0 passed, 1 failed'

# Bad command lines and bad paths.
for args in "" "--bogus suite" "-j 0 suite" "--timeout x suite" "$R/no/such/dir"; do
	# shellcheck disable=SC2086
	(cd "$R" && "$EMU" test $args) >/dev/null 2>"$T/runner.err"
	st=$?
	expect_eq "test: bad command line '$args': status 2 and a message" "2 1" \
		"$st $(grep -c '^ia32emu: test: ' "$T/runner.err")"
done
mkdir -p "$R/empty"
(cd "$R" && "$EMU" test empty) >/dev/null 2>"$T/runner.err"
expect_eq "test: no programs found: status 2" "2" "$?"
expect_grep "test: ... with a message" "no guest programs found" "$T/runner.err"
# Two sources with one name: the first is tested, the other named.
mkdir -p "$R/dups"
cp "$R/suite/asm_start.S" "$R/dups/a.S"
cp "$R/suite/status3.c" "$R/dups/a.c"
runner dups >"$T/report"
check_lines "test: two sources with one name: one program" "$T/report" 'ok dups/a' '1 passed, 0 failed'
expect_grep "test: ... and a warning" "dups/a.c ignored: dups/a.S has the same name" "$T/runner.err"
