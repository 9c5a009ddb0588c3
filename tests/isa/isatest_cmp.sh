#!/bin/bash
# Differential test of instruction semantics: isatest run natively (Linux,
# int $0x80) and in build/ia32emu must print byte-identical output.
# usage: isatest_cmp.sh EMU DIR   (DIR holds isatest and isatest.native)
# Prints one comparison per test family (the first word of a line, e.g.
# "adc32"), the first differing lines on failure, and "N passed, N failed".
set -u
emu=$1
dir=$2
pass=0
fail=0
"$emu" run "$dir/isatest" >"$dir/emu.out" 2>"$dir/emu.err"
st=$?
if [ $st -ne 0 ]; then
	echo "FAIL isatest under ia32emu: status $st: $(cat "$dir/emu.err")"
	fail=$((fail + 1))
else
	pass=$((pass + 1))
fi
if ! "$dir/isatest.native" >"$dir/native.out" 2>"$dir/native.err"; then
	# Only a host without i386 support gets here (no IA32 emulation in
	# its kernel): there is no reference to compare with.
	echo "SKIP isatest comparison: the host cannot run the i386 build:" \
		"$(head -c 200 "$dir/native.err")"
	echo "$pass passed, $fail failed"
	[ $fail -eq 0 ]
	exit
fi
# Split both outputs by family and compare family by family.
rm -rf "$dir/fam.n" "$dir/fam.e"
mkdir -p "$dir/fam.n" "$dir/fam.e"
awk -v d="$dir/fam.n" '$1 ~ /^[a-z0-9]+$/ { f = d "/" $1; print >> f; close(f) }' "$dir/native.out"
awk -v d="$dir/fam.e" '$1 ~ /^[a-z0-9]+$/ { f = d "/" $1; print >> f; close(f) }' "$dir/emu.out"
for f in $( (ls "$dir/fam.n"; ls "$dir/fam.e") | sort -u); do
	if cmp -s "$dir/fam.n/$f" "$dir/fam.e/$f"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $f: first differing lines (< native, > ia32emu):"
		diff "$dir/fam.n/$f" "$dir/fam.e/$f" 2>&1 | head -8
	fi
done
# The whole output, byte for byte (catches ordering and the summary lines).
if cmp -s "$dir/native.out" "$dir/emu.out"; then
	pass=$((pass + 1))
	echo "ok   isatest: $(tail -n 1 "$dir/native.out"), outputs identical" \
		"($(wc -c <"$dir/native.out") bytes)"
else
	fail=$((fail + 1))
	echo "FAIL isatest: outputs differ:"
	cmp "$dir/native.out" "$dir/emu.out"
	diff "$dir/native.out" "$dir/emu.out" | head -10
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
