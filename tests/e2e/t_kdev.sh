# The kernel's /dev/null and /dev/zero (kernel/fs.c) are the host's own
# devices: a guest's open with O_CREAT, fchmod, futimens and flock on them
# must leave the host's inodes as they were (tests/e2e/kdev.c). Before the
# fix, a glibc fopen("/dev/null", "w") in a root without /dev made the
# host's /dev/null mode 0644 (the guest's 0666 less its umask), which
# broke apt on the host.
if gcc -m32 -static -O2 -o "$T/kdev" tests/e2e/kdev.c 2>"$T/kdev.log"; then
	mkdir -p "$T/kdevroot"
	before=$(stat -c '%a %z' /dev/null /dev/zero)
	# The host holds an exclusive lock on /dev/null meanwhile (util-linux's
	# flock): the guest's own lock must not reach the host's device.
	flock -x /dev/null $EMU run --root "$T/kdevroot" "$T/kdev" >"$T/kdev.out" 2>"$T/kdev.err"
	expect_eq "kernel devices: the program's status" 0 "$?"
	expect_eq "kernel devices: the host's /dev/null and /dev/zero keep mode and ctime" \
		"$before" "$(stat -c '%a %z' /dev/null /dev/zero)"
	for dev in /dev/null /dev/zero; do
		want="$dev
  fopen w: 0 ok
  open O_CREAT 0600: 0 ok
  fchmod 0666: -1 EPERM
  futimens now: 0 ok
  futimens omit, now: 0 ok
  futimens 2001: -1 EPERM
  flock exclusive: 0 ok
  flock unlock: 0 ok
  reopen by /dev/fd: 0 ok
  fchmod of the reopened: -1 EPERM
  futimens 2001 of the reopened: -1 EPERM
  a character device: 1"
		expect_eq "kernel devices: $dev answers as Linux answers user 1000" "$want" \
			"$(awk -v d="$dev" '$0 == d { on = 1 } on && /^\/dev\// && $0 != d { on = 0 } on' "$T/kdev.out")"
	done
else
	fail "kernel devices" "gcc -m32 -static failed: $(head -3 "$T/kdev.log")"
fi
