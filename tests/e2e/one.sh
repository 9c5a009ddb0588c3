#!/bin/bash
# Runs some of the end-to-end scripts: tests/e2e/one.sh tests/e2e/t_strace.sh
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
EMU=$BUILD/ia32emu
P=$BUILD/programs
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/e2e/lib.sh
for t in "$@"; do
	. "$t"
done
summary
