# ia32emu view and trace --html (issue 20): the pages loaded in headless
# Chromium; the rendered DOM checked against the jsonl trace of the same run.
VD="$BUILD/view"
mkdir -p "$VD"
tests/view_deps.sh >/dev/null
expect_eq "view: chromium is there to load the pages" 0 "$?"
# chrome_dom PAGE: the DOM after the page's script ran, on stdout
chrome_dom() {
	timeout 120 chromium --headless=new --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --no-first-run --user-data-dir="$(mktemp -d -p "$T")" \
		--virtual-time-budget=5000 --dump-dom "file://$(realpath "$1")" 2>/dev/null
}
# chrome_shot PAGE PNG: a screenshot of the page
chrome_shot() {
	timeout 120 chromium --headless=new --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --no-first-run --user-data-dir="$(mktemp -d -p "$T")" \
		--hide-scrollbars --window-size=1400,1000 --screenshot="$(realpath "$2")" \
		"file://$(realpath "$1")" >/dev/null 2>&1
}
# dom_k DOM KEY: the text of the anatomy cell data-k=KEY
dom_k() { grep -o "data-k=\"$2\"[^>]*>[^<]*" "$1" | head -1 | sed 's/^[^>]*>//; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g'; }
# jfield LINE KEY: a number field of a jsonl line
jfield() { printf '%s\n' "$1" | grep -o "\"$2\":[0-9]*" | head -1 | cut -d: -f2; }
# sum_calls DOM: "name count" per summary row, sorted
sum_calls() { grep -o 'class="sum-row" data-name="[^"]*" data-calls="[0-9]*"' "$1" | sed -E 's/.*data-name="([^"]*)" data-calls="([0-9]*)"/\1 \2/' | sort; }
# jsonl_calls JSONL: "name count" of the finished system calls, sorted
jsonl_calls() { grep '^{"ev":"syscall"' "$1" | grep -v '"blocked":true' | sed -E 's/.*"name":"([a-z0-9_]*)".*/\1/' | sort | uniq -c | awk '{ print $2, $1 }' | sort; }

# --- the seed's read(): trace --html, and view of the saved jsonl ---
printf 'hello\n' | $EMU trace --html "$VD/readdemo.html" "$P/readdemo" >/dev/null 2>"$T/v1.err"
expect_eq "trace --html: the program's status" 0 "$?"
printf 'hello\n' | $EMU trace --trace-format jsonl --trace-file "$T/rd.jsonl" "$P/readdemo" >/dev/null 2>&1
$EMU view "$T/rd.jsonl" -o "$T/rd2.html"
expect_eq "view: writes the page" 0 "$?"
expect_eq "view: self-contained (no src=, href=, url(, http:, fetch, import)" "" \
	"$(grep -oE 'src=|href=|url\([^#]|https?://[a-z0-9./]*|fetch\(|import\(|XMLHttpRequest' "$VD/readdemo.html" | grep -vx 'http://www.w3.org/2000/svg')"
chrome_dom "$VD/readdemo.html" >"$T/rd.dom"
chrome_dom "$T/rd2.html" >"$T/rd2.dom"
expect_grep "view: the script ran to its end (data-ok)" '<body[^>]* data-ok="1"' "$T/rd.dom"
expect_eq "view: no script error" 0 "$(grep -c 'data-error=' "$T/rd.dom")"
expect_grep "view of a saved jsonl: the script ran too" '<body[^>]* data-ok="1"' "$T/rd2.dom"
expect_eq "view: the summary's calls are the jsonl's" "$(jsonl_calls "$T/rd.jsonl")" "$(sum_calls "$T/rd.dom")"
expect_eq "view of the saved jsonl: the same summary" "$(sum_calls "$T/rd.dom")" "$(sum_calls "$T/rd2.dom")"
expect_eq "view: one crossing on the timeline per delivery" "$(grep -c '^{"ev":"deliver"' "$T/rd.jsonl")" \
	"$(grep -o '<g class="crossing[^"]*"' "$T/rd.dom" | wc -l)"
expect_grep "view: the timeline labels read() with its decoded call" '<text[^>]*class="label"[^>]*>read\(0, "hello\\n", 64\) = 6</text>' "$T/rd.dom"
# the anatomy of read(), against the jsonl of the same run
SC=$(grep -m1 '^{"ev":"syscall","nr":6' "$T/rd.jsonl")
DV=$(awk '/^\{"ev":"deliver"/ { d = $0 } /^\{"ev":"syscall","nr":6,/ { print d; exit }' "$T/rd.jsonl")
IR=$(awk '/^\{"ev":"syscall","nr":6,/ { f = 1 } f && /^\{"ev":"iret"/ { print; exit }' "$T/rd.jsonl")
ARGS=$(printf '%s\n' "$SC" | sed -E 's/.*"args":\[([0-9,]*)\].*/\1/')
ESP=$(jfield "$IR" esp)
FRAME=$(printf '%s\n' "$DV" | sed -E 's/.*"frame":\[([0-9,]*)\].*/\1/')
expect_eq "anatomy: the call shown first is read" "read(0, \"hello\\n\", 64) = 6" "$(dom_k "$T/rd.dom" call)"
expect_eq "anatomy: eax" "6 (read)" "$(dom_k "$T/rd.dom" eax)"
expect_eq "anatomy: the call in raw words" "$(printf 'read(0, 0x%08x, 64) = 6' "$(echo "$ARGS" | cut -d, -f2)")" "$(dom_k "$T/rd.dom" raw)"
expect_eq "anatomy: user ESP from the jsonl" "$(printf '0x%08x' "$ESP")" "$(dom_k "$T/rd.dom" user_esp)"
expect_eq "anatomy: arg 1, the buffer" "$(printf '0x%08x' "$(echo "$ARGS" | cut -d, -f2)")" "$(dom_k "$T/rd.dom" arg1)"
expect_eq "anatomy: arg 2, the count" "$(printf '0x%08x = %d' "$(echo "$ARGS" | cut -d, -f3)" "$(echo "$ARGS" | cut -d, -f3)")" "$(dom_k "$T/rd.dom" arg2)"
expect_eq "anatomy: the gate's DPL check" "DPL $(jfield "$DV" dpl) ≥ CPL 3: allowed" "$(dom_k "$T/rd.dom" dplcheck)"
expect_eq "anatomy: the gate type" "trap gate (IF kept)" "$(dom_k "$T/rd.dom" gate)"
expect_eq "anatomy: the TSS's SS0:ESP0 (5 words above the pushed frame)" \
	"$(printf '%04x:0x%08x (ESP + 20)' "$(jfield "$DV" ss)" $(($(jfield "$DV" esp) + 20)))" "$(dom_k "$T/rd.dom" tss)"
expect_eq "anatomy: the handler's CS:EIP" "$(printf '%04x:0x%08x <vector64>' "$(jfield "$DV" cs)" "$(jfield "$DV" eip)")" "$(dom_k "$T/rd.dom" handler)"
expect_eq "anatomy: the pushed EIP" "$(printf '0x%08x' "$(echo "$FRAME" | cut -d, -f1)")" "$(dom_k "$T/rd.dom" push_old_EIP)"
expect_eq "anatomy: the pushed EFLAGS" "$(printf '0x%08x' "$(echo "$FRAME" | cut -d, -f3)")" "$(dom_k "$T/rd.dom" push_EFLAGS)"
expect_eq "anatomy: the pushed SS" "$(printf '%04x' "$(echo "$FRAME" | cut -d, -f5)")" "$(dom_k "$T/rd.dom" push_old_SS)"
expect_eq "anatomy: the result" "6 = 0x00000006" "$(dom_k "$T/rd.dom" ret)"
expect_eq "anatomy: iret's CS:EIP" "$(printf '%04x:0x%08x' "$(jfield "$IR" cs)" "$(jfield "$IR" eip)")" "$(dom_k "$T/rd.dom" iret_cseip)"
expect_eq "anatomy: iret's SS:ESP" "$(printf '%04x:0x%08x' "$(jfield "$IR" ss)" "$ESP")" "$(dom_k "$T/rd.dom" iret_ssesp)"
expect_eq "anatomy: kernel instructions, deliver to iret" \
	"$(($(jfield "$IR" icount) - $(jfield "$DV" icount)))" "$(dom_k "$T/rd.dom" kinsns | cut -d' ' -f1)"
expect_eq "anatomy: the first instruction back" "$(printf '0x%08x  ret' "$(jfield "$IR" eip)")" "$(dom_k "$T/rd.dom" after)"
chrome_shot "$VD/readdemo.html" "$VD/readdemo.png"
expect_eq "view: a screenshot of read()'s page in $VD" 1 "$([ -s "$VD/readdemo.png" ] && echo 1)"

# --- a forking program: sh running echo hi | wc ---
echo 'echo hi | wc' | $EMU trace --trace-format jsonl --trace-file "$T/sh.jsonl" "$P/sh" >"$T/sh.out" 2>&1
$EMU view "$T/sh.jsonl" -o "$VD/sh.html"
chrome_dom "$VD/sh.html" >"$T/sh.dom"
expect_grep "view sh: the script ran to its end" '<body[^>]* data-ok="1"' "$T/sh.dom"
expect_eq "view sh: the summary's calls are the jsonl's" "$(jsonl_calls "$T/sh.jsonl")" "$(sum_calls "$T/sh.dom")"
expect_eq "view sh: a lane per process" "pid 1 sh|pid 2 echo|pid 3 wc" \
	"$(grep -o '<text[^>]*class="lane-name"[^>]*>[^<]*' "$T/sh.dom" | sed 's/.*>//' | paste -sd'|')"
expect_eq "view sh: a dashed line per context switch" "$(grep -c '^{"ev":"sched"' "$T/sh.jsonl")" \
	"$(grep -o '<line[^>]*class="switch"' "$T/sh.dom" | wc -l)"
expect_eq "view sh: the list has every crossing" "$(grep -c '^{"ev":"deliver"' "$T/sh.jsonl")" \
	"$(grep -o '<tr class="call[^"]*"' "$T/sh.dom" | wc -l)"
expect_grep "view sh: the fork labelled" 'class="label"[^>]*>fork\(\) = 2</text>' "$T/sh.dom"
chrome_shot "$VD/sh.html" "$VD/sh.png"

# --- no guest string becomes markup or script ---
{
	echo '{"ev":"sched","why":"exit","from_pid":1,"from_name":"</script><script>document.body.setAttribute(\"data-pwned\",1)</script>","to_pid":2,"to_name":"<img src=x onerror=document.body.setAttribute(\"data-pwned\",2)>","cr3":0,"pid":1,"icount":5}'
	echo '1]);document.body.setAttribute("data-pwned","3");//'
	echo '"];document.body.setAttribute("data-pwned","4");//'
	echo '{"ev":"deliver","vector":64,"kind":"softint","gate":"trap","dpl":3,"old_cpl":3,"new_cpl":0,"ss":16,"esp":100,"cs":8,"eip":200,"from_eip":300,"sym":"<b>x</b>","pid":2,"icount":7}'
	echo '{"ev":"syscall","nr":6,"name":"read<i>","args":[1],"ret":0,"pid":2,"icount":9,"text":"read(\"<svg onload=alert(1)>\") = 0"}'
} >"$T/evil.jsonl"
$EMU view "$T/evil.jsonl" -o "$T/evil.html"
chrome_dom "$T/evil.html" >"$T/evil.dom"
expect_grep "view: a hostile trace still renders" '<body[^>]* data-ok="1"' "$T/evil.dom"
expect_eq "view: no hostile string ran" 0 "$(grep -c '<body[^>]*data-pwned' "$T/evil.dom")"
expect_eq "view: no hostile element was made" 0 "$(grep -ciE '<(img|svg onload|b>x|i>)' "$T/evil.dom")"
expect_grep "view: the hostile name shown as text" 'lane-name[^>]*>pid 2 &lt;img src=x' "$T/evil.dom"
expect_eq "view: the unparsable lines are counted, not run" 1 "$(grep -c '2 unreadable lines skipped' "$T/evil.dom")"

# --- a large run: thinned, the page stays small ---
$EMU trace --trace-format jsonl --trace-file "$T/big.jsonl" "$P/forkloop" 2500 >/dev/null 2>&1
$EMU view "$T/big.jsonl" -o "$T/big.html"
expect_eq "view: $(grep -c '^{"ev":"deliver"' "$T/big.jsonl") crossings, $(wc -c <"$T/big.jsonl") bytes of jsonl: page under 5 MB" 1 \
	"$([ "$(wc -c <"$T/big.html")" -lt 5000000 ] && echo 1)"
chrome_dom "$T/big.html" >"$T/big.dom"
expect_grep "view large: the script ran to its end" '<body[^>]* data-ok="1"' "$T/big.dom"
expect_eq "view large: the summary still counts every call" "$(jsonl_calls "$T/big.jsonl")" "$(sum_calls "$T/big.dom")"

# --- an exception's anatomy: #PF, its error code and CR2, and no iret ---
mkdir -p "$T/vroot"
$EMU trace --trace-format jsonl --trace-file "$T/pf.jsonl" --root "$T/vroot" "$P/strace/stracetest" procs </dev/null >/dev/null 2>&1
PF=$(grep '^{"ev":"deliver"' "$T/pf.jsonl" | grep -m1 '"vector":14,')
NPF=$(grep '^{"ev":"deliver"' "$T/pf.jsonl" | grep -n -m1 '"vector":14,' | cut -d: -f1)
$EMU view "$T/pf.jsonl" -o "$T/pf.html"
timeout 120 chromium --headless=new --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --no-first-run --user-data-dir="$(mktemp -d -p "$T")" \
	--dump-dom "file://$(realpath "$T/pf.html")#cross=$((NPF - 1))" >"$T/pf.dom" 2>/dev/null
expect_grep "view #PF: the script ran to its end" '<body[^>]* data-ok="1"' "$T/pf.dom"
expect_eq "view #PF: the anatomy shows the page fault" "14 (0x0e) #PF page fault" "$(dom_k "$T/pf.dom" vector)"
expect_eq "view #PF: the error code pushed" "$(printf '0x%08x' "$(jfield "$PF" error)")" "$(dom_k "$T/pf.dom" push_error_code)"
expect_eq "view #PF: CR2" "$(printf '0x%08x' "$(jfield "$PF" cr2)")" "$(dom_k "$T/pf.dom" cr2)"
expect_eq "view #PF: SS0:ESP0 is 6 words above (with the error code)" \
	"$(printf '%04x:0x%08x (ESP + 24)' "$(jfield "$PF" ss)" $(($(jfield "$PF" esp) + 24)))" "$(dom_k "$T/pf.dom" tss)"
expect_eq "view #PF: no iret, the process was killed" "none: the process ended (fault)" "$(dom_k "$T/pf.dom" iret_cseip)"

# --- the command line ---
$EMU view >/dev/null 2>&1
expect_eq "view: no arguments is a usage error" 2 "$?"
$EMU view "$T/no-such.jsonl" -o "$T/x.html" 2>"$T/ve1"
expect_eq "view: a missing trace is an error" 1 "$?"
expect_grep "view: the message names it" 'cannot read .*no-such.jsonl' "$T/ve1"
printf 'hello\n' | $EMU trace --html "$T/no/such/dir/x.html" "$P/readdemo" >/dev/null 2>"$T/ve2"
expect_eq "trace --html: an unwritable page is an error" 2 "$?"
expect_grep "trace --html: the message names it" 'cannot write .*x.html' "$T/ve2"
$EMU trace --html "$T/x.html" --trace-format text "$P/readdemo" </dev/null >/dev/null 2>&1
expect_eq "trace --html: refuses another trace format" 2 "$?"
