# `make install PREFIX=DIR` into a temporary prefix, then compiling and
# running a program, and a batch test, from there; the man page.
P=$T/prefix
make --no-print-directory -C "$REPO" install PREFIX="$P" SANITIZE="${SANITIZE:-}" \
	>"$T/install.log" 2>&1
expect_eq "install: make install PREFIX=DIR" "0" "$?"
for f in bin/ia32emu bin/ia32emu-cc lib/ia32emu/libia32.a lib/ia32emu/crt0.o \
	include/ia32emu/stdio.h include/ia32emu/stdlib.h include/ia32emu/string.h \
	include/ia32emu/unistd.h include/ia32emu/fcntl.h include/ia32emu/ctype.h \
	include/ia32emu/syscall.h share/man/man1/ia32emu.1; do
	[ -f "$P/$f" ] || fail "install: $f" "not installed"
done
ok "install: the files"
# Moved elsewhere, the tree still works: the driver finds its library
# relative to itself.
mv "$P" "$T/moved"
P=$T/moved
W=$T/work
mkdir -p "$W"
cat >"$W/hello.c" <<'PROG'
#include <stdio.h>
int main(int argc, char **argv)
{
	printf("hello, %s (%llu)\n", argc > 1 ? argv[1] : "world", 1ULL << 40);
	return 0;
}
PROG
(cd "$W" && "$P/bin/ia32emu-cc" -O2 hello.c -o hello) >"$T/cc.log" 2>&1
expect_eq "install: the installed ia32emu-cc compiles" "0" "$?"
expect_eq "install: the installed ia32emu runs it" "hello, you (1099511627776)" \
	"$(cd "$W" && "$P/bin/ia32emu" run hello you)"
# The installed `test` finds the installed ia32emu-cc beside itself.
printf 'hello, world (1099511627776)\n' >"$W/hello.out"
rm -f "$W/hello"
(cd "$W" && "$P/bin/ia32emu" test .) >"$T/report" 2>&1
expect_eq "install: the installed ia32emu test" "ok hello
1 passed, 0 failed" "$(cat "$T/report")"

# The man page: readable with man -l, and it documents every command and
# every option that `--help` lists.
MANWIDTH=80 man -l "$P/share/man/man1/ia32emu.1" >"$T/man.txt" 2>"$T/man.err"
expect_grep "install: man -l reads the page" "^NAME" "$T/man.txt"
expect_eq "install: man page without warnings" "" "$(cat "$T/man.err")"
cmds=$("$EMU" --help | awk '/^commands:/ {c=1; next} c && /^  [a-z]/ {print $1}')
missing=""
for c in $cmds; do
	grep -Eq "^       $c( |$)" "$T/man.txt" || missing="$missing command:$c"
	for o in $("$EMU" "$c" --help 2>/dev/null | grep -oE -- '(^|[ ,])--?[a-z][a-z-]*' |
		tr -d ' ,' | sort -u); do
		grep -Eq -- "(^|[ ,])$o( |,|$)" "$T/man.txt" || missing="$missing $c:$o"
	done
done
for o in $("$CC" --help | grep -oE -- '^  [A-Z][A-Z0-9_]+' | tr -d ' '); do
	grep -q -- "$o" "$T/man.txt" || missing="$missing ia32emu-cc:$o"
done
expect_eq "install: the man page documents every command and option (tools/ia32emu.1)" \
	"" "$missing"
