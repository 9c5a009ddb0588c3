# The monitor driven by scripts on stdin (issue 7): every command family.
# Expected addresses and values come from nm/objdump and from the program's
# own semantics, never from the monitor's output.
# Without DWARF (a copy without the debug sections): the symbol-only and
# stack-scan paths; t_monitor_dwarf.sh drives the DWARF ones.
mkdir -p "$T/nodebug"
M=$T/nodebug/montest
objcopy --strip-debug "$P/mon/montest" "$M"
# insn_at PROG FUNC REGEX: address (8 hex digits) of FUNC's first line matching REGEX
insn_at() {
	local a
	a=$(objdump -d "$1" | awk -v f="<$2>:" -v pat="$3" \
		'$2 == f { on = 1; next } on && NF == 0 { exit } on && $0 ~ pat { sub(":", "", $1); print $1; exit }')
	[ -n "$a" ] && printf '%08x' "0x$a"
}
hexadd() { printf '%08x' $((0x$1 + $2)); }
mon() { "$EMU" monitor "$@" 2>&1; }

LEAF=$(sym "$M" leaf)
MIDDLE=$(sym "$M" middle)
COUNTER=$(sym "$M" counter)
GETPID=$(sym "$M" getpid)
CALL_LEAF=$(insn_at "$M" middle 'call.*<leaf>')
CALL_MIDDLE=$(insn_at "$M" main 'call.*<middle>')
STORE=$(insn_at "$M" leaf "mov +%eax,0x${COUNTER#0}")
INT64=$(insn_at "$M" getpid 'int +\$0x40')

# --- breakpoints, backtrace, finish, print, x, set, disassemble, info ---
mon "$M" >"$T/m1" <<EOS
break leaf
tbreak middle
info breakpoints
run
continue
backtrace
finish
print \$eax
print *counter
print (1+2)*3 - 10/2
print/x 0x10 << 4
x/1dw counter
set *counter = 40
print *counter
set \$ecx = 0x1234
print/x \$ecx
set {char} counter = 7
x/4xb counter
info registers
x/2i \$eip
disassemble leaf 3
x/2xw --phys 0x1008
delete 1
info breakpoints
continue
EOS
expect_grep "monitor: break at a symbol" "^Breakpoint 1 at 0x$LEAF <leaf>\$" "$T/m1"
expect_grep "monitor: tbreak" "^Temporary breakpoint 2 at 0x$MIDDLE <middle>\$" "$T/m1"
expect_grep "monitor: info breakpoints lists both" "^2 +breakpoint +del +y +0x$MIDDLE <middle>" "$T/m1"
expect_grep "monitor: run stops at the first breakpoint reached" "^Temporary breakpoint 2, 0x$MIDDLE <middle>\$" "$T/m1"
expect_grep "monitor: stop location is the breakpoint" "^=> \[3\] $MIDDLE <middle>  push +%ebp\$" "$T/m1"
expect_grep "monitor: continue to the next breakpoint" "^Breakpoint 1, 0x$LEAF <leaf>\$" "$T/m1"
expect_grep "monitor: backtrace frame 0" "^#0  0x$LEAF in leaf\$" "$T/m1"
expect_grep "monitor: backtrace frame 1 (return into middle)" "^#1  0x$(hexadd "$CALL_LEAF" 5) in middle\+0x[0-9a-f]+\$" "$T/m1"
expect_grep "monitor: backtrace frame 2 (return into main)" "^#2  0x$(hexadd "$CALL_MIDDLE" 5) in main\+0x[0-9a-f]+\$" "$T/m1"
expect_grep "monitor: finish returns to the caller" "^=> \[3\] $(hexadd "$CALL_LEAF" 5) <middle\+0x[0-9a-f]+>" "$T/m1"
# leaf(argc + 1) with argc 1: counter = 2, returns counter * 2.
expect_grep "monitor: print \$eax (leaf's result)" '^\$1 = 4 \(0x4\)$' "$T/m1"
expect_grep "monitor: print *sym reads memory" '^\$2 = 2 \(0x2\)$' "$T/m1"
expect_grep "monitor: print arithmetic" '^\$3 = 4 \(0x4\)$' "$T/m1"
expect_grep "monitor: print/x and shifts" '^\$4 = 0x100$' "$T/m1"
expect_grep "monitor: x/dw" "^0x$COUNTER <counter>:	2\$" "$T/m1"
expect_grep "monitor: set memory (int)" '^\$5 = 40 \(0x28\)$' "$T/m1"
expect_grep "monitor: set register" '^\$6 = 0x1234$' "$T/m1"
expect_grep "monitor: set memory (char) + x/xb" "^0x$COUNTER <counter>:	0x07	0x00	0x00	0x00\$" "$T/m1"
expect_grep "monitor: info registers: EIP" "^eip +0x$(hexadd "$CALL_LEAF" 5) <middle\+" "$T/m1"
expect_grep "monitor: info registers: EFLAGS decoded" '^eflags 0x[0-9a-f]{8} \[.* IF .*\] IOPL=0$' "$T/m1"
expect_grep "monitor: info registers: CPL" '^cpl +3 \(user\)$' "$T/m1"
expect_grep "monitor: x/i marks EIP" "^=> 0x$(hexadd "$CALL_LEAF" 5) <middle\+0x[0-9a-f]+>:	" "$T/m1"
expect_grep "monitor: disassemble a symbol" "^   0x$LEAF <leaf>:	push +%ebp\$" "$T/m1"
expect_grep "monitor: disassemble 3 lines" "^   0x$(hexadd "$LEAF" 3) <leaf\+0x3>:	mov +0x${COUNTER#0},%edx" "$T/m1"
# GDT entry 1 (0x08): the flat ring-0 code segment, base 0, limit 4 GiB,
# access 0x9a, flags 0xc (SDM vol. 3 §3.4.5).
expect_grep "monitor: x --phys reads physical memory" '^phys 0x00001008:	0x0000ffff	0x00cf9a00$' "$T/m1"
expect_grep "monitor: delete, then info breakpoints" '^No breakpoints, watchpoints or catchpoints\.$' "$T/m1"
expect_grep "monitor: continue to the end" '^r=5 counter=7 pid=1$' "$T/m1"
expect_grep "monitor: exit status reported" '^\[program exited with status 3\]$' "$T/m1"

# --- stepi, nexti over a call and over int $64, the gate's stack switch ---
mon "$M" >"$T/m2" <<EOS
break *0x$CALL_MIDDLE
run
nexti
print *counter
break getpid
continue
stepi
nexti
print \$eax
print \$cpl
kill
delete
break *0x$INT64
run
stepi
print \$cpl
print/x \$esp
x/5xw \$esp
info tss
EOS
expect_grep "monitor: break *ADDR" "^Breakpoint 1, 0x$CALL_MIDDLE <main\+0x[0-9a-f]+>\$" "$T/m2"
expect_grep "monitor: nexti steps over a call" "^=> \[3\] $(hexadd "$CALL_MIDDLE" 5) <main\+" "$T/m2"
expect_grep "monitor: the call ran during nexti" '^\$1 = 2 \(0x2\)$' "$T/m2"
expect_grep "monitor: stepi" "^=> \[3\] $INT64 <getpid\+0x5>  int +\\\$0x40\$" "$T/m2"
expect_grep "monitor: nexti steps over int \$64" "^=> \[3\] $(hexadd "$INT64" 2) <getpid\+0x7>  ret\$" "$T/m2"
expect_grep "monitor: getpid's result" '^\$2 = 1 \(0x1\)$' "$T/m2"
expect_grep "monitor: back at CPL 3" '^\$3 = 3 \(0x3\)$' "$T/m2"
expect_grep "monitor: kill" '^\[program killed\]$' "$T/m2"
expect_grep "monitor: run again" '^starting .*montest again from its entry$' "$T/m2"
expect_grep "monitor: stepi into the gate" '^=> \[0\] c[0-9a-f]{7} <vector64>  push +\$0x0$' "$T/m2"
expect_grep "monitor: CPL 0 in the handler" '^\$4 = 0 \(0x0\)$' "$T/m2"
# ESP0 from the TSS (kernel/layout.h: KERNBASE + PA_KSTACK + KSTACK_SIZE)
# minus the five dwords the CPU pushed (SDM vol. 3 figure 6-4).
expect_grep "monitor: kernel stack after the switch" '^\$5 = 0xc000ffec$' "$T/m2"
expect_grep "monitor: the trap frame: EIP CS EFLAGS ESP SS" \
	"^0xc000ffec:	0x$(hexadd "$INT64" 2)	0x0000001b	0x00000[0-9a-f]{3}	0xbfff[0-9a-f]{4}\$" "$T/m2"
expect_grep "monitor: info tss: ESP0/SS0" '^  esp0 0xc0010000 ss0 0x0010' "$T/m2"

# --- catch cpl stops exactly at the int $64 entry and at the iret ---
mon --trace insn "$M" >"$T/m3" <<EOS
trace off
catch cpl
run
break getpid
continue
delete 2
x/2xw --phys 0x2200
trace on insn
continue
print \$cpl
print/x \$esp
continue
print \$cpl
EOS
IDT64=$(grep '^phys 0x00002200:' "$T/m3" | head -1)
LO=$(echo "$IDT64" | awk '{print $3}')
HI=$(echo "$IDT64" | awk '{print $4}')
GATE=$(printf '%08x' $(((HI & 0xffff0000) | (LO & 0xffff))))
ENTRY=$(readelf -h "$M" | awk '/Entry point/ { print $4 }')
expect_grep "catch cpl: the first iret into the program" "^=> \[3\] $(printf '%08x' "$ENTRY") <_start>" "$T/m3"
# With only instructions traced, the line before the catch message (and its
# [pid N name] line) is the int itself, and the next instruction is the gate's handler, not yet run.
expect_eq "catch cpl: int \$64 traced last before the stop" "[3] $INT64 <getpid+0x5>  int    \$0x40" \
	"$(grep -B2 '^Catchpoint 1 (privilege change): vector 64 int' "$T/m3" | head -1)"
expect_grep "catch cpl: stops at the int \$64 entry" \
	"^Catchpoint 1 \(privilege change\): vector 64 int, CPL 3->0, saved EIP 0x$(hexadd "$INT64" 2) <getpid\+0x7>\$" "$T/m3"
expect_eq "catch cpl: stopped at the IDT[64] handler, nothing run yet" "=> [0] $GATE <vector64>  push   \$0x0" \
	"$(grep -A1 '^Catchpoint 1 (privilege change): vector 64 int' "$T/m3" | sed -n 2p)"
expect_grep "catch cpl: CPL 0 at the entry" '^\$1 = 0 \(0x0\)$' "$T/m3"
expect_grep "catch cpl: on the TSS stack at the entry" '^\$2 = 0xc000ffec$' "$T/m3"
expect_grep "catch cpl: the iret traced last before the stop" '^\[0\] c[0-9a-f]{7} <trapret\+0x[0-9a-f]+>  iret$' \
	<(grep -B2 '^Catchpoint 1 (privilege change): iret, CPL 0->3' "$T/m3" | tail -3 | head -1)
expect_grep "catch cpl: stops right after the iret" "^=> \[3\] $(hexadd "$INT64" 2) <getpid\+0x7>  ret\$" \
	<(grep -A1 '^Catchpoint 1 (privilege change): iret, CPL 0->3' "$T/m3" | tail -1)
expect_grep "catch cpl: CPL 3 after the iret" '^\$3 = 3 \(0x3\)$' "$T/m3"
expect_eq "catch cpl: no user instruction between the iret and the stop" 0 \
	"$(sed -n '/^Catchpoint 1 (privilege change): vector 64 int/,/^Catchpoint 1 (privilege change): iret/p' "$T/m3" | grep -c '^\[3\]')"

# --- watch, rwatch, catch syscall, catch exception ---
mon "$M" >"$T/m4" <<EOS
watch counter
run
delete
rwatch counter
continue
delete
catch syscall write
continue
print \$eax
continue
delete
catch syscall 2
info breakpoints
continue
continue
EOS
expect_grep "watch: set" "^Watchpoint 1: 4 bytes at 0x$COUNTER <counter>\$" "$T/m4"
expect_grep "watch: hit" "^Watchpoint 1: 0x$COUNTER <counter>\$" "$T/m4"
expect_grep "watch: old value" '^Old value = 00 00 00 00$' "$T/m4"
expect_grep "watch: new value" '^New value = 02 00 00 00$' "$T/m4"
expect_grep "watch: the storing instruction" "^changed by the instruction at 0x$STORE <leaf\+0x[0-9a-f]+>\$" "$T/m4"
expect_grep "rwatch: the next access" "^Read watchpoint 2: accessed by the instruction at 0x$(hexadd "$STORE" 5) <leaf\+" "$T/m4"
# printf's line "r=5 counter=2 pid=1\n" is 20 bytes.
expect_grep "catch syscall NAME: stops at the call" '^Catchpoint 3 \(call to syscall 5 write\), saved EIP 0x[0-9a-f]{8} <write\+0x7>$' "$T/m4"
expect_grep "catch syscall: at the call, EAX is the number" '^\$1 = 5 \(0x5\)$' "$T/m4"
expect_grep "catch syscall NAME: stops at its return" '^Catchpoint 3 \(returned from syscall 5 write\): write\(1, "r=5 counter=2 pid=1\\n", 20\) = 20$' "$T/m4"
expect_grep "catch syscall NR: info breakpoints" '^4 +catch syscall +keep y +2 exit' "$T/m4"
expect_grep "catch syscall exit: the call" '^Catchpoint 4 \(call to syscall 2 exit\)' "$T/m4"
expect_grep "catch syscall exit: no return" '^Catchpoint 4 \(no return from syscall 2 exit\): exit\(3\) = \?$' "$T/m4"
expect_grep "catch syscall: program then exits" '^\[program exited with status 3\]$' "$T/m4"

mon "$P/attacks/kread" >"$T/m5" <<EOS
catch exception 14
run
info pt 0xc0001000
continue
EOS
expect_grep "catch exception: #PF with its error code and CR2" \
	'^Catchpoint 1 \(exception\): vector 14 #PF error 0x5 cr2 0xc0001000, CPL 3->0' "$T/m5"
expect_grep "catch exception: stopped in the #PF handler" '^=> \[0\] c[0-9a-f]{7} <vector14>' "$T/m5"
expect_grep "info pt: PDE flags (supervisor)" '^  PDE at phys 0x[0-9a-f]{8} = 0x[0-9a-f]{8} \[ P W S' "$T/m5"
expect_grep "info pt: supervisor-only result" '^  -> physical 0x00001000, supervisor-only read/write$' "$T/m5"
expect_grep "catch exception: then the kernel stops the program" '^\[program stopped: .*#PF.*; status 139\]$' "$T/m5"

# --- info family ---
mon "$M" >"$T/m6" <<EOS
break peek_counter
run
info segments
info cr
info idt
info gdt
info pt
info pt counter
info tlb
info proc
info fds
info syscalls
info symbol counter+2
EOS
expect_grep "info segments: CS cache" '^cs 0x001b \(index 3, GDT, RPL 3\)  base 0x00000000 limit 0xffffffff  code RX DPL 3 P 32-bit G' "$T/m6"
expect_grep "info segments: TR" '^tr   0x0028 base 0xc0003000 limit 0x00000067$' "$T/m6"
expect_grep "info cr: CR0 decoded" '^cr0 0x[0-9a-f]{8} \[ PE .*WP PG \]$' "$T/m6"
expect_grep "info idt: the syscall gate is a DPL 3 trap gate" '^ 64 +trap gate +DPL 3  0008:c[0-9a-f]{7} <vector64>$' "$T/m6"
expect_grep "info idt: #PF is a DPL 0 interrupt gate" '^ 14 #PF +interrupt gate +DPL 0  0008:' "$T/m6"
expect_grep "info gdt: user code" '^0x0018  base 0x00000000 limit 0xffffffff  code RX DPL 3 P 32-bit G' "$T/m6"
expect_grep "info gdt: the TSS" '^0x0028  base 0xc0003000 limit 0x00000067  32-bit TSS \(busy\) DPL 0 P$' "$T/m6"
expect_grep "info pt: user text is read-only" '^  0x08048000-0x080[45][0-9a-f]{4} +[0-9]+ pages \[ P R U \]$' "$T/m6"
expect_grep "info pt: the stack" '^  0x[0-9a-f]{8}-0xbfffefff +64 pages \[ P W U \]$' "$T/m6"
expect_grep "info pt VADDR: the walk" "^linear 0x$COUNTER: directory index 32, table index $(((0x$COUNTER >> 12) & 0x3ff))," "$T/m6"
expect_grep "info pt VADDR: PTE flags (user, writable, dirty)" '^  PTE at phys 0x[0-9a-f]{8} = 0x[0-9a-f]{8} \[ P W U A D \]$' "$T/m6"
expect_grep "info tlb: a user entry" '^ *[0-9]+  linear 0x08049000 -> phys 0x[0-9a-f]{8}  sup r.  user r.$' "$T/m6"
expect_grep "info proc: current" '^current: pid 1  name montest  page directory at phys 0x[0-9a-f]{8}$' "$T/m6"
expect_grep "info proc: the table" '^\*   1     0 running   0x[0-9a-f]{8} montest$' "$T/m6"
expect_grep "info fds: stdout" '^fd  1: host fd 1, -w, 1 reference$' "$T/m6"
expect_grep "info syscalls: read is 6" '^  6  read$' "$T/m6"
expect_grep "info symbol" '^counter \+ 2 \(0x'"$COUNTER"', data\)$' "$T/m6"

# --- errors never end the session; help; source; -x with the real stdin ---
mon >"$T/m7" <<'EOS'
stepi
info registers
bogus
x/4q 0
break nosuch
load /nonexistent/prog
info nosuch
set $foo = 1
print 1 +
print 1/0
delete 99
watch 0 99
catch bogus
source /nonexistent
trace bogus
finish
help break
help info
echo still-alive
EOS
expect_eq "errors: one message per bad command" 16 "$(grep -c '^error: ' "$T/m7")"
expect_grep "errors: the session goes on" '^still-alive$' "$T/m7"
expect_grep "errors: unknown command" "^error: unknown command 'bogus'" "$T/m7"
expect_grep "errors: unknown symbol" "^error: no symbol 'nosuch'" "$T/m7"
expect_grep "errors: division by zero" '^error: division by zero$' "$T/m7"
expect_grep "help COMMAND: usage" '^usage: break LOC \[if COND\]$' "$T/m7"
expect_grep "help info: sub-commands" '^  info pt +\[VADDR\]' "$T/m7"
NCMD=$(mon <<<'help' | grep -c '^  [a-z]')
expect_eq "help: one line per command" "$(grep -c '^    {"' front/monitor_cmds.c)" "$NCMD"

printf 'print 6*7\n' >"$T/inner.cmds"
printf 'source %s\nrun\n' "$T/inner.cmds" >"$T/outer.cmds"
printf 'from-real-stdin\n' | "$EMU" monitor -x "$T/outer.cmds" "$P/readdemo" >"$T/m8" 2>&1
expect_grep "source: nested command file" '^\$1 = 42 \(0x2a\)$' "$T/m8"
expect_grep "-x: the guest reads the real stdin" '^from-real-stdin$' "$T/m8"

# --- trace inside the monitor, to a file, as JSON lines ---
mon --trace-file "$T/mtrace" --trace-format jsonl "$M" >"$T/m9" <<'EOS'
trace on syscall,cpl
trace
continue
trace off
trace
EOS
expect_grep "monitor trace: status" '^tracing on: cpl,syscall \(jsonl\)$' "$T/m9"
expect_grep "monitor trace: off" '^tracing off: nothing \(jsonl\)$' "$T/m9"
expect_grep "monitor trace file: syscall as JSON" '^\{"ev":"syscall","nr":18,"name":"getpid","args":\[\],"ret":1,"pid":1,"icount":[0-9]+,"text":"getpid\(\) = 1"\}$' "$T/mtrace"
expect_grep "monitor trace file: cpl change as JSON" '^\{"ev":"cpl","old_cpl":3,"new_cpl":0,"how":"gate","vector":64,' "$T/mtrace"

# --- a watchpoint sees the kernel's copyout; x/s, x/c, x/d ---
RBUF=$(sym "$P/readdemo" buf)
printf 'watch buf 4\nrun\nx/s buf\nx/3c buf\nx/2dh buf\n' >"$T/w.cmds"
printf 'abc\n' | "$EMU" monitor -x "$T/w.cmds" "$P/readdemo" >"$T/m10" 2>&1
expect_grep "watch: the kernel's copyout, seen at the bridge's out" \
	'^changed by the instruction at 0xc[0-9a-f]{7} <alltraps\+0x[0-9a-f]+>$' "$T/m10"
expect_grep "watch: the bytes read() stored" '^New value = 61 62 63 0a$' "$T/m10"
expect_grep "x/s" "^0x$RBUF <buf>:	\"abc\\\\n\"\$" "$T/m10"
expect_grep "x/c" "^0x$RBUF <buf>:	97 'a'	98 'b'	99 'c'\$" "$T/m10"
# 'a' 'b' = 0x6261 = 25185, 'c' '\n' = 0x0a63 = 2659 (little-endian halfwords)
expect_grep "x/dh" "^0x$RBUF <buf>:	25185	2659\$" "$T/m10"

# --- run ARGS replaces the arguments, as gdb's does ---
printf 'run one two\nrun three\n' | "$EMU" monitor "$P/hello" >"$T/m11" 2>&1
expect_eq "run ARGS: the arguments of each run" "argv[1] = one|argv[2] = two|argv[1] = three" \
	"$(grep '^argv' "$T/m11" | paste -sd'|')"

# --- processes: info proc and info fds inside a pipeline's child ---
printf 'catch syscall exec\nrun\ninfo proc\ninfo fds\n' >"$T/p.cmds"
echo 'echo hi | wc' | "$EMU" monitor -x "$T/p.cmds" "$P/sh" >"$T/m12" 2>&1
expect_grep "info proc: the child at its exec" '^\*   2     1 running   0x[0-9a-f]{8} sh$' "$T/m12"
expect_grep "info proc: the parent waits" '^    1     0 (sleeping|runnable) +0x[0-9a-f]{8} sh$' "$T/m12"
expect_grep "info fds: the child's stdout is the pipe" '^fd  1: pipe, -w, ' "$T/m12"
