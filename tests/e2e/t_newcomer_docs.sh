# The docs a newcomer reads, held to the code (issue 23): nothing refers to
# files outside the repository, every link and named file exists, the
# numbers and statuses they state are what the binary does, and the
# embedding example of docs/architecture.md compiles and runs.

# Nothing tracked refers to the design notes outside the repository.
OUTSIDE="$(printf '%s' '../sha')red|DESIGN""\\.md"
nd_files() {
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git ls-files -z
	else
		find . -path ./.git -prune -o -path './build*' -prune -o -type f -print0
	fi
}
ND_HITS=$(nd_files | xargs -0 grep -lE "$OUTSIDE" 2>/dev/null | sed 's|^\./||' | paste -sd' ')
expect_eq "docs: no file refers to the design notes outside the repository" "" "$ND_HITS"

# Every relative link of README.md and docs/*.md, and every file path
# docs/architecture.md names in backquotes, exists.
ND_MISSING=""
for f in README.md docs/*.md; do
	d=$(dirname "$f")
	for l in $(grep -oE '\]\([^)#: ]+\)' "$f" | sed -e 's/^](//' -e 's/)$//'); do
		[ -e "$d/$l" ] || ND_MISSING="$ND_MISSING $f:$l"
	done
done
for p in $(grep -oE '`[a-z][a-zA-Z0-9_./-]*/[a-zA-Z0-9_.-]+`' docs/architecture.md | tr -d '`' | sort -u); do
	case $p in *NAME* | build/*) continue ;; esac
	[ -e "$p" ] || ND_MISSING="$ND_MISSING architecture.md:$p"
done
expect_eq "docs: every link and named file exists" "" "$ND_MISSING"
expect_grep "docs: README links docs/architecture.md" '\(docs/architecture\.md\)' README.md

# The attack count README states.
ND_CPU=$(ls programs/attacks/*.S | grep -vc '/sys_')
ND_SYS=$(ls programs/attacks/sys_*.S | wc -l)
expect_grep "docs: README's attack count ($((ND_CPU + ND_SYS)): $ND_CPU + $ND_SYS)" \
	"^$((ND_CPU + ND_SYS)) hostile programs \\($ND_CPU against the CPU, $ND_SYS against" README.md

# The exit statuses the man page lists, through the binary.
MANTXT=$T/nd_man.txt
command -v man >/dev/null 2>&1 || tests/batch/deps.sh >/dev/null # man-db
# One line, single spaces: man justifies and breaks lines.
MANWIDTH=1000 man -l tools/ia32emu.1 2>/dev/null | tr -s ' \n' ' ' >"$MANTXT"
$EMU run "$T/no-such-program" 2>/dev/null
expect_eq "docs: a missing program is 127" "127" "$?"
expect_grep "docs: ... as the man page says" '127 when it does not exist' "$MANTXT"
$EMU run --root "$T/no-such-dir" "$P/hello" 2>/dev/null
expect_eq "docs: a --root that cannot be opened is 125" "125" "$?"
$EMU run "$P/deadlock" >/dev/null 2>&1
expect_eq "docs: a deadlock is 125" "125" "$?"
expect_grep "docs: ... both in the man page's 125" '125 when the emulator itself failed: a --root that cannot be opened, a machine that cannot be built, a deadlock' "$MANTXT"
printf 'not an elf' >"$T/nd_notelf"
$EMU run "$T/nd_notelf" 2>/dev/null
expect_eq "docs: a file that is not ELF is 126" "126" "$?"

# `help trace` and the man page list the same trace selections.
ND_HELP=$($EMU help trace | sed -n '/--trace LIST/,/--trace-format/p' | grep -oE '\b(insn|regs|mem|int|cpl|syscall|paging|sched|all)\b' | sort -u | paste -sd' ')
expect_eq "docs: help trace lists every selection, sched included" "all cpl insn int mem paging regs sched syscall" "$ND_HELP"
# int and cpl print what the man page says: ==>/<== for int, --- cpl
# lines for cpl alone, and no --- cpl line when int is selected too.
printf 'x\n' | $EMU trace --trace int "$P/readdemo" 2>"$T/nd_int" >/dev/null
printf 'x\n' | $EMU trace --trace cpl "$P/readdemo" 2>"$T/nd_cpl" >/dev/null
printf 'x\n' | $EMU trace --trace int,cpl "$P/readdemo" 2>"$T/nd_both" >/dev/null
expect_eq "docs: --trace int: ==> and <== lines only" "0" "$(grep -vcE '^(==>|<==) ' "$T/nd_int")"
expect_eq "docs: --trace cpl: --- cpl lines only" "0" "$(grep -vcE '^--- cpl [03] -> [03] by ' "$T/nd_cpl")"
expect_eq "docs: --trace int,cpl: no --- cpl line" "0" "$(grep -c '^--- cpl' "$T/nd_both")"
expect_grep "docs: the man page says so" 'cpl \(privilege changes as --- cpl lines, when int is not selected' "$MANTXT"

# The tick: sleep's unit is 100,000 instructions, the timer fork switches
# on fires every 10,000 (README and docs/kernel.md keep the two apart).
expect_grep "docs: README: the timer interrupt every 10,000, the tick 100,000" \
	'tick\* of `sleep` and `uptime` is$' README.md
expect_eq "docs: TICK_INSNS and DEFAULT_TIMER_PERIOD as documented" "100000u 10000u" \
	"$(awk '/define TICK_INSNS/ {print $3}' kernel/sysdefs.h) $(awk '/define DEFAULT_TIMER_PERIOD/ {print $3}' kernel/kernel.h)"

# The embedding example of docs/architecture.md, compiled against
# build/libia32emu.a and run.
# (Its program path names build/: the build folder of this run instead.)
sed -n '/^```c$/,/^```$/p' docs/architecture.md | sed '1d;$d' |
	sed "s|\"build/programs/|\"$BUILD/programs/|" >"$T/nd_body.c"
{
	printf '#include "kernel/machine.h"\n#include <stdio.h>\nint main(void)\n{\n'
	cat "$T/nd_body.c"
	printf '\treturn 0;\n}\n'
} >"$T/nd_embed.c"
# A sanitizer build's library (make check SANITIZE=1) links with the same
# runtime it was compiled for.
ND_SAN=""
if nm "$BUILD/libia32emu.a" 2>/dev/null | grep -q '__asan_report'; then
	ND_SAN="-fsanitize=address,undefined"
fi
# shellcheck disable=SC2086
if gcc -std=gnu11 -Wall -Werror $ND_SAN -I. "$T/nd_embed.c" "$BUILD/libia32emu.a" -lm -o "$T/nd_embed" 2>"$T/nd_cc.err"; then
	ok "docs: the embedding example compiles"
else
	fail "docs: the embedding example compiles" "$(head -3 "$T/nd_cc.err" | paste -sd' ')"
fi
expect_eq "docs: the embedding example runs hello" "hello, world
status 0" "$("$T/nd_embed" 2>&1)"
