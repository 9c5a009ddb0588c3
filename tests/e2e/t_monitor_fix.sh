# The monitor's fixes of issue 19: info registers REG, stepi -1, catch
# syscall NAME errors, run ARGS with shell quoting, script exit status,
# --max-insns, --timeout, --root.
MF=$P/mon/montest
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
