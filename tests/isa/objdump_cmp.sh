#!/bin/bash
# The disassembler against GNU objdump on a generated corpus: every row of
# the opcode table in many encodings (gencorpus). Instruction boundaries and
# text must be identical after whitespace folding; a difference prints the
# row, the bytes and both texts. One result per table row, then
# "N passed, N failed".
# usage: objdump_cmp.sh EMU GENCORPUS WORKDIR [PER_ROW]
set -u
emu=$1
gen=$2
dir=$3
per=${4:-300}
mkdir -p "$dir"
if ! command -v objdump >/dev/null; then
	echo "FAIL objdump is not installed (binutils)"
	echo "0 passed, 1 failed"
	exit 1
fi
n=$("$gen" "$dir/corpus.bin" "$dir/corpus.idx" "$per") || exit 1
# The normalisation of tests/e2e/t_objdump.sh: OFFSET<TAB>TEXT, blanks folded.
objdump -D -b binary -mi386 -w "$dir/corpus.bin" |
	awk -F'\t' '/^ *[0-9a-f]+:\t/ { o = $1; gsub(/ /, "", o); t = $3; gsub(/ +/, " ", t); sub(/ $/, "", t); print o "\t" t }' >"$dir/objdump.txt"
"$emu" disasm --raw "$dir/corpus.bin" |
	awk -F'\t' '{ t = $2; gsub(/ +/, " ", t); sub(/ $/, "", t); print $1 "\t" t }' >"$dir/ours.txt"
# Join on the offset: a boundary difference shows up as an offset one side
# lacks. Each generated instruction is judged by its own line.
awk -F'\t' -v shown=0 '
	FILENAME == ARGV[1] { od[$1] = $2; next }
	FILENAME == ARGV[2] { us[$1] = $2; next }
	{ o = $1 ":"; row = $2; rows[row] = 1
	  if ((o in od) && (o in us) && od[o] == us[o]) next
	  bad[row]++
	  if (shown++ < 20)
		printf "FAIL %s: bytes %s\n  objdump: %s\n  ia32emu: %s\n", row, $3,
			(o in od) ? od[o] : "(no instruction here)", (o in us) ? us[o] : "(no instruction here)" }
	END { for (r in rows) if (r in bad) f++; else p++
	      for (r in bad) printf "FAIL row %s: %d of its encodings differ\n", r, bad[r]
	      printf "%d passed, %d failed\n", p, f }' \
	"$dir/objdump.txt" "$dir/ours.txt" "$dir/corpus.idx" >"$dir/result.txt"
tail -n 1 "$dir/result.txt" | grep -q ' 0 failed$'
st=$?
grep -v ' passed, ' "$dir/result.txt" | head -40
echo "objdump corpus: $n encodings, $(wc -c <"$dir/corpus.bin") bytes," \
	"$(wc -l <"$dir/objdump.txt") instructions by objdump, $(wc -l <"$dir/ours.txt") by ia32emu"
tail -n 1 "$dir/result.txt"
exit $st
