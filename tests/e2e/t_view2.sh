# ia32emu view, second part (issue 20): the kernel's copies with their page
# walks, the stub's pushes, the address-space map (in the page and as the
# monitor's `info map`), and a large run. Pages loaded in headless Chromium,
# the DOM checked against the jsonl of the same run.
V2="$BUILD/view"
mkdir -p "$V2"
tests/view_deps.sh >/dev/null
V2SEL=default,uaccess,map,frame
v2_dom() { # PAGE [#FRAGMENT]: the DOM after the page's script ran
	timeout 120 chromium --headless=new --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --no-first-run --user-data-dir="$(mktemp -d -p "$T")" \
		--virtual-time-budget=5000 --dump-dom "file://$(realpath "$1")${2:-}" 2>/dev/null
}
v2_shot() { # PAGE PNG [#FRAGMENT]
	timeout 120 chromium --headless=new --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --no-first-run --user-data-dir="$(mktemp -d -p "$T")" \
		--hide-scrollbars --window-size=1400,2000 --screenshot="$(realpath "$2")" \
		"file://$(realpath "$1")${3:-}" >/dev/null 2>&1
}
# v2_k DOM KEY: the text of the anatomy cell data-k=KEY
v2_k() { grep -o "data-k=\"$2\"[^>]*>[^<]*" "$1" | head -1 | sed 's/^[^>]*>//; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g'; }
# v2_f LINE KEY: a number field of a jsonl line
v2_f() { printf '%s\n' "$1" | grep -o "\"$2\":[0-9]*" | head -1 | cut -d: -f2; }
# v2_word LINE N: the N-th (from 1) number of the line's "words" array
v2_word() { printf '%s\n' "$1" | sed -E 's/.*"words":\[([0-9,]*)\].*/\1/' | cut -d, -f"$2"; }
# v2_rows DOM: the map's rows as "start pages attrs what", one a line
v2_rows() { grep -o '<tr class="map-row[^"]*" data-start="[^"]*" data-pages="[^"]*" data-attrs="[^"]*" data-what="[^"]*"' "$1" |
	sed -E 's/.*data-start="([^"]*)" data-pages="([^"]*)" data-attrs="([^"]*)" data-what="([^"]*)"/\1 \2 \3 \4/'; }
# v2_jrows MAPLINE: the same from a jsonl map event
v2_jrows() { printf '%s\n' "$1" | sed -E 's/.*"ranges":\[\[(.*)\]\].*/\1/; s/\],\[/\n/g' |
	while IFS=, read -r a n at what; do printf '0x%08x %s %s %s\n' "$a" "$n" "${at//\"/}" "${what//\"/}"; done; }

# --- read(): the copies and their walks, the stub's pushes ---
printf 'hello\n' | $EMU trace --trace "$V2SEL" --trace-format jsonl --trace-file "$T/v2rd.jsonl" "$P/readdemo" >/dev/null 2>&1
printf 'hello\n' | $EMU trace --html "$V2/readdemo2.html" "$P/readdemo" >/dev/null 2>&1
expect_eq "view2: trace --html writes the page" 0 "$?"
v2_dom "$V2/readdemo2.html" >"$T/v2rd.dom"
expect_grep "view2: the script ran to its end" '<body[^>]* data-ok="1"' "$T/v2rd.dom"
expect_eq "view2: no script error" 0 "$(grep -c 'data-error=' "$T/v2rd.dom")"
# the read's own events: between its deliver and its syscall line
awk '/^\{"ev":"deliver"/ { n++ } n == 1' "$T/v2rd.jsonl" | sed '/^{"ev":"syscall"/q' >"$T/v2read.jsonl"
UA_N=$(grep -c '^{"ev":"uaccess"' "$T/v2read.jsonl")
expect_eq "view2: read() made 3 checked accesses (its arguments, the range check, the copyout)" 3 "$UA_N"
expect_eq "view2: step 3 shows each of them" "$UA_N" "$(grep -o 'data-k="ua[0-9]*"' "$T/v2rd.dom" | sort -u | wc -l)"
CO=$(grep '^{"ev":"uaccess","fn":"copyout"' "$T/v2read.jsonl")
expect_eq "view2: the copyout: user address, length, direction, result" \
	"$(printf '0x%08x, %d bytes (user ← kernel) = 0' "$(v2_f "$CO" uva)" "$(v2_f "$CO" len)")" "$(v2_k "$T/v2rd.dom" ua2)"
expect_eq "view2: the copyout's walk: PDE and PTE as read, U/S and R/W" \
	"$(printf 'PDE 0x%08x [P=1 R/W=1 U/S=1]  PTE 0x%08x [P=1 R/W=1 U/S=1] → U/S=1 R/W=1: allowed' "$(v2_f "$CO" pde)" "$(v2_f "$CO" pte)")" \
	"$(v2_k "$T/v2rd.dom" ua2_w0)"
expect_eq "view2: the copyout went to the buffer read() was given" \
	"$(grep '^{"ev":"syscall","nr":6' "$T/v2rd.jsonl" | sed -E 's/.*"args":\[[0-9]*,([0-9]*),.*/\1/')" "$(v2_f "$CO" uva)"
TFL=$(grep -m1 '^{"ev":"trapframe"' "$T/v2read.jsonl")
TFA=$(v2_f "$TFL" addr)
DVL=$(grep -m1 '^{"ev":"deliver"' "$T/v2read.jsonl")
expect_eq "view2: the stub's frame ends where the CPU's pushes begin (14 words below)" \
	"$(v2_f "$DVL" esp)" "$((TFA + 56))"
expect_eq "view2: the stub's push of eax: the call number" \
	"$(printf '0x%08x  pushal: the call number, the result is written here' "$(v2_word "$TFL" 8)")" "$(v2_k "$T/v2rd.dom" stub_eax)"
expect_eq "view2: eax pushed is 6" 6 "$(v2_word "$TFL" 8)"
expect_eq "view2: the stub's pushl \$vector" "0x00000040  pushl \$vector" "$(v2_k "$T/v2rd.dom" stub_trapno)"
expect_eq "view2: the stub's pushl %ds" "$(printf '%04x  pushl %%ds' "$(v2_word "$TFL" 12)")" "$(v2_k "$T/v2rd.dom" stub_ds)"
expect_eq "view2: the stub's pushl \$0 in place of an error code" "0x00000000  pushl \$0 (no CPU error code)" "$(v2_k "$T/v2rd.dom" stub_err)"
expect_grep "view2: each slot at its address (edi lowest, at the frame's start)" \
	"$(printf '<td>\\[0x%08x\\] edi</td>' "$TFA")" "$T/v2rd.dom"

# trace --html keeps the instructions undecoded until a delivery: step 1
# shows the same 4 instructions before the gate as the full jsonl has
sed '/^{"ev":"deliver"/q' "$T/v2rd.jsonl" | grep '^{"ev":"insn"' | tail -4 | sed -E 's/.*"eip":([0-9]*),.*"text":"(.*)"\}$/\1 \2/' |
	while read -r e txt; do printf '0x%08x %s\n' "$e" "$txt"; done >"$T/v2before.want"
grep -o '<td>0x[0-9a-f]*</td><td data-k="insn">[^<]*' "$T/v2rd.dom" | sed -E 's/<td>(0x[0-9a-f]*)<\/td><td data-k="insn">/\1 /' >"$T/v2before.got"
expect_eq "view2: trace --html: the 4 instructions before the gate, as in the full trace" \
	"$(cat "$T/v2before.want")" "$(cat "$T/v2before.got")"
expect_eq "view2: ... ending with the int" "int    \$0x40" "$(tail -1 "$T/v2before.got" | cut -d' ' -f2-)"

# --- the address-space map ---
MAP0=$(grep -m1 '^{"ev":"map","why":"start"' "$T/v2rd.jsonl")
v2_jrows "$MAP0" >"$T/v2map.want"
v2_rows "$T/v2rd.dom" >"$T/v2map.got"
expect_eq "view2: the map shown is the jsonl's, range by range" "$(cat "$T/v2map.want")" "$(cat "$T/v2map.got")"
expect_grep "view2: map: text is user read-only" '^0x08048000 [0-9]+ ur- text$' "$T/v2map.got"
expect_grep "view2: map: data is user read/write" '^0x0804a000 1 urw data$' "$T/v2map.got"
expect_grep "view2: map: the stack, user read/write" '^0xbffbf000 64 urw stack$' "$T/v2map.got"
expect_grep "view2: map: the guard page below the stack, not present" '^0xbffbe000 1 --- guard page' "$T/v2map.got"
expect_grep "view2: map: the GDT in the kernel half, supervisor" '^0xc0001000 1 -rw kernel: GDT$' "$T/v2map.got"
expect_grep "view2: map: the IDT" '^0xc0002000 1 -rw kernel: IDT$' "$T/v2map.got"
expect_grep "view2: map: the TSS" '^0xc0003000 1 -rw kernel: TSS$' "$T/v2map.got"
expect_grep "view2: map: the trap stubs, read-only" '^0xc0004000 1 -r- kernel: trap stubs$' "$T/v2map.got"
expect_grep "view2: map: the kernel stack" '^0xc0008000 8 -rw kernel: kernel stack' "$T/v2map.got"
expect_eq "view2: map: no kernel page is user-accessible" 0 "$(grep -c '^0x[c-f][0-9a-f]* [0-9]* u' "$T/v2map.got")"
v2_shot "$V2/readdemo2.html" "$V2/readdemo2.png"
expect_eq "view2: a screenshot in $V2" 1 "$([ -s "$V2/readdemo2.png" ] && echo 1)"

# --- a refused pointer: the walk that refused it, and -EFAULT ---
$EMU trace --trace "$V2SEL" --trace-format jsonl --trace-file "$T/v2rc.jsonl" "$P/attacks/sys_rcross" </dev/null >/dev/null 2>&1
$EMU trace --html "$V2/refused.html" "$P/attacks/sys_rcross" </dev/null >/dev/null 2>&1
v2_dom "$V2/refused.html" >"$T/v2rc.dom"
expect_grep "view2 refused: the script ran" '<body[^>]* data-ok="1"' "$T/v2rc.dom"
RC=$(grep -m1 '^{"ev":"uaccess","fn":"user_range_ok"' "$T/v2rc.jsonl")
expect_eq "view2 refused: the kernel's check failed with -EFAULT" "-14" "$(printf '%s\n' "$RC" | grep -o '"result":-[0-9]*' | cut -d: -f2)"
expect_eq "view2 refused: the check in step 3, marked bad" \
	"$(printf '0x%08x, 4,128 bytes (user ← kernel) = -14 -EFAULT' "$(v2_f "$RC" uva)")" "$(v2_k "$T/v2rc.dom" ua1)"
expect_grep "view2 refused: marked as a refusal" 'data-k="ua1" class="bad"' "$T/v2rc.dom"
expect_eq "view2 refused: the first page allowed" \
	"PDE $(printf '0x%08x' "$(printf '%s\n' "$RC" | grep -o '"pde":[0-9]*' | head -1 | cut -d: -f2)")" \
	"$(v2_k "$T/v2rc.dom" ua1_w0 | cut -c1-14)"
expect_grep "view2 refused: the walk that refused it: the PTE not present, #PF error 0x6" \
	'data-k="ua1_w1" class="bad">PDE 0x[0-9a-f]{8} \[P=1 R/W=1 U/S=1\]  PTE 0x00000000 \[P=0 R/W=0 U/S=0\] → U/S=0 R/W=0: refused, #PF error 0x6' "$T/v2rc.dom"
expect_eq "view2 refused: the result in the frame" "-14 EFAULT = 0xfffffff2" "$(v2_k "$T/v2rc.dom" ret)"
$EMU trace --trace syscall,uaccess "$P/attacks/sys_rcross" </dev/null 2>"$T/v2rc.txt" >/dev/null
expect_grep "view2 refused: the text trace's line" \
	'^    user_range_ok 0xbfffeff0 4128 bytes = -14 \(EFAULT\): page 0xbfffe000 .*; page 0xbffff000 PDE 0x[0-9a-f]{8} PTE 0x00000000 \(U/S=0 R/W=0, not present\) refused, #PF error 0x6$' "$T/v2rc.txt"
$EMU trace --trace syscall,uaccess "$P/attacks/sys_kesp" </dev/null 2>"$T/v2ke.txt" >/dev/null
expect_grep "view2 refused: a kernel pointer: the walk finds U/S=0" \
	'^    copyin 0xc0001004 12 bytes = -14 \(EFAULT\): page 0xc0001000 PDE 0x[0-9a-f]{8} PTE 0x[0-9a-f]{8} \(U/S=0 R/W=1\) refused, #PF error 0x5$' "$T/v2ke.txt"

# --- fork and exec: a map per process ---
echo 'echo hi | wc' | $EMU trace --trace "$V2SEL" --trace-format jsonl --trace-file "$T/v2sh.jsonl" "$P/sh" >/dev/null 2>&1
$EMU view "$T/v2sh.jsonl" -o "$V2/sh2.html"
expect_eq "view2 sh: a map at the start, at each fork and each exec (pid:why)" "1:start 2:fork 2:exec 3:fork 3:exec" \
	"$(grep '^{"ev":"map"' "$T/v2sh.jsonl" | sed -E 's/.*"why":"([a-z]*)".*"pid":([0-9]*).*/\2:\1/' | sort -s -t: -k1,1n | paste -sd' ')"
EXM=$(grep '^{"ev":"map","why":"exec"' "$T/v2sh.jsonl" | grep -m1 '"pid":2,')
EXPID=$(v2_f "$EXM" pid)
EXT=$(v2_f "$EXM" icount)
# the first crossing of that process after its exec
NX=$(grep '^{"ev":"deliver"' "$T/v2sh.jsonl" | awk -v p="$EXPID" -v t="$EXT" '{ n++; match($0, /"pid":[0-9]+/); pid = substr($0, RSTART + 6, RLENGTH - 6); match($0, /"icount":[0-9]+/); ic = substr($0, RSTART + 9, RLENGTH - 9); if (pid == p && ic + 0 > t + 0) { print n - 1; exit } }')
v2_dom "$V2/sh2.html" "#cross=$NX" >"$T/v2sh.dom"
expect_grep "view2 sh: the script ran" '<body[^>]* data-ok="1"' "$T/v2sh.dom"
expect_grep "view2 sh: the map of the exec'd process, since its exec" \
	"<p id=\"map-title\">pid $EXPID echo at instruction [0-9,]+: the map since exec at" "$T/v2sh.dom"
v2_jrows "$EXM" >"$T/v2shmap.want"
v2_rows "$T/v2sh.dom" >"$T/v2shmap.got"
expect_eq "view2 sh: its ranges are the jsonl's exec map" "$(cat "$T/v2shmap.want")" "$(cat "$T/v2shmap.got")"
FKM=$(grep '^{"ev":"map","why":"fork"' "$T/v2sh.jsonl" | grep -m1 '"pid":2,')
expect_eq "view2 sh: the child's map after fork is its parent's (a copy)" \
	"$(v2_jrows "$(grep -m1 '^{"ev":"map","why":"start"' "$T/v2sh.jsonl")")" "$(v2_jrows "$FKM")"
expect_eq "view2 sh: exec gave echo its own map (its data is not sh's)" 1 \
	"$([ "$(v2_jrows "$FKM" | grep ' data$')" != "$(v2_jrows "$EXM" | grep ' data$')" ] && echo 1)"
v2_shot "$V2/sh2.html" "$V2/sh2.png" "#cross=$NX"

# --- the monitor's info map ---
printf 'starti\ninfo map\ninfo map 9\ninfo map x\n' | $EMU monitor "$P/readdemo" >"$T/v2mon.out" 2>&1
sed -n '/^address space of pid 1/,/^c0100000/p' "$T/v2mon.out" | tail -n +2 |
	while read -r rg sz at what; do printf '0x%s %d %s %s\n' "${rg%%-*}" $((0x$sz / 4096)) "$at" "$what"; done >"$T/v2mon.got"
expect_eq "info map: the ranges of the page's map (the same process, the same start)" "$(cat "$T/v2map.want")" "$(cat "$T/v2mon.got")"
expect_grep "info map: QEMU's info mem columns: start-end size attrs" '^08048000-0804a000 00002000 ur- text$' "$T/v2mon.out"
expect_grep "info map: the stack" '^bffbf000-bffff000 00040000 urw stack$' "$T/v2mon.out"
expect_grep "info map: the IDT named" '^c0002000-c0003000 00001000 -rw kernel: IDT$' "$T/v2mon.out"
expect_grep "info map: the kernel stack named" '^c0008000-c0010000 00008000 -rw kernel: kernel stack' "$T/v2mon.out"
expect_grep "info map: no such process" '^error: no process 9$' "$T/v2mon.out"
expect_grep "info map: a bad argument" '^error: usage: info map \[PID\]$' "$T/v2mon.out"
printf 'info map\n' | $EMU monitor >"$T/v2mon2.out" 2>&1
expect_grep "info map: without a program, an error" '^error: no program loaded' "$T/v2mon2.out"

# --- a large run: 10^7 instructions, 10^4 crossings ---
head -c 450000 /dev/zero | tr '\0' 'x' | fold -w 76 >"$T/v2big.txt"
$EMU trace --html "$T/v2big.html" --timer 900 "$P/wc" <"$T/v2big.txt" >/dev/null 2>&1
expect_eq "view2 large: trace --html of 10^7 instructions" 0 "$?"
v2_dom "$T/v2big.html" >"$T/v2big.dom"
expect_grep "view2 large: the script ran" '<body[^>]* data-ok="1"' "$T/v2big.dom"
SUB=$(grep -o '<p class="sub">[^<]*' "$T/v2big.dom" | head -1)
NI=$(printf '%s\n' "$SUB" | grep -oE '[0-9][0-9,]* guest instructions' | tr -d , | cut -d' ' -f1)
NC=$(printf '%s\n' "$SUB" | grep -oE '[0-9][0-9,]* crossings' | head -1 | tr -d , | cut -d' ' -f1)
expect_eq "view2 large: at least 10^7 instructions ($NI) and 10^4 crossings ($NC)" 1 \
	"$([ "${NI:-0}" -ge 10000000 ] && [ "${NC:-0}" -ge 10000 ] && echo 1)"
SZ=$(wc -c <"$T/v2big.html")
expect_eq "view2 large: the page ($SZ bytes) under 5 MB" 1 "$([ "$SZ" -lt 5000000 ] && echo 1)"
echo "     (view2 large: opened in $(grep -o 'data-ms="[0-9]*"' "$T/v2big.dom" | cut -d'"' -f2) ms in headless chromium; not a check)"

# Signals in the picture (Linux personality): each delivery the jsonl
# records is a marker on its process's lane, by name and action.
"$EMU" trace --html "$V2/sig.html" "$P/linux/sig_handler" >/dev/null 2>&1
"$EMU" trace --trace-format jsonl --trace sched --trace-file "$V2/sig.jsonl" "$P/linux/sig_handler" >/dev/null 2>&1
v2_dom "$V2/sig.html" >"$T/v2sig.dom"
expect_eq "view: one signal marker per signal event" \
	"$(grep -o '"ev":"signal","signo":[0-9]*,"name":"[A-Z0-9]*"' "$V2/sig.jsonl" | sed 's/.*"name":"//; s/"$//' | paste -sd,)" \
	"$(grep -o '<g class="signal" data-name="[A-Z0-9]*" data-action="handler"' "$T/v2sig.dom" | sed 's/.*data-name="//; s/".*//' | paste -sd,)"
expect_grep "view: the signal marker's text says where the handler starts" \
	'to its handler at 0x[0-9a-f]{8}, rt_sigframe at 0x[0-9a-f]{8}' "$T/v2sig.dom"
expect_grep "view: the legend names signals" 'signal \(' "$T/v2sig.dom"
