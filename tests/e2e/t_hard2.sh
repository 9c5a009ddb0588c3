# Hardening, round 2 (docs/attacks.md, "Round 2"): each point found by the
# second hostile round, through the real binary.
MKELF=$BUILD/tests/mkelf

# sbrk(0) returns the break even when the last segment ends above the
# heap limit (here at the stack guard page): exit status = bits 19:12 of
# the result, 0xbe for the break 0xbffbe000, 0xff for -ENOMEM.
"$MKELF" heap-at-limit "$T/heaplim" && $EMU run "$T/heaplim" >"$T/out" 2>"$T/err"
expect_eq "sbrk(0) with the last segment at the heap limit returns the break" 190 $?
