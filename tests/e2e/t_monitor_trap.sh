# The monitor at the boundary (issue 19): backtrace through the trap frame,
# finish out of a handler, info trapframe. Addresses come from nm/objdump
# and the stub layout the kernel documents (kernel/trapstub.c), never from
# the monitor's own output.
# Without DWARF (a copy without the debug sections): the symbol-only and
# stack-scan paths; t_monitor_dwarf.sh drives the DWARF ones.
mkdir -p "$T/nodebug"
MT=$T/nodebug/montest
objcopy --strip-debug "$P/mon/montest" "$MT"
mt_insn_after() { # PROG FUNC REGEX: the address after FUNC's first line matching REGEX
	objdump -d "$1" | awk -v f="<$2>:" -v pat="$3" '$2 == f { on = 1; next }
		on && NF == 0 { exit } on && $0 ~ pat { sub(":", "", $1); print $1; exit }' |
		{ read -r a && printf '%08x' $((0x$a + 2)); }
}
mt_call_ret() { # PROG FUNC CALLEE: return address of FUNC's call to CALLEE
	objdump -d "$1" | awk -v f="<$2>:" -v c="<$3>" '$2 == f { on = 1; next }
		on && NF == 0 { exit } on && /call/ && index($0, c) { sub(":", "", $1); print $1; exit }' |
		{ read -r a && printf '%08x' $((0x$a + 5)); }
}
AFTER_INT=$(mt_insn_after "$MT" getpid 'int +\$0x40')
RET_MAIN=$(mt_call_ret "$MT" main getpid)
RET_START=$(mt_call_ret "$MT" _start main)
"$EMU" monitor "$MT" >"$T/tr1" 2>&1 <<'EOS'
break getpid
run
backtrace
stepi 2
backtrace
info trapframe
info frame
stepi 6
info trapframe
backtrace
finish
info registers eip
backtrace
EOS
expect_grep "bt at a syscall stub's entry keeps the caller" "^#1  0x$RET_MAIN in main\+0x[0-9a-f]+\$" "$T/tr1"
expect_grep "bt ends at _start (crt0's EBP 0)" "^#2  0x$RET_START in _start\+0x[0-9a-f]+\$" "$T/tr1"
expect_eq "bt ends after _start, never repeats it" 0 \
	"$(awk '/^#/ && prev ~ /in _start/ { n++ } { prev = $0 } END { print n + 0 }' "$T/tr1")"
expect_grep "bt in vector64: frame 0 is the stub" '^#0  0xc[0-9a-f]{7} in vector64$' "$T/tr1"
expect_grep "bt in vector64: the trap frame" '^#1  <interrupt: vector 64 \(int \$0x40\) from CPL 3>$' "$T/tr1"
expect_grep "bt in vector64: the interrupted user frame" "^#2  0x$AFTER_INT in getpid\+0x7\$" "$T/tr1"
expect_grep "bt in vector64: main beyond the trap" "^#3  0x$RET_MAIN in main\+0x[0-9a-f]+\$" "$T/tr1"
expect_grep "bt in alltraps: the trap frame too" '^#0  0xc[0-9a-f]{7} in alltraps\+0x' "$T/tr1"
# The kernel stack's top is ESP0 = 0xc0010000 (PA_KSTACK 0x8000 + 32 KiB at
# KERNBASE); the CPU's five words lie just below it (SDM vol. 3 fig. 6-4).
expect_grep "trapframe: the CPU's EIP slot" "^0xc000ffec  eip    0x$AFTER_INT  CPU: return EIP, the instruction after the int" "$T/tr1"
expect_grep "trapframe: CS with RPL 3" '^0xc000fff0  cs     0x0000001b  CPU: the interrupted CS, RPL 3' "$T/tr1"
expect_grep "trapframe: the user ESP" '^0xc000fff8  esp    0xbfff[0-9a-f]{4}  CPU: the user stack pointer' "$T/tr1"
expect_grep "trapframe: SS" '^0xc000fffc  ss     0x00000023  ' "$T/tr1"
expect_grep "trapframe: at vector64's entry the stub has not pushed" '^0xc000ffe4  trapno ----------  \(not pushed yet\)$' "$T/tr1"
expect_grep "trapframe: ESP marked" '^0xc000ffec  eip .*  <- esp$' "$T/tr1"
expect_grep "trapframe: after the stub's pushes, the vector" '^0xc000ffe4  trapno 0x00000040  vectorN: push \$N' "$T/tr1"
expect_grep "trapframe: error code 0 pushed by the stub" '^0xc000ffe8  err    0x00000000  vectorN: push \$0' "$T/tr1"
expect_grep "trapframe: push %ds" '^0xc000ffe0  ds     0x00000023  alltraps: push %ds$' "$T/tr1"
expect_eq "info frame in a handler is the trap frame" 3 "$(grep -cE '^trap frame at 0xc000ffb4 .*vector 64 \(int \$0x40\) from CPL 3$' "$T/tr1")"
expect_grep "finish out of the handler: at the instruction after the int, CPL 3" "^=> \[3\] $AFTER_INT <getpid\+0x7>  ret\$" "$T/tr1"
expect_grep "finish out of the handler: announces the user return" "returning to $AFTER_INT\$" "$T/tr1"
expect_grep "finish out of the handler: after it, bt is the user's" "^#0  0x$AFTER_INT in getpid\+0x7\$" "$T/tr1"

# A fault: the CPU's error code, the faulting EIP, #PF decoded.
"$EMU" monitor "$P/attacks/kread" >"$T/tr2" 2>&1 <<'EOS'
catch exception 14
run
backtrace
info trapframe
EOS
KSTART=$(sym "$P/attacks/kread" _start)
expect_grep "bt through a fault's frame" '^#1  <interrupt: vector 14 \(#PF\) from CPL 3>$' "$T/tr2"
expect_grep "bt: the faulting instruction" "^#2  0x$KSTART in _start\$" "$T/tr2"
expect_grep "trapframe: #PF error code from the CPU, decoded" '^0xc000ffe8  err    0x00000005  CPU: the #PF error code: protection violation, read, user mode  <- esp$' "$T/tr2"
expect_grep "trapframe: a fault's EIP is the faulting instruction" "^0xc000ffec  eip    0x$KSTART  CPU: return EIP, the faulting instruction" "$T/tr2"

# Outside a handler there is no trap frame.
printf 'break leaf\nrun\ninfo trapframe\ninfo frame\n' | "$EMU" monitor "$MT" >"$T/tr3" 2>&1
expect_grep "info trapframe at CPL 3: an error" '^error: no trap frame: the CPU is not in a handler entered from CPL 3$' "$T/tr3"
expect_grep "info frame at CPL 3: the caller" '^ saved eip = 0x[0-9a-f]{8} in middle\+0x' "$T/tr3"
