# The disassembler against objdump on the .text of every program: same
# instruction boundaries, same text (whitespace folded).
norm_objdump() {
	objdump -D -b binary -mi386 -w "$1" |
		awk -F'\t' '/^ *[0-9a-f]+:\t/ { o = $1; gsub(/ /, "", o); t = $3; gsub(/ +/, " ", t); sub(/ $/, "", t); print o "\t" t }'
}
norm_ours() {
	$EMU disasm --raw "$1" | awk -F'\t' '{ t = $2; gsub(/ +/, " ", t); sub(/ $/, "", t); print $1 "\t" t }'
}
for prog in $(find $P -type f -perm -u+x | sort); do
	objcopy -O binary --only-section=.text "$prog" "$T/text.bin" 2>/dev/null || continue
	[ -s "$T/text.bin" ] || continue
	norm_objdump "$T/text.bin" >"$T/a"
	norm_ours "$T/text.bin" >"$T/b"
	if cmp -s "$T/a" "$T/b"; then
		ok "objdump agrees on ${prog#$P/} ($(wc -l <"$T/a") instructions)"
	else
		fail "objdump agrees on ${prog#$P/}" "$(diff "$T/a" "$T/b" | head -4 | paste -sd' ')"
	fi
done
