# Host memory stays bounded by what the guest has live: 3000 forks in a row
# reuse the same frames (kernel/vm.c), so the peak RSS stays small even
# though 3000 address spaces were created and destroyed in 128 MiB of RAM.
$EMU run --stats $P/forkloop 3000 >"$T/out" 2>"$T/err"
expect_eq "forkloop status" 0 $?
expect_eq "forkloop output" "forkloop: 3000 of 3000 children reaped" "$(cat "$T/out")"
RSS=$(sed -n 's/.*peak RSS \([0-9]*\) KiB.*/\1/p' "$T/err")
if [ -n "$RSS" ] && [ "$RSS" -lt 32768 ]; then
	ok "forkloop peak RSS ${RSS} KiB < 32 MiB"
else
	fail "forkloop peak RSS" "got '${RSS}' KiB (stderr: $(head -c 200 "$T/err"))"
fi
