#!/bin/bash
# The x87 differential (make fpu-check): programs/fputest natively (Linux,
# int $0x80, the host CPU's FPU) and under ia32emu must print the same,
# line for line, with one exception:
#
#   A transcendental (fsin fcos fsincos fptan fpatan f2xm1 fyl2x fyl2xp1)
#   may differ in a register's 64-bit significand by 1 unit in the last
#   place, sign, exponent and every other field being equal: Intel
#   documents these instructions as accurate to 1 ulp (SDM vol. 1 §8.3.10),
#   not as reproducible, and an FPU implemented another way would be
#   right to differ there. ia32emu runs them on the host's x87 (cpu/fpu/
#   host.c), so on x86 it is exact and this rule is not used.
#
# usage: fpu_check.sh EMU DIR   (DIR holds fputest and fputest.native)
set -u
emu=$1
dir=$2
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

"$emu" run "$dir/fputest" >"$dir/fpu.emu" 2>"$dir/fpu.emu.err"
st=$?
if [ $st -ne 0 ]; then
	bad "fputest under ia32emu: status $st: $(head -c 300 "$dir/fpu.emu.err")"
fi
if ! "$dir/fputest.native" >"$dir/fpu.native" 2>&1; then
	echo "SKIP fputest comparison: the host cannot run the i386 build"
	echo "$pass passed, $fail failed"
	[ $fail -eq 0 ]
	exit
fi

# 1 when two register fields are equal but for 1 ulp of the significand.
one_ulp() {
	local a=$1 b=$2
	[ "${a:0:4}" = "${b:0:4}" ] || return 1
	local x=$((16#${a:4:8})) y=$((16#${b:4:8})) p=$((16#${a:12:8})) q=$((16#${b:12:8}))
	local d=$(((x * 4294967296 + p) - (y * 4294967296 + q)))
	[ $d -ge -1 ] && [ $d -le 1 ]
}

# A differing line is accepted only under the rule above.
within_rule() {
	local n=$1 e=$2
	case ${n%% *} in fsin | fcos | fsincos | fptan | fpatan | f2xm1 | fyl2x | fyl2xp1) ;; *) return 1 ;; esac
	local -a fa fb
	read -ra fa <<<"$n"
	read -ra fb <<<"$e"
	[ ${#fa[@]} -eq ${#fb[@]} ] || return 1
	for k in "${!fa[@]}"; do
		[ "${fa[$k]}" = "${fb[$k]}" ] && continue
		case ${fa[$k]} in st?=*) ;; *) return 1 ;; esac
		[ "${fa[$k]%%=*}" = "${fb[$k]%%=*}" ] || return 1
		one_ulp "${fa[$k]#*=}" "${fb[$k]#*=}" || return 1
	done
}

if [ "$(wc -l <"$dir/fpu.native")" -ne "$(wc -l <"$dir/fpu.emu")" ]; then
	bad "fputest: $(wc -l <"$dir/fpu.native") lines natively, $(wc -l <"$dir/fpu.emu") under ia32emu"
	diff "$dir/fpu.native" "$dir/fpu.emu" | head -6
elif cmp -s "$dir/fpu.native" "$dir/fpu.emu"; then
	ok "fputest: $(tail -n 1 "$dir/fpu.native"), outputs identical ($(wc -c <"$dir/fpu.native") bytes)"
else
	nd=0
	nbad=0
	while IFS='|' read -r n e; do
		nd=$((nd + 1))
		if ! within_rule "$n" "$e"; then
			nbad=$((nbad + 1))
			[ $nbad -le 6 ] && printf '  < %s\n  > %s\n' "$n" "$e"
		fi
	done < <(paste -d'|' "$dir/fpu.native" "$dir/fpu.emu" | awk -F'|' '$1 != $2')
	if [ $nbad -eq 0 ]; then
		ok "fputest: $nd lines differ, each by 1 ulp of a transcendental"
	else
		bad "fputest: $nbad lines differ (< native, > ia32emu)"
	fi
fi
# Family by family, for the summary (the first word of each line).
fams=$(awk '{ print $1 }' "$dir/fpu.native" | sort -u | wc -l)
echo "fputest: $fams instruction families compared"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
