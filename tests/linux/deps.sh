#!/bin/sh
# The Linux personality's tests: gcc-multilib (gcc -m32 -static with glibc)
# and musl for i386, unpacked (never installed: musl-dev:i386 conflicts with
# gcc-multilib) into BUILD/musl with a specs file pointing at it.
set -e
BUILD=${BUILD:-build}
if [ ! -f /usr/lib32/libc.a ] && [ ! -f /usr/lib/i386-linux-gnu/libc.a ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "tests/linux/deps.sh: need root to install gcc-multilib" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq gcc-multilib >/dev/null
fi
# Debian's i386 packages reachable by apt-get download.
i386_packages() {
	dpkg --print-foreign-architectures | grep -qx i386 || {
		dpkg --add-architecture i386
		apt-get update -qq
	}
}
# The host's own builds that tests/linux/debian.sh compares Debian's i386
# programs with (the rest are in every Debian system: bash, coreutils,
# grep, sed, mawk, findutils, diffutils, perl).
missing=
for t in sqlite3 jq openssl; do
	command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq $missing >/dev/null
fi
M=$PWD/$BUILD/musl
if [ ! -f "$M/musl.specs" ]; then
	mkdir -p "$M"
	i386_packages
	(cd "$M" && apt-get download -qq musl-dev:i386 musl:i386 2>/dev/null)
	for d in "$M"/*.deb; do dpkg -x "$d" "$M/root"; done
	S=$M/root/usr/lib/i386-linux-musl/musl-gcc.specs
	# Paths into the unpacked tree; GNU ld in 32-bit mode (the specs' link
	# line replaces gcc's, which would have passed -m elf_i386).
	sed -e "s|/usr/include/i386-linux-musl|$M/root/usr/include/i386-linux-musl|g" \
		-e "s|/usr/lib/i386-linux-musl|$M/root/usr/lib/i386-linux-musl|g" \
		-e "s|^-dynamic-linker|-m elf_i386 -dynamic-linker|" "$S" >"$M/musl.specs"
fi
# Debian's own i386 programs, unpacked into BUILD/debian/root with the
# libraries they link (tests/linux/debian.sh runs them): coreutils, bash,
# grep, sed, gawk, perl-base, sqlite3, lua5.4.
D=$PWD/$BUILD/debian
if [ ! -f "$D/unpacked" ]; then
	mkdir -p "$D"
	i386_packages
	(cd "$D" && rm -f ./*.deb && apt-get download -qq libc6:i386 coreutils:i386 \
		libselinux1:i386 libpcre2-8-0:i386 libacl1:i386 libattr1:i386 libgmp10:i386 \
		bash:i386 libtinfo6:i386 grep:i386 sed:i386 gawk:i386 libmpfr6:i386 \
		libsigsegv2:i386 libreadline8:i386 perl-base:i386 sqlite3:i386 \
		libsqlite3-0:i386 zlib1g:i386 lua5.4:i386 liblua5.4-0:i386 libcrypt1:i386 \
		findutils:i386 diffutils:i386 jq:i386 libjq1:i386 libonig5:i386 openssl:i386 \
		libssl3:i386 \
		2>/dev/null)
	rm -rf "$D/root"
	for d in "$D"/*.deb; do dpkg -x "$d" "$D/root"; done
	# What the packages' maintainer scripts would make: awk (gawk's
	# alternative) and lua.
	ln -sf gawk "$D/root/usr/bin/awk"
	ln -sf lua5.4 "$D/root/usr/bin/lua"
	touch "$D/unpacked"
fi
