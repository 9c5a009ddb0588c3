#!/bin/bash
# Debian's own i386 programs (coreutils, bash, grep, sed, gawk, findutils,
# diffutils, perl, sqlite3, lua, jq, openssl; dynamically linked against Debian's i386
# glibc, unpacked by tests/linux/deps.sh into BUILD/debian/root) run in
# ia32emu with that tree as the root: each command's stdout and exit
# status must be those of the host's own (x86-64) build of the same
# Debian release's program. Usage: BUILD=build tests/linux/debian.sh
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
EMU=$PWD/$BUILD/ia32emu
R=$PWD/$BUILD/debian/root
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   $1"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL $1: $2"; }
if [ ! -x "$R/bin/bash" ] || [ ! -e "$R/lib/ld-linux.so.2" ]; then
	fail "debian root" "$R holds no bash or ld-linux.so.2 (tests/linux/deps.sh)"
	echo "$PASS passed, $FAIL failed"
	exit 1
fi
W=$R/w
rm -rf "$W"
mkdir -p "$W" "$R/tmp"
printf 'banana\napple\ncherry\napple\n' >"$W/in.txt"
printf 'b,2\na,1\nc,3\n' >"$W/t.csv"

# each COMMAND: bash -c COMMAND natively in $W and in ia32emu in /w.
each() {
	local nat emu ns es
	nat=$(cd "$W" && env -i PATH=/usr/bin:/bin LC_ALL=C bash -c "$1" 2>/dev/null)
	ns=$?
	emu=$(cd "$W" && timeout 120 "$EMU" run --root "$R" --env PATH=/usr/bin:/bin \
		--env LC_ALL=C "$R/bin/bash" -c "cd /w && $1" 2>"$W/emu.err")
	es=$?
	if grep -q "unknown linux system call\|ia32emu:" "$W/emu.err"; then
		fail "debian: $1" "$(head -2 "$W/emu.err" | tr '\n' ' ')"
	elif [ "$ns" != "$es" ]; then
		fail "debian: $1" "status native $ns, ia32emu $es ($(head -c 200 "$W/emu.err"))"
	elif [ "$nat" != "$emu" ]; then
		fail "debian: $1" "stdout differs: [$(echo "$emu" | head -3 | tr '\n' '|')] want [$(echo "$nat" | head -3 | tr '\n' '|')]"
	else
		ok "debian: $1"
	fi
}

each 'echo ${BASH_VERSINFO[0]}; for i in 3 1 2; do echo $i; done | sort -n | tr "\n" " "'
each 'sort in.txt | uniq -c | sort -rn'
each 'ls -l in.txt | cut -d" " -f1,5; ls -a | sort'
each 'wc in.txt; sha256sum in.txt; md5sum < in.txt; cksum in.txt'
each 'seq 1 3 20 | paste -sd+; seq -w 8 10'
each 'grep -n an in.txt; grep -c apple in.txt; grep -E "^(b|c)" in.txt'
each 'sed -e "s/a/A/g" -e 2d in.txt'
each 'awk -F, "{s+=\$2; n[\$1]=\$2} END {printf \"%d %.3f\n\", s, s/NR; for (k in n) c++; print c}" t.csv'
each 'sort -t, -k2,2n t.csv | head -2; sort -u in.txt | tac'
each 'mkdir -p d/e && touch d/e/f && find d | sort && rm -r d && ls d 2>&1; echo $?'
each 'cp in.txt c.txt && cmp in.txt c.txt && mv c.txt m.txt && ls m.txt && rm m.txt'
each 'ln -s in.txt l && readlink l && stat -c "%s %F" in.txt && rm l'
each 'date -u -d @86400 +%Y-%m-%dT%H:%M; printf "%05.2f %x\n" 3.14159 255; expr 6 \* 7'
each 'x=$(head -c 3 in.txt); echo "[$x]"; declare -A m; m[k]=v; echo ${m[k]} ${#m[@]}'
each 'perl -e "my @a = sort { \$b <=> \$a } (5, 3, 9); print qq(@a\n); printf qq(%.4f\n), atan2(1,1)*4"'
each 'printf "create table t(a,b); insert into t values(1,2),(3,4); select sum(a*b) from t;\n" | sqlite3'
# No lua on the host: its output as Lua 5.4 prints it.
emu=$(timeout 60 "$EMU" run --root "$R" "$R/usr/bin/lua5.4" -e \
	'local s=0 for i=1,100 do s=s+i*i end print(s, string.format("%.2f", math.pi), 7 // 2)' 2>&1)
if [ "$emu" = "$(printf '338350\t3.14\t3')" ]; then ok "debian: lua5.4"; else fail "debian: lua5.4" "[$emu]"; fi
each 'trap "echo trapped" USR1; kill -USR1 $$; (exit 3); echo $?; false | true; echo ${PIPESTATUS[@]}'
each 'sleep 0.05 & wait $!; echo waited; timeout 1 sleep 5; echo $?'
each 'echo "{\"a\":[1,2,3],\"b\":\"x\"}" | jq -c "{s: (.a | add), b}"; echo hello | openssl dgst -sha256'
each 'diff <(echo a) <(echo b); echo $?; cat <(seq 2) /dev/stdin <<< from-stdin; echo err >/dev/stderr'
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
