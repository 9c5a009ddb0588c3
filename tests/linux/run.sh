#!/bin/bash
# Hosted C programs (tests/linux/*.c) built with the host's gcc -m32 -static
# (glibc) and with musl, run natively and in ia32emu: the same stdout and
# exit status are required. Usage: BUILD=build tests/linux/run.sh
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
EMU=$PWD/$BUILD/ia32emu
OUT=$BUILD/linux-tests
MUSL_SPECS=$BUILD/musl/musl.specs
mkdir -p "$OUT"
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   $1"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL $1: $2"; }
# The environment ia32emu gives a Linux program by default (docs/linux.md).
DEFENV=(PATH=/usr/local/bin:/usr/bin:/bin HOME=/ TERM=vt100 LANG=C)

# sysroot DIR BINARY: what a dynamically linked BINARY needs in its root,
# copied from the host's multilib (gcc-multilib): its interpreter at the
# path it names, and the libraries it needs in /lib32, where that
# interpreter looks. Copies, as the root keeps the guest beneath it.
sysroot() {
	local dir=$1 bin=$2 interp lib
	interp=$(readelf -l "$bin" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
	mkdir -p "$dir/lib32" "$dir$(dirname "$interp")"
	cp -L "$interp" "$dir$interp"
	for lib in $(readelf -d "$bin" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
		cp -L "/lib32/$lib" "$dir/lib32/$lib"
	done
}

run_one() { # NAME BINARY ARGS...
	local name=$1 bin=$2
	shift 2
	local w="$OUT/$name.d"
	rm -rf "$w"
	mkdir -p "$w/nat" "$w/emu"
	# The program lies in its root and is run as ./prog in both worlds,
	# so that it can exec itself.
	cp "$bin" "$w/nat/prog"
	cp "$bin" "$w/emu/prog"
	[ -n "${DYN:-}" ] && sysroot "$w/emu" "$bin"
	(cd "$w/nat" && env -i "${DEFENV[@]}" ./prog "$@" >../nat.out 2>../nat.err </dev/null)
	local ns=$?
	(cd "$w/emu" && timeout 60 "$EMU" run --root . ./prog "$@" >../emu.out 2>../emu.err </dev/null)
	local es=$?
	if [ "$ns" != "$es" ]; then
		fail "$name" "status native $ns, ia32emu $es ($(head -c 300 "$w/emu.err"))"
	elif ! cmp -s "$w/nat.out" "$w/emu.out"; then
		fail "$name" "stdout differs: $(diff "$w/nat.out" "$w/emu.out" | head -5 | tr '\n' ' ')"
	else
		ok "$name"
	fi
}

for src in tests/linux/*.c; do
	t=$(basename "$src" .c)
	args=()
	[ -f "tests/linux/$t.args" ] && read -r -a args <"tests/linux/$t.args"
	if gcc -m32 -static -O2 -o "$OUT/$t-glibc" "$src" 2>"$OUT/$t-glibc.log"; then
		run_one "linux $t (glibc)" "$PWD/$OUT/$t-glibc" "${args[@]}"
	else
		fail "linux $t (glibc)" "gcc -m32 -static failed: $(head -3 "$OUT/$t-glibc.log")"
	fi
	# The same, linked dynamically (gcc's default: a PIE with
	# /lib/ld-linux.so.2), in a root holding what it needs.
	if gcc -m32 -O2 -o "$OUT/$t-dyn" "$src" 2>"$OUT/$t-dyn.log"; then
		DYN=1 run_one "linux $t (glibc, dynamic)" "$PWD/$OUT/$t-dyn" "${args[@]}"
	else
		fail "linux $t (glibc, dynamic)" "gcc -m32 failed: $(head -3 "$OUT/$t-dyn.log")"
	fi
	if gcc -m32 -static -O2 -specs="$MUSL_SPECS" -o "$OUT/$t-musl" "$src" 2>"$OUT/$t-musl.log"; then
		run_one "linux $t (musl)" "$PWD/$OUT/$t-musl" "${args[@]}"
	else
		fail "linux $t (musl)" "musl build failed: $(head -3 "$OUT/$t-musl.log")"
	fi
done
# Signals in the trace (docs/strace.md, docs/trace-format.md), from the
# glibc builds above: strace's --- SIG {siginfo} --- and +++ killed by +++
# lines, and the jsonl's signal event.
trace_grep() { # NAME PATTERN FILE
	if grep -Eq -- "$2" "$3"; then ok "$1"; else fail "$1" "no line matching /$2/ in $3"; fi
}
w=$OUT/sig-trace.d
rm -rf "$w"
mkdir -p "$w"
if [ -x "$OUT/sig_child-glibc" ] && [ -x "$OUT/sig_segv-glibc" ] && [ -x "$OUT/sig_basic-glibc" ] &&
	[ -x "$OUT/sig_alarm-glibc" ]; then
	cp "$OUT/sig_child-glibc" "$w/child"
	cp "$OUT/sig_segv-glibc" "$w/segv"
	(cd "$w" && timeout 60 "$EMU" strace -f --root . ./child >/dev/null 2>child.tr </dev/null)
	trace_grep "strace SIGCHLD" '^\[pid 1\] --- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=[0-9]+, si_uid=1000, si_status=7, si_utime=0, si_stime=0\} ---$' "$w/child.tr"
	trace_grep "strace SIGCHLD killed" '--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=[0-9]+, si_uid=1000, si_status=SIGKILL,' "$w/child.tr"
	if grep -q -- '--- SIGKILL' "$w/child.tr"; then
		fail "strace no SIGKILL stop" "a --- SIGKILL line (strace has none)"
	else
		ok "strace no SIGKILL stop"
	fi
	trace_grep "strace SIGTERM to a handler" '^\[pid [0-9]+\] --- SIGTERM \{si_signo=SIGTERM, si_code=SI_USER, si_pid=1, si_uid=1000\} ---$' "$w/child.tr"
	trace_grep "strace killed by SIGKILL" '^\[pid [0-9]+\] \+\+\+ killed by SIGKILL \+\+\+$' "$w/child.tr"
	(cd "$w" && timeout 60 "$EMU" strace --root . ./segv >/dev/null 2>segv.tr </dev/null)
	trace_grep "strace SIGSEGV" '^--- SIGSEGV \{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10\} ---$' "$w/segv.tr"
	trace_grep "strace SIGFPE" '^--- SIGFPE \{si_signo=SIGFPE, si_code=FPE_INTDIV, si_addr=0x[0-9a-f]+\} ---$' "$w/segv.tr"
	trace_grep "strace killed by SIGSEGV" '^\+\+\+ killed by SIGSEGV \+\+\+$' "$w/segv.tr"
	# An unhandled fault: its signal line, the fault, the end (strace's order).
	if grep -A2 -- '^--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---$' "$w/segv.tr" |
		tail -2 | tr '\n' '|' | grep -Eq '^--- #PF page fault .*\|\+\+\+ killed by SIGSEGV \+\+\+\|$'; then
		ok "strace fatal fault's signal line"
	else
		fail "strace fatal fault's signal line" "no SIGSEGV line before the fault and +++ killed"
	fi
	(cd "$w" && timeout 60 "$EMU" trace --trace-format jsonl --trace sched --root . ./segv \
		>/dev/null 2>segv.jsonl </dev/null)
	trace_grep "jsonl signal event" '^\{"ev":"signal","signo":11,"name":"SIGSEGV","code":1,"code_name":"SEGV_MAPERR","action":"handler","vector":14,"addr":16,"handler":[0-9]+,"frame":[0-9]+,"frame_kind":"rt_sigframe",' "$w/segv.jsonl"
	if python3 -c 'import json,sys
for l in open(sys.argv[1]):
    if not l.startswith("ia32emu: "):
        json.loads(l)' "$w/segv.jsonl" 2>/dev/null; then
		ok "jsonl signal events are JSON"
	else
		fail "jsonl signal events are JSON" "$w/segv.jsonl"
	fi
	# The signal calls' arguments, decoded as strace decodes them.
	cp "$OUT/sig_basic-glibc" "$w/basic"
	cp "$OUT/sig_alarm-glibc" "$w/alarm"
	(cd "$w" && timeout 60 "$EMU" strace --root . ./basic >/dev/null 2>basic.tr </dev/null)
	(cd "$w" && timeout 60 "$EMU" strace --root . ./alarm >/dev/null 2>alarm.tr </dev/null)
	trace_grep "strace rt_sigaction" '^rt_sigaction\(SIGUSR1, \{sa_handler=0x[0-9a-f]+, sa_mask=\[USR2\], sa_flags=SA_RESTORER\|SA_SIGINFO, sa_restorer=0x[0-9a-f]+\}, NULL, 8\) = 0$' "$w/basic.tr"
	trace_grep "strace rt_sigaction old" '^rt_sigaction\(SIGUSR2, \{sa_handler=SIG_IGN, sa_mask=\[USR2\], sa_flags=SA_RESTORER\|SA_RESTART, sa_restorer=0x[0-9a-f]+\}, \{sa_handler=SIG_DFL, sa_mask=\[\], sa_flags=0\}, 8\) = 0$' "$w/basic.tr"
	trace_grep "strace rt_sigprocmask" '^rt_sigprocmask\(SIG_BLOCK, \[USR1\], NULL, 8\) = 0$' "$w/basic.tr"
	trace_grep "strace rt_sigpending" '^rt_sigpending\(\[USR1\], 8\) = 0$' "$w/basic.tr"
	trace_grep "strace SI_TKILL" '^--- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=1, si_uid=1000\} ---$' "$w/basic.tr"
	trace_grep "strace killed by SIGTERM" '^\+\+\+ killed by SIGTERM \+\+\+$' "$w/basic.tr"
	trace_grep "strace setitimer" '^setitimer\(ITIMER_REAL, \{it_interval=\{tv_sec=0, tv_usec=20000\}, it_value=\{tv_sec=0, tv_usec=20000\}\}, NULL\) = 0$' "$w/alarm.tr"
	trace_grep "strace SIGALRM" '^--- SIGALRM \{si_signo=SIGALRM, si_code=SI_KERNEL\} ---$' "$w/alarm.tr"
	trace_grep "strace sigaltstack" '^sigaltstack\(\{ss_sp=0x[0-9a-f]+, ss_flags=0, ss_size=65536\}, NULL\) = 0$' "$w/segv.tr"
else
	fail "signal traces" "the glibc builds of sig_child and sig_segv are missing"
fi
# The signal programs in assembly (programs/linux/sig_*.S) against the
# real kernel: the same statuses natively and in ia32emu (sig_forge's
# mode 6 names a selector only ia32emu's GDT makes a TSS: left out).
LP=$BUILD/programs/linux
if [ -x "$LP/sig_forge" ] && [ -x "$LP/sig_handler" ]; then
	for args in "" "a" "a b" "a b c" "a b c d" "a b c d e f" "a b c d e f g"; do
		# shellcheck disable=SC2086
		(exec "$LP/sig_forge" $args) >/dev/null 2>&1
		ns=$?
		# shellcheck disable=SC2086
		timeout 60 "$EMU" run --abi linux "$LP/sig_forge" $args >/dev/null 2>&1
		es=$?
		n=$(echo "$args" | wc -w)
		if [ "$ns" = "$es" ]; then ok "sig_forge mode $((n + 1)) native"; else
			fail "sig_forge mode $((n + 1)) native" "status native $ns, ia32emu $es"
		fi
	done
	(exec "$LP/sig_handler") >/dev/null 2>&1
	ns=$?
	timeout 60 "$EMU" run "$LP/sig_handler" >/dev/null 2>&1
	es=$?
	if [ "$ns" = 7 ] && [ "$es" = 7 ]; then ok "sig_handler native"; else
		fail "sig_handler native" "status native $ns, ia32emu $es (want 7)"
	fi
else
	fail "signal programs" "$LP/sig_forge or sig_handler is missing"
fi
# ia32emu strace on a glibc program through the real binary: the Linux
# decoders name the calls and decode their arguments and errors.
strace_line() { # NAME LINE: LINE is one whole line of the trace (fixed string)
	if grep -Fxq -- "$2" "$OUT/strace.d/trace"; then ok "$1"; else fail "$1" "no line [$2]"; fi
}
if [ -x "$OUT/files-glibc" ]; then
	rm -rf "$OUT/strace.d"
	mkdir -p "$OUT/strace.d/root"
	cp "$OUT/files-glibc" "$OUT/strace.d/root/prog"
	(cd "$OUT/strace.d/root" && timeout 60 "$EMU" strace --root . -o ../trace ./prog \
		>../stdout 2>../stderr </dev/null)
	st=$?
	if [ "$st" = 0 ]; then ok "strace files (glibc): status 0"; else fail "strace files (glibc)" "status $st"; fi
	strace_line "strace: readlink of /proc/self/exe" \
		'readlink("/proc/self/exe", "/prog", 4096) = 5'
	strace_line "strace: mkdir EEXIST" 'mkdir("d", 0755) = -17 EEXIST (File exists)'
	strace_line "strace: stat64 EFAULT" 'stat64("d", 0x1) = -14 EFAULT (Bad address)'
	strace_line "strace: lstat64 of a kernel pointer" \
		'lstat64("d", 0xc0000000) = -14 EFAULT (Bad address)'
	strace_line "strace: symlink" 'symlink("f", "d/l") = 0'
	strace_line "strace: readlink fills its buffer" 'readlink("d/l", "f", 256) = 1'
	strace_line "strace: getcwd" 'getcwd("/d", 256) = 3'
	if grep -Eq '^getcwd\(0x[0-9a-f]+, 1\) = -34 ERANGE \(Numerical result out of range\)$' \
		"$OUT/strace.d/trace"; then ok "strace: getcwd ERANGE"; else fail "strace: getcwd ERANGE" "no line"; fi
	strace_line "strace: rename EBUSY" 'rename(".", "x") = -16 EBUSY (Device or resource busy)'
	strace_line "strace: rmdir ENOTEMPTY" 'rmdir("d") = -39 ENOTEMPTY (Directory not empty)'
	strace_line "strace: unlinkat AT_REMOVEDIR" \
		'unlinkat(AT_FDCWD, "d/g", AT_REMOVEDIR) = -20 ENOTDIR (Not a directory)'
	strace_line "strace: mkdirat on a directory fd" 'mkdirat(3, "sub", 0700) = 0'
	strace_line "strace: renameat" 'renameat(3, "sub", 3, "sub2") = 0'
	strace_line "strace: readlinkat" 'readlinkat(3, "l", "f", 256) = 1'
	strace_line "strace: symlinkat" 'symlinkat("g", 3, "l2") = 0'
	strace_line "strace: linkat" 'linkat(3, "g", 3, "g2", 0) = 0'
	strace_line "strace: fchdir" 'fchdir(3) = 0'
	# strace's forms: umask in octal, open's mode only when it creates.
	strace_line "strace: umask in octal" 'umask(022) = 022'
	strace_line "strace: openat without O_CREAT has no mode" \
		'openat(AT_FDCWD, "d", O_WRONLY) = -21 EISDIR (Is a directory)'
	# --read-only holds for the path calls: every change is EROFS (after
	# the lookup, as Linux: the tree holds d/f and d/g for that).
	mkdir -p "$OUT/strace.d/root/d"
	echo hello >"$OUT/strace.d/root/d/f"
	echo hello >"$OUT/strace.d/root/d/g"
	(cd "$OUT/strace.d/root" && timeout 60 "$EMU" strace --root . --read-only -o ../trace.ro \
		./prog >/dev/null 2>&1 </dev/null)
	for l in 'mkdir("d", 0755) = -17 EEXIST (File exists)' \
		'openat(AT_FDCWD, "d/f", O_WRONLY|O_CREAT|O_EXCL, 0640) = -17 EEXIST (File exists)' \
		'mkdir("nonexist/x", 0755) = -2 ENOENT (No such file or directory)' \
		'symlink("f", "d/l") = -30 EROFS (Read-only file system)' \
		'rename("d/f", "d/g") = -30 EROFS (Read-only file system)' \
		'link("d/g", "d/h") = -30 EROFS (Read-only file system)' \
		'chmod("d/g", 0600) = -30 EROFS (Read-only file system)'; do
		if grep -Fxq -- "$l" "$OUT/strace.d/trace.ro"; then ok "read-only: $l"; else fail "read-only" "no line [$l]"; fi
	done
	# fcntl as strace shows it: the third argument by the command, none
	# for F_GETFD/F_GETFL, their results with the flags by name.
	if [ -x "$OUT/fdio-glibc" ]; then
		mkdir -p "$OUT/strace.d/fdio"
		cp "$OUT/fdio-glibc" "$OUT/strace.d/fdio/prog"
		(cd "$OUT/strace.d/fdio" && timeout 60 "$EMU" strace --root . -e trace=fcntl64 \
			-o ../trace.fcntl ./prog >/dev/null 2>&1 </dev/null)
		for l in 'fcntl64(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)' 'fcntl64(3, F_SETFD, 0) = 0' \
			'fcntl64(3, F_GETFD) = 0' 'fcntl64(3, F_SETFL, O_RDONLY|O_APPEND) = 0' \
			'fcntl64(3, F_GETFL) = 0x402 (flags O_RDWR|O_APPEND)' 'fcntl64(3, F_DUPFD, 10) = 10' \
			'fcntl64(3, 0x270f /* F_??? */, 0x80000) = -22 EINVAL (Invalid argument)'; do
			if grep -Fxq -- "$l" "$OUT/strace.d/trace.fcntl"; then ok "strace fcntl: $l"; else
				fail "strace fcntl" "no line [$l]"
			fi
		done
	else
		fail "strace fcntl" "$OUT/fdio-glibc is missing"
	fi
	if grep -q "unknown linux system call" "$OUT/strace.d/stderr"; then
		fail "strace files (glibc): no unknown call" "$(head -2 "$OUT/strace.d/stderr")"
	else
		ok "strace files (glibc): no unknown call"
	fi
fi
# Every call the test programs make is decoded by name: strace -f of each
# build through the real binary prints no syscall_N( line (a call without
# a decoder) and the kernel reports no unknown call.
for bin in "$OUT"/*-glibc "$OUT"/*-musl "$OUT"/*-dyn; do
	[ -x "$bin" ] || continue
	t=$(basename "$bin")
	w="$OUT/$t.strace.d"
	rm -rf "$w"
	mkdir -p "$w"
	cp "$bin" "$w/prog"
	[ "${t%-dyn}" != "$t" ] && sysroot "$w" "$bin"
	args=()
	base=${t%-glibc}
	base=${base%-musl}
	base=${base%-dyn}
	[ -f "tests/linux/$base.args" ] && read -r -a args <"tests/linux/$base.args"
	(cd "$w" && timeout 60 "$EMU" strace -f --root . -o trace ./prog "${args[@]}" \
		>/dev/null 2>stderr </dev/null)
	if grep -Eq '(^|\] )syscall_[0-9]+\(' "$w/trace"; then
		fail "strace decodes every call of $t" "$(grep -Em2 'syscall_[0-9]+\(' "$w/trace" | tr '\n' ' ')"
	elif grep -q "unknown linux system call" "$w/stderr"; then
		fail "strace decodes every call of $t" "$(grep -m2 'unknown linux' "$w/stderr" | tr '\n' ' ')"
	else
		ok "strace decodes every call of $t"
	fi
done
# The socket calls are -ENOSYS without a report (docs/linux.md): glibc's
# look-ups probe nscd by socketcall, musl's socket() by the direct call.
if [ -f "$OUT/nss-glibc.strace.d/trace" ] && [ -f "$OUT/nss-musl.strace.d/trace" ]; then
	trace_grep "socketcall -ENOSYS (glibc)" '^socketcall\(1, 0x[0-9a-f]+\) = -38 ENOSYS' \
		"$OUT/nss-glibc.strace.d/trace"
	trace_grep "socket -ENOSYS (musl)" '^socket\(1, 1, 0\) = -38 ENOSYS' "$OUT/nss-musl.strace.d/trace"
	# -e trace=%network (%net) shows those calls and no other.
	w=$OUT/nss-glibc.strace.d
	(cd "$w" && timeout 60 "$EMU" strace -e trace=%net --root . -o net ./prog >/dev/null 2>&1 </dev/null)
	if [ -s "$w/net" ] && ! grep -Ev '^(socketcall\(|\+\+\+ exited)' "$w/net" >/dev/null; then
		ok "strace -e trace=%net"
	else
		fail "strace -e trace=%net" "$(grep -Ev '^socketcall\(' "$w/net" | head -2 | tr '\n' ' ')"
	fi
else
	fail "socket calls traced" "no strace of nss"
fi
# CLOCK_REALTIME at the start: 2026-01-01 by default (runs repeat), what
# --epoch says, or the host's time for --epoch now.
w=$OUT/epoch.d
rm -rf "$w"
mkdir -p "$w"
printf '#include <stdio.h>\n#include <time.h>\nint main(void){printf("%%lld\\n", (long long)time(NULL));return 0;}\n' >"$w/t.c"
if gcc -m32 -static -O2 -o "$w/t" "$w/t.c"; then
	t0=$("$EMU" run "$w/t")
	t1=$("$EMU" run --epoch 1000000000 "$w/t")
	host=$(date +%s)
	tn=$("$EMU" run --epoch now "$w/t")
	"$EMU" run --epoch soon "$w/t" >/dev/null 2>"$w/err"
	bad=$?
	if [ "$t0" -ge 1767225600 ] && [ "$t0" -le 1767225601 ] && [ "$t1" -ge 1000000000 ] &&
		[ "$t1" -le 1000000001 ] && [ $((tn - host)) -ge -5 ] && [ $((tn - host)) -le 5 ] &&
		[ "$bad" = 2 ] && grep -q "epoch takes seconds" "$w/err"; then
		ok "--epoch"
	else
		fail "--epoch" "default $t0, 1000000000 gave $t1, now gave $tn (host $host), bad: $bad $(cat "$w/err")"
	fi
else
	fail "--epoch" "gcc -m32 -static failed"
fi
# The dynamic linker's mappings of libc as strace shows them: mmap2's
# offset in bytes, MAP_DENYWRITE by name.
trace_grep "strace: ld.so maps libc" \
	'^mmap2\(0x[0-9a-f]+, [0-9]+, PROT_READ\|PROT_EXEC, MAP_PRIVATE\|MAP_FIXED\|MAP_DENYWRITE, 3, 0x[0-9a-f]+000\) = 0x[0-9a-f]+$' \
	"$OUT/auxv-dyn.strace.d/trace"
# A dynamically linked PIE in the monitor and the tracer: its symbols
# where exec loaded it (0x56555000 up), so `break main` stops there.
w=$OUT/pie-monitor.d
rm -rf "$w"
mkdir -p "$w"
if [ -x "$OUT/auxv-dyn" ]; then
	cp "$OUT/auxv-dyn" "$w/prog"
	sysroot "$w" "$OUT/auxv-dyn"
	printf 'break main\nrun\nquit\n' | (cd "$w" && timeout 60 "$EMU" monitor --root . ./prog) \
		>"$w/mon" 2>&1
	trace_grep "monitor: break main in a PIE" '^Breakpoint 1, 0x5655[0-9a-f]{4} <main>' "$w/mon"
	(cd "$w" && timeout 60 "$EMU" trace --root . ./prog >/dev/null 2>trace </dev/null)
	trace_grep "trace: a PIE's symbols" '^\[3\] 5655[0-9a-f]{4} <main>  ' "$w/trace"
else
	fail "PIE in the monitor" "no auxv-dyn"
fi
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
