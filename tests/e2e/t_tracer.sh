# The tracer's selections, symbols and JSON lines (issue 7).
RD=$P/readdemo
READ=$(sym "$RD" read)
BUF=$(sym "$RD" buf)
CALLREAD=$(objdump -d "$RD" | awk '/call.*<read>/ { sub(":", "", $1); print $1; exit }')
RET=$(printf '%08x' $((0x$CALLREAD + 5)))

printf 'abcd\n' | $EMU trace --trace insn,regs "$RD" >/dev/null 2>"$T/tr1"
expect_grep "trace insn: symbolised" "^\[3\] $READ <read>  mov +\\\$0x6,%eax\$" "$T/tr1"
expect_grep "trace insn: branch target symbolised" "^\[3\] [0-9a-f]{8} <_start\+0x[0-9a-f]+>  call +0x${READ#0} <read>\$" "$T/tr1"
expect_eq "trace regs: only the changed register, after its instruction" "    eax=00000006" \
	"$(grep -A1 "<read>  mov " "$T/tr1" | sed -n 2p)"
expect_grep "trace regs: segment registers on iret" '^    .*cs=001b ss=0023' "$T/tr1"
expect_eq "trace regs: no syscall lines unless selected" 0 "$(grep -c '^syscall' "$T/tr1")"

printf 'abcd\n' | $EMU trace --trace insn,mem "$RD" >/dev/null 2>"$T/tr2"
expect_eq "trace mem: call pushes its return address" \
	"$RET" "$(grep -A1 'call .*<read>$' "$T/tr2" | sed -n 2p | sed -E 's/.*<- //')"
expect_grep "trace mem: the trap frame the gate pushed (SS)" '^    mem c000fffc <- 00000023$' "$T/tr2"
expect_grep "trace mem: the trap frame (user CS)" '^    mem c000fff0 <- 0000001b$' "$T/tr2"

printf 'abcd\n' | $EMU trace --trace syscall,cpl "$RD" >/dev/null 2>"$T/tr3"
expect_eq "trace syscall,cpl: only those lines" 0 "$(grep -vcE '^(syscall |--- cpl )' "$T/tr3")"
expect_grep "trace cpl: the gate" '^--- cpl 3 -> 0 by vector 64, CS:EIP 0008:c[0-9a-f]{7}$' "$T/tr3"
expect_grep "trace cpl: the iret" '^--- cpl 0 -> 3 by iret, CS:EIP 001b:[0-9a-f]{8}$' "$T/tr3"
expect_grep "trace syscall" '^syscall read\(0, "abcd\\n", 64\) = 5$' "$T/tr3"

printf 'abcd\n' | $EMU trace --trace-format=jsonl --trace all --trace-file "$T/tr4" "$RD" >/dev/null 2>&1
expect_eq "jsonl: every line is an object" 0 "$(grep -vcE '^\{"ev":"(insn|regs|mem|deliver|iret|syscall|paging|sched|proc_end|uaccess|trapframe|map)",.*\}$' "$T/tr4")"
expect_grep "jsonl: syscall" "^\\{\"ev\":\"syscall\",\"nr\":6,\"name\":\"read\",\"args\":\\[0,$((0x$BUF)),64\\],\"ret\":5,\"pid\":1,\"icount\":[0-9]+,\"text\":\"read\\(0, \\\\\"abcd\\\\\\\\n\\\\\", 64\\) = 5\"\\}\$" "$T/tr4"
expect_grep "jsonl: instruction with symbol" "^\\{\"ev\":\"insn\",\"icount\":[0-9]+,\"cpl\":3,\"eip\":$((0x$READ)),\"sym\":\"read\",\"text\":\"mov    \\\$0x6,%eax\"\\}\$" "$T/tr4"
expect_grep "jsonl: register change" '^\{"ev":"regs","eax":6\}$' "$T/tr4"
expect_grep "jsonl: iret" '^\{"ev":"iret","old_cpl":0,"new_cpl":3,"cs":27,' "$T/tr4"
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys
for l in open(sys.argv[1]): json.loads(l)' "$T/tr4" 2>"$T/tr4.err"
	expect_eq "jsonl: python's json parses every line" "0:" "$?:$(cat "$T/tr4.err")"
fi

$EMU trace --trace bogus "$RD" </dev/null >/dev/null 2>"$T/tr5"
expect_eq "trace: a bad selection is refused" "2" "$?"
expect_grep "trace: the message names it" "unknown trace selection 'bogus'" "$T/tr5"
$EMU trace --trace-format xml "$RD" </dev/null >/dev/null 2>"$T/tr5"
expect_eq "trace: a bad format is refused" "2" "$?"
printf 'x\n' | $EMU trace --trace=syscall "$RD" >/dev/null 2>"$T/tr6"
expect_eq "trace --trace=LIST: only syscalls" "read,write,exit" \
	"$(sed -E 's/^syscall ([a-z]+)\(.*/\1/' "$T/tr6" | paste -sd,)"

# Processes: context switches, and the program's symbols only in its own
# address space (pid 2 runs echo at addresses that mean other code in sh).
echo 'echo hi | wc' | $EMU trace --trace insn,sched "$P/sh" >/dev/null 2>"$T/tr7"
expect_grep "trace sched: a switch" '^--- switch \((sleep|timer|exit)\): pid 1 \(sh\) -> pid 2 ' "$T/tr7"
expect_eq "symbols: none on other processes' user code" 0 \
	"$(awk 'BEGIN { inpid1 = 1 } /^--- switch/ { inpid1 = ($0 ~ /-> pid 1 /) } !inpid1 && /^\[3\] [0-9a-f]+ </' "$T/tr7" | wc -l)"
expect_eq "symbols: present on the program's own user code (the check above can fail)" 1 \
	"$(awk 'BEGIN { inpid1 = 1 } /^--- switch/ { inpid1 = ($0 ~ /-> pid 1 /) } inpid1 && /^\[3\] [0-9a-f]+ </' "$T/tr7" | head -1 | wc -l)"
expect_grep "symbols: the loaded program's user code" '^\[3\] [0-9a-f]{8} <main\+0x[0-9a-f]+>  ' "$T/tr7"
expect_grep "symbols: kernel code in every process" '^\[0\] c[0-9a-f]{7} <trapret>  popa$' \
	<(sed -n '/-> pid 2 /,$p' "$T/tr7")
echo 'echo hi | wc' | $EMU trace --trace sched,syscall --trace-format jsonl "$P/sh" >/dev/null 2>"$T/tr8"
expect_grep "jsonl: sched" '^\{"ev":"sched","why":"[a-z]+","from_pid":1,"from_name":"sh","to_pid":2,"to_name":"sh","cr3":[0-9]+,"pid":1,"icount":[0-9]+\}$' "$T/tr8"
expect_grep "jsonl: a blocking call" '^\{"ev":"syscall","nr":[0-9]+,"name":"(wait2|read)","args":\[[0-9,]*\],"blocked":true,"pid":[0-9]+,"icount":[0-9]+,"text":"[a-z0-9]+\(.*\)"\}$' "$T/tr8"
