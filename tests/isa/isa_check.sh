#!/bin/bash
# The ISA differential test (make isa-check):
#  1. isatest natively and under ia32emu: byte-identical output, compared
#     family by family (isatest_cmp.sh);
#  2. rowfault: every instruction that must stop a CPL-3 program ends with
#     the same signal status natively and under ia32emu, and with the
#     expected exception in the stop message;
#  3. row coverage: the runs above under `ia32emu run --coverage`, merged;
#     reports "covered N of M table rows" and lists the rows never run.
# usage: isa_check.sh EMU ISADIR PROGDIR
set -u
emu=$1
dir=$2
pdir=$3
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

out=$(tests/isa/isatest_cmp.sh "$emu" "$dir")
st=$?
echo "$out" | grep -v '^[0-9]* passed'
p=$(echo "$out" | tail -n 1 | awk '{ print $1 }')
f=$(echo "$out" | tail -n 1 | awk '{ print $3 }')
pass=$((pass + p))
fail=$((fail + f))
[ $st -eq 0 ] || [ "$f" -gt 0 ] || fail=$((fail + 1))

covs=()
"$emu" run --coverage "$dir/cov.isatest" "$dir/isatest" >/dev/null 2>&1
covs+=("$dir/cov.isatest")

# seqtest: random chains of instructions, each starting from the flags the
# previous one left (tests/isa/genseq.c); same output natively and here.
"$emu" run --coverage "$dir/cov.seqtest" "$dir/seqtest" >"$dir/seq.emu" 2>&1
st=$?
covs+=("$dir/cov.seqtest")
if [ $st -ne 0 ]; then
	bad "seqtest under ia32emu: status $st: $(tail -n 1 "$dir/seq.emu")"
elif ! "$dir/seqtest.native" >"$dir/seq.native" 2>&1; then
	echo "SKIP seqtest comparison: the host cannot run the i386 build"
elif cmp -s "$dir/seq.native" "$dir/seq.emu"; then
	ok
	echo "ok   seqtest: $(wc -l <"$dir/seq.native") blocks of chained instructions identical"
else
	bad "seqtest: outputs differ (< native, > ia32emu; block number, eax ecx edx ebx ebp esi edi, flags, scratch):"
	diff "$dir/seq.native" "$dir/seq.emu" | head -6
	echo "  the block's code: grep -n 'block N ' $dir/seq.S"
fi

# Expected exception per rowfault case (SDM vol. 3 table 6-1 mnemonics).
expect_exc() {
	case $1 in
	int3) echo '#BP breakpoint' ;; # IDT[3] has DPL 3, as every OS sets it
	int1) echo '#DB debug' ;;      # int1 (F1) skips the gate's DPL check
	into) echo '#OF overflow' ;;   # IDT[4] has DPL 3
	ud2) echo '#UD invalid opcode \(ud2\)' ;;
	bound) echo '#BR bound range exceeded' ;;
	div0 | idivovf | divovf8 | aam0) echo '#DE divide error' ;;
	lock_*) echo '#UD invalid opcode \(lock prefix on an instruction that cannot be locked\)' ;;
	ns_fisttp*) echo '#UD invalid opcode \(fisttp is an SSE3 instruction, not in the subset\)' ;;
	x87_resv) echo '#UD invalid opcode \(invalid opcode\)' ;;
	x87_badmem*) echo '#UD invalid opcode \(invalid x87 encoding\)' ;;
	ns_sysenter | ns_rdtscp) echo '#UD invalid opcode \(instruction outside the emulated subset\)' ;;
	ns_*) echo '#UD invalid opcode \(MMX/SSE/AVX instruction, not in the subset\)' ;;
	*) echo '#GP general protection \(error 0x0: null\)' ;;
	esac
}
native=
"$pdir/rowfault.native" >/dev/null 2>&1 && native=1
n=0
for c in $("$emu" run "$pdir/rowfault"); do
	n=$((n + 1))
	"$emu" run --coverage "$dir/cov.$c" "$pdir/rowfault" "$c" >"$dir/rf.out" 2>"$dir/rf.err"
	got=$?
	covs+=("$dir/cov.$c")
	want=$(expect_exc "$c")
	if grep -Eq "^ia32emu: rowfault: $want at eip 0x[0-9a-f]{8}, cpl 3\$" "$dir/rf.err"; then
		ok
	else
		bad "rowfault $c: want /$want/, got: $(cat "$dir/rf.err" "$dir/rf.out")"
	fi
	# The status is the signal Linux would send: SIGILL 132 for #UD,
	# SIGFPE 136 for #DE, SIGTRAP 133 for #BP and #DB, SIGSEGV 139 for #GP,
	# #OF and #BR.
	case $want in '#UD'*) exp=132 ;; '#DE'*) exp=136 ;; '#BP'* | '#DB'*) exp=133 ;; *) exp=139 ;; esac
	if [ "$got" -eq "$exp" ]; then ok; else bad "rowfault $c: status $got, want $exp"; fi
	# And the host CPU must agree, except where the machines differ by design:
	# ns_* run on the host (it has SSE).
	case $c in ns_*) continue ;; esac
	[ -n "$native" ] || continue
	nat=$( ("$pdir/rowfault.native" "$c") >/dev/null 2>&1; echo $?)
	if [ "$got" -eq "$nat" ]; then ok; else bad "rowfault $c: status $got, native $nat"; fi
done
echo "rowfault: $n cases run under ia32emu${native:+ and natively}"

# Rows legal at CPL 3 whose results describe the machine, not the host:
# checked against docs/architecture.md (GDT: 6 entries, TSS 0x28, no LDT; user code
# 0x1b, data 0x23; kernel code 0x08 DPL 0) and the SDM.
"$emu" run --coverage "$dir/cov.sysinfo" "$pdir/rowfault" sysinfo >"$dir/sys.out" 2>&1
covs+=("$dir/cov.sysinfo")
# The x87 rows: the FPU differential (mk/fpu.mk builds it beside isa/).
fpudir=$(dirname "$dir")/fpu
if [ -x "$fpudir/fputest" ]; then
	"$emu" run --coverage "$dir/cov.fputest" "$fpudir/fputest" >/dev/null 2>&1
	covs+=("$dir/cov.fputest")
fi
declare -A sv
sel=
while read -r k v; do
	case $k in selector) sel=$v ;; lar* | lsl* | verr* | verw*) sv[$k.$sel]=$v ;; *) sv[$k]=$v ;; esac
done <"$dir/sys.out"
chk() { if [ "$2" = "$3" ]; then ok; else bad "sysinfo $1: want [$2] got [$3]"; fi; }
hx() { printf '%08x' "$1"; }
edx=$((0x${sv[cpuid1.edx]:-0}))
# CPUID.1:EDX is honest about the subset: no MMX (23), SSE (25), SSE2 (26);
# FPU (0), TSC (4), CMPXCHG8B (8) and CMOV (15) are implemented.
chk "cpuid no MMX/SSE/SSE2" 0 $((edx & (1 << 23 | 1 << 25 | 1 << 26)))
chk "cpuid FPU" 1 $((edx & 1))
chk "cpuid TSC CX8 CMOV" $((1 << 4 | 1 << 8 | 1 << 15)) $((edx & (1 << 4 | 1 << 8 | 1 << 15)))
chk "cpuid vendor is 12 characters" 12 "$(grep '^cpuid0.vendor ' "$dir/sys.out" | cut -c15- | tr -d '\n' | wc -c)"
chk "rdtsc advances" 1 $((0x${sv[rdtsc.delta]:-0} > 0))
chk "sldt: no LDT" 00000000 "${sv[sldt]:-}"
chk "str: TSS selector" 00000028 "${sv[str]:-}"
chk "sgdt limit: 9 descriptors (6-8: TLS)" "$(hx $((9 * 8 - 1)))" "${sv[sgdt.limit]:-}"
chk "sidt limit covers vector 64" 1 $(((0x${sv[sidt.limit]:-0} + 1) % 8 == 0 && 0x${sv[sidt.limit]:-0} >= 64 * 8 + 7))
chk "smsw: PE" 1 $((0x${sv[smsw]:-0} & 1))
# LAR: access bytes masked by 00FxFF00 (SDM "LAR"): P, DPL 3, S, type;
# G and D/B set for the flat 4 GiB segments.
chk "lar 0x1b" "00000001 c0fa00" "${sv[lar.zf.0000001b]:-} $(printf '%x' $((0x${sv[lar.0000001b]:-0} & 0xf0fe00)))"
chk "lar 0x23" "00000001 c0f200" "${sv[lar.zf.00000023]:-} $(printf '%x' $((0x${sv[lar.00000023]:-0} & 0xf0fe00)))"
for s in 0000001b 00000023; do
	chk "lsl $s" "00000001 ffffffff" "${sv[lsl.zf.$s]:-} ${sv[lsl.$s]:-}"
	chk "verr $s" 00000001 "${sv[verr.zf.$s]:-}"
done
chk "verw 0x1b (code)" 00000000 "${sv[verw.zf.0000001b]:-}"
chk "verw 0x23 (data)" 00000001 "${sv[verw.zf.00000023]:-}"
# DPL 0 descriptors and the null selector are invisible at CPL 3: ZF = 0,
# destination unchanged.
for s in 00000008 00000028 00000000; do
	chk "lar/lsl/verr/verw $s" "00000000 deadbeef 00000000 deadbeef 00000000 00000000" \
		"${sv[lar.zf.$s]:-} ${sv[lar.$s]:-} ${sv[lsl.zf.$s]:-} ${sv[lsl.$s]:-} ${sv[verr.zf.$s]:-} ${sv[verw.zf.$s]:-}"
done

# Coverage: a row counts when some run started it at CPL 3.
awk -F'\t' '{ u[$1] += $3; k[$1] = $2; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
	END { for (j = 1; j <= n; j++) { r = order[j]; if (r ~ /^\(/) continue;
		m++; if (u[r] > 0) c++; else miss = miss " " r "(" k[r] ")" }
	      printf "covered %d of %d table rows\n", c, m
	      if (miss != "") print "not covered:" miss }' "${covs[@]}" | tee "$dir/coverage.txt"
# Every row of the table must be exercised at CPL 3.
if grep -q '^not covered:' "$dir/coverage.txt"; then bad "row coverage incomplete"; else ok; fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
