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
