# The system-call personalities (kernel/abi*.c, docs/linux.md): the rule
# that picks an ABI, --abi, the 0x80 gate with register arguments and the
# System V start, a call through the other ABI's gate, unknown calls.
LX=$P/linux

"$EMU" run --abi linux "$LX/abi_hello" a b >"$T/lx.out" 2>"$T/lx.err"
expect_eq linux-abi-status 43 $?
expect_eq linux-abi-write "hello from int \$0x80" "$(cat "$T/lx.out")"
expect_eq linux-unknown-once 1 "$(grep -c 'unknown linux system call 9999' "$T/lx.err")"
# The process name in that report comes from the guest (exec's path):
# a newline or control byte in it is escaped, never a forged line.
cp "$LX/abi_hello" "$T/a
ia32emu: forged"
"$EMU" run --abi linux "$T/a
ia32emu: forged" >/dev/null 2>"$T/lx.err"
expect_eq linux-unknown-name-escaped 1 "$(grep -c '(a\\012ia32emu: forged): unknown linux system call 9999' "$T/lx.err")"
expect_eq linux-unknown-name-one-line 0 "$(grep -c '^ia32emu: forged' "$T/lx.err")"
strace_env=$("$EMU" strace --abi linux --env A=1 --env B=2 "$LX/abi_hello" 2>&1 >/dev/null | head -n 1)
expect_eq linux-strace-execve-line "execve(\"$LX/abi_hello\", [\"$LX/abi_hello\"], [/* 2 vars */]) = 0" "$strace_env"

# Unmarked assembly keeps the ia32emu ABI: its int $0x80 meets the #GP an
# absent gate raises (error code 0x80*8+2), at the int.
"$EMU" run "$LX/abi_hello" >"$T/lx.out" 2>"$T/lx.err"
expect_eq linux-unmarked-status 139 $?
expect_grep linux-unmarked-gp 'error 0x402: IDT vector 128\) at eip' "$T/lx.err"

# A program carrying ia32emu's note under --abi linux: its int $64 faults.
"$EMU" run --abi linux "$P/hello" >"$T/lx.out" 2>"$T/lx.err"
expect_eq linux-forced-status 139 $?
expect_grep linux-forced-gp 'error 0x202: IDT vector 64' "$T/lx.err"
"$EMU" run --abi ia32emu "$P/hello" >"$T/lx.out" 2>&1
expect_eq linux-forced-ia32emu "hello, world" "$(cat "$T/lx.out")"

"$EMU" run --abi nosuch "$P/hello" >"$T/lx.out" 2>&1
expect_eq linux-abi-bad-status 2 $?
expect_grep linux-abi-bad-msg 'takes one of: ia32emu, linux' "$T/lx.out"

# The trace names Linux calls by their Linux names.
"$EMU" trace --abi linux --trace syscall "$LX/abi_hello" 2>"$T/lx.tr" >/dev/null
expect_grep linux-trace-names '^syscall exit_group\(41\)' "$T/lx.tr"
expect_grep linux-trace-write '^syscall write\(1, "hello from int \$0x80\\n", 21\) = 21' "$T/lx.tr"

# Hostile arguments to the Linux table (programs/linux/abi_hostile.S):
# each refused as Linux would (a failing check exits with its number), then
# a %gs: access past the TLS segment's limit is a #GP.
"$EMU" run --abi linux "$LX/abi_hostile" >"$T/lx.out" 2>"$T/lx.err"
expect_eq linux-hostile-status 139 $?
expect_grep linux-hostile-tls-limit '#GP general protection \(error 0x0: null\)' "$T/lx.err"
