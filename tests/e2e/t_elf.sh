# Every class of malformed ELF is refused, through the real binary, with
# status 126 and the exact message naming the problem. The files come from
# tests/elf/mkelf.c: one valid program (exit status 7) and one file per
# class, each broken in exactly one way.
MKELF=$BUILD/tests/mkelf

"$MKELF" valid "$T/valid" && $EMU run "$T/valid" >"$T/out" 2>"$T/err"
expect_eq "mkelf: the unbroken file runs (exit 7)" 7 $?

# elf_refused CLASS MESSAGE [--mem N]
elf_refused() {
	local c=$1 msg=$2
	shift 2
	if ! "$MKELF" "$c" "$T/e_$c"; then
		fail "elf $c" "mkelf failed"
		return
	fi
	$EMU run "$@" "$T/e_$c" >"$T/out" 2>"$T/err"
	local rc=$?
	local got
	got=$(cat "$T/err")
	if [ $rc -eq 126 ] && [ "$got" = "ia32emu: $T/e_$c: $msg" ]; then
		ok "elf $c refused"
	else
		fail "elf $c refused" "status $rc, stderr [$got], want [$msg]"
	fi
}

elf_refused truncated-header "not an ELF file (only 30 bytes)"
elf_refused truncated-phdrs "program headers lie outside the file"
elf_refused truncated-data "segment 0: data lies outside the file"
elf_refused bad-magic "not an ELF file (bad magic)"
elf_refused class64 "a 64-bit (x86-64) program: ia32emu runs 32-bit i386 programs (build with ia32emu-cc, or gcc -m32 -static)"
elf_refused big-endian "not a little-endian ELF file"
elf_refused bad-version "unknown ELF version"
elf_refused machine-x86-64 "not an i386 executable (machine 62)"
elf_refused type-dyn "a position-independent (PIE) program: the ia32emu ABI runs static executables (link with -static -no-pie)"
elf_refused type-rel "not an executable (ELF type 1; link with -static -no-pie)"
elf_refused phentsize "bad program header size 40"
elf_refused phnum-zero "bad number of program headers (0)"
elf_refused phnum-absurd "bad number of program headers (65535)"
elf_refused phoff-huge "program headers lie outside the file"
elf_refused interp "a dynamically linked program: the ia32emu ABI runs static executables (link with -static -no-pie)"
elf_refused interp-long "bad interpreter path (PT_INTERP at 0x0, 4096 bytes)"
elf_refused interp-nonul "the interpreter path (PT_INTERP) is not one string"
# Under the Linux personality the interpreter comes from the root: missing,
# a directory, not an ELF, not position-independent, with one of its own.
mkdir -p "$T/r/lib"
elf_refused interp "cannot load its interpreter /lib/ld-linux.so.2: No such file or directory" --abi linux --root "$T/r"
mkdir "$T/r/lib/ld-linux.so.2"
elf_refused interp "cannot load its interpreter /lib/ld-linux.so.2: Permission denied" --abi linux --root "$T/r"
rmdir "$T/r/lib/ld-linux.so.2"
printf 'not an elf, but long enough to be read as one: 0123456789abcdef' >"$T/r/lib/ld-linux.so.2"
elf_refused interp "its interpreter /lib/ld-linux.so.2: not an ELF file (bad magic)" --abi linux --root "$T/r"
cp "$T/valid" "$T/r/lib/ld-linux.so.2"
elf_refused interp "its interpreter /lib/ld-linux.so.2: not position-independent" --abi linux --root "$T/r"
"$MKELF" interp "$T/r/lib/ld-linux.so.2"
printf '\003\000' | dd of="$T/r/lib/ld-linux.so.2" bs=1 seek=16 conv=notrunc 2>/dev/null # ET_DYN
elf_refused interp "its interpreter /lib/ld-linux.so.2: has an interpreter itself" --abi linux --root "$T/r"
rm -rf "$T/r"
elf_refused filesz-over-memsz "segment 0: file size 0x1000 exceeds memory size 0x800"
elf_refused offset-huge "segment 0: data lies outside the file"
elf_refused filesz-huge "segment 0: data lies outside the file"
USPACE="(0x00001000-0xbffbe000)"
elf_refused memsz-negative "segment 0 at 0x08048000-0x108047000 lies outside user space $USPACE"
elf_refused vaddr-wraps "segment 0 at 0xfffff000-0x100001000 lies outside user space $USPACE"
elf_refused kernel-space "segment 0 at 0xc0000000-0xc0001000 lies outside user space $USPACE"
elf_refused null-page "segment 0 at 0x00000000-0x00001000 lies outside user space $USPACE"
elf_refused stack-guard "segment 0 at 0xbffbe000-0xbffbf000 lies outside user space $USPACE"
elf_refused overlap "segments overlap at 0x08048800"
elf_refused too-many-segments "too many loadable segments"
elf_refused no-load "no loadable segments"
elf_refused entry-outside "entry point 0x08058000 is outside the loadable segments"
elf_refused memsz-beyond-ram "not enough guest memory to load the program (try --mem)" --mem 16

# Files that are not programs at all.
: >"$T/empty"
$EMU run "$T/empty" >"$T/out" 2>"$T/err"
expect_eq "empty file refused" "126 ia32emu: $T/empty: not an ELF file (only 0 bytes)" "$? $(cat "$T/err")"
$EMU run "$T" >"$T/out" 2>"$T/err"
expect_eq "directory refused" "126 ia32emu: $T: is a directory" "$? $(cat "$T/err")"
$EMU run --bare "$T" >"$T/out" 2>"$T/err"
expect_eq "directory refused (bare)" "126 ia32emu: $T: is a directory" "$? $(cat "$T/err")"
truncate -s 65M "$T/big"
$EMU run "$T/big" >"$T/out" 2>"$T/err"
expect_eq "65 MiB file refused" "126 ia32emu: $T/big: file larger than 64 MiB" "$? $(cat "$T/err")"
rm -f "$T/big"
# A program read from a pipe (no size known in advance) still loads.
cat "$T/valid" | $EMU run /dev/stdin >"$T/out" 2>"$T/err"
expect_eq "ELF from a pipe runs" 7 $?
