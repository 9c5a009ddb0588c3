#!/bin/bash
# The monitor on a real pseudo-terminal (GNU readline): tab completion of
# commands, info sub-commands, catch words, symbols and $registers; the
# history file across sessions; the guest reading the terminal; Ctrl-C.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
EMU=$BUILD/ia32emu
P=$BUILD/programs
DRIVE=$BUILD/tests/ptydrive
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/e2e/lib.sh
export HOME=$T

# drive NAME SCRIPT-TEXT CMD...: the session's output, CRs removed, in $T/NAME
drive() {
	local name=$1 text=$2
	shift 2
	printf '%s\n' "$text" >"$T/$name.script"
	"$DRIVE" "$T/$name.script" "$@" | tr -d '\r' >"$T/$name"
}

# Session 1: completion. Each line is typed with a TAB in the middle.
drive s1 'disas\t main 2
info reg\t
i seg\t
break peek_c\t
catch sys\t
trace sysc\t
print $ea\t
echo from-history
quit' "$EMU" monitor "$P/mon/montest"
MAIN=$(sym "$P/mon/montest" main)
PEEK=$(sym "$P/mon/montest" peek_counter)
expect_grep "pty: command name completed (disas -> disassemble)" '^\(ia32emu\) disassemble +main 2' "$T/s1"
expect_grep "pty: completed command ran" "^   0x$MAIN <main>:" "$T/s1"
expect_grep "pty: info sub-command completed" '^\(ia32emu\) info registers' "$T/s1"
expect_grep "pty: info registers output" '^eflags 0x[0-9a-f]{8} \[' "$T/s1"
expect_grep "pty: alias i + sub-command completed" '^\(ia32emu\) i segments' "$T/s1"
expect_grep "pty: symbol completed" '^\(ia32emu\) break peek_counter' "$T/s1"
# montest has DWARF: `break FUNC` is after the prologue, as in gdb.
expect_grep "pty: breakpoint at the completed symbol" "^Breakpoint 1 at 0x[0-9a-f]{8} <peek_counter(\\+0x[0-9a-f]+)?>: file programs/mon/montest\\.c, line [0-9]+\\.\$" "$T/s1"
expect_grep "pty: catch word completed" '^Catchpoint 2 \(syscall\)' "$T/s1"
expect_grep "pty: trace word completed" '^tracing on: syscall \(text\)' "$T/s1"
expect_grep "pty: register completed" '^\(ia32emu\) print \$eax' "$T/s1"
expect_grep "pty: history file written" '^break peek_counter' "$HOME/.ia32emu_history"
expect_grep "pty: history keeps the last command" '^echo from-history' "$HOME/.ia32emu_history"

# Session 2: Ctrl-P twice recalls `echo from-history` from the file.
drive s2 '\x10\x10
quit' "$EMU" monitor
expect_grep "pty: history recalled in a new session" '^from-history$' "$T/s2"

# Session 3: the guest reads the terminal; Ctrl-C stops a running loop.
drive s3 'run
@typed-line
echo after-guest
load '"$P"'/attacks/spin
run
@\x03\c
info registers
quit' "$EMU" monitor "$P/readdemo"
expect_grep "pty: the guest read the terminal" '^typed-line$' "$T/s3"
expect_grep "pty: the guest exited" '^\[program exited with status 0\]' "$T/s3"
expect_grep "pty: Ctrl-C interrupts the guest" '\[interrupted\]' "$T/s3"
expect_grep "pty: the session goes on after Ctrl-C" '^eip +0x[0-9a-f]{8} <_start>' "$T/s3"

# Session 4: Ctrl-C while the guest is blocked reading the terminal; the
# read restarts on `continue` and gets the next line typed.
drive s4 'run
@\x03\c
backtrace
continue
@after-ctrl-c
quit' "$EMU" monitor "$P/readdemo"
RD_INT=$(objdump -d "$P/readdemo" | awk '/<read>:/ { on = 1 } on && /int +\$0x40/ { sub(":", "", $1); print $1; exit }')
RD_INT=$(printf '%08x' "0x$RD_INT")
expect_grep "pty: Ctrl-C interrupts a blocked read" '^\[interrupted\]$' "$T/s4"
expect_grep "pty: the Ctrl-C stop names its process" '^(\^C)?\[pid 1 readdemo\]$' "$T/s4"
expect_grep "pty: the stop is in the program, at the read's int" "^=> \[3\] $RD_INT <read\+0x5>  int +\\\$0x40\$" "$T/s4"
expect_grep "pty: bt from the interrupted read" '^#1  0x[0-9a-f]{8} in _start\+0x' "$T/s4"
expect_eq "pty: the restarted read got the line typed after continue" 2 "$(grep -c '^after-ctrl-c$' "$T/s4")"
expect_grep "pty: the program then exits normally" '^\[program exited with status 0\]' "$T/s4"
summary
