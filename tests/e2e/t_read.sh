# The read() demo and the basic run/trace contract (issue: read() end to end).

printf 'hello\n' | $EMU run $P/readdemo >"$T/out" 2>"$T/err"
expect_eq "readdemo status" 0 $?
expect_eq "readdemo output" "hello" "$(cat "$T/out")"

# EOF: read returns 0, nothing is written.
$EMU run $P/readdemo </dev/null >"$T/out" 2>&1
expect_eq "readdemo at EOF" "0:" "$?:$(cat "$T/out")"

$EMU run $P/hello one "two words" >"$T/out" 2>&1
expect_eq "hello status" 0 $?
expect_eq "hello argv" "hello, world|argv[1] = one|argv[2] = two words" "$(paste -sd'|' "$T/out")"

# The trace of the demo shows the whole user -> kernel -> user path.
BUF=$(sym $P/readdemo buf)
printf 'abc\n' | $EMU trace $P/readdemo >"$T/out" 2>"$T/trace"
expect_eq "trace keeps program output" "abc" "$(cat "$T/out")"
expect_grep "trace: user instruction at CPL 3" '^\[3\] [0-9a-f]{8}( <[^>]+>)?  mov +\$0x6,%eax$' "$T/trace"
expect_grep "trace: int \$64" '^\[3\] [0-9a-f]{8}( <[^>]+>)?  int +\$0x40$' "$T/trace"
expect_grep "trace: gate delivery" \
	'^==> vector 64 \(int \$0x40\), trap gate DPL 3, CPL 3->0, SS:ESP 0010:c000ffec from TSS' "$T/trace"
expect_grep "trace: kernel stub at CPL 0" '^\[0\] c00040[0-9a-f]{2}( <[^>]+>)?  pusha$' "$T/trace"
expect_grep "trace: strace-like read" '^syscall read\(0, "abc\\n", 64\) = 4$' "$T/trace"
expect_grep "trace: strace-like write" '^syscall write\(1, "abc\\n", 4\) = 4$' "$T/trace"
expect_grep "trace: iret back to CPL 3" '^<== iret CPL 0->3, CS:EIP 001b:[0-9a-f]{8}, SS:ESP 0023:bfff' "$T/trace"
expect_grep "trace: exit" '^syscall exit\(0\) = \?$' "$T/trace"
# Order: int $0x40 -> ==> -> [0] ... -> syscall read -> <== iret -> [3] ret.
ORDER=$(grep -nE '^\[3\].*int +\$0x40|^==> vector 64|^syscall read|^<== iret CPL 0->3' "$T/trace" |
	head -5 | sed 's/:.*//' | paste -sd' ')
SORTED=$(echo "$ORDER" | tr ' ' '\n' | sort -n | paste -sd' ')
expect_eq "trace: events in order" "$SORTED" "$ORDER"
AFTER=$(grep -A1 '^<== iret CPL 0->3' "$T/trace" | sed -n 2p)
expect_grep "trace: user code resumes after iret" '^\[3\] ' <(echo "$AFTER")

printf 'x\n' | $EMU trace --trace-file "$T/tf" $P/readdemo >"$T/out" 2>"$T/err"
expect_eq "trace --trace-file keeps stderr clean" "0:" "$?:$(cat "$T/err")"
expect_grep "trace --trace-file writes the trace" '^syscall read' "$T/tf"

# Help texts.
$EMU --help >"$T/out" 2>&1
expect_eq "--help status" 0 $?
expect_grep "--help names commands" '^  trace PROG' "$T/out"
for c in run trace disasm; do
	$EMU $c --help >"$T/out" 2>&1
	expect_eq "$c --help status" 0 $?
	expect_grep "$c --help lists options" '^  -h, --help' "$T/out"
done
$EMU run --max-insns >"$T/out" 2>&1
expect_eq "bad option value is a usage error" 2 $?
$EMU frobnicate >"$T/out" 2>&1
expect_eq "unknown command" "2" "$?"
