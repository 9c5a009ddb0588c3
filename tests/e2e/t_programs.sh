# The C test programs, at -O0 and -O2, against their expected output (made
# by running the same sources natively on this machine's CPU).
for exp in programs/c/*.expected; do
	name=$(basename "$exp" .expected)
	for opt in O0 O2; do
		$EMU run --max-insns 2000000000 $P/c/$name-$opt >"$T/out" 2>"$T/err"
		st=$?
		if [ $st -ne 0 ]; then
			fail "program $name-$opt" "status $st: $(head -c 300 "$T/err")"
		elif cmp -s "$T/out" "$exp"; then
			ok "program $name-$opt"
		else
			fail "program $name-$opt" "output differs: $(diff "$T/out" "$exp" | head -3 | paste -sd' ')"
		fi
	done
done
