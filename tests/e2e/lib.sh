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
# The address of a symbol in an ELF file, as 8 hex digits.
sym() { nm "$1" | awk -v s="$2" '$3 == s { print $1 }'; }
