# The command line as a new user meets it: GNU-style options, --version,
# help for a command that does not exist, a missing program.

$EMU --version >"$T/out" 2>"$T/err"
expect_eq "--version status" 0 $?
expect_grep "--version prints the name and version" '^ia32emu [0-9]+\.[0-9]+\.[0-9]+$' "$T/out"

$EMU help nosuch >"$T/out" 2>"$T/err"
expect_eq "help NOSUCH is a usage error" 2 $?
expect_grep "help NOSUCH names it" "no command 'nosuch'" "$T/err"

$EMU run --mem=64 $P/hello >"$T/out" 2>"$T/err"
expect_eq "--mem=64 as --mem 64" 0 $?
expect_grep "--mem=64 runs the program" '^hello, world$' "$T/out"
$EMU run --mem=1 $P/hello >"$T/out" 2>"$T/err"
expect_eq "--mem=1 checked like --mem 1" 2 $?
$EMU run --max-insns=1000 $P/attacks/spin >"$T/out" 2>"$T/err"
expect_eq "--max-insns=N stops the program" 124 $?
$EMU run --read-only=yes $P/hello >"$T/out" 2>"$T/err"
expect_eq "--read-only=VALUE refused" 2 $?
expect_grep "--read-only=VALUE message" 'takes no value' "$T/err"
printf 'hi\n' | $EMU trace --trace=syscall --trace-format=jsonl $P/readdemo >"$T/out" 2>"$T/err"
expect_eq "trace --trace=LIST --trace-format=F" 0 $?
expect_grep "--trace-format=jsonl gives JSON" '^\{.*"read"' "$T/err"

$EMU run "$T/no-such-program" >"$T/out" 2>"$T/err"
expect_eq "a missing program: 127, as shells" 127 $?
