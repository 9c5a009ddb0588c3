#!/bin/sh
# Builds fputest twice from the same source into OUTDIR, as isatest is built
# (programs/isatest/build.sh):
#   OUTDIR/fputest         for ia32emu  (programs/lib/crt0.S + usys.S)
#   OUTDIR/fputest.native  for Linux/i386 (crt0_linux.S + usys_linux.S)
set -eu
out=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cc=${CC:-gcc}
cflags="-m32 -ffreestanding -fno-pic -fno-pie -fno-stack-protector -fcf-protection=none \
 -mgeneral-regs-only -fno-asynchronous-unwind-tables -nostdinc \
 -isystem $($cc -m32 -print-file-name=include) -I $root/kernel -Wall -Wextra -Werror -O1"
ldflags="-m32 -static -nostdlib -no-pie -Wl,--build-id=none -Wl,-Ttext-segment=0x08048000 \
 -Wl,-e,_start"
mkdir -p "$out"
$cc $cflags -o "$out/fputest" "$here/fputest.c" "$root/programs/lib/crt0.S" \
	"$root/programs/lib/usys.S" $ldflags
$cc $cflags -o "$out/fputest.native" "$here/fputest.c" "$root/programs/lib/crt0_linux.S" \
	"$root/programs/lib/usys_linux.S" $ldflags
