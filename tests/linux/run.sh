#!/bin/bash
# Hosted C programs (tests/linux/*.c) built with the host's gcc -m32 -static
# (glibc) and with musl, run natively and in ia32emu: the same stdout and
# exit status are required. Usage: BUILD=build tests/linux/run.sh
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
EMU=$PWD/$BUILD/ia32emu
OUT=$BUILD/linux-tests
MUSL_SPECS=$BUILD/musl/musl.specs
mkdir -p "$OUT"
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   $1"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL $1: $2"; }
# The environment ia32emu gives a Linux program by default (docs/linux.md).
DEFENV=(PATH=/usr/local/bin:/usr/bin:/bin HOME=/ TERM=vt100 LANG=C)

run_one() { # NAME BINARY ARGS...
	local name=$1 bin=$2
	shift 2
	local w="$OUT/$name.d"
	rm -rf "$w"
	mkdir -p "$w/nat" "$w/emu"
	# The program lies in its root and is run as ./prog in both worlds,
	# so that it can exec itself.
	cp "$bin" "$w/nat/prog"
	cp "$bin" "$w/emu/prog"
	(cd "$w/nat" && env -i "${DEFENV[@]}" ./prog "$@" >../nat.out 2>../nat.err </dev/null)
	local ns=$?
	(cd "$w/emu" && timeout 60 "$EMU" run --root . ./prog "$@" >../emu.out 2>../emu.err </dev/null)
	local es=$?
	if [ "$ns" != "$es" ]; then
		fail "$name" "status native $ns, ia32emu $es ($(head -c 300 "$w/emu.err"))"
	elif ! cmp -s "$w/nat.out" "$w/emu.out"; then
		fail "$name" "stdout differs: $(diff "$w/nat.out" "$w/emu.out" | head -5 | tr '\n' ' ')"
	else
		ok "$name"
	fi
}

for src in tests/linux/*.c; do
	t=$(basename "$src" .c)
	args=()
	[ -f "tests/linux/$t.args" ] && read -r -a args <"tests/linux/$t.args"
	if gcc -m32 -static -O2 -o "$OUT/$t-glibc" "$src" 2>"$OUT/$t-glibc.log"; then
		run_one "linux $t (glibc)" "$PWD/$OUT/$t-glibc" "${args[@]}"
	else
		fail "linux $t (glibc)" "gcc -m32 -static failed: $(head -3 "$OUT/$t-glibc.log")"
	fi
	if gcc -m32 -static -O2 -specs="$MUSL_SPECS" -o "$OUT/$t-musl" "$src" 2>"$OUT/$t-musl.log"; then
		run_one "linux $t (musl)" "$PWD/$OUT/$t-musl" "${args[@]}"
	else
		fail "linux $t (musl)" "musl build failed: $(head -3 "$OUT/$t-musl.log")"
	fi
done
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
