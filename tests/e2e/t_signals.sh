# Linux signals (kernel/signal*.c, docs/linux.md "Signals"): a forged
# frame handed to sigreturn/rt_sigreturn (programs/linux/sig_forge.S) may
# restore registers, but never a kernel selector or IOPL: the process dies
# of SIGSEGV (status 139) as on Linux, and never runs at CPL 0.
SF=$P/linux/sig_forge
"$EMU" run --abi linux "$SF" >"$T/sf.out" 2>"$T/sf.err"
expect_eq sig-forge-rt-ok 42 $?
"$EMU" run --abi linux "$SF" a b c d >"$T/sf.out" 2>"$T/sf.err"
expect_eq sig-forge-old-ok 43 $?
"$EMU" run --abi linux "$SF" a >"$T/sf.out" 2>"$T/sf.err"
expect_eq sig-forge-cs0-status 139 $?
expect_grep sig-forge-cs0-msg 'killed by SIGSEGV: sigreturn' "$T/sf.err"
"$EMU" run --abi linux "$SF" a b >"$T/sf.out" 2>"$T/sf.err"
expect_eq sig-forge-iopl-status 139 $?
expect_grep sig-forge-iopl-gp '#GP general protection.*cpl 3' "$T/sf.err"
"$EMU" run --abi linux "$SF" a b c >"$T/sf.out" 2>"$T/sf.err"
expect_eq sig-forge-ss0-status 139 $?
"$EMU" run --abi linux "$SF" a b c d e >"$T/sf.out" 2>"$T/sf.err"
expect_eq sig-forge-ds-tss-status 139 $?
"$EMU" run --abi linux "$SF" a b c d e f >"$T/sf.out" 2>"$T/sf.err"
expect_eq sig-forge-unreadable-status 139 $?
expect_grep sig-forge-unreadable-msg 'sigreturn: the signal frame is not readable' "$T/sf.err"
# A handler's frame is written with copyout: never into the kernel's half.
"$EMU" run --abi linux "$SF" a b c d e f g >"$T/sf.out" 2>"$T/sf.err"
expect_eq sig-frame-kernel-stack-status 139 $?
expect_grep sig-frame-kernel-stack-msg 'cannot write the signal frame' "$T/sf.err"
# The trace shows the refused sigreturn ending the process.
"$EMU" strace --abi linux "$SF" a >/dev/null 2>"$T/sf.tr"
expect_grep sig-forge-strace '^\+\+\+ killed by SIGSEGV \+\+\+' "$T/sf.tr"

# A handler entered through the kernel's rt_sigframe (programs/linux/
# sig_handler.S checks the frame the i386 ABI way and exits 7), with the
# Linux ABI picked from its GNU ABI-tag note; the trace shows the delivery.
SH=$P/linux/sig_handler
"$EMU" run "$SH" >"$T/sh.out" 2>"$T/sh.err"
expect_eq sig-handler-frame 7 $?
"$EMU" strace "$SH" >/dev/null 2>"$T/sh.tr"
expect_grep sig-handler-strace '^--- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_USER, si_pid=1, si_uid=1000\} ---$' "$T/sh.tr"
expect_grep sig-handler-strace-sigreturn '^rt_sigreturn\(\) = 0$' "$T/sh.tr"
"$EMU" trace --trace syscall "$SH" >/dev/null 2>"$T/sh.tt"
expect_grep sig-handler-trace-line "^--- SIGUSR1 \{.*\} --- pid 1: handler 0x$(sym "$SH" handler), rt_sigframe at 0x" "$T/sh.tt"
# The monitor's `catch signal` stops as the signal is delivered.
"$EMU" monitor "$SH" >"$T/sh.mon" 2>&1 <<'EOS'
catch signal usr1
run
info breakpoints
continue
EOS
expect_grep sig-catch-stop "^Catchpoint 1 \(signal\), pid 1: --- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_USER, si_pid=1, si_uid=1000\} ---, handler 0x$(sym "$SH" handler), rt_sigframe at 0x" "$T/sh.mon"
expect_grep sig-catch-info '^1 +catch signal +keep y +10 SIGUSR1$' "$T/sh.mon"
expect_grep sig-catch-exit 'exited with status 7' "$T/sh.mon"
