# xv6-style programs (programs/xv6, built with xv6's own flags and link
# line, mk/xv6.mk): path resolution by component and orphans going to init.
# Each program prints "ok NAME" / "FAIL NAME (got R)" per rule.
X=$P/xv6
xv6_checks() { # PROGRAM-OUTPUT-FILE
	while read -r w rest; do
		case $w in
		ok) ok "xv6 $rest" ;;
		FAIL) fail "xv6 ${rest% (got*}" "${rest##* (got }" ;;
		esac
	done <"$1"
}
mkdir -p "$T/xv6root"
$EMU run --root "$T/xv6root" $X/xpaths >"$T/out" 2>"$T/err"
xv6_checks "$T/out"
expect_grep "xv6 xpaths: ran to its end" '^xpaths done$' "$T/out"
expect_eq "xv6 xpaths: nothing left in the root" "" "$(ls -A "$T/xv6root")"
# The errors themselves (the ia32emu ABI: -errno, Linux's numbers and choices).
expect_grep "xv6 open(ff/..) is ENOTDIR" '^= open\(ff/\.\.\) -20$' "$T/out"
expect_grep "xv6 unlink(dd/.) is EINVAL" '^= unlink\(dd/\.\) -22$' "$T/out"
expect_grep "xv6 unlink(..) is ENOTEMPTY" '^= unlink\(\.\.\) -39$' "$T/out"
expect_grep "xv6 mkdir(dd/.) is EEXIST" '^= mkdir\(dd/\.\) -17$' "$T/out"
expect_grep "xv6 open(nothere/../ff) is ENOENT" '^= open\(nothere/\.\./ff\) -2$' "$T/out"

$EMU run --root "$T/xv6root" $X/xorphan >"$T/out" 2>"$T/err"
expect_eq "xv6 xorphan: status 0 (its last job still running)" 0 $?
xv6_checks "$T/out"
expect_grep "xv6 xorphan: ran to its end" '^xorphan done$' "$T/out"
expect_grep "xv6 xorphan: the job ran" '^job done$' "$T/out"

# The strict xv6 ABI (kernel/abi_xv6.c): programs linked at 0 as xv6's
# Makefile links them (mk/xv6.mk's s*.c), which selects it; --abi xv6
# forces it. Each rule fails here if the ABI breaks it.
mkdir -p "$T/xv6s"
cp $X/secho "$T/xv6s/"
xv6_strict() { # NAME [FLAGS]: runs the program with the root $T/xv6s, its checks
	$EMU run ${2:-} --root "$T/xv6s" "$X/$1" >"$T/out" 2>"$T/err"
	expect_eq "xv6 $1: status 0" 0 $?
	xv6_checks "$T/out"
	expect_grep "xv6 $1: ran to its end" "^$1 done\$" "$T/out"
}
xv6_strict serr
xv6_strict smem --abi=xv6
expect_grep "xv6 smem: the reader's fault is at 640K" 'smem: #PF .* cr2 0x000a0000' "$T/err"
xv6_strict sdir
expect_eq "xv6 sdir: nothing left in the root" "" "$(ls -A "$T/xv6s" | grep -v secho)"
xv6_strict sargs
expect_grep "xv6 sargs: 31 arguments run" '^secho argc 31 bytes 35 null$' "$T/out"
expect_grep "xv6 sargs: 19 of 140 bytes fit in the page" '^secho argc 20 bytes 2665 null$' "$T/out"
expect_eq "xv6 sargs: 32 arguments, and 30 of 140 bytes, are -1" 2 "$(grep -c '^-1 = exec$' "$T/out")"
# Linked at 0x1000, a program gets the xv6 ABI from --abi xv6 only.
$EMU run --abi xv6 --root "$T/xv6s" $X/serr-1000 >"$T/out" 2>"$T/err"
expect_eq "xv6 serr at 0x1000, --abi xv6: status 0" 0 $?
expect_grep "xv6 serr at 0x1000, --abi xv6: every check ok" '^serr done$' "$T/out"
expect_eq "xv6 serr at 0x1000, --abi xv6: no FAIL" 0 "$(grep -c FAIL "$T/out")"
$EMU run --root "$T/xv6s" $X/serr-1000 >"$T/out" 2>"$T/err"
expect_grep "xv6 serr at 0x1000, no flag: the default ABI's -errno" '^FAIL open of a missing file is -1 \(got -2\)$' "$T/out"
$EMU run --root "$T/xv6s" $X/sexit >"$T/out" 2>"$T/err"
expect_eq "xv6 sexit: exit() is status 0, whatever is on the stack" 0 $?
$EMU run --abi ia32emu --root "$T/xv6s" $X/sexit >"$T/out" 2>"$T/err"
expect_eq "xv6 sexit: --abi ia32emu refuses a program at 0" 126 $?
expect_grep "xv6 sexit: and says why" 'lies outside user space' "$T/err"
# The reason of a -1 is in the strace line, by xv6's names.
$EMU strace -o "$T/st" --root "$T/xv6s" $X/serr >"$T/out" 2>"$T/err"
expect_grep "xv6 strace: -1 with its errno" '^open\("nothere", O_RDONLY\) = -1 ENOENT \(No such file or directory\)$' "$T/st"
expect_grep "xv6 strace: O_CREATE by name" '^open\("serr.d/x", O_RDWR\|O_CREATE\) = -1 ENOTDIR' "$T/st"
expect_grep "xv6 strace: exit() without an argument" '^exit\(\) = \?$' "$T/st"
expect_grep "xv6 strace: status 0" '^\+\+\+ exited with 0 \+\+\+$' "$T/st"
expect_grep "xv6 strace: bits xv6 has no name for in hex" '^open\("serr.t", O_WRONLY\|O_CREATE\|0x400\) = [0-9]+$' "$T/st"
# --abi xv6 gives every program xv6's 640 KiB: one linked above it is refused.
$EMU run --abi xv6 $P/hello >"$T/out" 2>"$T/err"
expect_eq "xv6: --abi xv6 refuses a program above USERTOP" 126 $?
expect_grep "xv6: and says where user space ends" 'outside user space \(0x00000000-0x0009f000\)' "$T/err"
# And in the tracer's syscall line.
$EMU trace --root "$T/xv6s" $X/serr >"$T/out" 2>"$T/err"
expect_grep "xv6 trace: -1 with its errno" '^syscall open\("nothere", O_RDONLY\) = -1 ENOENT \(No such file or directory\)$' "$T/err"
# strace shows an xv6 read() of a directory as its records.
cp $X/secho "$T/xv6s/"
$EMU strace -o "$T/st" --root "$T/xv6s" $X/sdir >"$T/out" 2>"$T/err"
expect_grep "xv6 strace: a directory's record" '^read\([0-9]+, \[\{inum=[0-9]+, name="\.\."\}\], 16\) = 16$' "$T/st"
expect_grep "xv6 strace: a 14-byte name" '^read\([0-9]+, \[\{inum=[0-9]+, name="abcdefghijklmn"\}\], 16\) = 16$' "$T/st"
expect_grep "xv6 strace: a piece of a record as bytes" '^read\([0-9]+, "\\[0-9]+\\0\.\\0\\0", 5\) = 5$' "$T/st"
# The first program too: 31 arguments at most.
$EMU run $X/secho $(seq 2 31) >"$T/out" 2>"$T/err"
expect_grep "xv6: the first program with 31 arguments" '^secho argc 31 ' "$T/out"
$EMU run $X/secho $(seq 2 32) >"$T/out" 2>"$T/err"
expect_eq "xv6: 32 are refused" 126 $?
expect_grep "xv6: and says why" 'arguments too long \(xv6: at most 31, in one page\)' "$T/err"
