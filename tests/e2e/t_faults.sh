# Hostile programs are stopped with a message and a Unix-style status.

$EMU run $P/attacks/kread >"$T/out" 2>"$T/err"
expect_eq "kread status (SIGSEGV)" 139 $?
START=$(sym $P/attacks/kread _start)
expect_grep "kread message" \
	"^ia32emu: kread: #PF page fault \\(error 0x5: user read, protection\\) at eip 0x${START}, cpl 3, cr2 0xc0001000\$" "$T/err"

$EMU run $P/attacks/int13 >"$T/out" 2>"$T/err"
expect_eq "int13 status (SIGSEGV)" 139 $?
START=$(sym $P/attacks/int13 _start)
expect_grep "int13 message: #GP(13*8+2)" \
	"^ia32emu: int13: #GP general protection \\(error 0x6a: IDT vector 13\\) at eip 0x${START}, cpl 3\$" "$T/err"

$EMU trace $P/attacks/kread >"$T/out" 2>"$T/trace"
expect_grep "trace shows the #PF delivery" \
	'^==> vector 14 #PF page fault, interrupt gate DPL 0, CPL 3->0, SS:ESP 0010:[0-9a-f]{8} from TSS, CS:EIP 0008:[0-9a-f]{8}, error 0x5, cr2 0xc0001000$' "$T/trace"

# Malformed executables are refused with a message naming the problem.
printf 'not an executable\n' >"$T/text"
$EMU run "$T/text" >"$T/out" 2>"$T/err"
expect_eq "text file refused" 126 $?
expect_grep "text file message" 'not an ELF file' "$T/err"
$EMU run /bin/sh >"$T/out" 2>"$T/err"
expect_eq "64-bit ELF refused" 126 $?
expect_grep "64-bit ELF message" 'ia32emu runs 32-bit i386 programs \(build with ia32emu-cc, or gcc -m32 -static\)' "$T/err"
$EMU run "$T/missing" >"$T/out" 2>"$T/err"
expect_eq "missing file: 127, as shells" 127 $?
expect_grep "missing file message" 'No such file or directory' "$T/err"
head -c 100 $P/hello >"$T/trunc"
$EMU run "$T/trunc" >"$T/out" 2>"$T/err"
expect_eq "truncated ELF refused" 126 $?
expect_grep "truncated ELF message" 'outside the file' "$T/err"

# An endless loop stops at the budget.
$EMU run --max-insns 5000 $P/attacks/spin >"$T/out" 2>"$T/err"
expect_eq "budget status" 124 $?
expect_grep "budget message" '^ia32emu: instruction budget exhausted at eip 0x' "$T/err"
