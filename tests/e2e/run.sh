#!/bin/bash
# End-to-end tests: every program through the real build/ia32emu.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
EMU=$BUILD/ia32emu
P=$BUILD/programs
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/e2e/lib.sh

# Arguments: only these scripts (make strace-check); none: all of them.
[ $# -gt 0 ] || set -- tests/e2e/t_*.sh
for t in "$@"; do
	. "$t"
done
summary
