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
# ia32emu strace on a glibc program through the real binary: the Linux
# decoders name the calls and decode their arguments and errors.
strace_line() { # NAME LINE: LINE is one whole line of the trace (fixed string)
	if grep -Fxq -- "$2" "$OUT/strace.d/trace"; then ok "$1"; else fail "$1" "no line [$2]"; fi
}
if [ -x "$OUT/files-glibc" ]; then
	rm -rf "$OUT/strace.d"
	mkdir -p "$OUT/strace.d/root"
	cp "$OUT/files-glibc" "$OUT/strace.d/root/prog"
	(cd "$OUT/strace.d/root" && timeout 60 "$EMU" strace --root . -o ../trace ./prog \
		>../stdout 2>../stderr </dev/null)
	st=$?
	if [ "$st" = 0 ]; then ok "strace files (glibc): status 0"; else fail "strace files (glibc)" "status $st"; fi
	strace_line "strace: readlink of /proc/self/exe" \
		'readlink("/proc/self/exe", "/prog", 4096) = 5'
	strace_line "strace: mkdir EEXIST" 'mkdir("d", 0755) = -17 EEXIST (File exists)'
	strace_line "strace: stat64 EFAULT" 'stat64("d", 0x1) = -14 EFAULT (Bad address)'
	strace_line "strace: lstat64 of a kernel pointer" \
		'lstat64("d", 0xc0000000) = -14 EFAULT (Bad address)'
	strace_line "strace: symlink" 'symlink("f", "d/l") = 0'
	strace_line "strace: readlink fills its buffer" 'readlink("d/l", "f", 256) = 1'
	strace_line "strace: getcwd" 'getcwd("/d", 256) = 3'
	if grep -Eq '^getcwd\(0x[0-9a-f]+, 1\) = -34 ERANGE \(Numerical result out of range\)$' \
		"$OUT/strace.d/trace"; then ok "strace: getcwd ERANGE"; else fail "strace: getcwd ERANGE" "no line"; fi
	strace_line "strace: rename EBUSY" 'rename(".", "x") = -16 EBUSY (Device or resource busy)'
	strace_line "strace: rmdir ENOTEMPTY" 'rmdir("d") = -39 ENOTEMPTY (Directory not empty)'
	strace_line "strace: unlinkat AT_REMOVEDIR" \
		'unlinkat(AT_FDCWD, "d/g", AT_REMOVEDIR) = -20 ENOTDIR (Not a directory)'
	strace_line "strace: mkdirat on a directory fd" 'mkdirat(3, "sub", 0700) = 0'
	strace_line "strace: renameat" 'renameat(3, "sub", 3, "sub2") = 0'
	strace_line "strace: readlinkat" 'readlinkat(3, "l", "f", 256) = 1'
	strace_line "strace: symlinkat" 'symlinkat("g", 3, "l2") = 0'
	strace_line "strace: linkat" 'linkat(3, "g", 3, "g2", 0) = 0'
	strace_line "strace: fchdir" 'fchdir(3) = 0'
	# --read-only holds for the path calls: every change is EROFS (after
	# the lookup, as Linux: the tree holds d/f and d/g for that).
	mkdir -p "$OUT/strace.d/root/d"
	echo hello >"$OUT/strace.d/root/d/f"
	echo hello >"$OUT/strace.d/root/d/g"
	(cd "$OUT/strace.d/root" && timeout 60 "$EMU" strace --root . --read-only -o ../trace.ro \
		./prog >/dev/null 2>&1 </dev/null)
	for l in 'mkdir("d", 0755) = -17 EEXIST (File exists)' \
		'openat(AT_FDCWD, "d/f", O_WRONLY|O_CREAT|O_EXCL, 0640) = -17 EEXIST (File exists)' \
		'mkdir("nonexist/x", 0755) = -2 ENOENT (No such file or directory)' \
		'symlink("f", "d/l") = -30 EROFS (Read-only file system)' \
		'rename("d/f", "d/g") = -30 EROFS (Read-only file system)' \
		'link("d/g", "d/h") = -30 EROFS (Read-only file system)' \
		'chmod("d/g", 0600) = -30 EROFS (Read-only file system)'; do
		if grep -Fxq -- "$l" "$OUT/strace.d/trace.ro"; then ok "read-only: $l"; else fail "read-only" "no line [$l]"; fi
	done
	if grep -q "unknown linux system call" "$OUT/strace.d/stderr"; then
		fail "strace files (glibc): no unknown call" "$(head -2 "$OUT/strace.d/stderr")"
	else
		ok "strace files (glibc): no unknown call"
	fi
fi
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
