#!/bin/sh
# Installs clang 14 and its libFuzzer/sanitizer runtime when missing
# (Debian packages clang-14, libclang-rt-14-dev). Needs root.
set -e
need=""
command -v clang-14 >/dev/null 2>&1 || need="$need clang-14"
ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 ||
	need="$need libclang-rt-14-dev"
if [ -n "$need" ]; then
	echo "tests/fuzz/deps.sh: installing$need"
	if [ "$(id -u)" != 0 ]; then
		echo "tests/fuzz/deps.sh: need root to install:$need" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq $need >/dev/null
fi
