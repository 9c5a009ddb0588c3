# `ia32emu disasm` on an ELF file against `objdump -d` (binutils, installed
# by tests/deps.sh): the same file header, section and `ADDR <symbol>:`
# headings, addresses, bytes, mnemonics and symbolised branch targets.
# Excluded: programs/isa/rowfault* hold deliberately invalid rows and
# instructions outside the subset (MMX, SSE, AVX: (bad) here). One
# deliberate difference: 0x66 on a jcc rel8 (bytes `66 7x`, met in the bare
# kernel's strings) is the 16-bit form whose target the CPU truncates to
# 16 bits (SDM vol. 2 "Jcc"), shown so; objdump prints `data16` and the
# 32-bit target. Those lines are left out on both sides.
nd_nojcc16() { grep -vE '^ *[0-9a-f]+:	66 7[0-9a-f] ' "$1"; }
ND_N=0
ND_BAD=""
for prog in $(find "$P" -type f -perm -u+x -o -type f -name '*.elf' | sort -u); do
	case $prog in */rowfault*) continue ;; esac
	[ "$(head -c4 "$prog" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
	$EMU disasm "$prog" | nd_nojcc16 /dev/stdin >"$T/nd_ours" 2>&1
	objdump -d "$prog" | nd_nojcc16 /dev/stdin >"$T/nd_objdump" 2>&1
	ND_N=$((ND_N + 1))
	cmp -s "$T/nd_ours" "$T/nd_objdump" ||
		ND_BAD="$ND_BAD ${prog#$P/}: $(diff "$T/nd_objdump" "$T/nd_ours" | sed -n 2p)"
done
if [ "$ND_N" -ge 100 ] && [ -z "$ND_BAD" ]; then
	ok "disasm ELF: output identical to objdump -d on $ND_N programs"
else
	fail "disasm ELF: identical to objdump -d ($ND_N programs)" "$(echo "$ND_BAD" | cut -c1-400)"
fi

# The demo program by hand: headings with symbols, a symbolised call.
$EMU disasm "$P/readdemo" >"$T/nd_rd" 2>&1
expect_grep "disasm ELF: <read>: heading at read's address" "^$(sym "$P/readdemo" read) <read>:$" "$T/nd_rd"
expect_grep "disasm ELF: call shows its target's symbol" \
	"^ *[0-9a-f]+:	e8 [0-9a-f ]+	call +$(sym "$P/readdemo" read | sed 's/^0*//') <read>$" "$T/nd_rd"
expect_grep "disasm ELF: int \$0x40 inside read" '	cd 40 +	int +\$0x40$' "$T/nd_rd"
if grep -q 'jg ' "$T/nd_rd"; then
	fail "disasm ELF: the ELF header is not disassembled" "$(grep -m1 'jg ' "$T/nd_rd")"
else
	ok "disasm ELF: the ELF header is not disassembled"
fi

# --raw: today's behaviour, the file's bytes from offset 0 (\177ELF is jg).
$EMU disasm --raw "$P/readdemo" >"$T/nd_raw" 2>&1
expect_eq "disasm --raw: the header's bytes as code" "0:	jg     0x47" "$(head -1 "$T/nd_raw")"
$EMU disasm --base 0x1000 "$P/readdemo" >"$T/nd_base" 2>&1
expect_eq "disasm --base on an ELF without --raw: status 2" "2" "$?"
expect_grep "disasm --base on an ELF: says --raw" 'needs --raw' "$T/nd_base"
printf '\x90\xc3' >"$T/nd_plain.bin"
expect_eq "disasm: a file that is not ELF is raw bytes" "0:	nop|1:	ret" \
	"$($EMU disasm "$T/nd_plain.bin" | paste -sd'|')"

# Bad input: a 64-bit ELF and a truncated one get a message and status 1.
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000' >"$T/nd_64"
$EMU disasm "$T/nd_64" >"$T/nd_64.out" 2>&1
expect_eq "disasm: x86-64 ELF refused with status 1" "1" "$?"
expect_grep "disasm: x86-64 ELF message says 32-bit and --raw" '64-bit ELF.*32-bit i386.*--raw' "$T/nd_64.out"
head -c 100 "$P/readdemo" >"$T/nd_trunc"
$EMU disasm "$T/nd_trunc" >"$T/nd_trunc.out" 2>&1
expect_eq "disasm: truncated ELF refused with status 1" "1" "$?"
expect_grep "disasm: truncated ELF names the problem" 'outside the file' "$T/nd_trunc.out"

# A glibc static program (gcc-multilib, installed by tests/linux/deps.sh):
# aliases at one address (raise/gsignal), local .L labels, indirect
# functions, a PLT without symbols, thread-local symbols as targets. The
# `ADDR <symbol>:` headings must be objdump's, and so must every direct
# call's target symbol; SSE code (outside the emulated subset) decodes
# as (bad) and is not compared.
printf '#include <stdio.h>\n#include <string.h>\nint main(int c, char **v) { printf("%%zu\\n", strlen(v[0])); return c; }\n' >"$T/nd_glibc.c"
if ! gcc -m32 -static -O2 "$T/nd_glibc.c" -o "$T/nd_glibc" 2>/dev/null; then
	BUILD=$BUILD tests/linux/deps.sh >/dev/null 2>&1
	gcc -m32 -static -O2 "$T/nd_glibc.c" -o "$T/nd_glibc" 2>"$T/nd_glibc.err"
fi
$EMU disasm "$T/nd_glibc" >"$T/nd_g_ours" 2>&1
objdump -d "$T/nd_glibc" >"$T/nd_g_obj" 2>&1
ND_H=$(grep -cE '^[0-9a-f]{8} <' "$T/nd_g_obj")
expect_eq "disasm glibc static: the $ND_H headings are objdump's" "" \
	"$(diff <(grep -E '^[0-9a-f]{8} <|^Disassembly' "$T/nd_g_obj") <(grep -E '^[0-9a-f]{8} <|^Disassembly' "$T/nd_g_ours") | head -4)"
# Direct calls: address, bytes and target with its symbol, where both
# decoders start an instruction at the same address.
nd_calls() { grep -E '^ *[0-9a-f]+:	e8 ' "$1" | sed 's/ *$//' | sort; }
ND_C=$(nd_calls "$T/nd_g_obj" | wc -l)
expect_eq "disasm glibc static: the $ND_C direct calls name objdump's targets" "" \
	"$(comm -23 <(nd_calls "$T/nd_g_obj") <(nd_calls "$T/nd_g_ours") | head -3)"
[ "$ND_H" -gt 500 ] && [ "$ND_C" -gt 1000 ] && ok "disasm glibc static: a real program ($ND_H functions, $ND_C calls)" ||
	fail "disasm glibc static: a real program" "$ND_H headings, $ND_C calls"

# No section headers (e_shoff, e_shnum, e_shstrndx zeroed): the executable
# PT_LOAD segment is disassembled instead, from the entry's code on.
cp "$P/readdemo" "$T/nd_nosh"
printf '\0\0\0\0' | dd of="$T/nd_nosh" bs=1 seek=32 conv=notrunc 2>/dev/null
printf '\0\0\0\0' | dd of="$T/nd_nosh" bs=1 seek=48 conv=notrunc 2>/dev/null
$EMU disasm "$T/nd_nosh" >"$T/nd_nosh.out" 2>&1
expect_eq "disasm: no section headers: the PF_X segment, status 0" "0" "$?"
expect_grep "disasm: no section headers: the entry's first instruction" \
	"^ *$(readelf -h "$P/readdemo" | awk '/Entry/ { sub(/^0x/, "", $4); print $4 }'):	6a 40 +	push +\\\$0x40$" "$T/nd_nosh.out"
