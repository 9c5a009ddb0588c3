# Helpers for the end-to-end tests: each check prints "ok NAME" or
# "FAIL NAME: why"; the runner prints "N passed, N failed" at the end.
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   $1"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL $1: $2"; }
# expect_eq NAME WANT GOT
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "want [$2] got [$3]"; fi; }
# expect_grep NAME PATTERN FILE: an extended regular expression in the file
expect_grep() {
	if grep -Eq -- "$2" "$3"; then ok "$1"; else fail "$1" "no line matching /$2/ in $3"; fi
}
summary() {
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}
# need_qemu NAME: true when qemu-system-i386 is there for NAME's comparison
# with QEMU. `make e2e` installs it (tests/qemu_deps.sh), so a missing one
# is a failure, not a silent skip.
need_qemu() {
	command -v qemu-system-i386 >/dev/null 2>&1 && return 0
	fail "$1: the same on QEMU" "qemu-system-i386 is missing (tests/qemu_deps.sh installs it)"
	return 1
}
# The address of a symbol in an ELF file, as 8 hex digits.
sym() { nm "$1" | awk -v s="$2" '$3 == s { print $1 }'; }
