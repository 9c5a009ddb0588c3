# The monitor's fixes of issue 19: info registers REG, stepi -1, catch
# syscall NAME errors, run ARGS with shell quoting, script exit status,
# --max-insns, --timeout, --root.
# Without DWARF (a copy without the debug sections): the symbol-only and
# stack-scan paths; t_monitor_dwarf.sh drives the DWARF ones.
mkdir -p "$T/nodebug"
MF=$T/nodebug/montest
objcopy --strip-debug "$P/mon/montest" "$MF"
MAIN_ADDR=$(sym "$MF" main)
MCOUNTER=$(sym "$MF" counter)
"$EMU" monitor "$MF" >"$T/f1" 2>&1 <<'EOS'
break leaf
run
info registers eax $esp eip
info registers foo
stepi -1
catch syscall nosuch
catch syscall read
EOS
expect_grep "info registers REG: eax (leaf's argument is argc+1 = 2)" '^eax    0x00000002 +2$' "$T/f1"
expect_grep "info registers REG: \$esp" '^esp    0xbfff[0-9a-f]{4} ' "$T/f1"
expect_grep "info registers REG: eip with its symbol" "^eip    0x$(sym "$MF" leaf) +[0-9]+ <leaf>\$" "$T/f1"
expect_eq "info registers REG: only those" 3 "$(grep -cE '^(e[a-z]{2}|cs|cpl) ' "$T/f1")"
expect_grep "info registers: an unknown name" "^error: invalid register 'foo'\$" "$T/f1"
expect_grep "stepi -1 is an error" '^error: the count must be a positive number \(got -1\)$' "$T/f1"
expect_grep "catch syscall nosuch" "^error: catch syscall: no such system call 'nosuch'" "$T/f1"
expect_grep "catch syscall read still works" '^Catchpoint 2 \(syscall 6 read\)$' "$T/f1"

printf '%s\n' "run 'a b' c \"d \\\"e\\\" f\" g\\ h ''" "run 'x" | "$EMU" monitor "$P/hello" >"$T/f2" 2>&1
expect_eq "run ARGS: shell quoting" "argv[1] = a b|argv[2] = c|argv[3] = d \"e\" f|argv[4] = g h|argv[5] = " \
	"$(grep '^argv' "$T/f2" | paste -sd'|')"
expect_grep "run ARGS: an unterminated quote" "^error: unterminated ' quote\$" "$T/f2"

# Scripts: as gdb -batch -x, the status says whether every command worked.
printf 'print 6*7\n' >"$T/ok.cmds"
printf 'print 1\nbogus\necho not-reached\n' >"$T/bad.cmds"
"$EMU" monitor -x "$T/ok.cmds" >"$T/f3" 2>&1
expect_eq "-x: status 0 when every command worked" 0 $?
"$EMU" monitor -x "$T/bad.cmds" >"$T/f4" 2>&1
expect_eq "-x: status 1 when a command fails" 1 $?
expect_eq "-x: the file stops at the failed command" 0 "$(grep -c not-reached "$T/f4")"
"$EMU" monitor -x "$T/nonexistent.cmds" >"$T/f5" 2>&1
expect_eq "-x: status 1 when the file is missing" 1 $?
printf 'bogus\necho still-here\n' | "$EMU" monitor >"$T/f6" 2>&1
expect_eq "pipe: status 1 after a failed command" 1 $?
expect_grep "pipe: the session went on" '^still-here$' "$T/f6"

echo run | "$EMU" monitor --max-insns 1000 "$P/attacks/spin" >"$T/f7" 2>&1
expect_grep "--max-insns stops the program" '^\[program stopped: the instruction budget \(--max-insns\) ran out\]$' "$T/f7"
printf 'run\nstepi\n' | "$EMU" monitor --timeout 0.3 "$P/attacks/spin" >"$T/f8" 2>&1
expect_grep "--timeout stops the program" '^\[program stopped: the time limit \(--timeout\) ran out\]$' "$T/f8"
expect_grep "--timeout: the program is gone afterwards" '^error: the program has exited' "$T/f8"
mkdir -p "$T/mroot"
echo in-the-root >"$T/mroot/f.txt"
echo run | "$EMU" monitor --root "$T/mroot" "$P/cat" /f.txt >"$T/f9" 2>&1
expect_grep "--root: the guest's /" '^in-the-root$' "$T/f9"
"$EMU" monitor --max-insns x </dev/null >"$T/f10" 2>&1
expect_eq "--max-insns x: a usage error" 2 $?

# print: a variable's value (its ELF size), formats, the value history.
"$EMU" monitor "$MF" >"$T/f11" 2>&1 <<'EOS'
break peek_counter
run
print counter
print/x counter
print &counter
print $1 + 10
print $
print $$2
print/t 10
print/o 8
print/c 65
print/a main
print/u -1
print $99
print/q 1
EOS
# At peek_counter, leaf has added argc+1 = 2 to counter once.
expect_grep "print VAR: the value, not the address" '^\$1 = 2$' "$T/f11"
expect_grep "print/x VAR" '^\$2 = 0x2$' "$T/f11"
expect_grep "print &VAR: the address" "^\\\$3 = [0-9]+ \\(0x${MCOUNTER#0}\\) <counter>\$" "$T/f11"
expect_grep "value history \$1" '^\$4 = 12 \(0xc\)$' "$T/f11"
expect_grep "value history \$ (the last)" '^\$5 = 12 \(0xc\)$' "$T/f11"
expect_grep "value history \$\$2" "^\\\$6 = [0-9]+ \\(0x${MCOUNTER#0}\\) <counter>\$" "$T/f11"
expect_grep "print/t" '^\$7 = 1010$' "$T/f11"
expect_grep "print/o" '^\$8 = 010$' "$T/f11"
expect_grep "print/c" "^\\\$9 = 65 'A'\$" "$T/f11"
expect_grep "print/a" "^\\\$10 = 0x${MAIN_ADDR#0} <main>\$" "$T/f11"
expect_grep "print/u" '^\$11 = 4294967295$' "$T/f11"
expect_grep "history beyond the last value" '^error: history has not yet reached \$99$' "$T/f11"
expect_grep "print/FMT: a bad letter" '^error: print/FMT: FMT is one of x d u o t c a$' "$T/f11"

# watch $REG: a register watch; watch -l EXPR: the location.
"$EMU" monitor "$MF" >"$T/f12" 2>&1 <<'EOS'
break leaf
run
watch $eax
watch $foo
watch -l counter
info breakpoints
continue
continue
EOS
LEAF_ADD=$(objdump -d "$MF" | awk '/<leaf>:/ { on = 1 } on && /add +%eax,%eax/ { sub(":", "", $1); print $1; exit }')
expect_grep "watch \$REG: set" '^Watchpoint 2: \$eax$' "$T/f12"
expect_grep "watch \$REG: listed" '^2 +watchpoint +keep y +\$eax$' "$T/f12"
expect_grep "watch \$foo: an error" "^error: watch: no register '\\\$foo'\$" "$T/f12"
expect_grep "watch -l VAR: its address and ELF size" "^Watchpoint 3: 4 bytes at 0x$MCOUNTER <counter>\$" "$T/f12"
expect_grep "watch \$REG: the stop, old and new value" '^Watchpoint 2: \$eax$' "$T/f12"
expect_grep "watch \$REG: counter*2 = 4 by leaf's add" "^changed by the instruction at 0x0*$LEAF_ADD <leaf\\+0x[0-9a-f]+>\$" "$T/f12"
expect_grep "watch \$REG: new value" '^New value = 0x4$' "$T/f12"

# Every stop names its process; info proc after the exit.
printf 'catch syscall exec\nrun\n' >"$T/p13.cmds"
echo 'echo hi' | "$EMU" monitor -x "$T/p13.cmds" "$P/sh" >"$T/f13" 2>&1
expect_grep "a stop in a child names its pid" '\[pid 2 sh\]$' "$T/f13"
expect_eq "the pid line comes right before the stop's reason" "Catchpoint 1 (call to syscall 9 exec)" \
	"$(grep -A1 '\[pid 2 sh\]$' "$T/f13" | sed -n 2p | cut -d, -f1)"
printf 'run\ninfo proc\n' | "$EMU" monitor "$P/hello" >"$T/f14" 2>&1
expect_grep "info proc after the exit: the process" '^\*   1     0 exited    0x[0-9a-f]{8} hello$' "$T/f14"
expect_grep "info proc after the exit: the machine" '^machine exited, exit status 0$' "$T/f14"

# Each process its own symbols: a forked child keeps sh's, exec loads echo's.
printf 'catch syscall exec\nrun\nbt\ndelete\ncatch syscall write\ncontinue\nbt\n' >"$T/p15.cmds"
echo 'echo hi' | "$EMU" monitor -x "$T/p15.cmds" "$P/sh" >"$T/f15" 2>&1
SH_EXEC=$(sym "$P/sh" exec)
ECHO_MAIN=$(sym "$P/echo" main)
expect_grep "fork: the child names sh's symbols" "^Catchpoint 1 \\(call to syscall 9 exec\\), saved EIP 0x$(printf %08x $((0x$SH_EXEC + 7))) <exec\\+0x7>\$" "$T/f15"
# sh has DWARF: the forked child's frame reads gdb's way, "exec () at FILE:LINE".
expect_grep "fork: bt in the child, through the trap frame (DWARF of sh)" "^#2  0x$(printf %08x $((0x$SH_EXEC + 7))) in exec \\(\\) at programs/lib/usys\\.S:[0-9]+\$" "$T/f15"
expect_grep "exec: the new program's process" '^\[pid 2 echo\]$' "$T/f15"
# sh and echo both start with main at the same address, but their _start
# differ: the outermost frame _start+OFF at ADDR must be echo's _start.
ECHO_START=$(sym "$P/echo" _start)
START_LINE=$(grep -E '^#[0-9]+ +0x[0-9a-f]{8} in _start\+0x[0-9a-f]+$' "$T/f15" | tail -1)
START_ADDR=$(echo "$START_LINE" | awk '{ print $2 }')
START_OFF=$(echo "$START_LINE" | sed 's/.*_start+//')
expect_eq "exec: bt names echo's _start, not sh's" "$ECHO_START" \
	"$(printf '%08x' $((START_ADDR - START_OFF)))"
[ "$(sym "$P/sh" _start)" != "$ECHO_START" ] || fail "exec test: sh and echo share _start's address"

# start, starti, advance, until, jump, shell; the init file ~/.ia32emurc.
mkdir -p "$T/home"
printf 'echo from-the-init-file\nbreak peek_counter\n' >"$T/home/.ia32emurc"
HOME=$T/home "$EMU" monitor "$MF" >"$T/f16" 2>&1 <<'EOS'
start
starti
advance leaf
until
jump peek_counter
shell echo from-the-shell
shell exit 3
EOS
ENTRY_MF=$(printf '%08x' "$(readelf -h "$MF" | awk '/Entry point/ { print $4 }')")
expect_grep "init file: read at start" '^from-the-init-file$' "$T/f16"
expect_grep "init file: its breakpoint" "^Breakpoint 1 at 0x$(sym "$MF" peek_counter) <peek_counter>\$" "$T/f16"
expect_grep "start: a temporary breakpoint at main" "^Temporary breakpoint 2, 0x$MAIN_ADDR <main>\$" "$T/f16"
expect_grep "starti: the first instruction, at CPL 3" "^=> \\[3\\] $ENTRY_MF <_start>" "$T/f16"
expect_grep "advance LOC" "^Temporary breakpoint 3, 0x$(sym "$MF" leaf) <leaf>\$" "$T/f16"
expect_grep "until: one instruction on" "^=> \\[3\\] $(printf %08x $((0x$(sym "$MF" leaf) + 1))) <leaf\\+0x1>" "$T/f16"
expect_grep "jump LOC: resumes there" "^Continuing at 0x$(sym "$MF" peek_counter) <peek_counter>\\.\$" "$T/f16"
expect_grep "shell COMMAND" '^from-the-shell$' "$T/f16"
expect_grep "shell: a failed command is an error" '^error: shell: the command exited with status 3$' "$T/f16"
for c in start starti advance until jump shell; do
	"$EMU" monitor <<<"help $c" 2>&1 | grep -q "^usage: $c" && ok "help $c" || fail "help $c" "no usage line"
done

# break ... if COND, condition, ignore; comparison operators.
printf 'print 2 < 3 && 3 >= 4\nprint -1 < 0\nprint 7 != 7 || 5 > 2\nprint 3 == 3\n' | "$EMU" monitor >"$T/f17" 2>&1
expect_eq "expressions: && < >= || != == (C's precedence, signed comparisons)" "\$1 = 0 (0x0)|\$2 = 1 (0x1)|\$3 = 1 (0x1)|\$4 = 1 (0x1)" \
	"$(paste -sd'|' "$T/f17")"
# With three arguments argc is 4: leaf gets 5 (middle passes x+1) in EAX.
"$EMU" monitor "$MF" a b c >"$T/f18" 2>&1 <<'EOS'
break leaf if $eax == 99
run
info breakpoints
condition 1 $eax == 5
run
condition 1
ignore 1 1
run
info breakpoints
EOS
expect_grep "break if: listed with its condition" '^	stop only if \$eax == 99$' "$T/f18"
expect_eq "break if: a false condition does not stop, a true one does" 1 "$(grep -c '^Breakpoint 1, ' "$T/f18")"
expect_eq "break if: the false run ran to the end, and the ignored one" 2 "$(grep -c '^\[program exited with status 3\]$' "$T/f18")"
expect_grep "condition N: removed" '^Breakpoint 1 now unconditional\.$' "$T/f18"
expect_grep "ignore N COUNT" '^Will ignore next 1 crossings of breakpoint 1\.$' "$T/f18"
expect_grep "ignore: the crossing counts as a hit" '^     already hit 2 times$' "$T/f18"
printf 'condition 9 1\nignore\n' | "$EMU" monitor >"$T/f19" 2>&1
expect_grep "condition: no such breakpoint" '^error: no breakpoint number 9$' "$T/f19"

# display / undisplay: shown after every stop.
"$EMU" monitor "$MF" >"$T/f20" 2>&1 <<'EOS'
break leaf
run
display $eax
display/x $esp
display/i $eip
stepi
undisplay 2
stepi
undisplay 7
undisplay
stepi
EOS
LEAF1=$(printf '%08x' $((0x$(sym "$MF" leaf) + 1)))
expect_eq "display: shown at once and after each stop until undisplay" 3 "$(grep -c '^1: \$eax = 2$' "$T/f20")"
expect_eq "display/x: until its undisplay" 2 "$(grep -c '^2: /x \$esp = 0xbfff' "$T/f20")"
expect_grep "display/i: the instruction at the stop" "^=> 0x$LEAF1 <leaf\\+0x1>:	mov +%esp,%ebp\$" "$T/f20"
expect_grep "display: after push %ebp, ESP is 4 lower" "^2: /x \\\$esp = 0x$(printf '%x' $(( $(grep -m1 '^2: /x \$esp' "$T/f20" | sed 's/.*= //') - 4 )))\$" "$T/f20"
expect_grep "undisplay: an unknown number" '^error: undisplay: no display number 7$' "$T/f20"
expect_eq "undisplay: all gone at the last stop" "" "$(sed -n '/^error: undisplay/,$p' "$T/f20" | grep '^[0-9]: ')"

# stubs-elf: the trap stubs' symbols and bytes for gdb's add-symbol-file.
"$EMU" stubs-elf "$T/stubs.elf"
expect_eq "stubs-elf: written" 0 $?
SE_V64=$(nm "$T/stubs.elf" | awk '$3 == "vector64" { print $1 }')
MON_V64=$(printf 'break vector64\n' | "$EMU" monitor "$MF" 2>&1 | sed -n 's/^Breakpoint 1 at 0x\([0-9a-f]*\) <vector64>$/\1/p')
expect_eq "stubs-elf: vector64 where the monitor has it" "$MON_V64" "$SE_V64"
expect_eq "stubs-elf: alltraps and trapret" "alltraps trapret" \
	"$(nm "$T/stubs.elf" | awk '$3 == "alltraps" || $3 == "trapret" { print $3 }' | sort | paste -sd' ')"
expect_grep "stubs-elf: the stub's code, as the CPU runs it" \
	"^ *${SE_V64#0*}:	6a 00[ 	]+push +\\\$0x0\$" <(objdump -d "$T/stubs.elf")
if command -v gdb >/dev/null; then
	gdb -nx -batch -ex "add-symbol-file $T/stubs.elf" -ex "info symbol 0x$SE_V64" \
		-ex "info symbol 0x$(printf %x $((0x$SE_V64 + 2)))" >"$T/se.gdb" 2>&1
	expect_grep "stubs-elf: gdb's add-symbol-file names vector64" '^vector64 in section \.text' "$T/se.gdb"
	expect_grep "stubs-elf: gdb names an address inside it" '^vector64 \+ 2 in section \.text' "$T/se.gdb"
fi
"$EMU" stubs-elf >/dev/null 2>&1
expect_eq "stubs-elf without FILE: a usage error" 2 $?
"$EMU" stubs-elf /nonexistent/dir/x.elf 2>"$T/se.err"
expect_eq "stubs-elf: an unwritable file fails" 1 $?

# --abi as for run: the Linux personality refuses hello's int $64 (its gate
# is int $0x80), exactly as `ia32emu run --abi linux` does.
echo run | "$EMU" monitor --abi linux "$P/hello" >"$T/fabi" 2>&1
expect_grep "monitor --abi linux: the ia32emu program's int \$64 is refused" '^\[program stopped: hello: #GP general protection \(error 0x202: IDT vector 64\) .*; status 139\]$' "$T/fabi"
echo run | "$EMU" monitor --abi ia32emu "$P/hello" >"$T/fabi2" 2>&1
expect_grep "monitor --abi ia32emu: the program runs" '^\[program exited with status 0\]$' "$T/fabi2"
"$EMU" monitor --abi nosuch "$P/hello" </dev/null >"$T/fabi3" 2>&1
expect_eq "monitor --abi with an unknown name: a failure" 2 $?
expect_grep "monitor --abi: the names it takes" '^ia32emu: --abi takes one of: ia32emu, linux, xv6$' "$T/fabi3"

# set follow-fork-mode: only the sh child calls exec; following the parent
# the catchpoint never fires, following the child it stops there.
printf 'set follow-fork-mode child\nshow follow-fork-mode\ncatch syscall exec\nrun\ninfo inferiors\n' >"$T/ff1.cmds"
echo 'echo hi' | "$EMU" monitor -x "$T/ff1.cmds" "$P/sh" >"$T/ff1" 2>&1
expect_grep "follow-fork-mode child: gdb's message at the fork" '\[Attaching after process 1 fork to child process 2\]$' "$T/ff1"
expect_grep "follow-fork-mode child: the child's exec stops" '^Catchpoint 1 \(call to syscall 9 exec\)' "$T/ff1"
expect_grep "show follow-fork-mode" '^Debugger response to a program call of fork is "child"\.$' "$T/ff1"
expect_grep "info inferiors: the child, current and followed" '^\* 2    process 2         running    sh  \(followed\)$' "$T/ff1"
expect_grep "info inferiors: the parent waits" '^  1    process 1         sleeping   sh$' "$T/ff1"
# After the run ended no process runs: info inferiors says how it ended.
printf 'run\ninfo inferiors\n' >"$T/ff3.cmds"
"$EMU" monitor -x "$T/ff3.cmds" "$P/hello" >"$T/ff3" 2>&1
expect_grep "info inferiors after the end: exited, not running" '^\* 1    process 1         exited     hello$' "$T/ff3"
printf 'set follow-fork-mode parent\ncatch syscall exec\nrun\n' >"$T/ff2.cmds"
echo 'echo hi' | "$EMU" monitor -x "$T/ff2.cmds" "$P/sh" >"$T/ff2" 2>&1
expect_grep "follow-fork-mode parent: gdb's message at the fork" '\[Detaching after fork from child process 2\]$' "$T/ff2"
expect_eq "follow-fork-mode parent: the child's exec does not stop" 0 "$(grep -c '^Catchpoint 1 (call' "$T/ff2")"
expect_grep "follow-fork-mode parent: the program runs to its end" 'exited with status 0\]$' "$T/ff2"
