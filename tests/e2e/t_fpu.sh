# The x87 FPU through the real binary (kernel/fpu.c, programs/fpuproc.c):
# an unmasked exception stops the process with 136 (#MF, as SIGFPE), the
# lazy switch keeps two processes' FPU states apart and shows in a trace
# as #NM deliveries, fork copies the state, exec resets it; the
# disassembler spells x87 as objdump does.
FP=$P/fpuproc
$EMU run $FP mf >"$T/out" 2>"$T/err"
expect_eq "fpu: unmasked zero divide stops the process" 136 $?
expect_grep "fpu: the divide itself ran" '^divided$' "$T/out"
expect_grep "fpu: #MF at the fwait" \
	"^ia32emu: fpuproc: #MF x87 floating-point error at eip 0x[0-9a-f]*, cpl 3\$" "$T/err"
$EMU run $FP lazy 30 >"$T/out" 2>"$T/err"
expect_eq "fpu: two processes using the FPU" 0 $?
expect_grep "fpu: the parent kept its state" '^parent: FPU state kept over 30 rounds$' "$T/out"
expect_grep "fpu: the child kept its state" '^child: FPU state kept over 30 rounds$' "$T/out"
$EMU trace $FP lazy 5 >"$T/tr" 2>&1
n=$(grep -c '^==> vector 7 #NM device not available' "$T/tr")
expect_eq "fpu: the trace shows the lazy switches (#NM)" 1 $((n >= 2))
$EMU run $FP fork >"$T/out" 2>"$T/err"
expect_eq "fpu: fork" 0 $?
expect_grep "fpu: fork copies the state" '^child: cw 77f, state copied$' "$T/out"
$EMU run $FP exec >"$T/out" 2>"$T/err"
expect_eq "fpu: exec" 0 $?
expect_grep "fpu: exec resets the state" '^exec: cw 37f sw 0 tw ffff$' "$T/out"
printf '\xdc\xe1\xde\xf9\x9b\xdf\xe0\xdd\x5c\x24\x08\xd9\xc9\xdb\xf1' >"$T/x87.bin"
$EMU disasm --raw "$T/x87.bin" >"$T/dis" 2>&1
expect_grep "fpu disasm: objdump's fsub quirk" 'fsub +%st,%st\(1\)$' "$T/dis"
expect_grep "fpu disasm: SDM FDIVP is objdump's fdivrp" 'fdivrp +%st,%st\(1\)$' "$T/dis"
expect_grep "fpu disasm: fwait merged" 'fstsw +%ax$' "$T/dis"
expect_grep "fpu disasm: fstpl" 'fstpl +0x8\(%esp\)$' "$T/dis"
expect_grep "fpu disasm: fcomi" 'fcomi +%st\(1\),%st$' "$T/dis"
# The monitor's `info float`, as gdb prints it: at fork, the parent holds
# 4242 and 1 with RC round down (programs/fpuproc.c forkcheck).
printf 'break fork\nrun fork\ninfo float\nquit\n' | $EMU monitor $FP >"$T/mf" 2>&1
expect_grep "fpu info float: ST(1)" '^  R7: Valid   0x400b8490000000000000 \+4242 *$' "$T/mf"
expect_grep "fpu info float: ST(0) at TOP" '^=>R6: Valid   0x3fff8000000000000000 \+1 *$' "$T/mf"
expect_grep "fpu info float: empty" '^  R5: Empty   0x00000000000000000000$' "$T/mf"
expect_grep "fpu info float: TOP" '^                       TOP: 6$' "$T/mf"
expect_grep "fpu info float: control word" '^Control Word:        0x077f   IM DM ZM OM UM PM$' "$T/mf"
expect_grep "fpu info float: RC" '^                       RC: Round down$' "$T/mf"
expect_grep "fpu info float: tags" '^Tag Word:            0x0fff$' "$T/mf"
