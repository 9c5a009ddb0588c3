#!/bin/bash
# The gdb stub driven by the real gdb in batch mode, then raw-socket tests
# (tests/gdb/raw.py). Every wait is bounded: nothing here can hang.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
EMU=$BUILD/ia32emu
P=$BUILD/programs
PROG=$P/gdbtarget
T=$(mktemp -d)
EPID=
trap '[ -n "$EPID" ] && kill -9 $EPID 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
. tests/e2e/lib.sh

# start_emu PORT PROG ARGS...: starts the stub (stdin from $EMU_IN), sets
# EPID and PORT (empty when it did not come up).
start_emu() {
	local want=$1
	shift
	# Emptied here, not only by the child's redirection: the child may
	# open it after the loop below has read the previous run's port.
	: >"$T/emu.err"
	"$EMU" run --gdb "$want" "$@" <"${EMU_IN:-/dev/null}" >"$T/emu.out" 2>"$T/emu.err" &
	EPID=$!
	PORT=
	for _ in $(seq 100); do
		PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$T/emu.err")
		[ -n "$PORT" ] && return 0
		kill -0 $EPID 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# wait_emu: waits at most 20 s for the emulator; sets ERC (999: it hung).
wait_emu() {
	for _ in $(seq 200); do
		kill -0 $EPID 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 $EPID 2>/dev/null; then
		kill -9 $EPID
		wait $EPID 2>/dev/null
		ERC=999
	else
		wait $EPID
		ERC=$?
	fi
	EPID=
}

# gdb_script NAME: writes the common prologue to $T/NAME.gdb; commands follow.
gdb_script() {
	cat >"$T/$1.gdb" <<-EOS
		set architecture i386
		set pagination off
		set confirm off
		file $PROG
		target remote 127.0.0.1:$PORT
	EOS
}

# run_gdb NAME: gdb -batch on $T/NAME.gdb, output in $T/NAME.out.
run_gdb() {
	timeout --foreground -s KILL 30 gdb -batch -nx -x "$T/$1.gdb" >"$T/$1.out" 2>&1
}

hexsym() { printf '0x%x' "0x$(sym "$PROG" "$1")"; }

# 1. Break at a symbol, continue, info registers, x, backtrace, memory and
# register writes, then continue to the exit and check its status.
start_emu 0 "$PROG" || fail "stub starts" "$(cat "$T/emu.err")"
gdb_script brk
cat >>"$T/brk.gdb" <<'EOS'
break bump
continue
info registers
x/2xw $esp
bt
print counter
set var counter = 100
set $ecx = 0x1234abcd
printf "ECX=%x\n", $ecx
delete
continue
EOS
run_gdb brk
wait_emu
expect_grep "gdb: breakpoint at bump hit" "^Breakpoint 1, bump \(by=0\)" "$T/brk.out"
expect_grep "gdb: info registers eip at bump" "^eip +0x[0-9a-f]+ +0x[0-9a-f]+ <bump\+[0-9]+>" "$T/brk.out"
expect_grep "gdb: info registers cs at CPL 3" "^cs +0x1b " "$T/brk.out"
expect_grep "gdb: info registers eflags" "^eflags +0x[0-9a-f]+ +\[.*IF.*\]" "$T/brk.out"
expect_grep "gdb: x at esp" "^0xbf[0-9a-f]+:	0x[0-9a-f]{8}	0x[0-9a-f]{8}$" "$T/brk.out"
expect_grep "gdb: backtrace to main" "^#1 .* in main \(argc=1" "$T/brk.out"
expect_grep "gdb: print a global" '^\$1 = 0$' "$T/brk.out"
expect_grep "gdb: register write" "^ECX=1234abcd$" "$T/brk.out"
expect_grep "gdb: exit code reported" "exited with code 052\]" "$T/brk.out"
expect_eq "gdb: memory write changed the run" "counter 110" "$(cat "$T/emu.out")"
expect_eq "gdb: emulator exit status" 42 "$ERC"

# 2. stepi into int $64: the CPU arrives at CPL 0 in the kernel's trap stub.
start_emu 0 "$PROG"
gdb_script step
cat >>"$T/step.gdb" <<'EOS'
break write
continue
x/i $pc
stepi
x/i $pc
printf "BEFORE cs=%x eip=%x\n", $cs, $eip
stepi
printf "AFTER cs=%x cpl=%d eip=%x ss=%x\n", $cs, $cs & 3, $eip, $ss
stepi
printf "NEXT eip=%x\n", $eip
kill
EOS
run_gdb step
wait_emu
expect_grep "gdb: stepi reaches int \$64" "^=> 0x[0-9a-f]+ <write\+[0-9]+>:	int +\\\$0x40" "$T/step.out"
expect_grep "gdb: still CPL 3 before the trap" "^BEFORE cs=1b " "$T/step.out"
expect_grep "gdb: stepi into the trap stub at CPL 0" "^AFTER cs=8 cpl=0 eip=c0004[0-9a-f]{3} ss=10$" "$T/step.out"
expect_grep "gdb: stepping inside the stub" "^NEXT eip=c0004[0-9a-f]{3}$" "$T/step.out"
expect_eq "gdb: kill ends the emulator" 137 "$ERC"

# 3. A watchpoint on a variable, then continue to the exit.
start_emu 0 "$PROG"
gdb_script watch
cat >>"$T/watch.gdb" <<'EOS'
watch watched
continue
print watched
continue
EOS
run_gdb watch
wait_emu
expect_grep "gdb: hardware watchpoint set" "^Hardware watchpoint 1: watched" "$T/watch.out"
expect_grep "gdb: watchpoint old value" "^Old value = 0$" "$T/watch.out"
expect_grep "gdb: watchpoint new value" "^New value = 1234$" "$T/watch.out"
expect_grep "gdb: stopped in main after the write" "^main \(argc=1, .*gdbtarget.c:" "$T/watch.out"
expect_grep "gdb: exit after the watchpoint" "exited with code 052\]" "$T/watch.out"
expect_eq "gdb: exit status 42" 42 "$ERC"

# 3b. A watchpoint the kernel triggers: read() copies into the variable
# from CPL 0, so the stop is in the trap stub, after the copy.
printf 'hi\n' >"$T/in.txt"
EMU_IN=$T/in.txt start_emu 0 "$PROG" read
gdb_script kwatch
cat >>"$T/kwatch.gdb" <<'EOS'
watch inbuf[0]
continue
printf "KSTOP cs=%x eip=%x\n", $cs, $eip
continue
EOS
run_gdb kwatch
wait_emu
expect_grep "gdb: kernel write seen by a watchpoint" "^New value = 104 'h'$" "$T/kwatch.out"
expect_grep "gdb: ...stopping in the CPL-0 stub" "^KSTOP cs=8 eip=c0004[0-9a-f]{3}$" "$T/kwatch.out"
expect_eq "gdb: read program exit status" 104 "$ERC"

# 4. A read watchpoint and a hardware breakpoint.
start_emu 0 "$PROG"
gdb_script rwatch
cat >>"$T/rwatch.gdb" <<'EOS'
set debug remote 1
hbreak main
continue
rwatch counter
continue
print $pc
EOS
run_gdb rwatch
wait_emu
expect_grep "gdb: hardware breakpoint (Z1)" "Sending packet: \\\$Z1,80[4-9][0-9a-f]+,1#" "$T/rwatch.out"
expect_grep "gdb: hardware breakpoint hit" "^Breakpoint 1, main " "$T/rwatch.out"
expect_grep "gdb: read watchpoint (Z3)" "Sending packet: \\\$Z3,80[4-9][0-9a-f]+,4#" "$T/rwatch.out"
expect_grep "gdb: read watchpoint" "^Hardware read watchpoint 2: counter" "$T/rwatch.out"
expect_grep "gdb: read watchpoint hit in bump" "^Value = 0$" "$T/rwatch.out"
expect_grep "gdb: stopped after the read, in bump" "<bump\+[0-9]+>" "$T/rwatch.out"

# 5. Ctrl-C while the guest spins, then kill.
start_emu 0 "$PROG" spin
gdb_script intr
cat >>"$T/intr.gdb" <<'EOS'
set debug remote 1
continue
printf "COUNTER_POSITIVE=%d\n", counter > 0
kill
EOS
timeout --foreground -s KILL 30 gdb -batch -nx -x "$T/intr.gdb" >"$T/intr.out" 2>&1 &
GPID=$!
# Interrupt once gdb has resumed the guest and waits for it.
for _ in $(seq 100); do
	grep -q 'Sending packet: \$vCont;c' "$T/intr.out" && break
	sleep 0.1
done
sleep 0.2
kill -INT $GPID
wait $GPID 2>/dev/null
wait_emu
expect_grep "gdb: Ctrl-C stops with SIGINT" "received signal SIGINT" "$T/intr.out"
expect_grep "gdb: the guest ran before the interrupt" "^COUNTER_POSITIVE=1$" "$T/intr.out"
expect_eq "gdb: killed after the interrupt" 137 "$ERC"

# 6. A program killed by an exception.
start_emu 0 "$P/attacks/kread"
gdb_script fault
echo continue >>"$T/fault.gdb"
run_gdb fault
wait_emu
expect_grep "gdb: killed by SIGSEGV" "terminated with signal SIGSEGV" "$T/fault.out"
expect_eq "gdb: fault exit status" 139 "$ERC"

# 7. A fixed port, chosen from a range with retries (the port may be taken).
for _ in 1 2 3 4 5; do
	want=$((20000 + RANDOM % 20000))
	start_emu $want "$PROG" && break
	wait_emu
done
expect_eq "gdb: fixed port is the one asked for" "$want" "$PORT"
gdb_script fixed
echo continue >>"$T/fixed.gdb"
run_gdb fixed
wait_emu
expect_grep "gdb: fixed port session" "exited with code 052\]" "$T/fixed.out"

# 8. Bad --gdb arguments and a port in use.
"$EMU" run --gdb 70000 "$PROG" 2>"$T/bad.err"
expect_eq "gdb: --gdb out of range is a usage error" 2 "$?"
expect_grep "gdb: --gdb range message" "takes a TCP port" "$T/bad.err"
"$EMU" run --gdb 0 --coverage "$T/cov" "$PROG" 2>"$T/cov.err"
expect_eq "gdb: --gdb with --coverage is a usage error" 2 "$?"
expect_grep "gdb: --gdb with --coverage message" "cannot be used together" "$T/cov.err"
start_emu 0 "$PROG"
"$EMU" run --gdb "$PORT" "$PROG" 2>"$T/busy.err"
expect_eq "gdb: port in use fails" 125 "$?"
expect_grep "gdb: port in use message" "cannot listen on 127.0.0.1:$PORT" "$T/busy.err"
kill $EPID
wait $EPID 2>/dev/null
EPID=

# 8b. A bare-metal Multiboot kernel (run --bare, programs/bare, built by
# mk/prot.mk): gdb
# breaks in it at CPL 0 and runs it to its exit port.
BARE=$P/bare/kernel.elf
if [ -f "$BARE" ]; then
	start_emu 0 --bare "$BARE"
	cat >"$T/bare.gdb" <<-EOS
		set architecture i386
		set confirm off
		file $BARE
		target remote 127.0.0.1:$PORT
		break kmain
		continue
		printf "BARE cs=%x eip=%x\\n", \$cs, \$eip
		delete
		continue
	EOS
	run_gdb bare
	wait_emu
	expect_grep "gdb --bare: break in the kernel" "^BARE cs=8 eip=$(sym "$BARE" kmain | sed 's/^0*//')$" "$T/bare.out"
	code=$(sed -n 's/.*exited with code 0*\([0-7]*\)\]$/\1/p' "$T/bare.out")
	expect_eq "gdb --bare: exit code reported is the emulator's" "$ERC" "$((8#${code:-777}))"
else
	fail "gdb --bare" "no $BARE"
fi

# 9. The monitor's `gdbserver PORT`: the monitor stops at a breakpoint,
# hands the machine to gdb, gets it back when gdb detaches, and finishes.
rm -f "$T/mon.in"
mkfifo "$T/mon.in"
"$EMU" monitor "$PROG" <"$T/mon.in" >"$T/mon.out" 2>&1 &
EPID=$!
exec 7<>"$T/mon.in" # read-write: never blocks, even if the monitor died
# `break *bump`: the symbol's own address (with DWARF `break bump` is after the prologue).
printf 'break *bump\nrun\ntrace on syscall\ngdbserver 0\n' >&7
PORT=
for _ in $(seq 100); do
	PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$T/mon.out")
	[ -n "$PORT" ] && break
	sleep 0.1
done
gdb_script mongdb
cat >>"$T/mongdb.gdb" <<'EOS'
printf "GDB_SEES counter=%d eip=%x\n", counter, $eip
watch watched
continue
set var counter = 1000
delete
break exit
continue
detach
EOS
run_gdb mongdb
printf 'continue\nquit\n' >&7
exec 7>&-
wait_emu
expect_grep "monitor gdbserver: gdb starts where the monitor stopped" \
	"^GDB_SEES counter=0 eip=$(sym "$PROG" bump | sed 's/^0*//')$" "$T/mongdb.out"
expect_grep "monitor gdbserver: gdb's watchpoint" "^New value = 1234$" "$T/mongdb.out"
expect_grep "monitor gdbserver: the monitor gets the program back" \
	"^\[gdb detached; the program is stopped here\]$" "$T/mon.out"
expect_grep "monitor gdbserver: gdb's write seen by the program" "^counter 1000$" "$T/mon.out"
# The write ran under gdb (before its detach), traced by the monitor.
expect_eq "monitor gdbserver: the tracer traced what gdb ran" "write detach" \
	"$(grep -oE '^syscall write\(1, ".*", 13\) = 13$|^\[gdb detached' "$T/mon.out" |
		sed 's/^syscall.*/write/; s/^\[gdb detached/detach/' | tr '\n' ' ' | sed 's/ $//')"
expect_grep "monitor gdbserver: the monitor runs it to the end" \
	"^\[program exited with status 42\]$" "$T/mon.out"
expect_eq "monitor gdbserver: monitor exit status" 0 "$ERC"

# 9b. The x87 registers (front/gdbstub_target.c): gdb's `info float` and
# `p $st0` at fork in programs/fpuproc, which then holds 1 and 4242.
SAVED_PROG=$PROG
PROG=$P/fpuproc
start_emu 0 "$PROG" fork
gdb_script fpu
cat >>"$T/fpu.gdb" <<'EOS'
break fork
continue
p $st0
p $st1
info float
kill
EOS
run_gdb fpu
wait_emu
PROG=$SAVED_PROG
expect_grep "gdb: p \$st0" '^\$1 = 1$' "$T/fpu.out"
expect_grep "gdb: p \$st1" '^\$2 = 4242$' "$T/fpu.out"
expect_grep "gdb: info float, ST(0) at TOP" '^=>R6: Valid   0x3fff8000000000000000 \+1 *$' "$T/fpu.out"
expect_grep "gdb: info float, control word" '^Control Word:        0x077f   IM DM ZM OM UM PM$' "$T/fpu.out"

# 9c. catch syscall through QCatchSyscalls, by name with the names from
# `ia32emu syscalls-xml` (gdb's syscalls/i386-linux.xml in its data
# directory, GNU/Linux OS ABI), then by number alone without any XML.
SAVED_PROG=$PROG
PROG=$P/hello
mkdir -p "$T/data/syscalls" "$T/nodata"
"$EMU" syscalls-xml "$T/data/syscalls/i386-linux.xml" || fail "syscalls-xml" "exit $?"
"$EMU" syscalls-xml --abi xv6 "$T/xv6.xml"
expect_grep "syscalls-xml --abi xv6: its table" '^  <syscall name="write" number="5"/>$' "$T/xv6.xml"
grep -q readdir "$T/xv6.xml" && fail "syscalls-xml --abi xv6: no readdir" "$(grep readdir "$T/xv6.xml")" ||
	ok "syscalls-xml --abi xv6: no readdir (ia32emu's extension)"
"$EMU" syscalls-xml --abi linux "$T/linux.xml"
expect_grep "syscalls-xml --abi linux: Linux's numbering" '^  <syscall name="write" number="4"/>$' "$T/linux.xml"
"$EMU" syscalls-xml --abi nosuch "$T/bad.xml" 2>"$T/bad.err"
[ $? -eq 2 ] && grep -q "unknown ABI 'nosuch'" "$T/bad.err" && ok "syscalls-xml: unknown ABI" ||
	fail "syscalls-xml: unknown ABI" "$(cat "$T/bad.err")"
start_emu 0 "$PROG"
gdb_script csys
cat >>"$T/csys.gdb" <<EOS
set data-directory $T/data
set osabi GNU/Linux
catch syscall write
continue
p \$eax
continue
p \$eax
continue
EOS
run_gdb csys
wait_emu
expect_grep "gdb: catch syscall write (name from the XML)" "^Catchpoint 1 \(syscall 'write' \[5\]\)$" "$T/csys.out"
expect_grep "gdb: stop at the call" '^Catchpoint 1 \(call to syscall write\), 0x[0-9a-f]* in write \(\)' "$T/csys.out"
expect_grep "gdb: eax at the call" '^\$1 = 5$' "$T/csys.out"
expect_grep "gdb: stop at the return" '^Catchpoint 1 \(returned from syscall write\), 0x[0-9a-f]* in write \(\)' "$T/csys.out"
expect_grep "gdb: eax at the return" '^\$2 = 13$' "$T/csys.out"
expect_grep "gdb: the program ends after the catches" 'exited normally' "$T/csys.out"
expect_grep "catch syscall: the program's output" '^hello, world$' "$T/emu.out"
start_emu 0 "$PROG"
gdb_script csysn
cat >>"$T/csysn.gdb" <<EOS
set data-directory $T/nodata
set osabi GNU/Linux
catch syscall 2
continue
continue
EOS
run_gdb csysn
wait_emu
expect_grep "gdb: catch syscall 2 (number only)" '^Catchpoint 1 \(call to syscall 2\), ' "$T/csysn.out"
expect_grep "gdb: exit has no return" 'exited normally' "$T/csysn.out"
PROG=$SAVED_PROG

# 10. A position-independent program (gcc -m32 -static-pie, glibc): gdb
# learns where exec loaded it from qOffsets, so its symbols and breakpoints
# are there (0x56555000 up).
cat >"$T/pie.c" <<'EOS'
#include <stdio.h>
int counter;
int main(void)
{
	counter = 5;
	printf("pie %d\n", counter);
	return 3;
}
EOS
if gcc -m32 -g -O0 -static-pie -o "$T/pie" "$T/pie.c" 2>"$T/pie.log"; then
	SAVED_PROG=$PROG
	PROG=$T/pie
	start_emu 0 "$PROG"
	gdb_script pie
	cat >>"$T/pie.gdb" <<'EOS'
break main
continue
print $pc
next
print counter
continue
EOS
	run_gdb pie
	wait_emu
	expect_grep "gdb: a PIE's breakpoint at main" '^Breakpoint 1 at 0x5655[0-9a-f]{4}: file .*pie.c, line 5\.$' "$T/pie.out"
	expect_grep "gdb: the PIE stops at main" '^Breakpoint 1, main \(\) at .*pie.c:5$' "$T/pie.out"
	expect_grep "gdb: a PIE's global" '^\$2 = 5$' "$T/pie.out"
	expect_grep "gdb: the PIE's exit" 'exited with code 03' "$T/pie.out"
	expect_grep "gdb: the PIE's output" '^pie 5$' "$T/emu.out"
	PROG=$SAVED_PROG
else
	fail "gcc -m32 -static-pie" "$(head -3 "$T/pie.log")"
fi

# 11. Raw-socket tests: framing, malformed packets, second connection,
# disconnect mid-run.
timeout -s KILL 120 python3 tests/gdb/raw.py "$EMU" "$P" >"$T/raw.out" 2>&1
cat "$T/raw.out"
grep -q " 0 failed$" "$T/raw.out" && ok "raw-socket tests" || fail "raw-socket tests" "see above"

summary
