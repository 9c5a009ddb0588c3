# run --bare: the bare-metal guest kernel on ia32emu alone (the QEMU
# comparison is `make check-bare`, tests/e2e/bare_qemu.sh).
BK=$P/bare/kernel.elf
$EMU run --bare --timer 5000 "$BK" >"$T/bare.out" 2>"$T/bare.err"
expect_eq "bare kernel status (V=0x10 -> 0x21)" 33 $?
expect_grep "bare: multiboot magic and info" '^kernel: multiboot flags 0x00000001$' "$T/bare.out"
expect_grep "bare: iret to ring 3 nulls DS" '^user: ds after iret = 0x00000000$' "$T/bare.out"
expect_grep "bare: iret to ring 3 nulls GS" '^user: gs after iret = 0x00000000$' "$T/bare.out"
expect_grep "bare: I/O bitmap grants 0xE9" '^user: direct out to 0xe9 allowed' "$T/bare.out"
expect_grep "bare: popf keeps IOPL and IF" '^user: eflags after popf\(IOPL=3, IF=0\) = 0x00000200$' "$T/bare.out"
expect_grep "bare: guest kernel's -EFAULT" '^user: write\(kernel ptr\) = 0xfffffff2$' "$T/bare.out"
expect_grep "bare: #PF user read of kernel page" '^kernel: user fault #PF error 0x00000005$' "$T/bare.out"
expect_grep "bare: #PF user write of RO page" '^kernel: user fault #PF error 0x00000007$' "$T/bare.out"
expect_grep "bare: #PF not present" '^kernel: user fault #PF error 0x00000004$' "$T/bare.out"
expect_grep "bare: #GP selector 0x10" '^kernel: user fault #GP error 0x00000010$' "$T/bare.out"
expect_grep "bare: #GP int 13" '^kernel: user fault #GP error 0x0000006a$' "$T/bare.out"
expect_grep "bare: #NP gate" '^kernel: user fault #NP error 0x0000020a$' "$T/bare.out"
expect_grep "bare: #GP beyond IDT limit" '^kernel: user fault #GP error 0x00000212$' "$T/bare.out"
expect_grep "bare: #UD" '^kernel: user fault #UD error 0x00000000$' "$T/bare.out"
expect_grep "bare: dirty bit" '^kernel: user data PTE A/D = 0x00000060$' "$T/bare.out"
expect_grep "bare: WP=1 supervisor write faults" '^kernel: WP=1 write to user RO page faulted = 0x00000001$' "$T/bare.out"
# W/R of every store and read-modify-write (test_wr): 0x2 on a not-present
# page, 0x3 on a read-only one (CR0.WP=1), as on Intel and AMD CPUs.
expect_eq "bare: W/R = 1 for every store and RMW, not present" 27 \
	"$(grep -c '^\(wr\|rmw\): [a-z0-9]* not-present: #PF error 0x00000002$' "$T/bare.out")"
expect_eq "bare: W/R = 1 for every store and RMW, read-only" 27 \
	"$(grep -c '^wr: [a-z0-9]* read-only: #PF error 0x00000003$' "$T/bare.out")"
expect_grep "bare: 4 MiB pages" '^kernel: 4 MiB alias reads 0x12345678$' "$T/bare.out"
expect_grep "bare: invlpg" '^kernel: after remap \+ invlpg reads 0x22222222$' "$T/bare.out"
expect_grep "bare: CR3 reload flushes the TLB" '^kernel: after remap \+ CR3 reload reads 0x11111111$' "$T/bare.out"
expect_grep "bare: str" '^kernel: str = 0x00000028$' "$T/bare.out"
expect_grep "bare: sgdt" '^kernel: sgdt gives our GDT = 0x00000001$' "$T/bare.out"
expect_grep "bare: sidt" '^kernel: sidt gives our IDT = 0x00000001$' "$T/bare.out"
expect_grep "bare: lss" '^kernel: lss kept SS:ESP = 0x00000001$' "$T/bare.out"
expect_grep "bare: far call/ret at CPL 0" '^kernel: far call and far return at CPL 0 = 0x00000001$' "$T/bare.out"
expect_grep "bare: CPL-0 load of a not-present DS is #NP" '^kernel: probe DS <- 0x30 \(not present\): #NP error 0x00000030$' "$T/bare.out"
expect_grep "bare: CPL-0 load of a not-present SS is #SS" '^kernel: probe SS <- 0x30 \(not present\): #SS error 0x00000030$' "$T/bare.out"
expect_grep "bare: data limit, last byte inside" '^limits: probe read 4 KiB segment at 0xffc: ok$' "$T/bare.out"
expect_grep "bare: data limit, last byte outside" '^limits: probe read 4 KiB segment at 0xffd: #GP error 0x00000000$' "$T/bare.out"
expect_grep "bare: expand-down, above the limit" '^limits: probe read expand-down segment at 0x1000: ok$' "$T/bare.out"
expect_grep "bare: expand-down, at the limit" '^limits: probe read expand-down segment at 0xffc: #GP error 0x00000000$' "$T/bare.out"
expect_grep "bare: null DS use" '^limits: probe read through a null DS: #GP error 0x00000000$' "$T/bare.out"
expect_grep "bare: timer reaches ring 3" '^timer: user saw 3 ticks$' "$T/bare.out"
expect_grep "bare: hlt wakes on the timer" '^timer: kernel hlt woke on a tick$' "$T/bare.out"
expect_grep "bare: all tasks done" '^kernel: all tasks done$' "$T/bare.out"
if grep -q 'NOT STOPPED\|KERNEL FAULT' "$T/bare.out"; then fail "bare: no escapes" "$(cat "$T/bare.out")"; else ok "bare: no escapes"; fi

$EMU run --bare $P/bare/triple.elf >"$T/bare.out" 2>"$T/bare.err"
expect_eq "bare triple fault status" 125 $?
expect_grep "bare triple fault report" '^ia32emu: triple fault: #GP \(general protection\) while delivering a double fault at eip 0x' "$T/bare.err"
$EMU run --bare $P/hello >"$T/bare.out" 2>"$T/bare.err"
expect_eq "bare refuses an image outside guest memory" 126 $?
expect_grep "bare refusal message" "lies outside guest memory \\(0x00000000-0x08000000\\)\$" "$T/bare.err"
