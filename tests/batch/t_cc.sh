# ia32emu-cc, used from a directory outside the repository.
D=$T/cc
mkdir -p "$D"
cat >"$D/main.c" <<'PROG'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef IA32EMU_STDIO_H
#error not the stdio.h of ia32emu
#endif
#include "helper.h"

int main(int argc, char **argv)
{
	long long ll = -1234567890123456789LL;
	unsigned long long ull = 0xfedcba9876543210ULL;
	char *s = malloc(32);
	strcpy(s, argc > 1 ? argv[1] : "none");
	printf("argc=%d first=%s\n", argc, s);
	printf("%lld|%llu|%llx|%ld|%lu|%-6s|%04d|%c\n", ll, ull, ull, -2147483647L - 1,
	       4294967295UL, "ab", 42, 'z');
	printf("%lld %lld\n", ll / 1000003, ll % 1000003);
	return twice(argc);
}
PROG
printf 'int twice(int x);\n' >"$D/helper.h"
printf '#include "helper.h"\nint twice(int x) { return 2 * x; }\n' >"$D/helper.c"
# The expected values (worked out with python3): -1234567890123456789 / 1000003 and
# the remainder (C truncates toward zero, SDM IDIV does the same).
want='argc=3 first=a
-1234567890123456789|18364758544493064720|fedcba9876543210|-2147483648|4294967295|ab    |0042|z
-1234564186430 -897499'
(cd "$D" && "$CC" -O2 -Wall -Werror main.c helper.c -o prog) >"$T/cc.log" 2>&1
expect_eq "cc: compiles outside the repository" "0" "$?"
got=$(cd "$D" && "$EMU" run prog a b)
st=$?
expect_eq "cc: main(argc, argv), printf with l and ll, 64-bit division" "$want" "$got"
expect_eq "cc: main's return value is the exit status" "6" "$st"
# Separate compilation, then linking objects.
(cd "$D" && "$CC" -c main.c && "$CC" -c helper.c -O0 && "$CC" main.o helper.o -o prog2) \
	>"$T/cc.log" 2>&1
got=$(cd "$D" && "$EMU" run prog2 a b)
expect_eq "cc: -c, then linking the objects" "$want" "$got"
expect_eq "cc: an ELF32 i386 executable linked at 0x08048000" \
	"ELF32 EXEC Intel 80386 0x8048000" \
	"$(readelf -h -l "$D/prog" | awk '/Class:/ {c=$2} /Type:/ {t=$2} /Machine:/ {m=$2" "$3}
		$1 == "LOAD" && !a {a=$3} END {print c, t, m, a+0 ? sprintf("%#x", a) : a}')"
# An assembly program with its own _start gets no crt0.
cat >"$D/start.S" <<'PROG'
#include <syscall.h>
	.globl _start
_start:	pushl $5
	pushl $0
	movl $SYS_exit, %eax
	int $64
	.section .note.GNU-stack, "", @progbits
PROG
(cd "$D" && "$CC" start.S -o start) >"$T/cc.log" 2>&1
"$EMU" run "$D/start"
expect_eq "cc: assembly with its own _start (and <syscall.h>)" "5" "$?"
expect_eq "cc: ... and crt0 is not linked in" "" "$(nm "$D/start" | grep -w main)"
# gcc's own freestanding headers work as they should.
cat >"$D/limits.c" <<'PROG'
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
int main(void)
{
	bool t = true;
	printf("%d %d %ld %u %d %lld %d\n", CHAR_BIT, INT_MAX, LONG_MIN, UINT_MAX, (int)sizeof(size_t),
	       (long long)INT64_MAX, t);
	return 0;
}
PROG
(cd "$D" && "$CC" limits.c -o limits) >"$T/cc.log" 2>&1
expect_eq "cc: <limits.h>, <stdint.h>, <stdbool.h> from gcc" \
	"8 2147483647 -2147483648 4294967295 4 9223372036854775807 1" "$("$EMU" run "$D/limits")"
# The host's libc headers are never seen: <pthread.h> is not ours.
printf '#include <pthread.h>\nint main(void) { return 0; }\n' >"$D/host.c"
(cd "$D" && "$CC" host.c -o host) >"$T/cc.log" 2>&1
expect_eq "cc: a host libc header is not found" "1" "$?"
expect_grep "cc: ... and gcc says which" "pthread.h: No such file" "$T/cc.log"
"$CC" >/dev/null 2>"$T/cc.log"
expect_eq "cc: no arguments is a usage error" "2" "$?"
expect_grep "cc: ... with a usage line" "^usage: ia32emu-cc" "$T/cc.log"
# A copy of the script without its library says so.
cp "$CC" "$D/lonely-cc"
"$D/lonely-cc" "$D/main.c" -o "$D/x" 2>"$T/cc.log"
expect_eq "cc: without its library: status 2" "2" "$?"
expect_grep "cc: ... and a message" "user library is not in" "$T/cc.log"
