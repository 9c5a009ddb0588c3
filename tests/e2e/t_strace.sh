# ia32emu strace (issue 18): every decoder of the ia32emu ABI through the
# real binary, processes, counts, and a trace no guest can forge.
ST=$P/strace/stracetest
SR="$T/sroot"
mkdir -p "$SR"
# expect_line NAME LINE FILE: LINE is one whole line of FILE (fixed string)
expect_line() {
	if grep -Fxq -- "$2" "$3"; then ok "$1"; else fail "$1" "no line [$2] in $3"; fi
}

# --- every call of the ABI, its error paths, long strings, binary data ---
$EMU strace --root "$SR" -o "$T/s1" "$ST" files </dev/null >/dev/null 2>"$T/s1.err"
expect_eq "strace: the program's status" 3 "$?"
expect_line "strace open: ENOENT by name and message" \
	'open("/no/such/file", O_RDONLY) = -2 ENOENT (No such file or directory)' "$T/s1"
expect_line "strace open: flags by name" 'open("st.tmp", O_WRONLY|O_CREATE|O_TRUNC) = 3' "$T/s1"
expect_line "strace open: O_RDWR|O_APPEND" 'open("st.tmp", O_RDWR|O_APPEND) = 3' "$T/s1"
expect_line "strace write: a long buffer cut at 32 with ..." \
	'write(3, "0123456789abcdefghijklmnopqrstuv"..., 98) = 98' "$T/s1"
expect_line "strace write: binary data escaped as strace does" \
	'write(3, "\0\1\0027\377\n\t\"\\\200\33", 11) = 11' "$T/s1"
expect_line "strace fstat: the struct in braces" 'fstat(3, {type=T_FILE, size=109, ...}) = 0' "$T/s1"
expect_line "strace read: what was read, after it returned" 'read(3, "0123456789", 10) = 10' "$T/s1"
expect_line "strace read: only the bytes read (99 of 256), cut" \
	'read(3, "abcdefghijklmnopqrstuvwxyzABCDEF"..., 256) = 99' "$T/s1"
expect_line "strace read: end of file" 'read(3, "", 256) = 0' "$T/s1"
expect_line "strace close: EBADF" 'close(99) = -9 EBADF (Bad file descriptor)' "$T/s1"
expect_line "strace write: a kernel pointer is shown, not followed" \
	'write(1, 0xc0000000, 5) = -14 EFAULT (Bad address)' "$T/s1"
expect_line "strace read: NULL" 'read(0, NULL, 10) = -14 EFAULT (Bad address)' "$T/s1"
expect_line "strace open: a kernel pointer as path" 'open(0xc0001000, O_RDONLY) = -14 EFAULT (Bad address)' "$T/s1"
expect_line "strace fstat: a failed call's struct is its address" 'fstat(1, 0xc0000000) = -14 EFAULT (Bad address)' "$T/s1"
expect_line "strace mkdir" 'mkdir("st.dir") = 0' "$T/s1"
expect_line "strace mkdir: EEXIST" 'mkdir("st.dir") = -17 EEXIST (File exists)' "$T/s1"
expect_line "strace chdir" 'chdir("..") = 0' "$T/s1"
expect_line "strace link: two paths" 'link("st.tmp", "st.lnk") = 0' "$T/s1"
expect_line "strace unlink" 'unlink("st.lnk") = 0' "$T/s1"
expect_line "strace unlink: ENOENT" 'unlink("st.tmp") = -2 ENOENT (No such file or directory)' "$T/s1"
expect_grep "strace readdir: the entry in braces" '^readdir\(3, \{ino=[0-9]+, type=T_DIR, namelen=1, name="\."\}\) = 1$' "$T/s1"
expect_line "strace mknod" 'mknod("st.node", 1, 2) = -38 ENOSYS (Function not implemented)' "$T/s1"
expect_line "strace pipe: the two descriptors" 'pipe([3, 4]) = 0' "$T/s1"
expect_line "strace dup" 'dup(1) = 5' "$T/s1"
expect_line "strace getpid" 'getpid() = 1' "$T/s1"
expect_grep "strace sbrk: an address" '^sbrk\(4096\) = 0x[0-9a-f]+$' "$T/s1"
expect_grep "strace uptime" '^uptime\(\) = [0-9]+$' "$T/s1"
expect_line "strace sleep: blocks, but nothing came between: one line" 'sleep(1) = 0' "$T/s1"
expect_line "strace kill: ESRCH" 'kill(99) = -3 ESRCH (No such process)' "$T/s1"
expect_line "strace exec: path and argv" \
	'exec("/no/such/program", ["no", "such", "program"]) = -2 ENOENT (No such file or directory)' "$T/s1"
expect_line "strace wait: ECHILD" 'wait() = -10 ECHILD (No child processes)' "$T/s1"
expect_line "strace wait2: NULL" 'wait2(NULL) = -10 ECHILD (No child processes)' "$T/s1"
expect_line "strace exit" 'exit(3) = ?' "$T/s1"
expect_line "strace: the end of the process" '+++ exited with 3 +++' "$T/s1"
expect_eq "strace: the first line is the exec that started the program" \
	"exec(\"$ST\", [\"$ST\", \"files\"]) = 0" "$(head -n 1 "$T/s1")"
expect_eq "strace: no [pid] prefix with one process" 0 "$(grep -c '^\[pid' "$T/s1")"
expect_eq "strace: the guest's stderr untouched, the trace in -o" "" "$(cat "$T/s1.err")"

# -s and -v
$EMU strace -s 5 -v --root "$SR" "$ST" files </dev/null >/dev/null 2>"$T/s2"
expect_line "strace -s 5" 'write(3, "01234"..., 98) = 98' "$T/s2"
expect_line "strace -s 5: binary cut too" 'write(3, "\0\1\0027\377"..., 11) = 11' "$T/s2"
expect_grep "strace -v: every field of stat" '^fstat\(3, \{dev=[0-9]+, ino=[0-9]+, type=T_FILE, nlink=1, size=109\}\) = 0$' "$T/s2"
expect_line "strace -s 5 does not cut paths (as strace)" 'open("/no/such/file", O_RDONLY) = -2 ENOENT (No such file or directory)' "$T/s2"

# -e trace=
$EMU strace -e trace=%file --root "$SR" "$ST" files </dev/null >/dev/null 2>"$T/s3"
expect_eq "strace -e trace=%file: only calls taking a path" "" \
	"$(sed -E 's/\(.*//' "$T/s3" | grep -vE '^(open|mkdir|chdir|link|unlink|mknod|exec|\+\+\+ exited with 3 \+\+\+)$' | sort -u)"
FILECALLS='^(open|mkdir|chdir|link|unlink|mknod|exec)\('
expect_eq "strace -e trace=%file: all of them" "$(grep -cE "$FILECALLS" "$T/s1")" "$(grep -cE "$FILECALLS" "$T/s3")"
$EMU strace -e trace=read,close --root "$SR" "$ST" files </dev/null >/dev/null 2>"$T/s4"
expect_eq "strace -e trace=read,close" "close,read" "$(sed -E 's/\(.*//' "$T/s4" | grep -v '^+++' | sort -u | paste -sd,)"
$EMU strace -e 'trace=!read,close,exit' --root "$SR" "$ST" files </dev/null >/dev/null 2>"$T/s5"
expect_eq "strace -e trace=!SET: all but those" 0 "$(grep -cE '^(read|close|exit)\(' "$T/s5")"
expect_grep "strace -e trace=!SET: the others stay" '^open\(' "$T/s5"
$EMU strace -e trace=bogus "$ST" files </dev/null >/dev/null 2>"$T/s6"
expect_eq "strace -e: an unknown call is refused" 2 "$?"
expect_grep "strace -e: the message names it" "invalid system call 'bogus'" "$T/s6"
$EMU strace -e trace=%process -f --root "$SR" -o "$T/s6" "$ST" procs </dev/null >/dev/null 2>&1
expect_eq "strace -e trace=%process" "exec,exit,fork,kill,wait2" \
	"$(sed -E 's/^\[pid [0-9]+\] //; s/^<\.\.\. ([a-z0-9]+) resumed>.*/\1/; s/\(.*//' "$T/s6" | grep -vE '^(\+\+\+|---)' | sort -u | paste -sd,)"

# --- processes: -f, unfinished/resumed across processes, faults, kill ---
$EMU strace -f --root "$SR" -o "$T/p1" "$ST" procs </dev/null >/dev/null 2>"$T/p1.err"
expect_eq "strace -f: the program's status" 3 "$?"
expect_line "strace -f: the first lines before a second process have no prefix" 'pipe([3, 4]) = 0' "$T/p1"
expect_line "strace -f: the fork" '[pid 1] fork() = 2' "$T/p1"
expect_line "strace -f: a blocking read is unfinished when another process prints" \
	'[pid 1] read(3,  <unfinished ...>' "$T/p1"
expect_line "strace -f: the child's sleep" '[pid 2] sleep(2) = 0' "$T/p1"
expect_line "strace -f: the child's write" '[pid 2] write(4, "ping", 4) = 4' "$T/p1"
expect_line "strace -f: the child exits" '[pid 2] +++ exited with 7 +++' "$T/p1"
expect_line "strace -f: the read resumed with what it read" '[pid 1] <... read resumed>"ping", 16) = 4' "$T/p1"
expect_line "strace -f: wait2's status" '[pid 1] wait2([7]) = 2' "$T/p1"
expect_grep "strace -f: the fault, its error code and CR2" \
	'^\[pid 3\] --- #PF page fault \{error=0x6 \(user write, not present\), cr2=0, eip=0x[0-9a-f]+\} ---$' "$T/p1"
expect_line "strace -f: killed by the fault's signal" '[pid 3] +++ killed by SIGSEGV +++' "$T/p1"
expect_line "strace -f: the parent sees 128+11" '[pid 1] <... wait2 resumed>[139]) = 3' "$T/p1"
expect_line "strace -f: kill's call, unfinished while its victim dies" '[pid 1] kill(4 <unfinished ...>' "$T/p1"
expect_line "strace -f: killed by kill" '[pid 4] +++ killed by SIGKILL +++' "$T/p1"
expect_line "strace -f: kill resumed" '[pid 1] <... kill resumed>) = 0' "$T/p1"
expect_line "strace -f: the first process's end" '[pid 1] +++ exited with 3 +++' "$T/p1"
# Order: the read blocks before the child runs, resumes after it wrote.
ORDER=$(grep -nF -e '[pid 1] read(3,  <unfinished' -e '[pid 2] write(4, "ping"' -e '[pid 1] <... read resumed>' "$T/p1" | sed 's/:.*//' | paste -sd' ')
expect_eq "strace -f: unfinished, the other process, resumed, in order" 1 \
	"$(echo "$ORDER" | awk '{ print ($1 < $2 && $2 < $3) ? 1 : 0 }')"
$EMU strace --root "$SR" "$ST" procs </dev/null >/dev/null 2>"$T/p2"
expect_eq "strace without -f: only the first process, no prefix" 0 "$(grep -cE '^\[pid|sleep\(|killed by' "$T/p2")"
expect_line "strace without -f: its blocking read in one line" 'read(3, "ping", 16) = 4' "$T/p2"

# --- -T, -c, -C: guest instructions ---
$EMU strace -T --root "$SR" "$ST" files </dev/null >/dev/null 2>"$T/c1"
expect_eq "strace -T: every finished call ends with <N>" 0 \
	"$(grep -vE '^(\+\+\+ .* \+\+\+|exit\(3\) = \?|exec\(.*\) = 0 <0>)$' "$T/c1" | grep -vcE ' <[1-9][0-9]*>$')"
$EMU strace -c --root "$SR" "$ST" files </dev/null >/dev/null 2>"$T/c2"
expect_eq "strace -c: no call lines" 0 "$(grep -cE '^[a-z0-9]+\(' "$T/c2")"
expect_grep "strace -c: the header" '^% kern kernel insns  insns/call   user insns   user/call     calls    errors syscall$' "$T/c2"
expect_eq "strace -c: read's calls and errors" "4 1" "$(awk '$NF == "read" { print $6, $7 }' "$T/c2")"
expect_eq "strace -c: open's calls and errors" "6 2" "$(awk '$NF == "open" { print $6, $7 }' "$T/c2")"
expect_eq "strace -c: -T's instructions for read add up to -c's" \
	"$(grep -E '^read\(' "$T/c1" | sed -E 's/.*<([0-9]+)>$/\1/' | awk '{ s += $1 } END { print s }')" \
	"$(awk '$NF == "read" { print $2 }' "$T/c2")"
expect_eq "strace -c: total calls = the lines of a plain run" \
	"$(grep -cE '^[a-z0-9]+\(' "$T/s1")" "$(awk '$NF == "total" { print $6 }' "$T/c2")"
expect_grep "strace -c: user and kernel instructions in all" '^instructions: [1-9][0-9]* in user mode, [1-9][0-9]* in kernel mode \([1-9][0-9]* in system calls, [0-9]+ in other traps and interrupts\)$' "$T/c2"
$EMU strace -C -f --root "$SR" "$ST" procs </dev/null >/dev/null 2>"$T/c3"
expect_grep "strace -C: the lines" '^\[pid 1\] fork\(\) = 2$' "$T/c3"
expect_grep "strace -C: and the table" '^100\.00 +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ total$' "$T/c3"
expect_eq "strace -C: a blocked call counts once" 3 "$(awk '$NF == "wait2" { print $6 }' "$T/c3")"

# --- run's options and errors ---
$EMU strace --max-insns 40 "$ST" files </dev/null >/dev/null 2>"$T/r1"
expect_eq "strace --max-insns: run's budget and status" 124 "$?"
$EMU strace -s x "$ST" </dev/null >/dev/null 2>"$T/r2"
expect_eq "strace -s: a bad size is refused" 2 "$?"
$EMU strace --help >"$T/r3"
expect_grep "strace --help: its options" '^  -f +follow forked processes' "$T/r3"
expect_grep "strace --help: and run's" '^  --root DIR' "$T/r3"

# --- no forging: a hostile argv[0] (newline, invalid UTF-8) ---
$EMU strace -f "$ST" evil "$P/echo" </dev/null >/dev/null 2>"$T/h1"
expect_line "strace: exec's argv escaped" \
	"[pid 2] exec(\"$P/echo\", [\"ev\\nil\\377\\376 name\", \"hi\"]) = 0" "$T/h1"
expect_eq "strace: no line begins with the name's second half" 0 "$(grep -c '^il' "$T/h1")"
$EMU trace --trace sched,syscall "$ST" evil "$P/echo" </dev/null >/dev/null 2>"$T/h2"
expect_line "trace sched: the name escaped" \
	'--- switch (exit): pid 2 (ev\nil\377\376 name) -> pid 1 (stracetest), cr3 0x'"$(sed -n 's/.*(stracetest), cr3 0x\([0-9a-f]*\)$/\1/p' "$T/h2" | tail -1)" "$T/h2"
expect_line "trace syscall: exec decoded from its entry" \
	"syscall exec(\"$P/echo\", [\"ev\\nil\\377\\376 name\", \"hi\"]) = 0" "$T/h2"
expect_eq "trace: no line begins with the name's second half" 0 "$(grep -c '^il' "$T/h2")"
$EMU trace --trace all --trace-format jsonl --trace-file "$T/h3" "$ST" evil "$P/echo" </dev/null >/dev/null 2>&1
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys
n = 0
for l in open(sys.argv[1], "rb"):
    o = json.loads(l.decode("utf-8"))  # strict UTF-8, RFC 8259
    n += 1
    if o["ev"] in ("syscall", "deliver", "iret", "sched", "proc_end"):
        assert "pid" in o and "icount" in o, l
names = [json.loads(l)["from_name"] for l in open(sys.argv[1], "rb") if b"\"sched\"" in l]
assert "ev\nil\ufffd\ufffd name" in names, names
print(n)' "$T/h3" >"$T/h3.out" 2>&1
	expect_eq "jsonl: valid UTF-8 JSON with the hostile name, pid and icount on every event" 0 "$?"
fi
expect_grep "jsonl: the process's end" '^\{"ev":"proc_end","how":"exit","name":"ev\\u000ail' "$T/h3"
$EMU trace --trace sched --trace-format jsonl --root "$SR" "$ST" procs </dev/null >"$T/h4" 2>&1
expect_grep "jsonl: a process killed by a fault" '^\{"ev":"proc_end","how":"fault","name":"stracetest","status":139,"signal":11,"vector":14,"eip":[0-9]+,"error":6,"cr2":0,"pid":3,"icount":[0-9]+\}$' "$T/h4"
expect_grep "jsonl: a process killed by kill" '^\{"ev":"proc_end","how":"kill","name":"stracetest","status":137,"signal":9,"pid":4,' "$T/h4"

$EMU run "$ST" evil "$ST" fault </dev/null >/dev/null 2>"$T/h5"
expect_grep "run: the kernel's kill message escapes the name" '^ia32emu: pid 2 killed: ev\\012il\\377\\376 name: #PF ' "$T/h5"
expect_eq "run: no stderr line begins with the name's second half" 0 "$(grep -c '^il' "$T/h5")"

# --- the Linux personality: its names, numbers and conventions ---
if [ -x "$P/linux/abi_hello" ]; then
	$EMU strace --abi linux -o "$T/l1" "$P/linux/abi_hello" a b </dev/null >/dev/null 2>&1
	expect_eq "strace linux: the program's status" 43 "$?"
	expect_line "strace linux: write by Linux's number (4), registers decoded" \
		'write(1, "hello from int $0x80\n", 21) = 21' "$T/l1"
	expect_line "strace linux: an unknown number" \
		'syscall_9999() = -38 ENOSYS (Function not implemented)' "$T/l1"
	expect_line "strace linux: exit_group, no result" 'exit_group(43) = ?' "$T/l1"
	expect_line "strace linux: the end" '+++ exited with 43 +++' "$T/l1"
	$EMU strace --abi linux -e trace=exit_group -o "$T/l2" "$P/linux/abi_hello" </dev/null >/dev/null 2>&1
	expect_eq "strace linux: -e trace= by a Linux name" "exit_group(41) = ?" "$(grep -v '^+++' "$T/l2")"
fi

# --- --trace int vs cpl ---
printf 'x\n' | $EMU trace --trace int "$P/readdemo" >/dev/null 2>"$T/i1"
printf 'x\n' | $EMU trace --trace cpl "$P/readdemo" >/dev/null 2>"$T/i2"
expect_eq "trace int: deliveries and irets" 0 "$(grep -vcE '^(==> |<== )' "$T/i1")"
expect_eq "trace cpl: privilege changes" 0 "$(grep -vcE '^--- cpl [0-3] -> [0-3] by (vector [0-9]+|iret), CS:EIP ' "$T/i2")"
expect_eq "trace int and cpl: one line per crossing each" "$(wc -l <"$T/i1")" "$(wc -l <"$T/i2")"
