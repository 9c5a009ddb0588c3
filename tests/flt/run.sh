#!/bin/bash
# Floating point in users' programs (issue 16): printf, strtod and the math
# functions of the user library against the host's glibc. Each program in
# tests/flt is built three ways from one source: with ia32emu-cc (run in
# ia32emu), natively against the user library (crt0_linux.S, usys_linux.S),
# and natively against glibc (gcc -m32 -lm), whose output is the expected
# one, made here at test time. printf and strtod must match byte for byte;
# the math functions within the ulps stated in programs/lib/math.c (ulpcmp).
# Then ia32emu-cc's own promises: main without return, -lm, the names in
# its error messages.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
EMU=${EMU:-$BUILD/ia32emu}
CC=$BUILD/ia32emu-cc
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/e2e/lib.sh

GI=$(gcc -m32 -print-file-name=include)
NATIVE_CFLAGS="-m32 -fhosted -fno-builtin -march=i686 -mfpmath=387 -mno-sse -mno-mmx -fno-pic
 -fno-pie -fno-stack-protector -fcf-protection=none -fno-asynchronous-unwind-tables -nostdinc
 -I programs/include -isystem $GI -I kernel -D_LIBC_LIMITS_H_ -O2"
LIBSRC=$(ls programs/lib/*.c)
# shellcheck disable=SC2086
gcc $NATIVE_CFLAGS -c programs/lib/crt0_linux.S -o "$T/crt0_linux.o" &&
	gcc $NATIVE_CFLAGS -c programs/lib/usys_linux.S -o "$T/usys_linux.o" || exit 1
for f in $LIBSRC; do
	# shellcheck disable=SC2086
	gcc $NATIVE_CFLAGS -c "$f" -o "$T/lib-$(basename "$f" .c).o" || exit 1
done
gcc -O2 -Wall -Wextra -o "$T/ulpcmp" tests/flt/ulpcmp.c || exit 1

# Does this ia32emu run x87 code? (Not before the FPU of issue 16.)
printf 'int main(int c, char **v) { volatile double d = c; (void)v; return (int)(d * 2.5); }\n' \
	>"$T/probe.c"
"$CC" -O2 "$T/probe.c" -o "$T/probe" >/dev/null 2>&1
"$EMU" run "$T/probe" >/dev/null 2>"$T/probe.err"
st=$?
HAVE_FPU=1
if [ $st -eq 132 ] && grep -q "x87 FPU instruction, not in the subset" "$T/probe.err"; then
	HAVE_FPU=0 # #UD on x87 opcodes: only the native runs mean something
	echo "skip emulator runs: $EMU has no x87 FPU yet (#UD on the probe)"
else
	expect_eq "x87 probe: (int)(1 * 2.5) in ia32emu" "2" "$st"
fi

for name in printf_cmp printf_extreme_cmp strtod_cmp math_cmp complex_cmp classify_cmp rounding_cmp; do
	src=tests/flt/$name.c
	gcc -m32 -O2 -o "$T/$name.glibc" "$src" -lm 2>"$T/err" ||
		{ fail "$name: glibc build" "$(head -c 300 "$T/err")"; continue; }
	# shellcheck disable=SC2086
	gcc $NATIVE_CFLAGS -o "$T/$name.native" "$T/crt0_linux.o" "$src" "$T"/lib-*.o \
		"$T/usys_linux.o" -static -nostdlib -no-pie -Wl,-e,_start \
		"$(gcc -m32 -print-libgcc-file-name)" 2>"$T/err" ||
		{ fail "$name: native build" "$(head -c 300 "$T/err")"; continue; }
	"$CC" -O2 -Wall -Werror -Wno-format "$src" -o "$T/$name.emu" -lm 2>"$T/err" ||
		{ fail "$name: ia32emu-cc build" "$(head -c 300 "$T/err")"; continue; }
	"$T/$name.glibc" >"$T/$name.want"
	runs="native"
	"$T/$name.native" >"$T/$name.native.out"
	if [ "$HAVE_FPU" = 1 ]; then
		runs="native emu"
		"$EMU" run --max-insns 20000000000 "$T/$name.emu" >"$T/$name.emu.out" 2>"$T/err" ||
			fail "$name in ia32emu" "status $?: $(head -c 300 "$T/err")"
	fi
	for r in $runs; do
		got=$T/$name.$r.out
		if [ "$name" = math_cmp ]; then
			if "$T/ulpcmp" "$got" "$T/$name.want" >"$T/cmp"; then
				ok "$name ($r) within the documented ulps of glibc: $(tail -1 "$T/cmp")"
			else
				fail "$name ($r)" "$(grep -m3 FAIL "$T/cmp" | paste -sd' ')"
			fi
		elif cmp -s "$got" "$T/$name.want"; then
			ok "$name ($r) identical to glibc ($(wc -l <"$got") lines)"
		else
			fail "$name ($r)" "differs from glibc: $(diff "$got" "$T/$name.want" | head -4 | paste -sd' ')"
		fi
	done
done

# x87 code only: no SSE or MMX register anywhere in a floating-point program
# (its library included) nor in the bundled programs.
n=0
for f in "$T"/*.emu "$BUILD"/programs/hello "$BUILD"/programs/c/*-O2; do
	[ -f "$f" ] && n=$((n + $(objdump -d "$f" | grep -cE '%x?mm[0-9]')))
done
expect_eq "no SSE/MMX instruction in guest programs" "0" "$n"
expect_eq "... but x87 ones in the floating-point programs" "1" \
	"$(objdump -d "$T/math_cmp.emu" | grep -qE '\sfsqrt|\sfpatan' && echo 1)"

# main without return returns 0 (C99 5.1.2.2.3), even when eax held other.
cat >"$T/noret.c" <<'PROG'
#include <stdio.h>
static int __attribute__((noinline)) seven(void) { return 7; }
int main(void)
{
	printf("%d\n", seven());
}
PROG
"$CC" -O0 "$T/noret.c" -o "$T/noret" 2>"$T/err"
expect_eq "cc: builds main without return" "" "$(cat "$T/err")"
out=$("$EMU" run "$T/noret")
expect_eq "cc: main without return exits 0" "7 0" "$out $?"
# -lm is accepted (the library holds <math.h>) and the host's libm is not linked.
printf '#include <math.h>\nint main(void) { return (int)fabs(-3.0); }\n' >"$T/lm.c"
"$CC" "$T/lm.c" -o "$T/lm" -lm 2>"$T/err"
expect_eq "cc: -lm accepted" "0 " "$? $(cat "$T/err")"
expect_eq "cc: ... and no glibc code linked in" "" "$(nm "$T/lm" | grep -E ' (__libc|_IO_|__ieee754)')"
# No soft-float helper is ever needed: double arithmetic, conversions, complex.
cat >"$T/ops.c" <<'PROG'
#include <stdio.h>
int main(int argc, char **argv)
{
	volatile double d = argc * 1.5;
	volatile unsigned long long u = (unsigned long long)(d * 1e18);
	_Complex double z = d + 2.0 * __builtin_complex(0.0, 1.0);
	z = z * z;
	printf("%llu %g %g %d\n", u, (double)u, __real__ z, __builtin_popcount(argc + 6));
	(void)argv;
	return 0;
}
PROG
"$CC" -O2 "$T/ops.c" -o "$T/ops" 2>"$T/err"
expect_eq "cc: double, 64-bit conversions, complex multiply link" "0 " "$? $(cat "$T/err")"
if [ "$HAVE_FPU" = 1 ]; then
	expect_eq "cc: ... and run" "1500000000000000000 1.5e+18 -1.75 3" "$("$EMU" run "$T/ops")"
fi
# An undefined function: the linker's error, then a line naming it.
printf 'double cbrt(double);\nint main(void) { return (int)cbrt(8.0); }\n' >"$T/undef.c"
"$CC" "$T/undef.c" -o "$T/undef" 2>"$T/err"
expect_eq "cc: an undefined function fails the link" "1" "$?"
expect_grep "cc: ... naming the function" "^ia32emu-cc: 'cbrt' is not defined by your program or by ia32emu's user library" "$T/err"
# A header the library lacks: gcc's own message, naming it.
printf '#include <complex.h>\nint main(void) { return 0; }\n' >"$T/hdr.c"
"$CC" "$T/hdr.c" -o "$T/hdr" 2>"$T/err"
expect_grep "cc: a missing header is named" "complex.h: No such file" "$T/err"
# <float.h> is gcc's own.
printf '#include <float.h>\n#include <stdio.h>\nint main(void) { printf("%%d %%d %%d\\n", DBL_MANT_DIG, LDBL_MANT_DIG, FLT_EVAL_METHOD); return 0; }\n' >"$T/fl.c"
"$CC" "$T/fl.c" -o "$T/fl" 2>"$T/err"
expect_eq "cc: <float.h> found" "0 " "$? $(cat "$T/err")"
summary
