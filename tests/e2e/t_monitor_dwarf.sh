# The monitor with DWARF (issue 19): a program built with ia32emu-cc -g.
# Line numbers come from the markers in the source (grep -n), addresses
# from objdump and addr2line (binutils, not libdw); where gdb is installed
# the backtrace, print and info locals are compared with gdb's own through
# the gdb stub.
DW_SRC=tests/monitor/src/dwprog.c
DW=$T/dw/dwprog
mkdir -p "$T/dw"
dw_line() { grep -n "$1" "$DW_SRC" | head -1 | cut -d: -f1; }
dw_a2l() { addr2line -e "$DW" "$1" | sed 's/ (discriminator.*//; s/.*://'; }
if ! "$BUILD/ia32emu-cc" -g -O0 -o "$DW" "$DW_SRC" 2>"$T/dw/cc.err"; then
	fail "dwarf: build the test program" "$(cat "$T/dw/cc.err")"
else
L_SQ=$(dw_line L_SQUARE_BODY)
L_CALL=$(dw_line L_MAIN_CALL)
L_P=$(dw_line L_MAIN_P)
L_CNT=$(dw_line L_MAIN_COUNTER)
L_SYS=$(dw_line L_DEPTH_SYSCALL)
L_DEPTH=$(dw_line L_MAIN_DEPTH)
# Return addresses: the instruction after each call (objdump).
dw_ret() { # FUNC CALLEE [Nth]
	objdump -d "$DW" | awk -v f="<$1>:" -v c="<$2>" -v nth="${3:-1}" '$2 == f { on = 1; next }
		on && NF == 0 { exit } on && /call/ && index($0, c) && ++n == nth { sub(":", "", $1); print $1; exit }' |
		{ read -r a && printf '%08x' $((0x$a + 5)); }
}
RET_SQ=$(dw_ret main square)
RET_REC=$(dw_ret depth depth)
RET_DEPTH=$(dw_ret main depth)
RET_GETPID=$(dw_ret depth getpid)
MOTTO=$(objdump -s -j .rodata "$DW" | grep -m1 'cros' | awk '{ print $1 }')

"$EMU" monitor "$DW" >"$T/dw/m1" 2>&1 <<'EOS'
break square
run
backtrace
p n
p r
next
p r
p/x r
p r * 2 + 1
step
step
list
info line
next
p p
p origin
p table
p greeting
p motto
p counter
info locals
info args
EOS
expect_grep "dwarf: the program's debug information is read" '^loaded .*dwprog \([0-9]+ symbols, DWARF debug information\)$' "$T/dw/m1"
BSQ=$(sed -n 's/^Breakpoint 1 at 0x\([0-9a-f]*\) <square+0x[0-9a-f]*>: file .*/\1/p' "$T/dw/m1")
expect_eq "dwarf: break FUNC is after the prologue, at the body's first line (addr2line)" "$L_SQ" "$(dw_a2l "$BSQ")"
expect_grep "dwarf: break FUNC names file and line" "^Breakpoint 1 at 0x$BSQ <square\\+0x[0-9a-f]+>: file $DW_SRC, line $L_SQ\\.\$" "$T/dw/m1"
expect_grep "dwarf: the stop names the function, its argument and the line" "^square \\(n=5\\) at $DW_SRC:$L_SQ\$" "$T/dw/m1"
expect_grep "dwarf: the stop shows the source line" "^$L_SQ	.*L_SQUARE_BODY" "$T/dw/m1"
expect_grep "dwarf: bt frame 0 by DWARF" "^#0  square \\(n=5\\) at $DW_SRC:$L_SQ\$" "$T/dw/m1"
expect_grep "dwarf: bt frame 1, the return address by CFI" "^#1  0x$RET_SQ in main \\(\\) at $DW_SRC:$L_CALL\$" "$T/dw/m1"
expect_eq "dwarf: bt stops at main (gdb's backtrace past-main off)" 0 "$(grep -c '^#2 ' "$T/dw/m1")"
expect_grep "dwarf: p PARAM" '^\$1 = 5$' "$T/dw/m1"
expect_grep "dwarf: next: the next line" "^$((L_SQ + 1))	.*return r;" "$T/dw/m1"
expect_grep "dwarf: p LOCAL after the line ran" '^\$3 = 25$' "$T/dw/m1"
expect_grep "dwarf: p/x LOCAL" '^\$4 = 0x19$' "$T/dw/m1"
expect_grep "dwarf: a local in an expression" '^\$5 = 51 \(0x33\)$' "$T/dw/m1"
expect_grep "dwarf: step out of the function: back in main, at the next line, named" "^main \\(\\) at $DW_SRC:$L_P\$" "$T/dw/m1"
expect_grep "dwarf: list: the lines around the stop" "^$L_CNT	.*L_MAIN_COUNTER" "$T/dw/m1"
IL=$(sed -n "s/^Line $L_P of \"[^\"]*\" starts at address 0x\\([0-9a-f]*\\) <main+0x[0-9a-f]*> and ends at 0x[0-9a-f]* <main+0x[0-9a-f]*>\\.\$/\\1/p" "$T/dw/m1")
expect_eq "dwarf: info line: where the line starts (addr2line)" "$L_P" "$( [ -n "$IL" ] && dw_a2l "$IL")"
expect_grep "dwarf: next over a call stays in main" "^$L_CNT	.*L_MAIN_COUNTER" "$T/dw/m1"
expect_grep "dwarf: p STRUCT" "^\\\$[0-9]+ = \\{x = 5, y = 25, tag = 112 'p'\\}\$" "$T/dw/m1"
expect_grep "dwarf: p global struct (negative member, char)" "^\\\$[0-9]+ = \\{x = 3, y = -4, tag = 111 'o'\\}\$" "$T/dw/m1"
expect_grep "dwarf: p int array" '^\$[0-9]+ = \{1, 2, 3, 4\}$' "$T/dw/m1"
expect_grep "dwarf: p char array (gdb: one NUL dropped)" '^\$[0-9]+ = "hello\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000"$' "$T/dw/m1"
expect_grep "dwarf: p char pointer: address and string" "^\\\$[0-9]+ = 0x$(printf %x $((0x$MOTTO))) \"crossing\"\$" "$T/dw/m1"
expect_grep "dwarf: p global int: its value, not its address" '^\$[0-9]+ = 7$' "$T/dw/m1"
expect_grep "dwarf: info locals" '^a = 5$' "$T/dw/m1"
expect_grep "dwarf: info args of main" '^No arguments\.$' "$T/dw/m1"

# Recursion, a system call, and a backtrace through the trap frame.
"$EMU" monitor "$DW" >"$T/dw/m2" 2>&1 <<EOS
break dwprog.c:$L_SYS
run
backtrace
stepi
backtrace
stepi 3
backtrace
stepi 2
backtrace
finish
frame 2
p k
up
p k
info frame
down 2
p k
frame 5
up 9
next
info registers eip
EOS
BSYS=$(sed -n 's/^Breakpoint 1 at 0x\([0-9a-f]*\) <depth+0x[0-9a-f]*>: file .*/\1/p' "$T/dw/m2")
expect_eq "dwarf: break FILE:LINE (addr2line)" "$L_SYS" "$( [ -n "$BSYS" ] && dw_a2l "$BSYS")"
expect_grep "dwarf: recursion: the innermost call" "^#0  depth \\(k=0\\) at $DW_SRC:$L_SYS\$" "$T/dw/m2"
expect_grep "dwarf: recursion: k=1 by CFI" "^#1  0x$RET_REC in depth \\(k=1\\) at $DW_SRC:$((L_SYS + 1))\$" "$T/dw/m2"
expect_grep "dwarf: recursion: k=2" "^#2  0x$RET_REC in depth \\(k=2\\) at $DW_SRC:$((L_SYS + 1))\$" "$T/dw/m2"
expect_grep "dwarf: recursion: main" "^#3  0x$RET_DEPTH in main \\(\\) at $DW_SRC:$L_DEPTH\$" "$T/dw/m2"
expect_grep "dwarf: bt in the stub's entry: getpid, then its caller" "^#1  0x$RET_GETPID in depth \\(k=0\\) at $DW_SRC:$L_SYS\$" "$T/dw/m2"
expect_grep "dwarf: bt in vector64: the trap" '^#1  <interrupt: vector 64 \(int \$0x40\) from CPL 3>$' "$T/dw/m2"
expect_grep "dwarf: bt in vector64: the interrupted stub by its line table" '^#2  0x[0-9a-f]{8} in getpid \(\) at programs/lib/usys\.S:[0-9]+$' "$T/dw/m2"
expect_grep "dwarf: bt in vector64: the user frames beyond the trap" "^#3  0x$RET_GETPID in depth \\(k=0\\) at $DW_SRC:$L_SYS\$" "$T/dw/m2"
expect_grep "dwarf: bt in vector64: main" "^#6  0x$RET_DEPTH in main \\(\\) at $DW_SRC:$L_DEPTH\$" "$T/dw/m2"
expect_grep "dwarf: frame N selects and shows it" "^#2  0x$RET_REC in depth \\(k=1\\) at $DW_SRC:$((L_SYS + 1))\$" "$T/dw/m2"
expect_grep "dwarf: p VAR in a selected frame" '^\$1 = 1$' "$T/dw/m2"
expect_grep "dwarf: up: the caller's k" '^\$2 = 2$' "$T/dw/m2"
expect_grep "dwarf: info frame of the selected frame" '^Stack level 3, frame at 0x[0-9a-f]{8}:$' "$T/dw/m2"
expect_grep "dwarf: info frame: its args" '^ args: k=2$' "$T/dw/m2"
expect_grep "dwarf: down 2" '^\$3 = 0$' "$T/dw/m2"
expect_grep "dwarf: up past the outermost frame: gdb's error" '^error: Initial frame selected; you cannot go up\.$' "$T/dw/m2"
expect_grep "dwarf: next after finish: the kernel side never shows, the next line" "^depth \\(k=0\\) at $DW_SRC:$((L_SYS + 2))\$" "$T/dw/m2"
expect_grep "dwarf: next ends at CPL 3" '^eip    0x[0-9a-f]{8} ' "$T/dw/m2"

# CFI, not a guess: a frameless function whose local holds a return
# address of decoy_src's; the stack scan would name decoy_src as the caller.
L_FL=$(dw_line L_FRAMELESS)
L_MFL=$(dw_line L_MAIN_FRAMELESS)
"$EMU" monitor "$DW" >"$T/dw/m6" 2>&1 <<EOS
break dwprog.c:$L_FL
run
backtrace
EOS
expect_grep "dwarf: a frameless function's caller by CFI" "^#1  0x[0-9a-f]{8} in main \\(\\) at $DW_SRC:$L_MFL\$" "$T/dw/m6"
expect_eq "dwarf: the decoy return address is no frame" 0 "$(grep -c '^#[0-9].* in decoy_src' "$T/dw/m6")"

# commands N ... end: run at each stop of N, a `continue` among them.
"$EMU" monitor "$DW" >"$T/dw/m7" 2>&1 <<'EOS'
break depth
commands
p k
continue
end
run
EOS
expect_eq "commands: run at every stop, continue included" "\$1 = 2|\$2 = 1|\$3 = 0" \
	"$(grep -E '^\$[0-9]+ = ' "$T/dw/m7" | paste -sd'|')"
expect_grep "commands: the program ran to its end" '^\[program exited with status 0\]$' "$T/dw/m7"
# x with gdb's g unit and o t a formats, on known data.
"$EMU" monitor "$DW" >"$T/dw/m8" 2>&1 <<'EOS'
break square
run
x/2gx &table
x/2ow &table
x/2tb &table
x/a $ebp+4
x/2dg &table
EOS
expect_grep "x/2gx: two giant words" '^0x[0-9a-f]{8} <table>:	0x0000000200000001	0x0000000400000003$' "$T/dw/m8"
expect_grep "x/2ow: octal" '^0x[0-9a-f]{8} <table>:	01	02$' "$T/dw/m8"
expect_grep "x/2tb: binary, the unit's width" '^0x[0-9a-f]{8} <table>:	00000001	00000000$' "$T/dw/m8"
expect_grep "x/a: an address with its symbol (the return into main)" "^0x[0-9a-f]{8}:	0x$(printf %x $((0x$RET_SQ))) <main\\+0x[0-9a-f]+>\$" "$T/dw/m8"
expect_grep "x/2dg: signed 64-bit" '^0x[0-9a-f]{8} <table>:	8589934593	17179869187$' "$T/dw/m8"

# Errors and the stack-scan fallback without DWARF.
objcopy --strip-debug "$DW" "$T/dw/plain"
"$EMU" monitor "$T/dw/plain" >"$T/dw/m3" 2>&1 <<EOS
break square
run
next
list
backtrace
EOS
expect_grep "dwarf: without -g, next says what to use" '^error: next: the program has no line information \(build it with -g\); use nexti$' "$T/dw/m3"
expect_grep "dwarf: without -g, list says why" '^error: list: the program has no line information' "$T/dw/m3"
expect_grep "dwarf: without -g, bt by the stack scan" "^#1  0x$RET_SQ in main\\+0x[0-9a-f]+\$" "$T/dw/m3"
"$EMU" monitor "$DW" >"$T/dw/m4" 2>&1 <<'EOS'
break nosuch.c:3
break dwprog.c:100000
list nosuchfunc
EOS
expect_grep "dwarf: break in an unknown file" '^error: no source file named nosuch\.c$' "$T/dw/m4"
expect_grep "dwarf: break past the last line" '^error: no line 100000 in file "dwprog\.c"$' "$T/dw/m4"
expect_grep "dwarf: list of an unknown function" "^error: list: no function or line 'nosuchfunc'\$" "$T/dw/m4"

# gdb itself, through the gdb stub, on the same program: the same frames,
# values and locals.
if command -v gdb >/dev/null 2>&1; then
	: >"$T/dw/emu.err"
	"$EMU" run --gdb 0 "$DW" </dev/null >"$T/dw/emu.out" 2>"$T/dw/emu.err" &
	DWPID=$!
	DWPORT=
	for _ in $(seq 100); do
		DWPORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$T/dw/emu.err")
		[ -n "$DWPORT" ] && break
		sleep 0.05
	done
	timeout 60 gdb -q -batch -nx -ex "target remote 127.0.0.1:$DWPORT" \
		-ex "break dwprog.c:$L_SYS" -ex continue -ex bt -ex "p origin" -ex "p greeting" \
		-ex "p table" -ex "p motto" -ex "frame 2" -ex "p k" -ex "up" -ex "info locals" \
		-ex kill "$DW" >"$T/dw/gdb.out" 2>&1
	kill -9 $DWPID 2>/dev/null
	wait $DWPID 2>/dev/null
	"$EMU" monitor "$DW" >"$T/dw/m5" 2>&1 <<EOS
break dwprog.c:$L_SYS
run
bt
p origin
p greeting
p table
p motto
frame 2
p k
up
info locals
EOS
	# gdb prints addresses without leading zeros.
	norm() { grep -E '^(#|\$|[a-z]+ = )' "$1" | sed -E 's/0x0*([0-9a-f])/0x\1/g; s/^\$[0-9]+ = /$ = /'; }
	norm "$T/dw/gdb.out" >"$T/dw/gdb.norm"
	norm "$T/dw/m5" >"$T/dw/m5.norm"
	expect_eq "dwarf: gdb's bt, values and locals are the monitor's" "$(cat "$T/dw/gdb.norm")" "$(cat "$T/dw/m5.norm")"
	expect_eq "dwarf: gdb saw the frames (the comparison is not empty)" 6 "$(grep -c '^#[0-3] ' "$T/dw/gdb.norm")"
fi
fi
