#!/bin/sh
# Installs what the build and the tests need on a fresh Debian machine:
# the Check unit-test library (with pkg-config to find it), GNU readline,
# objdump (binutils: the disassembler's tests), /usr/bin/time,
# clang-format and cppcheck for make lint, and elfutils' libdw/libelf (the
# monitor reads DWARF through them).
# Needs root (CI runs as root); does nothing when all is present.
set -e
need=""
pkg-config --exists check 2>/dev/null || need="$need check"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
[ -f /usr/include/readline/readline.h ] || need="$need libreadline-dev"
[ -f /usr/include/elfutils/libdw.h ] || need="$need libdw-dev"
[ -f /usr/include/gelf.h ] || need="$need libelf-dev"
command -v objdump >/dev/null 2>&1 || need="$need binutils"
[ -x /usr/bin/time ] || need="$need time"
# make lint, the first step of make check: style and static analysis.
command -v clang-format >/dev/null 2>&1 || need="$need clang-format"
command -v cppcheck >/dev/null 2>&1 || need="$need cppcheck"
if [ -n "$need" ]; then
	echo "tests/deps.sh: installing$need"
	if [ "$(id -u)" != 0 ]; then
		echo "tests/deps.sh: need root to install:$need" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq $need >/dev/null
fi
