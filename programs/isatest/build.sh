#!/bin/sh
# Builds isatest twice from the same source into OUTDIR:
#   OUTDIR/isatest         for ia32emu  (programs/lib/crt0.S + usys.S)
#   OUTDIR/isatest.native  for Linux/i386 (crt0_linux.S + usys_linux.S)
# and, with --run, runs the native build twice and checks the two outputs are identical
# (OUTDIR/isatest.native.out). OPT (default -O1) selects the optimisation level.
set -eu
if [ $# -lt 1 ]; then
	echo "usage: $0 OUTDIR [--run]" >&2
	exit 2
fi
out=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cc=${CC:-gcc}
opt=${OPT:--O1}
cflags="-m32 -ffreestanding -fno-pic -fno-pie -fno-stack-protector -fcf-protection=none \
 -mgeneral-regs-only -fno-asynchronous-unwind-tables -nostdinc \
 -isystem $($cc -m32 -print-file-name=include) -I $root/kernel -Wall -Wextra -Werror $opt"
ldflags="-m32 -static -nostdlib -no-pie -Wl,--build-id=none -Wl,-Ttext-segment=0x08048000 \
 -Wl,-e,_start"
src="$here/isatest.c $here/t_alu.c $here/t_muldiv.c $here/t_shift.c $here/t_bit.c \
 $here/t_cc.c $here/t_mov.c $here/t_stack.c $here/t_ctl.c $here/t_str.c $here/t_bcd.c \
 $here/t_misc.c"
mkdir -p "$out"
$cc $cflags -o "$out/isatest" $src "$root/programs/lib/crt0.S" "$root/programs/lib/usys.S" \
	$ldflags
$cc $cflags -o "$out/isatest.native" $src "$root/programs/lib/crt0_linux.S" \
	"$root/programs/lib/usys_linux.S" $ldflags
if [ "${2:-}" = --run ]; then
	"$out/isatest.native" >"$out/isatest.native.out"
	"$out/isatest.native" >"$out/isatest.native.out2"
	cmp "$out/isatest.native.out" "$out/isatest.native.out2"
	tail -n 1 "$out/isatest.native.out"
fi
