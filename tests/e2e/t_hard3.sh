# Hardening, round 2, continued: the Multiboot a.out kludge (header flags
# bit 16, Multiboot 0.6.96 §3.1.3) in bare mode, compared with
# qemu-system-i386 (make e2e installs it: tests/qemu_deps.sh).
MBQEMU="qemu-system-i386 -display none -debugcon stdio -device isa-debug-exit,iobase=0xf4 -no-reboot"
# put32 FILE OFFSET VALUE: a little-endian 32-bit patch.
put32() {
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($3 & 255)) $((($3 >> 8) & 255)) \
		$((($3 >> 16) & 255)) $((($3 >> 24) & 255)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
if gcc -m32 -c tests/bare/mb_aout.S -o "$T/mba.o" &&
	ld -m elf_i386 -Ttext 0x100000 --oformat binary "$T/mba.o" -o "$T/mba.bin"; then
	# A valid kludge kernel (a flat binary: no ELF header to go by) runs,
	# its bytes past load_end_addr left out and its bss zero.
	$EMU run --bare "$T/mba.bin" >"$T/out" 2>"$T/err"
	expect_eq "a.out kludge kernel runs (status 11)" "11 a.out kludge ok" "$? $(cat "$T/out")"
	# load_end_addr 0: "load to the end of the file", the trailer too.
	cp "$T/mba.bin" "$T/mba_all.bin"
	put32 "$T/mba_all.bin" 20 0
	$EMU run --bare "$T/mba_all.bin" >"$T/out" 2>"$T/err"
	expect_eq "a.out kludge, load_end_addr 0 loads the whole file (status 13)" 13 $?
	if need_qemu "a.out kludge"; then
		for f in mba mba_all; do
			$EMU run --bare "$T/$f.bin" >"$T/eout" 2>/dev/null
			echo "status $?" >>"$T/eout"
			timeout 60 $MBQEMU -kernel "$T/$f.bin" >"$T/qout" 2>/dev/null
			echo "status $?" >>"$T/qout"
			expect_eq "a.out kludge $f: the same on QEMU" "$(cat "$T/qout")" "$(cat "$T/eout")"
		done
	fi
	# The kludge applies to an ELF file too (its fields win over the ELF
	# headers, spec §3.1.3, as in QEMU): the same kernel linked as ELF.
	if ld -m elf_i386 -Ttext 0x100000 "$T/mba.o" -o "$T/mba.elf"; then
		$EMU run --bare "$T/mba.elf" >"$T/out" 2>"$T/err"
		expect_eq "a.out kludge in an ELF file runs (status 11)" "11 a.out kludge ok" "$? $(cat "$T/out")"
		if need_qemu "a.out kludge in an ELF file"; then
			timeout 60 $MBQEMU -kernel "$T/mba.elf" >"$T/qout" 2>/dev/null
			expect_eq "a.out kludge in an ELF file: the same on QEMU" "11 a.out kludge ok" "$? $(cat "$T/qout")"
		fi
	fi
	# Malformed headers: each refused with a message naming the field,
	# status 126, before the guest runs. (offset|value|message)
	n=0
	while IFS='|' read -r off val msg; do
		[ -z "$off" ] && continue
		n=$((n + 1))
		cp "$T/mba.bin" "$T/bad$n.bin"
		for o in $off; do put32 "$T/bad$n.bin" "$o" "$val"; done
		$EMU run --bare "$T/bad$n.bin" >"$T/out" 2>"$T/err"
		expect_eq "a.out kludge refused ($msg): status 126" 126 $?
		expect_grep "a.out kludge refused: $msg" "^ia32emu: $T/bad$n.bin: a.out kludge: $msg" "$T/err"
		if [ -s "$T/out" ]; then fail "a.out kludge refused ($msg): the guest never ran" "$(cat "$T/out")"; fi
	done <<'TABLE'
16|0x100004|load_addr 0x00100004 is above header_addr 0x00100000$
16|0x0ff000|load_addr 0x000ff000 would start 0x1000 bytes before the file
20|0x0ff000|load_end_addr 0x000ff000 is below load_addr 0x00100000$
20|0x200000|load_end_addr 0x00200000 is past the end of the file
24|0x100010|bss_end_addr 0x00100010 is below the end of the loaded image \(0x00100094\)$
24|0xfffff000|image 0x00100000-0xfffff000 lies outside guest memory
12 16 20 24|0xfff00000|image 0xfff00000-0xfff00000 lies outside guest memory
28|0xf0000000|entry_addr 0xf0000000 lies outside guest memory
TABLE
	# A 2 GiB bss is refused before guest memory is touched (resident
	# memory stays small: nothing was zeroed).
	cp "$T/mba.bin" "$T/big.bin"
	put32 "$T/big.bin" 24 0x80100000
	rss=$( { /usr/bin/time -f 'rss %M' $EMU run --bare --mem 1024 "$T/big.bin" >/dev/null 2>"$T/err.big"; } 2>&1; grep '^rss' "$T/err.big")
	expect_grep "a.out kludge 2 GiB bss: refused" 'a.out kludge: image 0x00100000-0x80100000 lies outside guest memory \(0x00000000-0x40000000; try --mem\)$' "$T/err.big"
	kb=$(echo "$rss" | sed -n 's/^rss \([0-9]*\).*/\1/p' | tail -1)
	lim=65536
	case $BUILD in *san*) lim=262144 ;; esac
	expect_eq "a.out kludge 2 GiB bss: refused before touching memory (RSS < $((lim / 1024)) MiB)" yes \
		"$([ "${kb:-999999}" -lt $lim ] && echo yes || echo "no, ${kb} KiB")"
	# The loader's own GDT and information structure stay out of reach.
	cp "$T/mba.bin" "$T/low.bin"
	put32 "$T/low.bin" 12 0x8000
	put32 "$T/low.bin" 16 0x8000
	put32 "$T/low.bin" 20 0x8094
	put32 "$T/low.bin" 24 0
	$EMU run --bare "$T/low.bin" >"$T/out" 2>"$T/err"
	expect_eq "a.out kludge over the loader's GDT: status 126" 126 $?
	expect_grep "a.out kludge over the loader's GDT: message" "overlaps the loader's GDT and Multiboot information" "$T/err"
else
	fail "a.out kludge kernel" "cannot build tests/bare/mb_aout.S"
fi

# #PF W/R against the host CPU: each np_* attack's instruction run natively
# on a PROT_NONE page (tests/bare/wr_native.c) gives the error code ia32emu
# reports for it at CPL 3, 0x6 (user, write, not present) even for the
# read-modify-writes, where QEMU's TCG says 0x4 (SDM vol. 3 §4.7); ARPL,
# which reads first and writes only to raise the RPL, 0x4.
if gcc -m32 -O1 -o "$T/wr_native" tests/bare/wr_native.c 2>/dev/null && "$T/wr_native" >"$T/native"; then
	while read -r name code; do
		$EMU run $P/attacks/np_$name >/dev/null 2>"$T/err"
		got=$(sed -n 's/.*#PF page fault (error \(0x[0-9a-f]*\):.*/\1/p' "$T/err")
		expect_eq "W/R of $name on a not-present page: as the host CPU" "$code" "$got"
	done <"$T/native"
	expect_eq "W/R against the host CPU: instructions compared" 11 "$(wc -l <"$T/native")"
else
	fail "W/R against the host CPU" "cannot build or run tests/bare/wr_native.c"
fi
