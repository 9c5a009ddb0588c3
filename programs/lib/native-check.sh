#!/bin/sh
# Builds every programs/c/*.c for Linux/i386 (crt0_linux.S + usys_linux.S
# instead of the emulator's crt0.S + usys.S) at -O0 and -O2 into directory
# $1, runs each, and compares its stdout with programs/c/NAME.expected and
# its exit status with 0. With NATIVE_CHECK_UPDATE=1 it rewrites the
# .expected files from the -O2 runs instead.
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi
out=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
cc=${CC:-gcc}
cflags="-m32 -fhosted -fno-builtin -march=i686 -mfpmath=387 -mno-sse -mno-mmx -fno-pic -fno-pie \
 -fno-stack-protector -fcf-protection=none -fno-asynchronous-unwind-tables -nostdinc \
 -isystem $($cc -m32 -print-file-name=include) -I $root/programs/include -I $root/kernel \
 -Wall -Wextra -Werror"
ldflags="-m32 -static -nostdlib -no-pie -Wl,--build-id=none -Wl,-Ttext-segment=0x08048000 \
 -Wl,-e,_start $($cc -m32 -print-libgcc-file-name)"
lib="crt0_linux.S usys_linux.S $(cd "$root/programs/lib" && echo *.c)"

pass=0
fail=0
mkdir -p "$out" || exit 2
# -O2 first, so that an update is what the -O0 build is then compared with.
for opt in -O2 -O0; do
	objs=
	for f in $lib; do
		o=$out/lib$opt-$f.o
		if ! $cc $cflags $opt -c "$root/programs/lib/$f" -o "$o"; then
			echo "FAIL: library $f at $opt does not build" >&2
			exit 1
		fi
		objs="$objs $o"
	done
	for src in "$root"/programs/c/*.c; do
		name=$(basename "$src" .c)
		exe=$out/$name$opt
		expected=$root/programs/c/$name.expected
		# A program with no input file reads an empty stdin.
		input=/dev/null
		[ -f "$root/programs/c/$name.input" ] && input=$root/programs/c/$name.input
		if ! $cc $cflags $opt "$src" $objs $ldflags -o "$exe"; then
			echo "FAIL: $name$opt does not build"
			fail=$((fail + 1))
			continue
		fi
		"$exe" <"$input" >"$exe.out"
		status=$?
		if [ "${NATIVE_CHECK_UPDATE:-0}" = 1 ] && [ "$opt" = -O2 ]; then
			cp "$exe.out" "$expected"
		fi
		if [ $status -ne 0 ]; then
			echo "FAIL: $name$opt exited with status $status"
			fail=$((fail + 1))
		elif ! cmp -s "$exe.out" "$expected"; then
			echo "FAIL: $name$opt output differs from $name.expected"
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	done
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
