# ISA issue: encodings outside the subset, lock misuse and over-long
# instructions stop a program with #UD / #GP(0) and a message naming the
# instruction, at the address of the offending instruction (programs/isa/
# rowfault.c: each case is a function whose first instruction is the one).
RF=$P/isa/rowfault
isa_stop() { # CASE STATUS MESSAGE-REGEX
	$EMU run $RF "$1" >"$T/out" 2>"$T/err"
	expect_eq "isa $1 status" "$2" $?
	expect_grep "isa $1 message" \
		"^ia32emu: rowfault: $3 at eip 0x$(sym $RF "f_$1"), cpl 3\$" "$T/err"
}
SIMD='#UD invalid opcode \(MMX/SSE/AVX instruction, not in the subset\)'
LOCK='#UD invalid opcode \(lock prefix on an instruction that cannot be locked\)'
isa_stop ns_fisttp 132 '#UD invalid opcode \(fisttp is an SSE3 instruction, not in the subset\)'
isa_stop x87_resv 132 '#UD invalid opcode \(invalid opcode\)'
isa_stop x87_badmem 132 '#UD invalid opcode \(invalid x87 encoding\)'
isa_stop lock_fld 132 "$LOCK"
isa_stop ns_emms 132 "$SIMD"
isa_stop ns_paddb 132 "$SIMD"
isa_stop ns_movaps 132 "$SIMD"
isa_stop ns_addsd 132 "$SIMD"
isa_stop ns_pshufb 132 "$SIMD"
isa_stop ns_vaddps 132 "$SIMD"
isa_stop ns_vzeroupper 132 "$SIMD"
isa_stop ns_sysenter 132 '#UD invalid opcode \(instruction outside the emulated subset\)'
isa_stop ns_rdtscp 132 '#UD invalid opcode \(instruction outside the emulated subset\)'
isa_stop lock_reg 132 "$LOCK"
isa_stop lock_mov 132 "$LOCK"
isa_stop lock_nop 132 "$LOCK"
isa_stop lock_cmpxchg8b_reg 132 "$LOCK"
isa_stop lock_cmp 132 "$LOCK"
isa_stop lock_cmp_imm 132 "$LOCK"
isa_stop lock_bt 132 "$LOCK"
isa_stop lock_test 132 "$LOCK"
isa_stop toolong 139 '#GP general protection \(error 0x0: null\)'
# The same program runs normally when nothing faults.
$EMU run $RF >"$T/out" 2>"$T/err"
expect_eq "isa rowfault lists its cases" 0 $?
expect_grep "isa rowfault case list" '^ns_fisttp$' "$T/out"
# --coverage counts rows at CPL 3 (and the kernel's own at CPL 0).
$EMU run --coverage "$T/cov" $P/hello >"$T/out" 2>"$T/err"
expect_eq "coverage run status" 0 $?
expect_grep "coverage counts user rows" '^call_Jv	e8	[1-9][0-9]*	' "$T/cov"
expect_grep "coverage counts the trap stub's iret" '^iret	cf	0	[1-9]' "$T/cov"
$EMU run --coverage "$T/nodir/cov" $P/hello >"$T/out" 2>"$T/err"
expect_eq "coverage to an unwritable file" 2 $?
expect_grep "coverage write error" '^ia32emu: cannot write ' "$T/err"
